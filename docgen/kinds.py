"""The documents partners produce (DOMAIN.md §5): which cases each makes sense for, and the
values without which it would be a wrong document rather than an incomplete one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from registration.models import State


class DocumentKind(models.TextChoices):
    REQUETE = "requete", _("Requête aux fins de jugement supplétif")
    ATTESTATION_TEMOINS = "attestation_temoins", _("Attestation des témoins")
    FICHE_SYNTHESE = "fiche_synthese", _("Fiche de synthèse du dossier")
    BORDEREAU_ENVOI = "bordereau_envoi", _("Bordereau d'envoi")
    ROLE_AUDIENCE = "role_audience", _("Rôle d'audience")
    BORDEREAU_TRANSMISSION = "bordereau_transmission", _("Bordereau de transmission")
    LISTE_EMARGEMENT = "liste_emargement", _("Liste d'émargement")


BEFORE_JUDGMENT = (State.INTAKE, State.READY, State.FILED, State.HEARING_SCHEDULED, State.REJECTED)
AFTER_JUDGMENT = (State.JUDGMENT_ISSUED, State.SENT_TO_REGISTRY, State.TRANSCRIBED, State.READY_FOR_DELIVERY)


@dataclass(frozen=True)
class KindRules:
    per_case: bool
    states: tuple[str, ...]  # the case states the document makes sense in
    required: tuple[tuple[str, ...], ...] = ()  # values that must not be empty
    filename: str = ""


RULES: dict[str, KindRules] = {
    DocumentKind.REQUETE: KindRules(True, BEFORE_JUDGMENT, (("case", "court", "name"),), "requete"),
    DocumentKind.ATTESTATION_TEMOINS: KindRules(True, BEFORE_JUDGMENT, (), "attestation-temoins"),
    DocumentKind.FICHE_SYNTHESE: KindRules(True, tuple(State.values), (), "fiche-synthese"),
    DocumentKind.BORDEREAU_ENVOI: KindRules(
        False, (State.READY, State.FILED), (("case", "court", "name"),), "bordereau-envoi"
    ),
    DocumentKind.ROLE_AUDIENCE: KindRules(
        False, (State.HEARING_SCHEDULED,), (("case", "hearing", "date"), ("case", "court", "name")), "role-audience"
    ),
    DocumentKind.BORDEREAU_TRANSMISSION: KindRules(
        False,
        AFTER_JUDGMENT,
        (("case", "judgment", "number"), ("case", "registry_centre", "name")),
        "bordereau-transmission",
    ),
    DocumentKind.LISTE_EMARGEMENT: KindRules(
        False, (State.TRANSCRIBED, State.READY_FOR_DELIVERY, State.DELIVERED), (), "liste-emargement"
    ),
}

PER_CASE_KINDS = [kind for kind in DocumentKind if RULES[kind].per_case]
BATCH_KINDS = [kind for kind in DocumentKind if not RULES[kind].per_case]

# Names of the values in messages (French; the placeholder itself is shown next to it).
REQUIRED_LABELS = {
    ("case", "court", "name"): _("la juridiction"),
    ("case", "hearing", "date"): _("la date d'audience"),
    ("case", "judgment", "number"): _("le numéro du jugement"),
    ("case", "registry_centre", "name"): _("le centre d'état civil"),
}
