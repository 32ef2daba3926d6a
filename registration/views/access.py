"""Who may do what on one case's screens, beyond what ``selectors`` already scope."""

from __future__ import annotations

from registration.models import AccessLog, Case
from registration.models.guards import editor_may_act
from registration.selectors import may_reassign, may_see_protection_fields


def may_edit_case(user, case: Case) -> bool:
    """Editors of the owning organisation (or an admin); a finished dossier is frozen."""
    return editor_may_act(case, user)


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
