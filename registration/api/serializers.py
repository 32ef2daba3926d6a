"""Case API serializers: validate input field by field, then hand over to the services.

Registry liaisons never receive the protection fields: the serializer drops them for
those users, so no code path can put them in a response by accident.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from registration import services
from registration.api.errors import Conflict
from registration.models import INTAKE_FIELDS, PROTECTION_FIELDS, Case, Organisation, Role, State, VitalStatus, Witness
from registration.models.case import WITNESS_ADULT_MESSAGE
from registration.selectors import hidden_fields_for, user_role
from registration.validators import nina_normalise, validate_nina
from registration.workflow import actions_for

REQUIRED = serializers.Field.default_error_messages["required"]  # DRF's own, already translated
MIN_WITNESSES = 2
MAX_WITNESSES = 10

# Facts recorded by the lifecycle actions: written by POST …/transitions/, never by an edit.
# The court and the registry centre are not among them: like the staff form, an edit may set
# them ahead of filing and transmission (the court's checklist decides the missing documents).
TRANSITION_FACTS = (
    "court_registry_number",
    "filed_on",
    "hearing_date",
    "hearing_place",
    "hearing_is_mobile",
    "adjournment_count",
    "judgment_number",
    "judgment_date",
    "rejection_reason",
    "transmitted_on",
    "act_number",
    "act_register",
    "act_year",
    "transcribed_on",
    "collected_on",
    "delivered_on",
    "delivered_to",
    "delivered_to_relationship",
    "delivery_id_checked",
    "closure_reason",
)
FLAGS = ("is_potential_duplicate", "duplicate_of", "missing_documents_count", "witness_count")


def _nina(value: str) -> str:
    value = nina_normalise(value)
    validate_nina(value)  # DRF turns Django's ValidationError into this field's error
    return value


def field_errors(error: DjangoValidationError) -> dict | list:
    """A Django ValidationError (model or form), shaped like DRF's field errors."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def _enum_schema(choices) -> dict:
    # Wrapped in allOf so drf-spectacular's enum naming leaves it alone: one choice set used
    # under two field names (mother/father_vital_status; state here and case_state in docgen)
    # would otherwise get two names and a warning. ENUM_NAME_OVERRIDES would do it globally.
    return {"allOf": [{"type": "string", "enum": list(choices.values)}]}


@extend_schema_field(_enum_schema(State))
class StateField(serializers.ChoiceField):
    """The lifecycle state's code (``state_label`` gives its French label)."""

    def __init__(self, **kwargs):
        super().__init__(choices=State.choices, **kwargs)


@extend_schema_field(_enum_schema(VitalStatus))
class VitalStatusField(serializers.ChoiceField):
    """A parent's vital status; one schema for both parents."""

    def __init__(self, **kwargs):
        super().__init__(choices=VitalStatus.choices, **kwargs)


class WitnessSerializer(serializers.ModelSerializer):
    class Meta:
        model = Witness
        fields = ["id", "family_name", "given_names", "age", "address", "id_document"]
        # DRF would say "greater than or equal to 18": say why, as the form does.
        extra_kwargs = {"age": {"error_messages": {"min_value": WITNESS_ADULT_MESSAGE}}}
        read_only_fields = ["id"]


