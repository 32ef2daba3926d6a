"""Case tracker API: cases, their lifecycle actions, and read-only reference data.

Every case endpoint starts from ``selectors.cases_visible_to`` (lists) or
``selectors.case_for_user`` (one case), so a foreign id is a 404 like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from registration import services
from registration.api.errors import Conflict
from registration.api.filters import CaseFilterBackend
from registration.api.permissions import MayEditCases
from registration.api.serializers import (
    ActionAvailabilitySerializer,
    CaseDetailSerializer,
    CaseSerializer,
    RefusalSerializer,
    TransitionRequestSerializer,
    availability_data,
    field_errors,
)
from registration.filters import CaseFilter
from registration.models import AccessLog, Case
from registration.selectors import case_for_user, cases_visible_to
from registration.workflow import ACTIONS, actions_for


class CasePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


def _refusal(reasons: list[str], status_code: int) -> Response:
    reasons = [str(reason) for reason in reasons]
    return Response({"detail": " ; ".join(reasons), "reasons": reasons}, status=status_code)


def _form_data(data) -> tuple[dict, dict]:
    """JSON values as a Django form expects them; nested lists and objects are refused.

    Forms parse strings: a JSON number for a date would otherwise reach ``str.strip``.
    """
    values, errors = {}, {}
    for key, value in data.items():
        if isinstance(value, list | dict):
            errors[key] = [_("Valeur invalide.")]
        elif isinstance(value, bool):
            # A checkbox reads "true"/"false"; any other field then says the value is invalid.
            values[key] = "true" if value else "false"
        elif isinstance(value, int | float):
            values[key] = str(value)
        else:
            values[key] = value
    return values, errors


@extend_schema_view(
    list=extend_schema(summary=_("Dossiers visibles, filtrés comme la liste du suivi")),
    retrieve=extend_schema(summary=_("Un dossier (consultation journalisée)")),
    create=extend_schema(summary=_("Ouvrir un dossier (au moins deux témoins)")),
    update=extend_schema(summary=_("Modifier un dossier (version obligatoire, 409 si périmée)")),
    partial_update=extend_schema(summary=_("Modifier une partie d'un dossier (version obligatoire)")),
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [MayEditCases]
    pagination_class = CasePagination
    filter_backends = [CaseFilterBackend]
    filterset_class = CaseFilter
    lookup_value_regex = r"\d+"
    queryset = Case.objects.none()  # for the schema; get_queryset() scopes every request

    def get_queryset(self):
        return (
            cases_visible_to(self.request.user)
            .select_related("organisation", "court", "registry_centre", "birth_commune")
            .prefetch_related("witnesses")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return CaseSerializer
        return CaseDetailSerializer

    def get_object(self) -> Case:
        try:
            case = case_for_user(self.request.user, pk=self.kwargs["pk"], surface=None)
        except Http404:
            raise NotFound() from None
        self.check_object_permissions(self.request, case)
        # Logged only once the user is allowed: a refused write showed no personal data.
        if self.action != "transitions" or self.request.method == "POST":
            AccessLog.objects.create(case=case, user=self.request.user, surface=AccessLog.Surface.API)
        return case

    @extend_schema(
        methods=["GET"],
        summary=_("Actions du cycle de vie ouvertes à l'utilisateur, avec les faits à fournir"),
        responses=ActionAvailabilitySerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Exécuter une action du cycle de vie (déposer, fixer l'audience, remettre…)"),
        request=TransitionRequestSerializer,
        responses={
            200: CaseDetailSerializer,
            400: OpenApiResponse(RefusalSerializer, description=_("Faits invalides ou action impossible")),
            403: OpenApiResponse(RefusalSerializer, description=_("Action non permise à ce rôle")),
            409: OpenApiResponse(RefusalSerializer, description=_("Dossier modifié entre-temps")),
        },
    )
    @action(detail=True, methods=["get", "post"], url_path="transitions", pagination_class=None, filter_backends=[])
    def transitions(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response([availability_data(a, case) for a in actions_for(case, request.user)])
        return self._run_transition(request, case)

    def _run_transition(self, request: Request, case: Case) -> Response:
        intent = TransitionRequestSerializer(data=request.data)
        intent.is_valid(raise_exception=True)
        name = intent.validated_data["action"]
        if name not in ACTIONS:
            return Response({"action": [_("Action inconnue : %(action)s.") % {"action": name}]}, status=400)
        expected_version = intent.validated_data.get("version")
        if expected_version is not None and expected_version != case.version:
            raise Conflict()
        values, errors = _form_data(request.data)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            # The service validates the facts with the action's form, as for the staff UI.
            case = services.case_transition(case=case, action=name, by=request.user, facts=values)
        except DjangoValidationError as invalid:
            return Response(field_errors(invalid), status=status.HTTP_400_BAD_REQUEST)
        except services.TransitionForbidden as forbidden:
            return _refusal(forbidden.reasons, status.HTTP_403_FORBIDDEN)
        except services.TransitionRefused as refused:
            return _refusal(refused.reasons, status.HTTP_400_BAD_REQUEST)
        except services.CaseConflict as conflict:
            raise Conflict(str(conflict)) from None
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)
