"""What happened to a case and who looked at it: history, access log, supporting documents."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from registration.models.case import Case, State
from registration.models.reference import DocumentType


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("History and access logs cannot be changed.")

    def delete(self):
        raise PermissionDenied("History and access logs cannot be deleted.")


class ImmutableModel(models.Model):
    """Rows that are written once and never changed, even by mistake in code."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("History and access logs cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("History and access logs cannot be deleted.")


class CaseEvent(ImmutableModel):
    """One entry of a case's history: a transition, or a change that is not one (edit, review)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("de"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=20, choices=State.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("par")
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    facts = models.JSONField(_("faits"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("événement")
        verbose_name_plural = _("historique")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class AccessLog(ImmutableModel):
    """A view of a case's personal data (Primero and OpenCRVS log record views too)."""

    class Surface(models.TextChoices):
        PAGE = "page", _("Fiche")
        API = "api", _("API")
        DOWNLOAD = "download", _("Téléchargement")
        EXPORT = "export", _("Export")
        DOCUMENT = "document", _("Document généré")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    surface = models.CharField(max_length=10, choices=Surface.choices)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("journal des consultations")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} ({self.surface})"


def private_storage():
    """Case files live outside MEDIA_ROOT (settings.STORAGES["private"])."""
    from django.core.files.storage import storages

    return storages["private"]


def supporting_document_path(instance, filename):
    # The stored name never carries the uploader's file name: it may hold personal data.
    return f"cases/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}"


class SupportingDocument(models.Model):
    """An uploaded annex (PDF, JPEG, PNG), stored privately, served by a checked view only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, verbose_name=_("type de pièce"))
    file = models.FileField(upload_to=supporting_document_path, storage=private_storage)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")

    def __str__(self) -> str:
        return f"{self.document_type} — {self.original_name}"
