"""A made-up case, never saved: the examples of the placeholder reference, the list of known
placeholders an uploaded template is checked against, and the benchmark's synthetic cases."""

from __future__ import annotations

import datetime

from docgen.context import batch_context, case_context, document_context
from registration.models import Case, Cercle, Commune, Court, Organisation, Region, RegistryCentre, State, Witness

EXAMPLE_DAY = datetime.date(2026, 3, 12)
GIVEN_NAMES = ("Mariam", "Oumar", "Fatoumata", "Seydou", "Aminata", "Boubacar", "Kadiatou", "Moussa")
FAMILY_NAMES = ("Traoré", "Diallo", "Coulibaly", "Keïta", "Sangaré", "Touré", "Maïga", "Cissé")


def example_case(n: int = 0) -> tuple[Case, list[Witness]]:
    region = Region(name="Mopti", code="MOP")
    cercle = Cercle(name="Mopti", region=region)
    commune = Commune(name="Mopti", cercle=cercle)
    organisation = Organisation(name="Clinique juridique du Sahel", acronym="CJS")
    case = Case(
        reference=f"JS-MOP-2026-{n + 1:06d}",
        state=State.HEARING_SCHEDULED,
        organisation=organisation,
        court=Court(name="Tribunal de grande instance de Mopti", kind=Court.Kind.TGI, seat=commune),
        registry_centre=RegistryCentre(name="Centre principal d'état civil de Mopti", commune=commune),
        child_family_name=FAMILY_NAMES[n % 8],
        child_given_names=GIVEN_NAMES[n % 8],
        child_sex="F" if n % 2 == 0 else "M",
        birth_date=datetime.date(2018, 3, 12) + datetime.timedelta(days=n % 2000),
        birth_commune=commune,
        birth_locality="Sévaré, quartier Poudrière",
        mother_family_name="Diallo",
        mother_given_names="Kadiatou",
        mother_nina="12345678901234A",
        mother_occupation="ménagère",
        mother_residence="Sévaré",
        father_family_name=FAMILY_NAMES[(n + 3) % 8],
        father_given_names="Amadou",
        father_occupation="cultivateur",
        father_residence="Sévaré",
        petitioner_name="Kadiatou DIALLO",
        petitioner_relationship="mère",
        petitioner_phone="+223 76 00 00 00",
        petitioner_occupation="ménagère",
        petitioner_address="Sévaré, quartier Poudrière",
        is_internally_displaced=True,
        consent_given_by="Kadiatou DIALLO",
        consent_date=datetime.date(2026, 1, 5),
        court_registry_number=f"RG {n + 1}/2026",
        filed_on=datetime.date(2026, 2, 2),
        hearing_date=datetime.date(2026, 3, 12),
        hearing_place="Palais de justice de Mopti",
        judgment_number=f"JS {n + 1}/2026",
        judgment_date=datetime.date(2026, 3, 12),
        transmitted_on=datetime.date(2026, 3, 20),
        act_number="154",
        act_register="Registre spécial de transcription",
        act_year=2026,
        transcribed_on=datetime.date(2026, 4, 2),
        delivered_on=datetime.date(2026, 4, 15),
        delivered_to="Kadiatou DIALLO",
        delivered_to_relationship="mère",
    )
    witnesses = [
        Witness(family_name="Sangaré", given_names="Oumar", age=45, address="Mopti, Komoguel", id_document="CNI 1234"),
        Witness(family_name="Touré", given_names="Awa", age=38, address="Sévaré", id_document="NINA 5678"),
    ]
    return case, witnesses


def example_document_context() -> dict:
    case, witnesses = example_case()
    return document_context(case, witnesses=witnesses, include_protection=True, today=EXAMPLE_DAY)


def example_batch_context() -> dict:
    cases = []
    organisation = None
    for n in range(2):
        case, witnesses = example_case(n)
        organisation = case.organisation
        cases.append(case_context(case, witnesses=witnesses, include_protection=True, today=EXAMPLE_DAY))
    return batch_context(cases, organisation=organisation, title="Audience du 12/03/2026", today=EXAMPLE_DAY)
