"""Potential duplicates at intake, and their review."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from registration.models import (
    Case,
    CaseEvent,
    ClosureReason,
    State,
)
from registration.models.guards import partner_may_act
from registration.names import name_key
from registration.services.transitions import case_transition

# A child's birth date is often estimated: two intakes a few months apart may disagree.
DUPLICATE_BIRTH_WINDOW_DAYS = getattr(settings, "JAMU_DUPLICATE_BIRTH_WINDOW_DAYS", 365)


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
