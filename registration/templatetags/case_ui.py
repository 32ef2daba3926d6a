"""Small display helpers for the case tracker: ages, history entries and their facts."""

from __future__ import annotations

import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from registration.models import Case, CaseEvent, ClosureReason, DocumentType
from registration.workflow import ACTIONS

register = template.Library()

# History entries that are not lifecycle actions (see registration.services).
OTHER_EVENTS = {
    "create": lambda: _("Dossier ouvert"),
    "edit": lambda: _("Dossier modifié"),
    "reassign": lambda: _("Dossier réattribué"),
    "not_duplicate": lambda: _("Marqué comme n'étant pas un doublon"),
    "document_added": lambda: _("Pièce ajoutée"),
    "document_removed": lambda: _("Pièce retirée"),
}

# Steps taken once the judgment left the court: a registry liaison may read their notes.
# Earlier notes are written by the partner and may carry protection details.
REGISTRY_PHASE_ACTIONS = {"transmit", "transcribe", "collect", "deliver"}


@register.filter
def age_years(birth_date: datetime.date | None) -> int | None:
    if not birth_date:
        return None
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


@register.filter
def event_label(event: CaseEvent) -> str:
    if event.action in ACTIONS:
        return str(ACTIONS[event.action].label)
    if event.action in OTHER_EVENTS:
        return OTHER_EVENTS[event.action]()
    return event.action


@register.filter
def event_note(event: CaseEvent, hidden_fields) -> str:
    if hidden_fields and event.action not in REGISTRY_PHASE_ACTIONS:
        return ""
    return event.note


def _field_label(name: str) -> str:
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if name == "closure_reason":
        return str(ClosureReason(value).label) if value in ClosureReason.values else value
    if name == "document_type":
        document_type = DocumentType.objects.filter(code=value).first()
        return document_type.name if document_type else value
    try:
        field = Case._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


@register.filter
def fact_items(event: CaseEvent, hidden_fields=()) -> list[tuple[str, str]]:
    """(label, value) pairs of what the step recorded, without the user's hidden fields."""
    hidden = set(hidden_fields or ())
    items = []
    for name, value in (event.facts or {}).items():
        if name in hidden:
            continue
        if name == "fields":
            shown = [_field_label(field) for field in value if field not in hidden]
            if shown:
                items.append((_("Champs modifiés"), ", ".join(shown)))
            continue
        if name == "caseworker":
            items.append((_("Chargé(e) du dossier"), value or "—"))
            continue
        if name == "document_type":
            items.append((_("Pièce"), _display(name, value)))
            continue
        items.append((_field_label(name), _display(name, value)))
    return items
