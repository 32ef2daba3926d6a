"""A case: one child's jugement supplétif dossier, from intake to delivery.

The lifecycle (DOMAIN.md §3) is the django-fsm field ``state`` and the transitions below.
Never set ``state`` by hand: run a transition through ``registration.services.case_transition``,
which validates the facts, saves under optimistic locking and writes the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, ConcurrentTransitionMixin, FSMField, transition

from registration.models.guards import (
    delivery_may_act,
    documents_complete,
    duplicate_reviewed,
    has_two_witnesses,
    partner_may_act,
    registry_may_act,
)
from registration.models.reference import Commune, Court, Organisation, RegistryCentre
from registration.validators import validate_nina


class State(models.TextChoices):
    INTAKE = "intake", _("Dossier en constitution")
    READY = "ready", _("Dossier complet")
    FILED = "filed", _("Requête déposée")
    HEARING_SCHEDULED = "hearing_scheduled", _("Audience fixée")
    JUDGMENT_ISSUED = "judgment_issued", _("Jugement rendu")
    SENT_TO_REGISTRY = "sent_to_registry", _("Transmis à l'état civil")
    TRANSCRIBED = "transcribed", _("Acte transcrit")
    READY_FOR_DELIVERY = "ready_for_delivery", _("Acte prêt à remettre")
    DELIVERED = "delivered", _("Remis à la famille")
    REJECTED = "rejected", _("Requête rejetée")
    CLOSED = "closed", _("Clôturé")


class Sex(models.TextChoices):
    FEMALE = "F", _("Féminin")
    MALE = "M", _("Masculin")


class BirthDatePrecision(models.TextChoices):
    EXACT = "exact", _("Date exacte")
    MONTH = "month", _("Mois et année estimés")
    YEAR = "year", _("Année estimée")


class VitalStatus(models.TextChoices):
    ALIVE = "alive", _("Vivant(e)")
    DECEASED = "deceased", _("Décédé(e)")
    UNKNOWN = "unknown", _("Inconnu")


class ClosureReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Désistement")
    DUPLICATE = "duplicate", _("Doublon")
    ALREADY_REGISTERED = "already_registered", _("Déjà enregistré")
    UNTRACEABLE = "untraceable", _("Famille introuvable")
    DECEASED = "deceased", _("Enfant décédé")
    OTHER = "other", _("Autre")


# What an intake records about the child, the parents and the petitioner, in form order.
INTAKE_FIELDS = (
    "child_family_name",
    "child_given_names",
    "child_sex",
    "birth_date",
    "birth_date_precision",
    "birth_commune",
    "birth_locality",
    "mother_family_name",
    "mother_given_names",
    "mother_nina",
    "mother_occupation",
    "mother_residence",
    "mother_vital_status",
    "father_family_name",
    "father_given_names",
    "father_nina",
    "father_occupation",
    "father_residence",
    "father_vital_status",
    "petitioner_name",
    "petitioner_relationship",
    "petitioner_phone",
    "petitioner_occupation",
    "petitioner_address",
)

# Vulnerability and protection fields: never shown to, nor returned for, registry liaisons.
VULNERABILITY_FIELDS = (
    "is_internally_displaced",
    "is_returnee",
    "is_refugee",
    "is_unaccompanied",
    "is_associated_with_armed_groups",
    "is_gbv_survivor",
    "has_disability",
)

PROTECTION_FIELDS = (
    *VULNERABILITY_FIELDS,
    "consent_given_by",
    "consent_date",
    "protection_notes",
)


class Case(ConcurrentTransitionMixin, models.Model):
    """One child's dossier. The reference ``JS-<region>-<year>-<sequence>`` is never reused."""

    reference = models.CharField(_("référence"), max_length=32, unique=True, editable=False)
    state = FSMField(_("état"), default=State.INTAKE, choices=State.choices, protected=True, db_index=True)
    # Bumped on every save: an edit form posted from a stale page is refused, not merged.
    version = models.PositiveIntegerField(default=1, editable=False)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("chargé(e) du dossier"),
    )
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("juridiction")
    )
    registry_centre = models.ForeignKey(
        RegistryCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("centre d'état civil"),
    )

    # Child
    child_family_name = models.CharField(_("nom de l'enfant"), max_length=100)
    child_given_names = models.CharField(_("prénoms de l'enfant"), max_length=150)
    child_sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(
        _("date de naissance"), help_text=_("Si estimée, le premier jour du mois ou de l'année.")
    )
    birth_date_precision = models.CharField(
        _("précision de la date"), max_length=5, choices=BirthDatePrecision.choices, default=BirthDatePrecision.EXACT
    )
    birth_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="births", verbose_name=_("commune de naissance")
    )
    birth_locality = models.CharField(_("lieu-dit / village de naissance"), max_length=150, blank=True)
    # Accent- and case-free "given names family name", for search and duplicate checks.
    child_name_key = models.CharField(max_length=260, editable=False, db_index=True)

    # Parents
    mother_family_name = models.CharField(_("nom de la mère"), max_length=100)
    mother_given_names = models.CharField(_("prénoms de la mère"), max_length=150)
    mother_nina = models.CharField(_("NINA de la mère"), max_length=15, blank=True, validators=[validate_nina])
    mother_occupation = models.CharField(_("profession de la mère"), max_length=100, blank=True)
    mother_residence = models.CharField(_("domicile de la mère"), max_length=200, blank=True)
    mother_vital_status = models.CharField(
        _("la mère est"), max_length=8, choices=VitalStatus.choices, default=VitalStatus.ALIVE
    )
    mother_name_key = models.CharField(max_length=260, editable=False, db_index=True)
    father_family_name = models.CharField(_("nom du père"), max_length=100, blank=True)
    father_given_names = models.CharField(_("prénoms du père"), max_length=150, blank=True)
    father_nina = models.CharField(_("NINA du père"), max_length=15, blank=True, validators=[validate_nina])
    father_occupation = models.CharField(_("profession du père"), max_length=100, blank=True)
    father_residence = models.CharField(_("domicile du père"), max_length=200, blank=True)
    father_vital_status = models.CharField(
        _("le père est"), max_length=8, choices=VitalStatus.choices, default=VitalStatus.ALIVE
    )

    # Petitioner (requérant)
    petitioner_name = models.CharField(_("nom du requérant"), max_length=200)
    petitioner_relationship = models.CharField(_("lien avec l'enfant"), max_length=100)
    petitioner_phone = models.CharField(_("téléphone du requérant"), max_length=30, blank=True)
    petitioner_occupation = models.CharField(_("profession du requérant"), max_length=100, blank=True)
    petitioner_address = models.CharField(_("domicile du requérant"), max_length=200, blank=True)

    # Vulnerability and consent (PROTECTION_FIELDS)
    is_internally_displaced = models.BooleanField(_("déplacé interne"), default=False)
    is_returnee = models.BooleanField(_("rapatrié / retourné"), default=False)
    is_refugee = models.BooleanField(_("réfugié"), default=False)
    is_unaccompanied = models.BooleanField(_("non accompagné ou séparé"), default=False)
    is_associated_with_armed_groups = models.BooleanField(_("associé aux forces ou groupes armés"), default=False)
    is_gbv_survivor = models.BooleanField(_("survivant de VBG"), default=False)
    has_disability = models.BooleanField(_("en situation de handicap"), default=False)
    consent_given_by = models.CharField(_("consentement donné par"), max_length=200, blank=True)
    consent_date = models.DateField(_("date du consentement"), null=True, blank=True)
    protection_notes = models.TextField(_("notes de protection"), blank=True)

    # Facts recorded by the transitions
    court_registry_number = models.CharField(_("numéro d'enregistrement au greffe"), max_length=50, blank=True)
    filed_on = models.DateField(_("déposée le"), null=True, blank=True)
    hearing_date = models.DateField(_("date d'audience"), null=True, blank=True, db_index=True)
    hearing_place = models.CharField(_("lieu d'audience"), max_length=150, blank=True)
    hearing_is_mobile = models.BooleanField(_("audience foraine"), default=False)
    adjournment_count = models.PositiveSmallIntegerField(_("renvois"), default=0)
    judgment_number = models.CharField(_("numéro du jugement"), max_length=50, blank=True)
    judgment_date = models.DateField(_("date du jugement"), null=True, blank=True)
    rejection_reason = models.TextField(_("motif du rejet"), blank=True)
    transmitted_on = models.DateField(_("transmis le"), null=True, blank=True)
    act_number = models.CharField(_("numéro de l'acte"), max_length=50, blank=True)
    act_register = models.CharField(_("registre"), max_length=100, blank=True)
    act_year = models.PositiveSmallIntegerField(_("année du registre"), null=True, blank=True)
    transcribed_on = models.DateField(_("transcrit le"), null=True, blank=True)
    collected_on = models.DateField(_("retiré le"), null=True, blank=True)
    delivered_on = models.DateField(_("remis le"), null=True, blank=True)
    delivered_to = models.CharField(_("remis à"), max_length=200, blank=True)
    delivered_to_relationship = models.CharField(_("lien avec l'enfant"), max_length=100, blank=True)
    delivery_id_checked = models.BooleanField(_("pièce d'identité vérifiée"), default=False)
    closure_reason = models.CharField(_("motif de clôture"), max_length=20, choices=ClosureReason.choices, blank=True)

    # Flags beside the state
    is_potential_duplicate = models.BooleanField(_("doublon potentiel"), default=False, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("doublon de")
    )
    # Kept current by the document services so lists can filter without a subquery per row.
    missing_documents_count = models.PositiveSmallIntegerField(_("pièces obligatoires manquantes"), default=0)
    witness_count = models.PositiveSmallIntegerField(default=0, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    state_changed_at = models.DateTimeField(_("état changé le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state", "-created_at"], name="case_org_state_created"),
            models.Index(fields=["registry_centre", "state"], name="case_centre_state"),
            models.Index(fields=["court", "state"], name="case_court_state"),
            # The list filtered by region and state: region → cercles → communes, then this.
            models.Index(fields=["birth_commune", "state"], name="case_commune_state"),
        ]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.reference

    @property
    def child_full_name(self) -> str:
        return f"{self.child_family_name.upper()} {self.child_given_names}"

    def save_expecting_version(self, expected_version: int, **kwargs) -> None:
        """Save only if the row still has ``expected_version``; else ``ConcurrentTransition``.

        The state check of ConcurrentTransitionMixin misses a race between two actions that
        keep the state (two adjournments, an edit and an adjournment): the version does not.
        """
        self._expected_version = expected_version
        try:
            self.save(**kwargs)
        finally:
            self.__dict__.pop("_expected_version", None)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs):
        expected = self.__dict__.get("_expected_version")
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs)
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update, *args, **kwargs
        )
        if not updated:
            raise ConcurrentTransition("The case's version changed since it was loaded.")
        return updated

    # --- Transitions (DOMAIN.md §3). Facts are validated by the workflow forms first. ----

    @transition(
        field=state,
        source=State.INTAKE,
        target=State.READY,
        conditions=[documents_complete, has_two_witnesses],
        permission=partner_may_act,
    )
    def complete(self):
        pass

    @transition(field=state, source=State.READY, target=State.INTAKE, permission=partner_may_act)
    def reopen(self):
        pass

    @transition(
        field=state,
        source=State.READY,
        target=State.FILED,
        conditions=[documents_complete, has_two_witnesses, duplicate_reviewed],
        permission=partner_may_act,
    )
    def file(self, *, court, court_registry_number, filed_on):
        self.court, self.court_registry_number, self.filed_on = court, court_registry_number, filed_on

    @transition(field=state, source=State.FILED, target=State.HEARING_SCHEDULED, permission=partner_may_act)
    def schedule(self, *, hearing_date, hearing_place, hearing_is_mobile=False):
        self.hearing_date, self.hearing_place, self.hearing_is_mobile = hearing_date, hearing_place, hearing_is_mobile

    @transition(field=state, source=State.HEARING_SCHEDULED, target=State.HEARING_SCHEDULED, permission=partner_may_act)
    def adjourn(self, *, hearing_date, hearing_place="", hearing_is_mobile=None):
        self.hearing_date = hearing_date
        self.hearing_place = hearing_place or self.hearing_place
        if hearing_is_mobile is not None:
            self.hearing_is_mobile = hearing_is_mobile
        self.adjournment_count += 1

    @transition(field=state, source=State.HEARING_SCHEDULED, target=State.JUDGMENT_ISSUED, permission=partner_may_act)
    def grant(self, *, judgment_number, judgment_date):
        self.judgment_number, self.judgment_date = judgment_number, judgment_date

    @transition(field=state, source=State.HEARING_SCHEDULED, target=State.REJECTED, permission=partner_may_act)
    def reject(self, *, rejection_reason, judgment_date=None):
        self.rejection_reason, self.judgment_date = rejection_reason, judgment_date

    @transition(field=state, source=State.REJECTED, target=State.INTAKE, permission=partner_may_act)
    def refile(self):
        pass

    @transition(field=state, source=State.JUDGMENT_ISSUED, target=State.SENT_TO_REGISTRY, permission=partner_may_act)
    def transmit(self, *, registry_centre, transmitted_on):
        self.registry_centre, self.transmitted_on = registry_centre, transmitted_on

    @transition(field=state, source=State.SENT_TO_REGISTRY, target=State.TRANSCRIBED, permission=registry_may_act)
    def transcribe(self, *, act_number, act_register, act_year, transcribed_on):
        self.act_number, self.act_register, self.act_year, self.transcribed_on = (
            act_number,
            act_register,
            act_year,
            transcribed_on,
        )

    @transition(field=state, source=State.TRANSCRIBED, target=State.READY_FOR_DELIVERY, permission=registry_may_act)
    def collect(self, *, collected_on):
        self.collected_on = collected_on

    @transition(field=state, source=State.READY_FOR_DELIVERY, target=State.DELIVERED, permission=delivery_may_act)
    def deliver(self, *, delivered_on, delivered_to, delivered_to_relationship, delivery_id_checked):
        self.delivered_on, self.delivered_to = delivered_on, delivered_to
        self.delivered_to_relationship, self.delivery_id_checked = delivered_to_relationship, delivery_id_checked

    @transition(
        field=state, source=[State.INTAKE, State.READY, State.REJECTED], target=State.CLOSED, permission=partner_may_act
    )
    def close(self, *, closure_reason, duplicate_of=None):
        self.closure_reason = closure_reason
        if duplicate_of is not None:
            self.duplicate_of = duplicate_of
        if closure_reason == ClosureReason.DUPLICATE:
            self.is_potential_duplicate = False  # the review ended: it is one


WITNESS_ADULT_MESSAGE = _("Un témoin doit être majeur (18 ans ou plus).")


class Witness(models.Model):
    """A witness who attests the birth before the court (two or more per case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="witnesses")
    family_name = models.CharField(_("nom"), max_length=100)
    given_names = models.CharField(_("prénoms"), max_length=150)
    # Witnesses attest before a court: adults only.
    age = models.PositiveSmallIntegerField(
        _("âge"),
        validators=[
            MinValueValidator(18, message=WITNESS_ADULT_MESSAGE),
            MaxValueValidator(120),
        ],
    )
    address = models.CharField(_("domicile"), max_length=200)
    id_document = models.CharField(_("pièce d'identité"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("témoin")
        verbose_name_plural = _("témoins")

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}"


class CaseReferenceCounter(models.Model):
    """Last sequence number used per region and year; locked while a reference is taken."""

    region_code = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="unique_counter_per_region_year")]

    def __str__(self) -> str:
        return f"{self.region_code}-{self.year}: {self.last_sequence}"
