"""Writes to cases: create, edit, run a transition, review duplicates, upload documents.

Each service validates everything first, then saves in one transaction and records a
history entry; views, forms, serializers and tasks call these and nothing else to change
a case. Refusals are exceptions the caller shows as they are: ``ValidationError`` (field
messages), ``TransitionRefused`` (reasons), ``CaseConflict`` (reload), ``PermissionDenied``.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
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
    Commune,
    CourtDocumentRequirement,
    DocumentType,
    Role,
    State,
    SupportingDocument,
    Witness,
)
from registration.models.guards import partner_may_act, registry_may_act, role_of
from registration.names import name_key
from registration.validators import nina_normalise

# A child's birth date is often estimated: two intakes a few months apart may disagree.
DUPLICATE_BIRTH_WINDOW_DAYS = getattr(settings, "JAMU_DUPLICATE_BIRTH_WINDOW_DAYS", 365)
MAX_UPLOAD_BYTES = getattr(settings, "JAMU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Magic numbers: the type is read from the content, never trusted from the name.
SNIFFED_TYPES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
# Set by the services themselves, or only through a transition: never from an edit form.
LOCKED_FIELDS = frozenset(
    {
        "id",
        "reference",
        "state",
        "version",
        "organisation",
        "created_by",
        "created_at",
        "updated_at",
        "state_changed_at",
        "child_name_key",
        "mother_name_key",
        "witness_count",
        "missing_documents_count",
        "is_potential_duplicate",
        "duplicate_of",
    }
)
IDENTITY_FIELDS = frozenset(
    {
        "child_family_name",
        "child_given_names",
        "birth_date",
        "birth_commune",
        "mother_family_name",
        "mother_given_names",
    }
)
FINISHED_STATES = (State.DELIVERED, State.CLOSED)
CLEAN_EXCLUDE = ["state", "reference", "organisation", "caseworker", "created_by", "duplicate_of"]


class CaseConflict(Exception):
    """Someone else changed the case since this user loaded it; nothing was saved."""


class TransitionRefused(Exception):
    """The action is not possible now; ``reasons`` say why, in the user's language."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(str(r) for r in reasons))
        self.reasons = [str(r) for r in reasons]


def _conflict_message(case: Case) -> str:
    return _(
        "Ce dossier vient d'être modifié par quelqu'un d'autre (état actuel : %(state)s). "
        "Rien n'a été enregistré : rechargez la page et recommencez."
    ) % {"state": case.get_state_display()}


# --- Reference --------------------------------------------------------------------------


def _next_reference(region_code: str, year: int) -> str:
    # One atomic increment under a row lock: two intakes at once never get the same number,
    # and a number once taken is never handed out again, even if its case is later closed.
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(
        region_code=region_code, year=year
    )
    CaseReferenceCounter.objects.filter(pk=counter.pk).update(last_sequence=F("last_sequence") + 1)
    counter.refresh_from_db(fields=["last_sequence"])
    return f"JS-{region_code}-{year}-{counter.last_sequence:06d}"


# --- Create and edit --------------------------------------------------------------------


def _prepare(case: Case) -> None:
    """Normalise, derive the name keys, and validate every field (errors per field)."""
    case.mother_nina = nina_normalise(case.mother_nina)
    case.father_nina = nina_normalise(case.father_nina)
    case.child_name_key = name_key(case.child_given_names, case.child_family_name)
    case.mother_name_key = name_key(case.mother_given_names, case.mother_family_name)
    errors = {}
    try:
        case.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(case.birth_date, date) and case.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("La date de naissance ne peut pas être dans le futur."))
    if errors:
        raise ValidationError(errors)


def _witnesses_build(case: Case, witnesses: list[dict]) -> list[Witness]:
    """Unsaved, validated witnesses; every bad line is reported, numbered from 1."""
    built, messages = [], []
    for number, values in enumerate(witnesses, start=1):
        unknown = set(values) - {f.name for f in Witness._meta.concrete_fields}
        witness = Witness(**{k: v for k, v in values.items() if k not in unknown})
        try:
            if unknown:
                raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
            witness.full_clean(exclude=["case"])
        except ValidationError as exc:
            for field, field_messages in exc.message_dict.items():
                for message in field_messages:
                    messages.append(
                        _("Témoin %(number)d, %(field)s : %(message)s")
                        % {"number": number, "field": field, "message": message}
                    )
        built.append(witness)
    if messages:
        raise ValidationError({"witnesses": messages})
    return built


