"""Guards and permissions of the case lifecycle (DOMAIN.md §3 and §4).

A guard is a condition with a message: django-fsm evaluates the condition, the UI and the
API show the message when the transition is unavailable. A permission says who may run it.
Both are called once per action and case on list screens, so they must not query per call.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registration.models.staff import Role


def guard(message):
    def decorate(condition):
        condition.message = message
        return condition

    return decorate


@guard(
    lambda case: (
        ngettext(
            "%(count)d document obligatoire manquant",
            "%(count)d documents obligatoires manquants",
            case.missing_documents_count,
        )
        % {"count": case.missing_documents_count}
    )
)
def documents_complete(case) -> bool:
    return case.missing_documents_count == 0


@guard(lambda case: _("Au moins deux témoins sont nécessaires"))
def has_two_witnesses(case) -> bool:
    return case.witness_count >= 2


@guard(lambda case: _("Doublon potentiel à examiner avant le dépôt"))
def duplicate_reviewed(case) -> bool:
    return not case.is_potential_duplicate


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "staff_profile", None)
    return profile.role if profile else None


def liaison_centre_ids(user) -> frozenset[int]:
    """The registry centres a liaison serves, read once per user object (request)."""
    cached = getattr(user, "_jamu_centre_ids", None)
    if cached is None:
        cached = frozenset(user.staff_profile.registry_centres.values_list("pk", flat=True))
        user._jamu_centre_ids = cached
    return cached


def partner_may_act(case, user) -> bool:
    """Intake and court steps: the owning organisation's staff, or an admin."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return (
        role in (Role.PARTNER_STAFF, Role.PARTNER_MANAGER)
        and user.staff_profile.organisation_id is not None
        and user.staff_profile.organisation_id == case.organisation_id
    )


# A delivered or closed dossier is frozen: its record is what was handed over or dropped.
FINISHED_STATES = ("delivered", "closed")


def editor_may_act(case, user) -> bool:
    """Editing a dossier and its annexes: the owning partner (or an admin), until it is finished."""
    return case.state not in FINISHED_STATES and partner_may_act(case, user)


def registry_may_act(case, user) -> bool:
    """Civil registry steps: a liaison of the case's centre, the owning partner, or an admin."""
    if role_of(user) == Role.REGISTRY_LIAISON:
        return case.registry_centre_id is not None and case.registry_centre_id in liaison_centre_ids(user)
    return partner_may_act(case, user)


def delivery_may_act(case, user) -> bool:
    return registry_may_act(case, user)
