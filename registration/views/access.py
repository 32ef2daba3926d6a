"""Who may do what on one case's screens, beyond what ``selectors`` already scope."""

from __future__ import annotations

from registration.models import AccessLog, Case, Role, State
from registration.selectors import may_edit_cases, may_reassign, may_see_protection_fields, user_role

FINAL_STATES = (State.DELIVERED, State.CLOSED)


def may_edit_case(user, case: Case) -> bool:
    """Editors of the owning organisation (or an admin); a finished dossier is frozen."""
    if not may_edit_cases(user) or case.state in FINAL_STATES:
        return False
    if user_role(user) == Role.ADMIN:
        return True
    return user.staff_profile.organisation_id == case.organisation_id


def may_manage_documents(user, case: Case) -> bool:
    return may_edit_case(user, case)


def may_see_supporting_documents(user) -> bool:
    # Annexes hold parents' and witnesses' identity papers: a registry liaison transcribes
    # from the judgment and does not need them.
    return may_see_protection_fields(user)


def may_reassign_case(user, case: Case) -> bool:
    return may_reassign(user) and may_edit_case(user, case)


def access_log(*, case: Case, user, surface: str) -> None:
    """Record a view of personal data that did not go through ``case_for_user``'s log."""
    AccessLog.objects.create(case=case, user=user, surface=surface)
