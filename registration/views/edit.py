"""Open and edit a dossier: the case form and its witnesses, under optimistic locking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registration import selectors, services
from registration.forms import CASE_FORM_SECTIONS, CaseForm, WitnessFormSet, add_service_errors
from registration.models import Case, Role
from registration.views.access import may_edit_case

WITNESS_PREFIX = "witnesses"


def _render_form(request, *, form, formset, case: Case | None, status: int = 200):
    sections = [(title, [form[name] for name in names]) for title, names in CASE_FORM_SECTIONS]
    return render(
        request,
        "registration/case_form.html",
        {"form": form, "formset": formset, "case": case, "sections": sections},
        status=status,
    )


def _organisation_for(user, form: CaseForm):
    if "organisation" in form.fields:
        return form.cleaned_data["organisation"]
    return user.staff_profile.organisation


@login_required
def case_new(request):
    user = request.user
    if not selectors.may_edit_cases(user):
        raise PermissionDenied
    is_admin = selectors.user_role(user) == Role.ADMIN
    if not is_admin and user.staff_profile.organisation_id is None:
        raise PermissionDenied
    if request.method != "POST":
        form = CaseForm(organisation_choice=is_admin)
        return _render_form(request, form=form, formset=WitnessFormSet(prefix=WITNESS_PREFIX), case=None)

    form = CaseForm(request.POST, organisation_choice=is_admin)
    formset = WitnessFormSet(request.POST, instance=Case(), prefix=WITNESS_PREFIX)
    if form.is_valid() and formset.is_valid():
        try:
            case = services.case_create(
                organisation=_organisation_for(user, form),
                by=user,
                data=form.case_data(),
                witnesses=formset.witnesses(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dossier %(reference)s ouvert.") % {"reference": case.reference})
            if case.is_potential_duplicate:
                messages.warning(
                    request,
                    _(
                        "Attention : ce dossier ressemble à un dossier existant (même enfant ?). "
                        "Examinez les dossiers similaires ci-dessous avant de le déposer."
                    ),
                )
            return redirect("registration:case_detail", pk=case.pk)
    return _render_form(request, form=form, formset=formset, case=None, status=400)


@login_required
def case_edit(request, pk: int):
    user = request.user
    case = selectors.case_for_user(user, pk=pk)
    if not may_edit_case(user, case):
        raise PermissionDenied
    if request.method != "POST":
        form = CaseForm(instance=case)
        formset = WitnessFormSet(instance=case, prefix=WITNESS_PREFIX)
        return _render_form(request, form=form, formset=formset, case=case)

    # The form validates against its own copy: ``case`` must keep the stored values so
    # the service can tell what changed.
    form = CaseForm(request.POST, instance=Case.objects.get(pk=case.pk))
    formset = WitnessFormSet(request.POST, instance=case, prefix=WITNESS_PREFIX)
    if form.is_valid() and formset.is_valid():
        try:
            services.case_update(
                case=case,
                by=user,
                data=form.case_data(),
                expected_version=form.cleaned_data["version"] or 0,
                witnesses=formset.witnesses(),
            )
        except services.CaseConflict as error:
            messages.error(request, str(error))
            return _render_form(request, form=form, formset=formset, case=case, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dossier %(reference)s enregistré.") % {"reference": case.reference})
            return redirect("registration:case_detail", pk=case.pk)
    return _render_form(request, form=form, formset=formset, case=case, status=400)
