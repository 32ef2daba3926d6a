from django import forms
from django.utils.translation import gettext_lazy as _

from docgen.kinds import PER_CASE_KINDS, DocumentKind
from docgen.models import GeneratedDocument
from registration.models import Court, Organisation


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=[(k.value, k.label) for k in PER_CASE_KINDS])
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedDocument.Format.choices, initial="docx")


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("Toutes les organisations"),
    )
    court = forms.ModelChoiceField(
        label=_("Juridiction"), queryset=Court.objects.all(), required=False, empty_label=_("Toutes les juridictions")
    )
    file = forms.FileField(label=_("Fichier Word (.docx)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
