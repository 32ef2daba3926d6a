"""Word templates and the documents generated from them (issue: docgen).

Templates are versioned per organisation and/or court; a generated document keeps the version
it was made with, so it can be made again the same way. Files are stored by checksum in the
private storage: the same inputs give the same bytes, and the same stored file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from docgen.kinds import DocumentKind
from registration.models import Case, Court, Organisation, State
from registration.models.records import private_storage  # re-exported: migrations name it here


class DocumentTemplate(models.Model):
    """One version of a Word template. The shipped defaults have no organisation nor court."""

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("organisation")
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("juridiction"))
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(storage=private_storage, upload_to="docgen/templates/")
    checksum = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    is_shipped = models.BooleanField(_("modèle fourni"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "organisation_id", "court_id", "-version"]
        verbose_name = _("modèle de document")
        verbose_name_plural = _("modèles de documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class DocumentBatch(models.Model):
    """A set of cases whose dossiers are generated together into one ZIP, by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    title = models.CharField(_("intitulé"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    case_ids = models.JSONField(default=list)
    # Ids that were asked for but are not visible to the creator: reported, never generated.
    refused_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    chunk_count = models.PositiveIntegerField(default=0)
    cases_done = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)
    zip_file = models.FileField(storage=private_storage, upload_to="docgen/batches/", blank=True)
    zip_checksum = models.CharField(max_length=64, blank=True)
    zip_size = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lot de documents")
        verbose_name_plural = _("lots de documents")

    def __str__(self) -> str:
        return self.title

    @property
    def case_count(self) -> int:
        return len(self.case_ids)

    @property
    def zip_filename(self) -> str:
        return f"dossiers-lot-{self.pk}.zip"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.case_ids:
            return 0
        # The last 5 % is the ZIP itself.
        return min(95, int(95 * self.cases_done / len(self.case_ids)))


class DocumentBatchChunk(models.Model):
    """One slice of a batch rendered by one task; its row makes a redelivered task count once."""

    batch = models.ForeignKey(DocumentBatch, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "index"], name="unique_chunk_per_batch")]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.index}"


class GeneratedDocument(models.Model):
    """One generated file: which template version, the case's state, who, when, checksum."""

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (.docx)")
        PDF = "pdf", "PDF"

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="generated_documents")
    batch = models.ForeignKey(DocumentBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    case_state = models.CharField(_("état du dossier"), max_length=20, choices=State.choices, blank=True)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.DOCX)
    file = models.FileField(storage=private_storage, upload_to="docgen/generated/")
    filename = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    # Hash of (template checksum, context, format): the same key reuses the stored file.
    input_key = models.CharField(max_length=64, db_index=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("généré le"), auto_now_add=True)
    # Rendered for someone who may see vulnerabilities: never served to a registry liaison.
    includes_protection = models.BooleanField(default=False)

    class Meta:
        ordering = ["-generated_at", "-id"]
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")

    def __str__(self) -> str:
        return self.filename
