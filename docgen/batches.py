"""Batches: the dossiers of many cases in one ZIP, rendered by the Celery workers.

``batch_create`` records the cases (in the order the court lists them) and queues
``batch_start``, which splits them into chunks rendered in parallel. A chunk's row is written in
the same transaction as its documents, so a redelivered task (acks_late) counts once; the
chunk that completes the set queues the ZIP. Progress lives in ``DocumentBatch``, not in a
Celery result backend.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import zipfile

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from docgen.context import batch_context, case_context, document_context
from docgen.engine import FIXED_DATE
from docgen.kinds import BATCH_KINDS, PER_CASE_KINDS, RULES, DocumentKind
from docgen.models import DocumentBatch, DocumentBatchChunk, GeneratedDocument, private_storage
from docgen.selectors import batch_for_user, batch_fully_visible, may_generate_documents
from docgen.services import (
    DocumentRefused,
    case_witnesses,
    document_render,
    refusal_reason,
    template_current,
)
from registration.models import AccessLog, Case
from registration.selectors import cases_visible_to, may_see_protection_fields

log = logging.getLogger(__name__)
CHUNK_SIZE = 50
MAX_BATCH_CASES = 5000
CASE_ORDER = ("hearing_date", "court_id", "child_family_name", "child_given_names", "id")


def batch_create(*, by, cases, requested_ids=(), title: str = "") -> DocumentBatch:
    """``cases`` is already scoped to ``by``; requested ids outside it are reported."""
    if not may_generate_documents(by):
        raise PermissionDenied(_("Votre rôle permet de consulter les dossiers, pas de générer des documents."))
    ordered = list(cases.order_by(*CASE_ORDER).values_list("id", flat=True)[: MAX_BATCH_CASES + 1])
    if not ordered:
        raise DocumentRefused(_("Aucun dossier sélectionné."))
    if len(ordered) > MAX_BATCH_CASES:
        raise DocumentRefused(_("Un lot compte au plus %(max)d dossiers.") % {"max": MAX_BATCH_CASES})
    found = set(ordered)
    refused = sorted({int(pk) for pk in requested_ids} - found)
    batch = DocumentBatch.objects.create(
        title=title or _("Lot du %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        created_by=by,
        case_ids=ordered,
        refused_ids=refused,
        problems=[
            _("Dossier n°%(id)s introuvable ou hors de votre périmètre : non généré.") % {"id": pk} for pk in refused
        ],
    )
    from docgen.tasks import batch_start_task

    batch_start_task.delay_on_commit(batch.pk)
    return batch


def batch_start(batch: DocumentBatch) -> None:
    from docgen.tasks import batch_assemble_task, batch_chunk_task

    chunk_count = (len(batch.case_ids) + CHUNK_SIZE - 1) // CHUNK_SIZE
    DocumentBatch.objects.filter(pk=batch.pk, status=DocumentBatch.Status.PENDING).update(
        status=DocumentBatch.Status.RUNNING, chunk_count=chunk_count
    )
    for kind in DocumentKind.values:
        template_current(kind=kind)  # the shipped defaults are recorded once, before the chunks race
    done = set(batch.chunks.values_list("index", flat=True))
    for index in range(chunk_count):
        if index not in done:
            batch_chunk_task.delay_on_commit(batch.pk, index)
    if done and len(done) == chunk_count:
        batch_assemble_task.delay_on_commit(batch.pk)


def batch_download(*, pk: int, by) -> DocumentBatch:
    """A finished batch of ``by``'s whose cases are all still theirs (404 otherwise); the read
    is recorded on every case."""
    batch = batch_for_user(by, pk=pk)
    if batch.status != DocumentBatch.Status.DONE or not batch_fully_visible(by, batch):
        raise Http404
    AccessLog.objects.bulk_create(
        [AccessLog(case_id=case_id, user=by, surface=AccessLog.Surface.DOCUMENT) for case_id in batch.case_ids]
    )
    return batch


def _scoped_cases(batch: DocumentBatch, ids) -> list[Case]:
    # Scope is checked again at render time: the creator's rights may have changed since.
    by_id = {
        case.pk: case
        for case in cases_visible_to(batch.created_by)
        .filter(pk__in=ids)
        .select_related("organisation", "court__seat", "registry_centre__commune", "birth_commune__cercle__region")
        .prefetch_related("witnesses")
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def batch_chunk_render(batch: DocumentBatch, index: int) -> bool:
    """Render the per-case documents of one chunk; returns True when every chunk is done."""
    ids = batch.case_ids[index * CHUNK_SIZE : (index + 1) * CHUNK_SIZE]
    by = batch.created_by
    protection = may_see_protection_fields(by)
    templates: dict = {}
    documents, problems = [], []
    cases = _scoped_cases(batch, ids)
    for pk in set(ids) - {case.pk for case in cases}:
        problems.append(_("Dossier n°%(id)s n'est plus dans votre périmètre : non généré.") % {"id": pk})
    for case in cases:
        context = document_context(case, witnesses=case_witnesses(case), include_protection=protection, by=by)
        for kind in PER_CASE_KINDS:
            if case.state not in RULES[kind].states:
                continue  # e.g. no requête for a judgment already given: not a problem
            if reason := refusal_reason(kind=kind, case=case, context=context):
                problems.append(reason)
                continue
            cache_key = (kind, case.organisation_id, case.court_id)
            if cache_key not in templates:
                templates[cache_key] = template_current(kind=kind, organisation=case.organisation, court=case.court)
            template = templates[cache_key]
            try:
                document = document_render(
                    kind=kind,
                    template=template,
                    context=context,
                    fmt=GeneratedDocument.Format.DOCX,
                    filename=f"{case.reference}/{RULES[kind].filename}.docx",
                    by=by,
                    case=case,
                    batch=batch,
                    includes_protection=protection,
                )
            except DocumentRefused as error:
                problems.append(str(error))
                continue
            documents.append(document)
    try:
        # Write first: on SQLite a transaction that reads before writing cannot wait for the lock.
        with transaction.atomic():
            DocumentBatchChunk.objects.create(batch=batch, index=index)
            _chunk_record(batch, cases, documents, problems, len(ids))
    except IntegrityError:
        return False  # a redelivered task: this chunk was already counted
    return DocumentBatchChunk.objects.filter(batch=batch).count() >= batch.chunk_count


def _chunk_record(batch: DocumentBatch, cases: list[Case], documents: list, problems: list[str], size: int) -> None:
    by = batch.created_by
    GeneratedDocument.objects.bulk_create(documents)
    AccessLog.objects.bulk_create([AccessLog(case=case, user=by, surface=AccessLog.Surface.DOCUMENT) for case in cases])
    DocumentBatch.objects.filter(pk=batch.pk).update(cases_done=F("cases_done") + size)
    if problems:
        # Appended under a row lock so parallel chunks do not overwrite each other's lists.
        locked = DocumentBatch.objects.select_for_update().get(pk=batch.pk)
        locked.problems = [*locked.problems, *problems]
        locked.save(update_fields=["problems"])


def _batch_documents(batch: DocumentBatch, cases: list[Case]) -> tuple[list[GeneratedDocument], list[str]]:
    by = batch.created_by
    protection = may_see_protection_fields(by)
    documents, problems = [], []
    organisations = {case.organisation for case in cases}
    organisation = (
        organisations.pop()
        if len(organisations) == 1
        else getattr(getattr(by, "staff_profile", None), "organisation", None)
    )
    courts = {case.court for case in cases}
    court = courts.pop() if len(courts) == 1 else None
    today = timezone.localdate()
    contexts = {
        case.pk: case_context(case, witnesses=case_witnesses(case), include_protection=protection, today=today)
        for case in cases
    }
    for kind in BATCH_KINDS:
        rules = RULES[kind]
        eligible = []
        for case in cases:
            if case.state not in rules.states:
                continue
            if reason := refusal_reason(kind=kind, case=case, context={"case": contexts[case.pk]}):
                problems.append(reason)
                continue
            eligible.append(contexts[case.pk])
        if not eligible:
            continue
        template = template_current(kind=kind, organisation=organisation, court=court)
        context = batch_context(eligible, organisation=organisation, title=batch.title, by=by, today=today)
        try:
            document = document_render(
                kind=kind,
                template=template,
                context=context,
                fmt=GeneratedDocument.Format.DOCX,
                filename=f"{rules.filename}.docx",
                by=by,
                batch=batch,
                includes_protection=protection,
            )
        except DocumentRefused as error:
            problems.append(str(error))
            continue
        documents.append(document)
    return documents, problems


def batch_assemble(batch: DocumentBatch) -> None:
    """The batch documents and the ZIP: one folder per case, the lists at the top."""
    if batch.status == DocumentBatch.Status.DONE and batch.zip_file:
        return
    cases = _scoped_cases(batch, batch.case_ids)
    documents, problems = _batch_documents(batch, cases)
    with transaction.atomic():
        GeneratedDocument.objects.filter(batch=batch, case=None).delete()  # a rerun replaces them
        GeneratedDocument.objects.bulk_create(documents)
    per_case = {kind: position for position, kind in enumerate(DocumentKind.values)}
    order = {pk: position for position, pk in enumerate(batch.case_ids)}
    case_documents = sorted(
        GeneratedDocument.objects.filter(batch=batch).exclude(case=None),
        key=lambda document: (order.get(document.case_id, 0), per_case[document.kind]),
    )
    problems = [*batch.problems, *problems]
    storage = private_storage()
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w") as archive:
            for document in [*documents, *case_documents]:
                info = zipfile.ZipInfo(document.filename, date_time=FIXED_DATE)
                with storage.open(document.file.name, "rb") as handle:
                    archive.writestr(info, handle.read())  # .docx is already compressed: stored
            report = "\n".join(problems) if problems else _("Tous les documents ont été générés.")
            info = zipfile.ZipInfo("rapport.txt", date_time=FIXED_DATE)
            archive.writestr(info, report + "\n", compress_type=zipfile.ZIP_DEFLATED)
        size = spool.tell()
        spool.seek(0)
        digest = hashlib.sha256()
        while chunk := spool.read(1 << 20):
            digest.update(chunk)
        checksum = digest.hexdigest()
        name = f"docgen/batches/{checksum[:2]}/{checksum}.zip"
        if not storage.exists(name):
            spool.seek(0)
            name = storage.save(name, spool)
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=DocumentBatch.Status.DONE,
        zip_file=name,
        zip_checksum=checksum,
        zip_size=size,
        problems=problems,
        finished_at=timezone.now(),
    )


def batch_fail(batch_id: int, error: Exception) -> None:
    log.exception("docgen batch %s failed", batch_id)
    batch = DocumentBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batch.status = DocumentBatch.Status.FAILED
        batch.problems = [*batch.problems, _("Erreur inattendue pendant la génération : %(error)s") % {"error": error}]
        batch.save(update_fields=["status", "problems"])
