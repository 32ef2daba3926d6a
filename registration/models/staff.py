"""Who a staff user is in the product: a role, and the organisation or centres they serve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registration.models.reference import Organisation, RegistryCentre


class Role(models.TextChoices):
    PARTNER_STAFF = "partner_staff", _("Juriste / parajuriste partenaire")
    PARTNER_MANAGER = "partner_manager", _("Responsable partenaire")
    REGISTRY_LIAISON = "registry_liaison", _("Correspondant état civil")
    COORDINATOR = "coordinator", _("Coordination")
    ADMIN = "admin", _("Administrateur")


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("organisation"),
        help_text=_("Obligatoire pour le personnel des partenaires."),
    )
    registry_centres = models.ManyToManyField(
        RegistryCentre, blank=True, related_name="liaisons", verbose_name=_("centres d'état civil suivis")
    )

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_partner(self) -> bool:
        return self.role in (Role.PARTNER_STAFF, Role.PARTNER_MANAGER)
