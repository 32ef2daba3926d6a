"""The public awareness site (Wagtail). Pages never show personal data, only aggregates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front page: what a birth certificate is for and how to get one."""

    intro = models.CharField(_("accroche"), max_length=250, blank=True)
    body = RichTextField(_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("page d'accueil")