def _witnesses_replace(case: Case, witnesses: list[Witness]) -> None:
    case.witnesses.all().delete()
    for witness in witnesses:
        witness.case = case
    Witness.objects.bulk_create(witnesses)
    case.witness_count = len(witnesses)


def _data_check(data: dict) -> None:
    """Only the case's own editable fields, by name; workflow facts go through transitions."""
    errors = {}
    for name in data:
        try:
            field = Case._meta.get_field(name)
        except FieldDoesNotExist:
            errors[name] = _("Champ inconnu.")
            continue
        if not field.concrete or field.name in LOCKED_FIELDS or name != field.name:
            errors[name] = _("Ce champ ne peut pas être saisi ici.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(*, organisation, by, data: dict, witnesses: list[dict] = ()) -> Case:
    """Open a dossier at intake. ``data`` holds Case field values (as from the case form).

    Everything is validated before the reference number is taken; the new case is flagged
    as a potential duplicate when an open case looks like the same child.
    """
    _data_check(data)
    case = Case(organisation=organisation, created_by=by, **data)
    if case.caseworker_id is None and role_of(by) in (Role.PARTNER_STAFF, Role.PARTNER_MANAGER):
        case.caseworker = by
    _prepare(case)
    built = _witnesses_build(case, list(witnesses))
    region = Commune.objects.select_related("cercle__region").get(pk=case.birth_commune_id).cercle.region
    case.reference = _next_reference(region.code, timezone.localdate().year)
    case.missing_documents_count = len(missing_document_types(case))
    case.is_potential_duplicate = duplicate_candidates(case).exists()
    case.save()
    _witnesses_replace(case, built)
    Case.objects.filter(pk=case.pk).update(witness_count=case.witness_count)
    CaseEvent.objects.create(
        case=case,
        action="create",
        to_state=case.state,
        by=by,
        facts={"potential_duplicate": True} if case.is_potential_duplicate else {},
    )
    return case


@transaction.atomic
def case_update(*, case: Case, by, data: dict, expected_version: int, witnesses: list[dict] | None = None) -> Case:
    """Edit a dossier's fields. Refused with ``CaseConflict`` if it changed since loaded.

    A court change refreshes the document checklist; a change of the child's identity
    runs the duplicate check again.
    """
    if not partner_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce dossier."))
    if case.state in FINISHED_STATES:
        raise PermissionDenied(_("Un dossier remis ou clôturé ne peut plus être modifié."))
    _data_check(data)
    changed = sorted(name for name, value in data.items() if getattr(case, name) != value)
    for name, value in data.items():
        setattr(case, name, value)
    _prepare(case)
    built = _witnesses_build(case, witnesses) if witnesses is not None else None
    try:
        # Waits for a concurrent writer on PostgreSQL, then sees its new version.
        current = Case.objects.select_for_update().only("version").get(pk=case.pk)
    except Case.DoesNotExist:
        raise CaseConflict(_("Ce dossier n'existe plus.")) from None
    if current.version != expected_version:
        raise CaseConflict(_conflict_message(current))
    fields = set(data) | {"child_name_key", "mother_name_key", "mother_nina", "father_nina"}
    if built is not None:
        _witnesses_replace(case, built)
        changed.append("witnesses")
        fields.add("witness_count")
    case.missing_documents_count = len(missing_document_types(case))
    if IDENTITY_FIELDS & set(changed) and duplicate_candidates(case).exists():
        case.is_potential_duplicate = True
    case.version = expected_version + 1
    fields |= {"missing_documents_count", "is_potential_duplicate", "version", "updated_at"}
    try:
        case.save_expecting_version(expected_version, update_fields=sorted(fields))
    except ConcurrentTransition:
        case.version = expected_version
        raise CaseConflict(_conflict_message(case)) from None
    CaseEvent.objects.create(
        case=case, action="edit", from_state=case.state, to_state=case.state, by=by, facts={"fields": changed}
    )
    return case


@transaction.atomic
def case_reassign(*, case: Case, caseworker, by) -> Case:
    """Give the case to another caseworker of the owning organisation (or to nobody)."""
    from registration.selectors import may_reassign

    if not (may_reassign(by) and partner_may_act(case, by)):
        raise PermissionDenied(_("Vous ne pouvez pas réattribuer ce dossier."))
    if caseworker is not None:
        profile = getattr(caseworker, "staff_profile", None)
        if not (profile and profile.is_partner and profile.organisation_id == case.organisation_id):
            raise ValidationError(
                {"caseworker": _("Le chargé du dossier doit appartenir à l'organisation du dossier.")}
            )
    Case.objects.filter(pk=case.pk).update(caseworker=caseworker, version=F("version") + 1)
    case.caseworker = caseworker
    case.version += 1
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
    def plain(value):
        if isinstance(value, Case):
            return value.reference
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return getattr(value, "pk", value)

    return {key: plain(value) for key, value in facts.items()}


def _availability_check(case: Case, action: str, by) -> None:
    from registration.workflow import ACTIONS, actions_for

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


def _facts_validate(case: Case, action: str, facts: dict) -> dict:
    """The action's form is the one source of truth for its facts (UI and API alike)."""
    from registration.workflow import action_form

    form = action_form(action, case, data=facts)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    cleaned = dict(form.cleaned_data)
    cleaned.pop("note", None)
    if action == "close" and cleaned.get("duplicate_of") is None:
        cleaned.pop("duplicate_of", None)
    return cleaned


def case_transition(*, case: Case, action: str, by, facts: dict | None = None, note: str = "") -> Case:
    """Run one lifecycle action: check permission, guards and facts, save, write the history.

    Two people acting on one case at once: the case row is locked and its version compared,
    so the second gets ``CaseConflict`` and the database keeps the first one's change whole.
    """
    from registration.workflow import ACTIONS

    facts = dict(facts or {})
    if action not in ACTIONS:
        raise TransitionRefused([_("Action inconnue : %(action)s.") % {"action": action}])
    note = note or str(facts.pop("note", "") or "")
    _availability_check(case, action, by)
    cleaned = _facts_validate(case, action, facts)
    loaded_version, from_state = case.version, case.state
    try:
        with transaction.atomic():
            current = (
                Case.objects.select_for_update()
                .only("version", "state", "missing_documents_count", "witness_count", "is_potential_duplicate")
                .get(pk=case.pk)
            )
            if current.version != loaded_version or current.state != from_state:
                raise ConcurrentTransition("stale")
            # Uploads and reviews do not bump the version: take their counters from the row.
            case.missing_documents_count = current.missing_documents_count
            case.witness_count = current.witness_count
            case.is_potential_duplicate = current.is_potential_duplicate
            _availability_check(case, action, by)
            if action == "file":
                _filing_checklist_check(case, cleaned["court"])
            getattr(case, action)(**cleaned)
            if action == "close" and cleaned.get("closure_reason") == ClosureReason.DUPLICATE:
                case.is_potential_duplicate = False
            case.state_changed_at = timezone.now()
            case.version = loaded_version + 1
            case.save_expecting_version(loaded_version)
            CaseEvent.objects.create(
                case=case,
                action=action,
                from_state=from_state,
                to_state=case.state,
                by=by,
                note=note,
                facts=_json_facts(cleaned),
            )
    except ConcurrentTransition:
        case.refresh_from_db()
        raise CaseConflict(_conflict_message(case)) from None
    except TransitionNotAllowed:
        case.refresh_from_db()
        raise TransitionRefused([_("Action impossible dans l'état actuel du dossier.")]) from None
    except BaseException:
        # The database rolled back: the object in memory must not keep the new state.
        case.refresh_from_db()
        raise
    return case


def _filing_checklist_check(case: Case, court) -> None:
    """The court chosen at filing may ask for more documents than the case's checklist had."""
    missing = missing_document_types(case, court=court)
    case.missing_documents_count = len(missing)
    if missing:
        raise TransitionRefused(
            [
                _("Pièces exigées par %(court)s manquantes : %(documents)s.")
                % {"court": court, "documents": ", ".join(str(doc) for doc in missing)}
            ]
        )


# --- Duplicates -------------------------------------------------------------------------


def duplicate_candidates(case: Case):
    """Open cases that may be the same child: same names in either order (any accents or
    case), a birth date within the window, and the same mother or birth commune."""
    window = timedelta(days=DUPLICATE_BIRTH_WINDOW_DAYS)
    keys = {
        name_key(case.child_given_names, case.child_family_name),
        name_key(case.child_family_name, case.child_given_names),
    }
    candidates = Case.objects.exclude(state=State.CLOSED).filter(
        child_name_key__in=keys,
        birth_date__range=(case.birth_date - window, case.birth_date + window),
    )
    if case.pk is not None:
        candidates = candidates.exclude(pk=case.pk)
    mother = name_key(case.mother_given_names, case.mother_family_name)
    return candidates.filter(Q(mother_name_key=mother) | Q(birth_commune_id=case.birth_commune_id))


@transaction.atomic
def case_mark_not_duplicate(*, case: Case, by, note: str = "") -> Case:
    """A person looked at the candidates and found a different child: filing is unblocked."""
    if not partner_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas examiner ce dossier."))
    reviewed = list(duplicate_candidates(case).values_list("reference", flat=True)[:20])
    Case.objects.filter(pk=case.pk).update(is_potential_duplicate=False, version=F("version") + 1)
    case.is_potential_duplicate = False
    case.version += 1
    CaseEvent.objects.create(
        case=case,
        action="not_duplicate",
        from_state=case.state,
        to_state=case.state,
        by=by,
        note=note,
        facts={"reviewed": reviewed},
    )
    return case


def case_close_as_duplicate(*, case: Case, original: Case, by, note: str = "") -> Case:
    """Close ``case`` because ``original`` is the same child's dossier."""
    return case_transition(
        case=case,
        action="close",
        by=by,
        note=note,
        facts={"closure_reason": ClosureReason.DUPLICATE, "duplicate_of": original},
    )


# --- Supporting documents ----------------------------------------------------------------


def required_document_types(case: Case, *, court=None):
    """The court's checklist when it has one, else the default list."""
    court_id = court.pk if court is not None else case.court_id
    if court_id and CourtDocumentRequirement.objects.filter(court_id=court_id).exists():
        return DocumentType.objects.filter(
            courtdocumentrequirement__court_id=court_id, courtdocumentrequirement__required=True
        )
    return DocumentType.objects.filter(required_by_default=True)


def missing_document_types(case: Case, *, court=None) -> list[DocumentType]:
    required = list(required_document_types(case, court=court))
    if case.pk is None:
        return required
    present = set(case.documents.values_list("document_type_id", flat=True))
    return [doc_type for doc_type in required if doc_type.pk not in present]


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in SNIFFED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _upload_check(uploaded_file: UploadedFile) -> str:
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("Fichier trop volumineux (%(size)s Mo maximum).") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}}
        )
    uploaded_file.seek(0)
    content_type = sniff_content_type(uploaded_file.read(16))
    uploaded_file.seek(0)
    if content_type is None:
        raise ValidationError(
            {"file": _("Seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu de ce fichier n'en est pas un).")}
        )
    return content_type


