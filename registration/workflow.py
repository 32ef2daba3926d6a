"""The lifecycle in one place: each action's label, the facts it requires (as a form),
and why it is unavailable to a user. The transitions themselves are on ``Case``.

The same forms validate the staff UI and the API, so both give the same field errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registration.models import Case, ClosureReason, Court, RegistryCentre, State

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def today():
    return timezone.localdate()


class NoteForm(forms.Form):
    """Base of every action's facts form: an optional note, and date checks from the case.

    ``past_dates`` may not be in the future (they record something that happened);
    ``not_before`` maps a date field to the case's earlier date it may not precede.
    """

    past_dates: tuple[str, ...] = ()
    not_before: dict[str, str] = {}

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):
        cleaned = super().clean()
        for name in self.past_dates:
            value = cleaned.get(name)
            if value and value > today():
                self.add_error(name, _("Cette date ne peut pas être dans le futur."))
        for name, earlier_field in self.not_before.items():
            value = cleaned.get(name)
            earlier = getattr(self.case, earlier_field, None) if self.case is not None else None
            if value and earlier and value < earlier:
                self.add_error(
                    name,
                    _("Cette date ne peut pas précéder le %(date)s (%(what)s).")
                    % {"date": earlier.strftime("%d/%m/%Y"), "what": Case._meta.get_field(earlier_field).verbose_name},
                )
        return cleaned


class FileForm(NoteForm):
    past_dates = ("filed_on",)

    court = forms.ModelChoiceField(label=_("Juridiction"), queryset=Court.objects.filter(is_active=True))
    court_registry_number = forms.CharField(label=_("Numéro d'enregistrement au greffe"), max_length=50)
    filed_on = forms.DateField(label=_("Déposée le"), initial=today, widget=DATE_INPUT)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None and case.court_id:
            self.fields["court"].initial = case.court_id


class ScheduleForm(NoteForm):
    not_before = {"hearing_date": "filed_on"}

    hearing_date = forms.DateField(label=_("Date d'audience"), widget=DATE_INPUT)
    hearing_place = forms.CharField(label=_("Lieu d'audience"), max_length=150)
    hearing_is_mobile = forms.BooleanField(label=_("Audience foraine"), required=False)


class AdjournForm(NoteForm):
    hearing_date = forms.DateField(label=_("Nouvelle date d'audience"), widget=DATE_INPUT)
    hearing_place = forms.CharField(label=_("Lieu d'audience (si changé)"), max_length=150, required=False)

    def clean_hearing_date(self):
        date = self.cleaned_data["hearing_date"]
        if self.case is not None and self.case.hearing_date and date <= self.case.hearing_date:
            raise forms.ValidationError(
                _("Le renvoi doit être fixé après l'audience du %(date)s."),
                params={"date": self.case.hearing_date.strftime("%d/%m/%Y")},
            )
        return date


class GrantForm(NoteForm):
    past_dates = ("judgment_date",)
    not_before = {"judgment_date": "filed_on"}

    judgment_number = forms.CharField(label=_("Numéro du jugement"), max_length=50)
    judgment_date = forms.DateField(label=_("Date du jugement"), initial=today, widget=DATE_INPUT)


class RejectForm(NoteForm):
    past_dates = ("judgment_date",)
    not_before = {"judgment_date": "filed_on"}

    rejection_reason = forms.CharField(label=_("Motif du rejet"), widget=forms.Textarea(attrs={"rows": 2}))
    judgment_date = forms.DateField(label=_("Date de la décision"), required=False, widget=DATE_INPUT)


class TransmitForm(NoteForm):
    past_dates = ("transmitted_on",)
    not_before = {"transmitted_on": "judgment_date"}

    registry_centre = forms.ModelChoiceField(label=_("Centre d'état civil"), queryset=RegistryCentre.objects.all())
    transmitted_on = forms.DateField(label=_("Transmis le"), initial=today, widget=DATE_INPUT)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None and case.registry_centre_id:
            self.fields["registry_centre"].initial = case.registry_centre_id


class TranscribeForm(NoteForm):
    past_dates = ("transcribed_on",)
    not_before = {"transcribed_on": "transmitted_on"}

    act_number = forms.CharField(label=_("Numéro de l'acte"), max_length=50)
    act_register = forms.CharField(label=_("Registre"), max_length=100)
    act_year = forms.IntegerField(label=_("Année du registre"), min_value=1960, max_value=2100)
    transcribed_on = forms.DateField(label=_("Transcrit le"), initial=today, widget=DATE_INPUT)


class CollectForm(NoteForm):
    past_dates = ("collected_on",)
    not_before = {"collected_on": "transcribed_on"}

    collected_on = forms.DateField(label=_("Retiré le"), initial=today, widget=DATE_INPUT)


class DeliverForm(NoteForm):
    past_dates = ("delivered_on",)
    not_before = {"delivered_on": "collected_on"}

    delivered_on = forms.DateField(label=_("Remis le"), initial=today, widget=DATE_INPUT)
    delivered_to = forms.CharField(label=_("Remis à"), max_length=200)
    delivered_to_relationship = forms.CharField(label=_("Lien avec l'enfant"), max_length=100)
    delivery_id_checked = forms.BooleanField(
        label=_("Pièce d'identité vérifiée"),
        error_messages={"required": _("La pièce d'identité doit être vérifiée avant la remise.")},
    )


class CloseForm(NoteForm):
    closure_reason = forms.ChoiceField(label=_("Motif de clôture"), choices=ClosureReason.choices)
    # A reference typed by the user, not a drop-down of every case.
    duplicate_of = forms.ModelChoiceField(
        label=_("Dossier d'origine (si doublon)"),
        queryset=Case.objects.exclude(state=State.CLOSED),
        to_field_name="reference",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "JS-MOP-2026-000001"}),
        error_messages={"invalid_choice": _("Aucun dossier ouvert ne porte cette référence.")},
    )

    def clean(self):
        cleaned = super().clean()
        reason, original = cleaned.get("closure_reason"), cleaned.get("duplicate_of")
        if reason == ClosureReason.DUPLICATE and original is None and "duplicate_of" not in self.errors:
            self.add_error("duplicate_of", _("Indiquez la référence du dossier dont celui-ci est le doublon."))
        if original is not None and reason != ClosureReason.DUPLICATE:
            self.add_error("duplicate_of", _("Un dossier d'origine ne s'indique que pour un doublon."))
        if original is not None and self.case is not None and original.pk == self.case.pk:
            self.add_error("duplicate_of", _("Un dossier ne peut pas être le doublon de lui-même."))
        return cleaned


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


def action_form(action: Action | str, case: Case, data=None, prefix: str | None = None, user=None) -> forms.Form:
    """The facts form of ``action`` (an ``Action`` or its name) for ``case``; bound when ``data`` is given.

    With ``user``, a case named in the facts (the original of a duplicate) must be one they
    may see: a reference from another organisation is as unknown to them as a foreign id.
    """
    from registration.selectors import cases_visible_to

    if isinstance(action, str):
        action = ACTIONS[action]
    form = action.form_class(data=data, prefix=prefix, case=case)
    if user is not None and "duplicate_of" in form.fields:
        field = form.fields["duplicate_of"]
        field.queryset = field.queryset.filter(pk__in=cases_visible_to(user).values("pk"))
    return form


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
