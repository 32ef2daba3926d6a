"""What a service refuses with, for the caller to show as it is."""

from __future__ import annotations

from django.utils.translation import gettext as _

from registration.models import Case


class CaseConflict(Exception):
    """Someone else changed the case since this user loaded it; nothing was saved."""


class TransitionRefused(Exception):
    """The action is not possible now; ``reasons`` say why, in the user's language."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(str(r) for r in reasons))
        self.reasons = [str(r) for r in reasons]


class TransitionForbidden(TransitionRefused):
    """The case is in a state that allows the action, but this user's role does not."""


def _conflict_message(case: Case) -> str:
    return _(
        "Ce dossier vient d'être modifié par quelqu'un d'autre (état actuel : %(state)s). "
        "Rien n'a été enregistré : rechargez la page et recommencez."
    ) % {"state": case.get_state_display()}
