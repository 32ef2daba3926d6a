"""The lifecycle in one place: each action's label, the facts it requires (as a form),
and why it is unavailable to a user. The transitions themselves are on ``Case``.

The same forms validate the staff UI and the API, so both give the same field errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import has_transition_perm

from registration.models import Case, ClosureReason, Court, RegistryCentre

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def today():
    return timezone.localdate()


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FileForm(NoteForm):
    court = forms.ModelChoiceField(label=_("Juridiction"), queryset=Court.objects.filter(is_active=True))
    court_registry_number = forms.CharField(label=_("Numéro d'enregistrement au greffe"), max_length=50)
    filed_on = forms.DateField(label=_("Déposée le"), initial=today, widget=DATE_INPUT)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and case.court_id:
            self.fields["court"].initial = case.court_id


class ScheduleForm(NoteForm):
    hearing_date = forms.DateField(label=_("Date d'audience"), widget=DATE_INPUT)
    hearing_place = forms.CharField(label=_("Lieu d'audience"), max_length=150)
    hearing_is_mobile = forms.BooleanField(label=_("Audience foraine"), required=False)


class AdjournForm(NoteForm):
    hearing_date = forms.DateField(label=_("Nouvelle date d'audience"), widget=DATE_INPUT)
    hearing_place = forms.CharField(label=_("Lieu d'audience (si changé)"), max_length=150, required=False)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_hearing_date(self):
        date = self.cleaned_data["hearing_date"]
        if self.case is not None and self.case.hearing_date and date <= self.case.hearing_date:
            raise forms.ValidationError(
                _("Le renvoi doit être fixé après l'audience du %(date)s."),
                params={"date": self.case.hearing_date.strftime("%d/%m/%Y")},
            )
        return date


class GrantForm(NoteForm):
    judgment_number = forms.CharField(label=_("Numéro du jugement"), max_length=50)
    judgment_date = forms.DateField(label=_("Date du jugement"), initial=today, widget=DATE_INPUT)


class RejectForm(NoteForm):
    rejection_reason = forms.CharField(label=_("Motif du rejet"), widget=forms.Textarea(attrs={"rows": 2}))
    judgment_date = forms.DateField(label=_("Date de la décision"), required=False, widget=DATE_INPUT)


class TransmitForm(NoteForm):
    registry_centre = forms.ModelChoiceField(label=_("Centre d'état civil"), queryset=RegistryCentre.objects.all())
    transmitted_on = forms.DateField(label=_("Transmis le"), initial=today, widget=DATE_INPUT)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and case.registry_centre_id:
            self.fields["registry_centre"].initial = case.registry_centre_id


class TranscribeForm(NoteForm):
    act_number = forms.CharField(label=_("Numéro de l'acte"), max_length=50)
    act_register = forms.CharField(label=_("Registre"), max_length=100)
    act_year = forms.IntegerField(label=_("Année du registre"), min_value=1960, max_value=2100)
    transcribed_on = forms.DateField(label=_("Transcrit le"), initial=today, widget=DATE_INPUT)


class CollectForm(NoteForm):
    collected_on = forms.DateField(label=_("Retiré le"), initial=today, widget=DATE_INPUT)


class DeliverForm(NoteForm):
    delivered_on = forms.DateField(label=_("Remis le"), initial=today, widget=DATE_INPUT)
    delivered_to = forms.CharField(label=_("Remis à"), max_length=200)
    delivered_to_relationship = forms.CharField(label=_("Lien avec l'enfant"), max_length=100)
    delivery_id_checked = forms.BooleanField(
        label=_("Pièce d'identité vérifiée"),
        error_messages={"required": _("La pièce d'identité doit être vérifiée avant la remise.")},
    )


class CloseForm(NoteForm):
    closure_reason = forms.ChoiceField(label=_("Motif de clôture"), choices=ClosureReason.choices)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type[forms.Form]
    style: str = "primary"


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action("complete", _("Déclarer le dossier complet"), NoteForm),
        Action("reopen", _("Revenir en constitution"), NoteForm, "secondary"),
        Action("file", _("Déposer la requête"), FileForm),
        Action("schedule", _("Fixer l'audience"), ScheduleForm),
        Action("adjourn", _("Renvoyer l'audience"), AdjournForm, "secondary"),
        Action("grant", _("Jugement rendu"), GrantForm),
        Action("reject", _("Requête rejetée"), RejectForm, "danger"),
        Action("refile", _("Reprendre le dossier"), NoteForm, "secondary"),
        Action("transmit", _("Transmettre à l'état civil"), TransmitForm),
        Action("transcribe", _("Acte transcrit"), TranscribeForm),
        Action("collect", _("Acte retiré, prêt à remettre"), CollectForm),
        Action("deliver", _("Remettre à la famille"), DeliverForm),
        Action("close", _("Clôturer"), CloseForm, "danger"),
    ]
}

FORMS_WITH_CASE = (FileForm, AdjournForm, TransmitForm)


def action_form(action: Action, case: Case, data=None, prefix: str | None = None) -> forms.Form:
    kwargs = {"data": data, "prefix": prefix}
    if action.form_class in FORMS_WITH_CASE:
        kwargs["case"] = case
    return action.form_class(**kwargs)


@dataclass
class ActionAvailability:
    action: Action
    available: bool
    reasons: list[str]


def actions_for(case: Case, user) -> list[ActionAvailability]:
    """Every action leaving the current state that this user may run, with blocking reasons.

    Actions the user has no permission for are left out; actions blocked by a guard are
    kept with the guard's message, so the screen can say why.
    """
    result = []
    for name, action in ACTIONS.items():
        method = getattr(case, name)
        meta = method._django_fsm
        transition = meta.get_transition(case.state)
        if transition is None or not meta.has_transition(case.state):
            continue
        if not transition.has_perm(case, user):
            continue
        reasons = [str(condition.message(case)) for condition in (transition.conditions or []) if not condition(case)]
        result.append(ActionAvailability(action, not reasons, reasons))
    return result


def user_may_run(case: Case, user, name: str) -> bool:
    return name in ACTIONS and has_transition_perm(getattr(case, name), user)
