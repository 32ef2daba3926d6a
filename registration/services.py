"""Writes to cases: create, edit, run a transition, review duplicates, upload documents.

Each service validates, saves in one transaction and records a history entry; views,
forms, serializers and tasks call these and nothing else to change a case.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from registration.models import (
    Case,
    CaseEvent,
    CaseReferenceCounter,
    ClosureReason,
    CourtDocumentRequirement,
    DocumentType,
    State,
    SupportingDocument,
    Witness,
)
from registration.names import name_key

DUPLICATE_BIRTH_WINDOW_DAYS = 365
MAX_UPLOAD_BYTES = getattr(settings, "JAMU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Magic numbers: the type is read from the content, never trusted from the name.
SNIFFED_TYPES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


class CaseConflict(Exception):
    """Someone else changed the case since this user loaded it; nothing was saved."""


class TransitionRefused(Exception):
    """The action is not possible now; ``reasons`` say why, in the user's language."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- Reference --------------------------------------------------------------------------


def _next_reference(region_code: str, year: int) -> str:
    # Row lock on the counter: two intakes at once never get the same number, and a
    # number once taken is never handed out again, even if its case is later closed.
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(
        region_code=region_code, year=year
    )
    CaseReferenceCounter.objects.filter(pk=counter.pk).update(last_sequence=F("last_sequence") + 1)
    counter.refresh_from_db(fields=["last_sequence"])
    return f"JS-{region_code}-{year}-{counter.last_sequence:06d}"


def _fill_keys(case: Case) -> None:
    case.child_name_key = name_key(case.child_given_names, case.child_family_name)
    case.mother_name_key = name_key(case.mother_given_names, case.mother_family_name)


# --- Create and edit --------------------------------------------------------------------


@transaction.atomic
def case_create(*, organisation, by, data: dict, witnesses: list[dict] = ()) -> Case:
    """Open a dossier at intake. ``data`` holds Case field values (as from the case form)."""
    case = Case(organisation=organisation, created_by=by, **data)
    if case.caseworker_id is None and getattr(by, "staff_profile", None) and by.staff_profile.is_partner:
        case.caseworker = by
    _fill_keys(case)
    region = case.birth_commune.cercle.region
    case.reference = _next_reference(region.code, timezone.localdate().year)
    case.full_clean(exclude=["reference", "organisation", "caseworker", "created_by"])
    case.save()
    for witness in witnesses:
        Witness.objects.create(case=case, **witness)
    case.witness_count = len(witnesses)
    case.missing_documents_count = len(missing_document_types(case))
    case.is_potential_duplicate = duplicate_candidates(case).exists()
    case.save(update_fields=["witness_count", "missing_documents_count", "is_potential_duplicate"])
    CaseEvent.objects.create(case=case, action="create", to_state=case.state, by=by)
    return case


@transaction.atomic
def case_update(*, case: Case, by, data: dict, expected_version: int, witnesses: list[dict] | None = None) -> Case:
    """Edit a dossier's fields. Refused with ``CaseConflict`` if it changed since loaded."""
    if case.state in (State.DELIVERED, State.CLOSED):
        raise PermissionDenied(_("Un dossier remis ou clôturé ne peut plus être modifié."))
    changed = sorted(name for name, value in data.items() if getattr(case, name) != value)
    for name, value in data.items():
        setattr(case, name, value)
    _fill_keys(case)
    case.full_clean(exclude=["reference", "organisation", "caseworker", "created_by"])
    if witnesses is not None:
        case.witnesses.all().delete()
        for witness in witnesses:
            Witness.objects.create(case=case, **witness)
        case.witness_count = len(witnesses)
        changed.append("witnesses")
    case.missing_documents_count = len(missing_document_types(case))
    fields = {
        f.attname: getattr(case, f.attname)
        for f in Case._meta.concrete_fields
        if f.name not in ("id", "state", "version", "reference", "created_at")
    }
    fields["updated_at"] = timezone.now()
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(version=F("version") + 1, **fields)
    if not updated:
        raise CaseConflict(
            _(
                "Ce dossier a été modifié par quelqu'un d'autre pendant votre saisie. Rechargez la page : vos modifications n'ont pas été enregistrées."
            )
        )
    case.version = expected_version + 1
    CaseEvent.objects.create(
        case=case, action="edit", from_state=case.state, to_state=case.state, by=by, facts={"fields": changed}
    )
    return case


@transaction.atomic
def case_reassign(*, case: Case, caseworker, by) -> Case:
    Case.objects.filter(pk=case.pk).update(caseworker=caseworker, version=F("version") + 1)
    case.caseworker = caseworker
    CaseEvent.objects.create(
        case=case,
        action="reassign",
        from_state=case.state,
        to_state=case.state,
        by=by,
        facts={"caseworker": caseworker.get_username() if caseworker else None},
    )
    return case


# --- Workflow ---------------------------------------------------------------------------


def _json_facts(facts: dict) -> dict:
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else getattr(value, "pk", value))
        for key, value in facts.items()
    }


