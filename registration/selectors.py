"""Reads that enforce who may see what. Every view, API endpoint and export starts here.

A case outside the user's scope is simply not in the queryset, so views answer 404 for a
foreign id without saying whether it exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from registration.models import PROTECTION_FIELDS, AccessLog, Case, Role, State
from registration.models.guards import role_of


def user_role(user) -> str | None:
    return role_of(user)


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases ``user`` may see; empty for anyone without a role."""
    role = user_role(user)
    cases = Case.objects.all()
    if role in (Role.ADMIN, Role.COORDINATOR):
        return cases
    if role in (Role.PARTNER_STAFF, Role.PARTNER_MANAGER):
        return cases.filter(organisation_id=user.staff_profile.organisation_id)
    if role == Role.REGISTRY_LIAISON:
        # Only cases routed to their centres, and only once the judgment has been sent.
        return cases.filter(
            registry_centre__in=user.staff_profile.registry_centres.all(),
            state__in=[State.SENT_TO_REGISTRY, State.TRANSCRIBED, State.READY_FOR_DELIVERY, State.DELIVERED],
        )
    return cases.none()


def may_see_protection_fields(user) -> bool:
    return user_role(user) not in (None, Role.REGISTRY_LIAISON)


def may_edit_cases(user) -> bool:
    return user_role(user) in (Role.ADMIN, Role.PARTNER_STAFF, Role.PARTNER_MANAGER)


def may_export(user) -> bool:
    return user_role(user) in (Role.ADMIN, Role.PARTNER_MANAGER, Role.COORDINATOR)


def may_reassign(user) -> bool:
    return user_role(user) in (Role.ADMIN, Role.PARTNER_MANAGER)


def hidden_fields_for(user) -> tuple[str, ...]:
    return () if may_see_protection_fields(user) else PROTECTION_FIELDS


def case_for_user(user, *, pk: int, surface: str | None = AccessLog.Surface.PAGE) -> Case:
    """One case within the user's scope (404 otherwise); logs the view of personal data."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    case = get_object_or_404(
        cases_visible_to(user).select_related(
            "organisation", "caseworker", "court", "registry_centre", "birth_commune__cercle__region"
        ),
        pk=pk,
    )
    if surface:
        AccessLog.objects.create(case=case, user=user, surface=surface)
    return case
