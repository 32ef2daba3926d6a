"""Writes for templates and per-case documents. Batches are in ``docgen.batches``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from docgen import engine, pdf
from docgen.context import document_context
from docgen.kinds import REQUIRED_LABELS, RULES, DocumentKind
from docgen.models import DocumentBatch, DocumentTemplate, GeneratedDocument, private_storage
from docgen.selectors import document_for_user, may_generate_documents
from docgen.validation import MAX_TEMPLATE_BYTES, TemplateRefused, template_check
from registration.models import AccessLog, Case
from registration.selectors import may_see_protection_fields

SHIPPED_DIR = Path(__file__).resolve().parent / "templates_docx"
# Written next to the shipped templates by ``build_docgen_templates``, served as committed.
REFERENCE_FILE = SHIPPED_DIR / "reference-des-champs.docx"


class DocumentRefused(Exception):
    """This document cannot be made for this case; the message names the case and the reason."""


# --- Templates -------------------------------------------------------------------------------


def _shipped_template(kind: str) -> DocumentTemplate:
    data = (SHIPPED_DIR / f"{RULES[kind].filename}.docx").read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    template = DocumentTemplate.objects.filter(
        kind=kind, organisation=None, court=None, is_shipped=True, checksum=checksum
    ).first()
    if template is None:
        with transaction.atomic():
            template = _template_save(
                kind=kind,
                organisation=None,
                court=None,
                data=data,
                by=None,
                original_name=f"{RULES[kind].filename}.docx",
                is_shipped=True,
            )
    return template


def _template_save(*, kind, organisation, court, data: bytes, by, original_name: str, is_shipped=False, note=""):
    latest = (
        DocumentTemplate.objects.select_for_update()
        .filter(kind=kind, organisation=organisation, court=court)
        .aggregate(Max("version"))["version__max"]
    )
    template = DocumentTemplate(
        kind=kind,
        organisation=organisation,
        court=court,
        version=(latest or 0) + 1,
        checksum=hashlib.sha256(data).hexdigest(),
        size=len(data),
        original_name=original_name[:200],
        is_shipped=is_shipped,
        note=note,
        uploaded_by=by,
    )
    template.file.save(f"{template.checksum}.docx", ContentFile(data), save=False)
    template.save()
    return template


def template_current(*, kind: str, organisation=None, court=None) -> DocumentTemplate:
    """The latest version for the most specific scope: organisation and court, organisation,
    court, then the shipped default."""
    org_id = getattr(organisation, "pk", None)
    court_id = getattr(court, "pk", None)
    candidates = DocumentTemplate.objects.filter(kind=kind, is_shipped=False).filter(
        Q(organisation_id=org_id) | Q(organisation=None), Q(court_id=court_id) | Q(court=None)
    )
    best = None
    for template in candidates.order_by("-version"):
        rank = (template.organisation_id is not None, template.court_id is not None)
        if best is None or rank > best[0]:
            best = (rank, template)
    return best[1] if best else _shipped_template(kind)


def template_upload(
    *, kind: str, uploaded_file: UploadedFile, by, organisation=None, court=None, note=""
) -> DocumentTemplate:
    """A new version, after every check (raises TemplateRefused; nothing is written then)."""
    if kind not in DocumentKind.values:
        raise TemplateRefused([_("Type de document inconnu : %(kind)s") % {"kind": kind}])
    if uploaded_file.size > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            [
                _("Le fichier fait %(size)d Ko ; la limite est de %(limit)d Ko.")
                % {"size": uploaded_file.size // 1024, "limit": MAX_TEMPLATE_BYTES // 1024}
            ]
        )
    data = uploaded_file.read()
    compiled = template_check(data=data, kind=kind, filename=uploaded_file.name or "")
    with transaction.atomic():
        template = _template_save(
            kind=kind,
            organisation=organisation,
            court=court,
            data=data,
            by=by,
            original_name=uploaded_file.name or "modele.docx",
            note=note,
        )
    engine.remember(compiled)
    return template


def template_bytes(template: DocumentTemplate) -> bytes:
    with template.file.open("rb") as handle:
        return handle.read()


def template_compiled(template: DocumentTemplate) -> engine.CompiledTemplate:
    return engine.compiled(template.checksum, lambda: template_bytes(template))


# --- Documents -------------------------------------------------------------------------------


def refusal_reason(*, kind: str, case: Case, context: dict) -> str | None:
    """Why this document makes no sense for this case now, or None."""
    rules = RULES[kind]
    if case.state not in rules.states:
        return _("%(document)s : sans objet pour le dossier %(case)s à l'état « %(state)s ».") % {
            "document": DocumentKind(kind).label,
            "case": case.reference,
            "state": case.get_state_display(),
        }
    for path in rules.required:
        if engine.resolve(context, path) in (None, ""):
            return _("%(document)s : %(value)s manque pour le dossier %(case)s ({{ %(path)s }}).") % {
                "document": DocumentKind(kind).label,
                "value": REQUIRED_LABELS[path],
                "case": case.reference,
                "path": ".".join(path),
            }
    return None


def input_key(template: DocumentTemplate, context: dict, fmt: str) -> str:
    canonical = json.dumps(context, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{template.checksum}\n{fmt}\n{canonical}".encode()).hexdigest()


def file_store(data: bytes, extension: str, folder: str = "docgen/generated") -> tuple[str, str]:
    """Content-addressed: the same bytes are stored once. Returns (name, checksum)."""
    checksum = hashlib.sha256(data).hexdigest()
    name = f"{folder}/{checksum[:2]}/{checksum}.{extension}"
    storage = private_storage()
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    return name, checksum


def render_checked(*, template: DocumentTemplate, context: dict, case: Case | None) -> bytes:
    try:
        return engine.render(template_compiled(template), context)
    except (engine.TemplateError, engine.RenderError) as error:
        subject = case.reference if case else ""
        raise DocumentRefused(
            _("Modèle « %(template)s » v%(version)d, dossier %(case)s : %(problem)s")
            % {"template": template.get_kind_display(), "version": template.version, "case": subject, "problem": error}
        ) from None


def document_render(
    *,
    kind: str,
    template: DocumentTemplate,
    context: dict,
    fmt: str,
    filename: str,
    by,
    includes_protection: bool,
    case: Case | None = None,
    batch: DocumentBatch | None = None,
    reuse_stored: bool = False,
) -> GeneratedDocument:
    """An unsaved GeneratedDocument: ``context`` rendered with ``template`` (raises
    DocumentRefused, pdf.PdfUnavailable) and its file stored by checksum.

    ``includes_protection`` says whether ``context`` holds the protection fields: such a copy
    is never served to a registry liaison (``selectors._readable_by``). With ``reuse_stored``
    a document already made from the same inputs lends its file instead of a new render.
    """
    key = input_key(template, context, fmt)
    previous = GeneratedDocument.objects.filter(input_key=key).first() if reuse_stored else None
    if previous is not None:
        name, checksum, size = previous.file.name, previous.checksum, previous.size
    else:
        data = render_checked(template=template, context=context, case=case)
        if fmt == GeneratedDocument.Format.PDF:
            data = pdf.docx_to_pdf(data)
        name, checksum = file_store(data, fmt)
        size = len(data)
    document = GeneratedDocument(
        kind=kind,
        template=template,
        case=case,
        batch=batch,
        case_state=case.state if case is not None else "",
        format=fmt,
        filename=filename,
        checksum=checksum,
        size=size,
        input_key=key,
        generated_by=by,
        includes_protection=includes_protection,
    )
    document.file.name = name
    return document


def case_witnesses(case: Case) -> list:
    cached = getattr(case, "_prefetched_objects_cache", {}).get("witnesses")
    return list(cached) if cached is not None else list(case.witnesses.all())


def document_generate(
    *, case: Case, kind: str, by, fmt: str = "docx", template: DocumentTemplate | None = None
) -> GeneratedDocument:
    """Render one per-case document (raises DocumentRefused, pdf.PdfUnavailable)."""
    if not may_generate_documents(by):
        raise PermissionDenied(_("Votre rôle permet de consulter les dossiers, pas de générer des documents."))
    if kind not in DocumentKind.values or not RULES[kind].per_case:
        raise DocumentRefused(_("Ce document se génère par lot, pas pour un seul dossier."))
    protection = may_see_protection_fields(by)
    context = document_context(case, witnesses=case_witnesses(case), include_protection=protection, by=by)
    if reason := refusal_reason(kind=kind, case=case, context=context):
        raise DocumentRefused(reason)
    template = template or template_current(kind=kind, organisation=case.organisation, court=case.court)
    document = document_render(
        kind=kind,
        template=template,
        context=context,
        fmt=fmt,
        filename=f"{case.reference}-{RULES[kind].filename}.{fmt}",
        by=by,
        case=case,
        includes_protection=protection,
        reuse_stored=True,
    )
    with transaction.atomic():
        document.save()
        AccessLog.objects.create(case=case, user=by, surface=AccessLog.Surface.DOCUMENT)
    return document


def document_download(*, pk: int, by) -> GeneratedDocument:
    """A per-case document ``by`` may read (404 otherwise), the read recorded on its case."""
    document = document_for_user(by, pk=pk)
    AccessLog.objects.create(case=document.case, user=by, surface=AccessLog.Surface.DOCUMENT)
    return document


def document_regenerate(*, document: GeneratedDocument, by) -> GeneratedDocument:
    """The same document made again from today's data with the template version it used."""
    return document_generate(
        case=document.case, kind=document.kind, by=by, fmt=document.format, template=document.template
    )
