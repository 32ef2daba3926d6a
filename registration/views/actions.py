"""POST endpoints that move a case: lifecycle actions, duplicate review, reassignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registration import selectors, services
from registration.forms import CloseAsDuplicateForm, ReassignForm
from registration.models import AccessLog, Case
from registration.views.access import access_log, may_edit_case, may_reassign_case
from registration.views.cases import render_case_detail
from registration.workflow import ACTIONS, action_form


def _may_ever_run(case: Case, user, name: str) -> bool:
    """Whether the user holds the action's permission at all, whatever the current state.

    Lets the view answer 403 to someone who may never do this, and a message to someone
    who may, but not now.
    """
    meta = getattr(case, name)._django_fsm
    return any(transition.has_perm(case, user) for transition in meta.transitions.values())


def _report_refusal(request, error: services.TransitionRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


@login_required
@require_POST
def case_transition_view(request, pk: int, action: str):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if action not in ACTIONS:
        raise Http404
    if not _may_ever_run(case, request.user, action):
        raise PermissionDenied
    form = action_form(ACTIONS[action], case, data=request.POST, prefix=action, user=request.user)
    if not form.is_valid():
        # The page shows the case again, with this action's form open on its errors.
        access_log(case=case, user=request.user, surface=AccessLog.Surface.PAGE)
        return render_case_detail(request, case, status=400, bound_action=action, bound_form=form)
    facts = {name: value for name, value in form.cleaned_data.items() if name != "note"}
    try:
        services.case_transition(
            case=case, action=action, by=request.user, facts=facts, note=form.cleaned_data.get("note", "")
        )
    except services.TransitionRefused as error:
        _report_refusal(request, error)
    except services.CaseConflict as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(action)s : le dossier est maintenant « %(state)s ».")
            % {"action": ACTIONS[action].label, "state": case.get_state_display()},
        )
    return redirect("registration:case_detail", pk=case.pk)


@login_required
@require_POST
def case_not_duplicate(request, pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_edit_case(request.user, case):
        raise PermissionDenied
    services.case_mark_not_duplicate(case=case, by=request.user)
    messages.success(request, _("Le dossier n'est plus signalé comme doublon potentiel."))
    return redirect("registration:case_detail", pk=case.pk)


@login_required
@require_POST
def case_close_as_duplicate_view(request, pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_edit_case(request.user, case):
        raise PermissionDenied
    # The original must be one the user may see: never close against a foreign case id.
    candidates = services.duplicate_candidates(case).filter(
        pk__in=selectors.cases_visible_to(request.user).values("pk")
    )
    form = CloseAsDuplicateForm(request.POST, candidates=candidates)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("registration:case_detail", pk=case.pk)
    original = form.cleaned_data["original"]
    try:
        services.case_close_as_duplicate(case=case, original=original, by=request.user, note=form.cleaned_data["note"])
    except services.TransitionRefused as error:
        _report_refusal(request, error)
    except services.CaseConflict as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dossier clôturé comme doublon de %(reference)s.") % {"reference": original})
    return redirect("registration:case_detail", pk=case.pk)


@login_required
@require_POST
def case_reassign_view(request, pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_reassign_case(request.user, case):
        raise PermissionDenied
    form = ReassignForm(request.POST, case=case)
    if form.is_valid():
        caseworker = form.cleaned_data["caseworker"]
        services.case_reassign(case=case, caseworker=caseworker, by=request.user)
        messages.success(request, _("Dossier réattribué."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("registration:case_detail", pk=case.pk)
