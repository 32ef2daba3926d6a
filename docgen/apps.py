from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocgenConfig(AppConfig):
    name = "docgen"
    verbose_name = _("Génération des documents")