def _case_lock(case: Case) -> None:
    # Serialises document changes on one case so the missing count is never computed
    # from a view that misses a concurrent upload.
    Case.objects.select_for_update().only("pk").get(pk=case.pk)


@transaction.atomic
def document_upload(*, case: Case, document_type: DocumentType, uploaded_file: UploadedFile, by) -> SupportingDocument:
    """Validate (permission, size, real type) before anything is written, then store privately."""
    if not registry_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas ajouter de pièce à ce dossier."))
    content_type = _upload_check(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    _case_lock(case)
    document = SupportingDocument(
        case=case,
        document_type=document_type,
        original_name=(uploaded_file.name or "")[:200],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save(document.sha256, uploaded_file, save=False)
    stored = document.file.name
    # The file is written before the row: remove it again if the row cannot be saved.
    try:
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
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_delete(*, document: SupportingDocument, by) -> None:
    case = document.case
    if not registry_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas retirer de pièce de ce dossier."))
    _case_lock(case)
    storage, stored, code = document.file.storage, document.file.name, document.document_type.code
    document.delete()
    _refresh_missing_documents(case)
    CaseEvent.objects.create(
        case=case,
        action="document_removed",
        from_state=case.state,
        to_state=case.state,
        by=by,
        facts={"document_type": code},
    )
    # Only once the row is gone for good; a rolled-back delete keeps its file.
    transaction.on_commit(lambda: storage.delete(stored))


def _refresh_missing_documents(case: Case) -> None:
    case.missing_documents_count = len(missing_document_types(case))
    Case.objects.filter(pk=case.pk).update(missing_documents_count=case.missing_documents_count)