def case_transition(*, case: Case, action: str, by, facts: dict | None = None, note: str = "") -> Case:
    """Run one lifecycle action: check guard and permission, save, write the history.

    Two people acting on one case at once: the second gets ``CaseConflict`` and the
    database keeps the first one's change whole (ConcurrentTransitionMixin).
    """
    from registration.workflow import ACTIONS, actions_for

    facts = dict(facts or {})
    if action not in ACTIONS:
        raise TransitionRefused([_("Action inconnue : %(action)s.") % {"action": action}])
    available = {a.action.name: a for a in actions_for(case, by)}
    if action not in available:
        raise TransitionRefused(
            [
                _("L'action « %(label)s » n'est pas possible pour ce dossier dans l'état « %(state)s ».")
                % {"label": ACTIONS[action].label, "state": case.get_state_display()}
            ]
        )
    if not available[action].available:
        raise TransitionRefused(available[action].reasons)
    from_state = case.state
    try:
        with transaction.atomic():
            getattr(case, action)(**facts)
            case.state_changed_at = timezone.now()
            case.version += 1
            case.save()
            CaseEvent.objects.create(
                case=case,
                action=action,
                from_state=from_state,
                to_state=case.state,
                by=by,
                note=note,
                facts=_json_facts(facts),
            )
    except ConcurrentTransition:
        case.refresh_from_db()
        raise CaseConflict(
            _(
                "Ce dossier vient d'être modifié par quelqu'un d'autre (état actuel : %(state)s). Rien n'a été enregistré."
            )
            % {"state": case.get_state_display()}
        ) from None
    except TransitionNotAllowed:
        raise TransitionRefused([_("Action impossible dans l'état actuel du dossier.")]) from None
    return case


# --- Duplicates -------------------------------------------------------------------------


def duplicate_candidates(case: Case):
    """Open cases that may be the same child: same names (any accents/case), mother,
    commune, and a birth date within the window."""
    window = timedelta(days=DUPLICATE_BIRTH_WINDOW_DAYS)
    return (
        Case.objects.exclude(pk=case.pk)
        .exclude(state=State.CLOSED)
        .filter(
            child_name_key=case.child_name_key,
            birth_date__range=(case.birth_date - window, case.birth_date + window),
        )
        .filter(Q(mother_name_key=case.mother_name_key) | Q(birth_commune_id=case.birth_commune_id))
    )


@transaction.atomic
def case_mark_not_duplicate(*, case: Case, by) -> Case:
    Case.objects.filter(pk=case.pk).update(is_potential_duplicate=False, version=F("version") + 1)
    case.is_potential_duplicate = False
    CaseEvent.objects.create(case=case, action="not_duplicate", from_state=case.state, to_state=case.state, by=by)
    return case


def case_close_as_duplicate(*, case: Case, original: Case, by, note: str = "") -> Case:
    case.is_potential_duplicate = False
    return case_transition(
        case=case,
        action="close",
        by=by,
        note=note,
        facts={"closure_reason": ClosureReason.DUPLICATE, "duplicate_of": original},
    )


# --- Supporting documents ----------------------------------------------------------------


def required_document_types(case: Case):
    """The court's checklist when it has one, else the default list."""
    if case.court_id and CourtDocumentRequirement.objects.filter(court_id=case.court_id).exists():
        return DocumentType.objects.filter(
            courtdocumentrequirement__court_id=case.court_id, courtdocumentrequirement__required=True
        )
    return DocumentType.objects.filter(required_by_default=True)


def missing_document_types(case: Case) -> list[DocumentType]:
    if case.pk is None:
        return list(required_document_types(case))
    present = set(case.documents.values_list("document_type_id", flat=True))
    return [doc_type for doc_type in required_document_types(case) if doc_type.pk not in present]


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in SNIFFED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def document_upload(*, case: Case, document_type: DocumentType, uploaded_file: UploadedFile, by) -> SupportingDocument:
    """Validate (size, real type) before anything is written, then store privately."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("Fichier trop volumineux (%(size)s Mo maximum).") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}}
        )
    head = uploaded_file.read(16)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            {"file": _("Seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu de ce fichier n'en est pas un).")}
        )
    digest = hashlib.sha256(head)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = SupportingDocument(
        case=case,
        document_type=document_type,
        original_name=uploaded_file.name[:200],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save(document.sha256, uploaded_file, save=False)
    document.save()
    _refresh_missing_documents(case)
    CaseEvent.objects.create(
        case=case,
        action="document_added",
        from_state=case.state,
        to_state=case.state,
        by=by,
        facts={"document_type": document_type.code},
    )
    return document


@transaction.atomic
def document_delete(*, document: SupportingDocument, by) -> None:
    case = document.case
    document.file.delete(save=False)
    document.delete()
    _refresh_missing_documents(case)
    CaseEvent.objects.create(
        case=case,
        action="document_removed",
        from_state=case.state,
        to_state=case.state,
        by=by,
        facts={"document_type": document.document_type.code},
    )


def _refresh_missing_documents(case: Case) -> None:
    case.missing_documents_count = len(missing_document_types(case))
    Case.objects.filter(pk=case.pk).update(missing_documents_count=case.missing_documents_count)
