"""Run one lifecycle action: the only way a case changes state."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from registration.models import (
    Case,
    CaseEvent,
)
from registration.services.documents import missing_document_types
from registration.services.errors import CaseConflict, TransitionForbidden, TransitionRefused, _conflict_message

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
    if action not in available and can_proceed(getattr(case, action), check_conditions=False):
        raise TransitionForbidden(
            [_("Votre rôle ne permet pas l'action « %(label)s » sur ce dossier.") % {"label": ACTIONS[action].label}]
        )
    if action not in available:
        raise TransitionRefused(
            [
                _("L'action « %(label)s » n'est pas possible pour ce dossier dans l'état « %(state)s ».")
                % {"label": ACTIONS[action].label, "state": case.get_state_display()}
            ]
        )
    if not available[action].available:
        raise TransitionRefused(available[action].reasons)


def _facts_validate(case: Case, action: str, facts: dict, by) -> dict:
    """The action's form is the one source of truth for its facts (UI and API alike)."""
    from registration.workflow import action_form

    form = action_form(action, case, data=facts, user=by)
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
    cleaned = _facts_validate(case, action, facts, by)
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