class CaseSerializer(serializers.ModelSerializer):
    """A dossier, as listed and as written. ``version`` is required on every edit."""

    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Déduite du compte pour le personnel des partenaires ; obligatoire pour un administrateur."),
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Version du dossier lue avant la modification ; obligatoire pour modifier (sinon 409)."),
    )
    # Declared, not derived from the model: normalised before the shape is checked.
    mother_nina = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("NINA de la mère"))
    father_nina = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("NINA du père"))
    state = StateField(read_only=True)
    mother_vital_status = VitalStatusField(required=False, label=_("la mère est"))
    father_vital_status = VitalStatusField(required=False, label=_("le père est"))
    # Required on create and on a full update (PUT); a partial update keeps them if absent.
    witnesses = WitnessSerializer(many=True, error_messages={"required": _("Au moins deux témoins sont nécessaires")})

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "state",
            "state_label",
            "version",
            "organisation",
            "caseworker",
            "court",
            "registry_centre",
            *INTAKE_FIELDS,
            *PROTECTION_FIELDS,
            *TRANSITION_FACTS,
            *FLAGS,
            "witnesses",
            "created_at",
            "updated_at",
            "state_changed_at",
        ]
        read_only_fields = [
            "reference",
            "state",
            "caseworker",
            *TRANSITION_FACTS,
            *FLAGS,
            "created_at",
            "updated_at",
            "state_changed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name in hidden_fields_for(request.user):
                self.fields.pop(name, None)

    # --- Field checks ------------------------------------------------------------------

    def validate_mother_nina(self, value: str) -> str:
        return _nina(value)

    def validate_father_nina(self, value: str) -> str:
        return _nina(value)

    def validate_birth_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        return value

    def validate_consent_date(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("La date du consentement ne peut pas être dans le futur."))
        return value

    def validate_witnesses(self, value: list) -> list:
        if len(value) < MIN_WITNESSES:
            raise serializers.ValidationError(_("Au moins deux témoins sont nécessaires"))
        if len(value) > MAX_WITNESSES:
            raise serializers.ValidationError(
                _("%(count)d témoins au plus.") % {"count": MAX_WITNESSES},
            )
        return value

    def validate(self, attrs: dict) -> dict:
        errors = {}
        if self.instance is None:
            organisation_error = self._organisation_error(attrs)
            if organisation_error:
                errors["organisation"] = [organisation_error]
        else:
            if "version" not in attrs:
                errors["version"] = [REQUIRED]
            if "organisation" in attrs and attrs["organisation"] != self.instance.organisation:
                errors["organisation"] = [_("L'organisation d'un dossier ne peut pas être changée.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _organisation_error(self, attrs: dict) -> str | None:
        user = self.context["request"].user
        if user_role(user) == Role.ADMIN:
            return None if attrs.get("organisation") else REQUIRED
        own = user.staff_profile.organisation
        if attrs.get("organisation") not in (None, own):
            return _("Vous ne pouvez ouvrir des dossiers que pour votre organisation.")
        attrs["organisation"] = own
        return None

    # --- Writes, through the services ----------------------------------------------------

    def create(self, validated_data: dict) -> Case:
        witnesses = validated_data.pop("witnesses")
        organisation = validated_data.pop("organisation")
        validated_data.pop("version", None)
        try:
            return services.case_create(
                organisation=organisation,
                by=self.context["request"].user,
                data=validated_data,
                witnesses=witnesses,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(field_errors(error)) from None

    def update(self, instance: Case, validated_data: dict) -> Case:
        witnesses = validated_data.pop("witnesses", None)
        expected_version = validated_data.pop("version")
        validated_data.pop("organisation", None)
        try:
            return services.case_update(
                case=instance,
                by=self.context["request"].user,
                data=validated_data,
                expected_version=expected_version,
                witnesses=witnesses,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(field_errors(error)) from None
        except services.CaseConflict as conflict:
            raise Conflict(str(conflict)) from None
        except DjangoPermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None


# --- Lifecycle actions ---------------------------------------------------------------------

FORM_FIELD_TYPES = {
    "DateField": "date",
    "ModelChoiceField": "id",
    "BooleanField": "boolean",
    "IntegerField": "integer",
    "ChoiceField": "choice",
    "CharField": "string",
}


class FactFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(choices=sorted(set(FORM_FIELD_TYPES.values())))
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), required=False)


class ActionAvailabilitySerializer(serializers.Serializer):
    """One action this user may run on the case now, or could once the reasons are resolved."""

    action = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    fields = FactFieldSerializer(many=True)


class TransitionRequestSerializer(serializers.Serializer):
    """``action`` plus the facts that action needs (see GET …/transitions/), and a note."""

    action = serializers.CharField(help_text=_("Nom de l'action, ex. « file », « grant », « deliver »."))
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=_("Si donnée, refusée (409) quand le dossier a changé depuis.")
    )


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), required=False)


class CaseDetailSerializer(CaseSerializer):
    """One dossier, with the lifecycle actions open to the user who asks."""

    available_transitions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "available_transitions"]

    @extend_schema_field(ActionAvailabilitySerializer(many=True))
    def get_available_transitions(self, case: Case) -> list[dict]:
        request = self.context.get("request")
        if request is None:
            return []
        return [availability_data(a, case) for a in actions_for(case, request.user)]


def availability_data(availability, case: Case) -> dict:
    from registration.workflow import action_form

    form = action_form(availability.action, case)
    fields = []
    for name, field in form.fields.items():
        described = {
            "name": name,
            "label": str(field.label),
            "type": FORM_FIELD_TYPES.get(type(field).__name__, "string"),
            "required": field.required,
        }
        if type(field).__name__ == "ChoiceField":
            described["choices"] = [str(value) for value, _label in field.choices]
        fields.append(described)
    return {
        "action": availability.action.name,
        "label": str(availability.action.label),
        "available": availability.available,
        "reasons": [str(reason) for reason in availability.reasons],
        "fields": fields,
    }
