"""Staff tracker forms: the case form and its witnesses, documents, reassignment, duplicates.

Forms only validate input and shape it for the services; they never save a case themselves.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registration.models import (
    INTAKE_FIELDS,
    PROTECTION_FIELDS,
    Case,
    Commune,
    DocumentType,
    Organisation,
    Role,
    Witness,
)
from registration.validators import nina_normalise, validate_nina

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

CASE_FORM_FIELDS = [*INTAKE_FIELDS, *PROTECTION_FIELDS, "court", "registry_centre"]

# Sections of the form page, in order; the template walks them.
CASE_FORM_SECTIONS = [
    (_("Enfant"), CASE_FORM_FIELDS[0:7]),
    (_("Mère"), CASE_FORM_FIELDS[7:13]),
    (_("Père"), CASE_FORM_FIELDS[13:19]),
    (_("Requérant"), CASE_FORM_FIELDS[19:24]),
    (_("Vulnérabilités et consentement"), CASE_FORM_FIELDS[24:34]),
    (_("Juridiction et état civil"), CASE_FORM_FIELDS[34:36]),
]


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, commune: Commune) -> str:
        # Commune names repeat across cercles; the cercle and region tell them apart.
        return f"{commune.name} ({commune.cercle.name}, {commune.cercle.region.name})"


class CaseForm(forms.ModelForm):
    """What an editor may set on a dossier. ``version`` guards against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = CASE_FORM_FIELDS
        field_classes = {"birth_commune": CommuneChoiceField}
        widgets = {
            "birth_date": DATE_INPUT,
            "consent_date": DATE_INPUT,
            "protection_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_commune"].queryset = Commune.objects.select_related("cercle__region").order_by(
            "cercle__region__name", "cercle__name", "name"
        )
        for name in ("mother_nina", "father_nina"):
            # Typed with spaces it is longer than stored: the length is checked once normalised.
            field = self.fields[name]
            field.max_length = None
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs.pop("maxlength", None)
            field.help_text = _("Facultatif : 14 chiffres et une lettre.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if organisation_choice:
            # Admins belong to no organisation: they say whose dossier this is.
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=Organisation.objects.all()
            )

    def _clean_nina(self, name: str) -> str:
        # People type NINAs with spaces or in lower case: normalise, then check the shape.
        value = nina_normalise(self.cleaned_data.get(name, ""))
        validate_nina(value)
        return value

    def clean_mother_nina(self) -> str:
        return self._clean_nina("mother_nina")

    def clean_father_nina(self) -> str:
        return self._clean_nina("father_nina")

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise forms.ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        return birth_date

    def clean_consent_date(self):
        consent_date = self.cleaned_data.get("consent_date")
        if consent_date and consent_date > timezone.localdate():
            raise forms.ValidationError(_("La date du consentement ne peut pas être dans le futur."))
        return consent_date

    def case_data(self) -> dict:
        """Cleaned values for ``services.case_create`` / ``case_update``."""
        return {name: self.cleaned_data[name] for name in CASE_FORM_FIELDS}


class WitnessForm(forms.ModelForm):
    class Meta:
        model = Witness
        fields = ["family_name", "given_names", "age", "address", "id_document"]


class BaseWitnessFormSet(forms.BaseInlineFormSet):
    def witnesses(self) -> list[dict]:
        """The witnesses kept, as dicts for the services (blank and deleted rows dropped)."""
        return [
            {name: form.cleaned_data[name] for name in WitnessForm.Meta.fields}
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


WitnessFormSet = forms.inlineformset_factory(
    Case,
    Witness,
    form=WitnessForm,
    formset=BaseWitnessFormSet,
    min_num=2,
    validate_min=True,
    extra=1,
    can_delete=True,
    error_messages={"too_few_forms": _("Au moins deux témoins sont nécessaires.")},
)


class DocumentUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(label=_("Type de pièce"), queryset=DocumentType.objects.all())
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ReassignForm(forms.Form):
    caseworker = forms.ModelChoiceField(label=_("Chargé(e) du dossier"), queryset=None, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the owning organisation's staff may hold its cases.
        self.fields["caseworker"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                staff_profile__organisation_id=case.organisation_id,
                staff_profile__role__in=[Role.PARTNER_STAFF, Role.PARTNER_MANAGER],
            )
            .order_by("last_name", "first_name", "username")
        )
        self.fields["caseworker"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["caseworker"].initial = case.caseworker_id


class CloseAsDuplicateForm(forms.Form):
    original = forms.ModelChoiceField(label=_("Dossier d'origine"), queryset=None)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = candidates


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ``ValidationError`` shown beside the fields it names (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
