"""Who may call the case API. Scoping (which cases) is the queryset's job, not these.

Write checks run on the object where there is one, so a foreign id answers 404 (the
scoped queryset does not hold it) before anyone learns whether they could have changed it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from registration.selectors import may_edit_cases, user_role


class HasStaffRole(BasePermission):
    """Signed in and holding a role in the product; anyone else sees nothing."""

    message = _("Votre compte n'a pas de rôle dans Jamu.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and user_role(request.user))


class MayEditCases(HasStaffRole):
    """Partners and admins write case fields; coordinators and registry liaisons read.

    Lifecycle actions are not edits: each transition carries its own permission (a
    registry liaison transcribes), checked by the transitions endpoint.
    """

    message = _("Votre rôle ne permet pas de modifier les dossiers.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) == "create":
            return may_edit_cases(request.user)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "action", None) == "transitions":
            return True
        return may_edit_cases(request.user)
