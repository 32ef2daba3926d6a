"""The staff home: each role lands on the short lists of what it has to do next."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registration.models import Case, Role, State
from registration.models.guards import FINISHED_STATES
from registration.selectors import cases_visible_to, user_role
from registration.workflow import actions_for

# A dossier whose state has not moved for a whole court term (about three months) is
# usually waiting on someone who forgot it: the coordination follows these up.
OVERDUE_AFTER_DAYS = 90
QUEUE_LENGTH = 10

# States where the next step belongs to the partner; in the others the court record is
# at the civil registry, or the dossier is finished.
PARTNER_TURN_STATES = [
    State.INTAKE,
    State.READY,
    State.FILED,
    State.HEARING_SCHEDULED,
    State.JUDGMENT_ISSUED,
    State.READY_FOR_DELIVERY,
    State.REJECTED,
]


@dataclass
class Workqueue:
    title: str
    cases: QuerySet[Case]
    list_query: dict = field(default_factory=dict)
    show_next_steps: bool = True

    def load(self, user) -> None:
        self.count = self.cases.count()
        self.rows = list(self.cases[:QUEUE_LENGTH])
        if self.show_next_steps:
            for case in self.rows:
                case.next_steps = actions_for(case, user)
        query = urlencode(self.list_query, doseq=True)
        self.list_url = reverse("registration:case_list") + (f"?{query}" if query else "")


def _partner_staff_queues(user, cases):
    mine = cases.filter(caseworker=user, state__in=PARTNER_TURN_STATES).order_by("state_changed_at")
    return [Workqueue(_("Mes dossiers à faire avancer"), mine, {"state": PARTNER_TURN_STATES})]


def _partner_manager_queues(user, cases):
    to_act = cases.filter(state__in=PARTNER_TURN_STATES).order_by("state_changed_at")
    unassigned = cases.filter(caseworker__isnull=True).exclude(state__in=FINISHED_STATES)
    return [
        Workqueue(_("Dossiers de l'organisation à faire avancer"), to_act, {"state": PARTNER_TURN_STATES}),
        Workqueue(_("Dossiers sans chargé(e)"), unassigned, show_next_steps=False),
    ]


def _registry_liaison_queues(user, cases):
    to_transcribe = cases.filter(state=State.SENT_TO_REGISTRY).order_by("transmitted_on", "id")
    to_hand_over = cases.filter(state__in=[State.TRANSCRIBED, State.READY_FOR_DELIVERY]).order_by("state_changed_at")
    return [
        Workqueue(_("Jugements à transcrire"), to_transcribe, {"state": [State.SENT_TO_REGISTRY]}),
        Workqueue(
            _("Actes à retirer ou à remettre"),
            to_hand_over,
            {"state": [State.TRANSCRIBED, State.READY_FOR_DELIVERY]},
        ),
    ]


def _coordinator_queues(user, cases):
    duplicates = cases.filter(is_potential_duplicate=True).exclude(state=State.CLOSED)
    overdue_since = timezone.now() - timedelta(days=OVERDUE_AFTER_DAYS)
    overdue = cases.filter(state_changed_at__lt=overdue_since).exclude(state__in=FINISHED_STATES)
    return [
        Workqueue(_("Doublons potentiels à examiner"), duplicates, {"potential_duplicate": "true"}, False),
        Workqueue(
            _("Dossiers bloqués depuis plus de %(days)d jours") % {"days": OVERDUE_AFTER_DAYS},
            overdue.order_by("state_changed_at"),
            show_next_steps=False,
        ),
    ]


QUEUES_BY_ROLE = {
    Role.PARTNER_STAFF: _partner_staff_queues,
    Role.PARTNER_MANAGER: _partner_manager_queues,
    Role.REGISTRY_LIAISON: _registry_liaison_queues,
    Role.COORDINATOR: _coordinator_queues,
    Role.ADMIN: _coordinator_queues,
}


@login_required
def home(request):
    """Each role lands on its own workqueues: counts and the oldest few cases, with links."""
    role = user_role(request.user)
    cases = cases_visible_to(request.user).select_related("birth_commune", "organisation", "caseworker")
    queues = QUEUES_BY_ROLE[role](request.user, cases) if role in QUEUES_BY_ROLE else []
    for queue in queues:
        queue.load(request.user)
    return render(request, "registration/home.html", {"role": role, "queues": queues})
