"""Reference data: geography, courts, civil registry centres, organisations, checklists.

Editable in the admin and loaded by ``manage.py load_reference_data``. A court's area is
data: some courts sit outside their own cercle for security (DOMAIN.md §2).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of the 19 regions or the Bamako district (2023 territorial organisation)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    code = models.CharField(
        _("code court"),
        max_length=3,
        unique=True,
        help_text=_("Trois lettres, utilisées dans la référence des dossiers (ex. MOP)."),
    )
    iso_code = models.CharField(
        _("code ISO 3166-2"), max_length=6, blank=True, help_text=_("Vide pour les régions créées en 2023.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self) -> str:
        return self.name


class Cercle(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cercles", verbose_name=_("région"))
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_cercle_per_region")]
        verbose_name = _("cercle")
        verbose_name_plural = _("cercles")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    cercle = models.ForeignKey(Cercle, on_delete=models.PROTECT, related_name="communes", verbose_name=_("cercle"))
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["cercle", "name"], name="unique_commune_per_cercle")]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name


class Court(models.Model):
    """A court that rules on jugements supplétifs (TGI, TI, or a former JPCE)."""

    class Kind(models.TextChoices):
        TGI = "TGI", _("Tribunal de grande instance")
        TI = "TI", _("Tribunal d'instance")
        JPCE = "JPCE", _("Justice de paix à compétence étendue")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    seat = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="court_seats",
        verbose_name=_("siège"),
        help_text=_("Où la juridiction siège effectivement, parfois hors de son ressort."),
    )
    communes_served = models.ManyToManyField(
        Commune, related_name="courts", blank=True, verbose_name=_("communes du ressort")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("juridiction")
        verbose_name_plural = _("juridictions")

    def __str__(self) -> str:
        return self.name


class RegistryCentre(models.Model):
    """A civil registry centre (centre d'état civil) that transcribes judgments."""

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("Centre principal")
        SECONDARY = "secondary", _("Centre secondaire")
        SPECIAL = "special", _("Centre spécial")

    name = models.CharField(_("nom"), max_length=150, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PRINCIPAL)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="registry_centres", verbose_name=_("commune")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre d'état civil")
        verbose_name_plural = _("centres d'état civil")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A legal aid partner (NGO, lawyers' association) that owns cases."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    acronym = models.CharField(_("sigle"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")

    def __str__(self) -> str:
        return self.acronym or self.name


class DocumentType(models.Model):
    """A kind of supporting document (certificate of non-registration, parents' ID, …)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    required_by_default = models.BooleanField(
        _("obligatoire par défaut"), default=False, help_text=_("Utilisé pour les juridictions sans liste propre.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("type de pièce")
        verbose_name_plural = _("types de pièces")

    def __str__(self) -> str:
        return self.name


class CourtDocumentRequirement(models.Model):
    """One line of a court's checklist. A court with no lines uses the defaults."""

    court = models.ForeignKey(
        Court, on_delete=models.CASCADE, related_name="document_requirements", verbose_name=_("juridiction")
    )
    document_type = models.ForeignKey(DocumentType, on_delete=models.CASCADE, verbose_name=_("type de pièce"))
    required = models.BooleanField(_("obligatoire"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "document_type"], name="unique_requirement_per_court")]
        verbose_name = _("pièce exigée")
        verbose_name_plural = _("pièces exigées")

    def __str__(self) -> str:
        return f"{self.court} — {self.document_type}"
