"""Open, edit and reassign a dossier; hand out its reference."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from registration.models import (
    Case,
    CaseEvent,
    CaseReferenceCounter,
    Commune,
    Role,
    Witness,
)
from registration.models.guards import FINISHED_STATES, editor_may_act, partner_may_act, role_of
from registration.names import name_key
from registration.services.documents import missing_document_types
from registration.services.duplicates import duplicate_candidates
from registration.services.errors import CaseConflict, _conflict_message
from registration.validators import nina_normalise

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
CLEAN_EXCLUDE = ["state", "reference", "organisation", "caseworker", "created_by", "duplicate_of"]


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
    if case.state in FINISHED_STATES:
        raise PermissionDenied(_("Un dossier remis ou clôturé ne peut plus être modifié."))
    if not editor_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce dossier."))
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
