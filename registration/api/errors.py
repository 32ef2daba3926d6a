"""API errors the case tracker needs beyond DRF's own."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    """The case changed since the client read it; nothing was saved (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Ce dossier a été modifié entre-temps. Rechargez-le : rien n'a été enregistré.")
    default_code = "conflict"
