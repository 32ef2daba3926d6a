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


def event_note(event: CaseEvent, hidden_fields) -> str:
    if hidden_fields and event.action not in REGISTRY_PHASE_ACTIONS:
        return ""
    return event.note


def _field_label(name: str) -> str:
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _relation(name: str):
    """The model a fact names by primary key (court, registry centre…), or None."""
    if name == "duplicate_of":
        return None  # recorded as the original's reference, shown as it is
    try:
        field = Case._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field.related_model if field.is_relation else None


def _names_for(events: list[CaseEvent]) -> dict:
    """Every related name the facts of ``events`` mention, in one query per kind of thing."""
    wanted: dict = {}
    for event in events:
        for name, value in (event.facts or {}).items():
            if value in (None, ""):
                continue
            if name == "document_type":
                wanted.setdefault(DocumentType, set()).add(value)
            elif (model := _relation(name)) is not None:
                wanted.setdefault(model, set()).add(value)
    names = {}
    for model, keys in wanted.items():
        if model is DocumentType:
            rows = DocumentType.objects.filter(code__in=keys).values_list("code", "name")
            names.update({(DocumentType, code): label for code, label in rows})
        else:
            keys = {key for key in keys if isinstance(key, int)}
            names.update({(model, obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=keys)})
    return names


def _display(name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if name == "closure_reason":
        return str(ClosureReason(value).label) if value in ClosureReason.values else value
    if name == "document_type":
        return names.get((DocumentType, value), value)
    if (model := _relation(name)) is not None:
        return names.get((model, value), str(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _fact_items(event: CaseEvent, hidden: set, names: dict) -> list[tuple[str, str]]:
    """(label, value) pairs of what the step recorded, without the reader's hidden fields."""
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
            items.append((_("Pièce"), _display(name, value, names)))
            continue
        items.append((_field_label(name), _display(name, value, names)))
    return items


@register.simple_tag
def history_entries(events, hidden_fields=()) -> list[tuple[CaseEvent, list, str]]:
    """Each event with the facts and note this reader may see; names fetched once per page."""
    events = list(events)
    hidden = set(hidden_fields or ())
    names = _names_for(events)
    return [(event, _fact_items(event, hidden, names), event_note(event, hidden)) for event in events]
