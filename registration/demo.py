"""Demo data for a newcomer: one account per role, and a living set of cases."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registration.models import (
    Case,
    Commune,
    Court,
    DocumentType,
    Organisation,
    RegistryCentre,
    Role,
    StaffProfile,
    State,
)
from registration.names import name_key

# username → (role, organisation acronym, registry centre names, first name, last name)
DEMO_ACCOUNTS = {
    "demo_staff": (Role.PARTNER_STAFF, "CJS", [], "Aminata", "Coulibaly"),
    "demo_manager": (Role.PARTNER_MANAGER, "CJS", [], "Moussa", "Diarra"),
    "demo_liaison": (
        Role.REGISTRY_LIAISON,
        None,
        ["Centre principal d'état civil de Mopti", "Centre principal d'état civil de la Commune III"],
        "Fatoumata",
        "Keïta",
    ),
    "demo_coordinator": (Role.COORDINATOR, None, [], "Ibrahim", "Maïga"),
    "demo_admin": (Role.ADMIN, None, [], "Awa", "Touré"),
}


@transaction.atomic
def demo_accounts_ensure(*, password: str, reset_password: bool) -> list[str]:
    """Create the demo accounts that are missing; returns the usernames created or reset."""
    User = get_user_model()
    touched = []
    for username, (role, acronym, centres, first, last) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created or reset_password:
            user.set_password(password)
            touched.append(username)
        user.is_staff = role in (Role.ADMIN, Role.COORDINATOR)
        user.is_superuser = role == Role.ADMIN
        user.save()
        profile, _ = StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "organisation": Organisation.objects.filter(acronym=acronym).first() if acronym else None,
            },
        )
        if centres:
            profile.registry_centres.set(RegistryCentre.objects.filter(name__in=centres))
    return touched


# --- Demo cases ----------------------------------------------------------------------------

FAMILY_NAMES = [
    "Traoré",
    "Diarra",
    "Coulibaly",
    "Keïta",
    "Koné",
    "Sangaré",
    "Diallo",
    "Touré",
    "Maïga",
    "Cissé",
    "Dembélé",
    "Sidibé",
    "Sissoko",
    "Kanté",
    "Doumbia",
    "Camara",
    "Konaté",
    "Bagayoko",
    "Ballo",
    "Dicko",
    "Guindo",
    "Togo",
    "Haïdara",
    "Tounkara",
    "Samaké",
    "Fofana",
    "Berthé",
    "Sow",
    "Ouologuem",
    "Ag Mohamed",
]
GIRLS = [
    "Aminata",
    "Fatoumata",
    "Mariam",
    "Awa",
    "Kadiatou",
    "Oumou",
    "Hawa",
    "Salimata",
    "Assitan",
    "Djénéba",
    "Aïssata",
    "Rokia",
    "Kadidia",
    "Bintou",
    "Fanta",
    "Nana",
    "Safiatou",
    "Maïmouna",
]
BOYS = [
    "Moussa",
    "Mamadou",
    "Oumar",
    "Seydou",
    "Boubacar",
    "Ibrahim",
    "Adama",
    "Souleymane",
    "Abdoulaye",
    "Bakary",
    "Drissa",
    "Lassana",
    "Modibo",
    "Amadou",
    "Hamadoun",
    "Yacouba",
    "Issa",
    "Sékou",
]
OCCUPATIONS = ["cultivatrice", "ménagère", "commerçante", "éleveur", "pêcheur", "cultivateur", "commerçant", ""]
# Share of demo cases left in each state; every state appears at least once.
STATE_WEIGHTS = {
    State.INTAKE: 15,
    State.READY: 8,
    State.FILED: 10,
    State.HEARING_SCHEDULED: 14,
    State.JUDGMENT_ISSUED: 10,
    State.SENT_TO_REGISTRY: 10,
    State.TRANSCRIBED: 7,
    State.READY_FOR_DELIVERY: 8,
    State.DELIVERED: 10,
    State.REJECTED: 4,
    State.CLOSED: 4,
}
COURT_STEPS = ["complete", "file", "schedule"]
ROAD = {
    State.INTAKE: [],
    State.READY: ["complete"],
    State.FILED: ["complete", "file"],
    State.HEARING_SCHEDULED: COURT_STEPS,
    State.JUDGMENT_ISSUED: [*COURT_STEPS, "grant"],
    State.REJECTED: [*COURT_STEPS, "reject"],
    State.SENT_TO_REGISTRY: [*COURT_STEPS, "grant", "transmit"],
    State.TRANSCRIBED: [*COURT_STEPS, "grant", "transmit", "transcribe"],
    State.READY_FOR_DELIVERY: [*COURT_STEPS, "grant", "transmit", "transcribe", "collect"],
    State.DELIVERED: [*COURT_STEPS, "grant", "transmit", "transcribe", "collect", "deliver"],
    State.CLOSED: ["close"],
}
LIAISON_CENTRES = DEMO_ACCOUNTS["demo_liaison"][2]
# A one-page PDF: the demo's supporting documents are real files a reader can open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class _Demo:
    """Everything one seeding run draws from: reference data, people, a seeded random."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.communes = list(
            Commune.objects.select_related("cercle__region").filter(
                cercle__region__name__in=["Mopti", "Ségou", "Tombouctou", "Gao", "Ménaka", "District de Bamako"]
            )
        )
        self.courts = list(Court.objects.filter(is_active=True).prefetch_related("communes_served"))
        self.centres = list(RegistryCentre.objects.select_related("commune__cercle__region"))
        self.doc_types = {d.code: d for d in DocumentType.objects.all()}
        self.organisations = list(Organisation.objects.order_by("pk"))
        if not (self.communes and self.courts and self.centres and self.organisations):
            raise RuntimeError("Load the reference data first (manage.py load_reference_data).")
        self.staff = {org.pk: _org_staff(org) for org in self.organisations}
        self.liaison = get_user_model().objects.filter(username="demo_liaison").first()
        self.today = timezone.localdate()

    def court_for(self, commune):
        serving = [c for c in self.courts if commune in c.communes_served.all()]
        same_region = [c for c in self.courts if c.seat.cercle.region_id == commune.cercle.region_id]
        return self.rng.choice(serving or same_region or self.courts)

    def centre_for(self, commune):
        region = commune.cercle.region
        if region.name == "Mopti" and self.rng.random() < 0.7:
            return next(c for c in self.centres if c.name == LIAISON_CENTRES[0])
        if region.name == "District de Bamako" and self.rng.random() < 0.7:
            return next(c for c in self.centres if c.name == LIAISON_CENTRES[1])
        local = [c for c in self.centres if c.commune_id == commune.pk]
        regional = [c for c in self.centres if c.commune.cercle.region_id == region.pk]
        return self.rng.choice(local or regional or self.centres)


def _org_staff(organisation) -> list:
    """The partner users who work this organisation's cases (demo accounts first)."""
    User = get_user_model()
    users = list(User.objects.filter(staff_profile__organisation=organisation, staff_profile__role=Role.PARTNER_STAFF))
    users += list(
        User.objects.filter(staff_profile__organisation=organisation, staff_profile__role=Role.PARTNER_MANAGER)
    )
    if not users:
        slug = (organisation.acronym or f"org{organisation.pk}").lower()
        user, created = User.objects.get_or_create(
            username=f"{slug}_juriste", defaults={"first_name": "Juriste", "last_name": organisation.acronym}
        )
        if created:
            user.set_unusable_password()
            user.save()
        StaffProfile.objects.get_or_create(
            user=user, defaults={"role": Role.PARTNER_STAFF, "organisation": organisation}
        )
        users = [user]
    return users


def _identity(demo: _Demo) -> dict:
    rng = demo.rng
    sex = rng.choice("FM")
    family = rng.choice(FAMILY_NAMES)
    age_days = rng.randint(30, 17 * 365)
    precision = rng.choices(["exact", "month", "year"], weights=[6, 3, 1])[0]
    born = demo.today - datetime.timedelta(days=age_days)
    if precision == "month":
        born = born.replace(day=1)
    elif precision == "year":
        born = born.replace(month=1, day=1)
    mother_family = rng.choice(FAMILY_NAMES)
    mother_given = rng.choice(GIRLS)
    commune = rng.choice(demo.communes)
    return {
        "child_family_name": family,
        "child_given_names": rng.choice(GIRLS if sex == "F" else BOYS),
        "child_sex": sex,
        "birth_date": born,
        "birth_date_precision": precision,
        "birth_commune": commune,
        "birth_locality": rng.choice(["", "quartier Komoguel", "village de Sarema", "site de déplacés", "hameau"]),
        "mother_family_name": mother_family,
        "mother_given_names": mother_given,
        "mother_occupation": rng.choice(OCCUPATIONS),
        "mother_residence": commune.name,
        "father_family_name": family if rng.random() < 0.8 else "",
        "father_given_names": rng.choice(BOYS) if rng.random() < 0.8 else "",
        "petitioner_name": f"{mother_given} {mother_family.upper()}",
        "petitioner_relationship": "mère",
        "petitioner_phone": f"+223 {rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        "is_internally_displaced": rng.random() < 0.45,
        "is_returnee": rng.random() < 0.1,
        "is_refugee": rng.random() < 0.03,
        "is_unaccompanied": rng.random() < 0.05,
        "is_associated_with_armed_groups": rng.random() < 0.01,
        "is_gbv_survivor": rng.random() < 0.02,
        "has_disability": rng.random() < 0.04,
        "consent_given_by": f"{mother_given} {mother_family.upper()}",
        "consent_date": demo.today - datetime.timedelta(days=rng.randint(0, 30)),
    }


def _witnesses(demo: _Demo, count: int) -> list[dict]:
    return [
        {
            "family_name": demo.rng.choice(FAMILY_NAMES),
            "given_names": demo.rng.choice(BOYS + GIRLS),
            "age": demo.rng.randint(25, 70),
            "address": demo.rng.choice(demo.communes).name,
        }
        for _ in range(count)
    ]


def _timeline(demo: _Demo, target: str) -> dict[str, datetime.date]:
    """Plausible, ordered dates for each step; none in the future except a coming hearing."""
    rng, today = demo.rng, demo.today
    if target in (State.FILED, State.HEARING_SCHEDULED):
        filed = today - datetime.timedelta(days=rng.randint(3, 60))
        return {"filed": filed, "hearing": filed + datetime.timedelta(days=rng.randint(20, 75))}
    dates = {"filed": today - datetime.timedelta(days=rng.randint(90, 420))}
    steps = [
        ("hearing", 20, 60),
        ("judgment", 0, 0),
        ("transmitted", 3, 20),
        ("transcribed", 5, 30),
        ("collected", 1, 15),
        ("delivered", 1, 20),
    ]
    previous = dates["filed"]
    for name, low, high in steps:
        previous = min(today, previous + datetime.timedelta(days=rng.randint(low, high)))
        dates[name] = previous
    return dates


def _facts(demo: _Demo, case: Case, action: str, when: dict) -> dict:
    rng = demo.rng
    seq = case.reference.rsplit("-", 1)[1]
    mobile = rng.random() < 0.3
    return {
        "complete": {},
        "file": {
            "court": demo.court_for(case.birth_commune),
            "court_registry_number": f"RG {seq}",
            "filed_on": when.get("filed", demo.today),
        },
        "schedule": {
            "hearing_date": when.get("hearing", demo.today),
            "hearing_place": "Audience foraine" if mobile else "Salle d'audience",
            "hearing_is_mobile": mobile,
        },
        "grant": {
            "judgment_number": f"JS {when.get('judgment', demo.today).year}/{seq}",
            "judgment_date": when.get("judgment", demo.today),
        },
        "reject": {
            "rejection_reason": rng.choice(["Témoins absents", "Pièces insuffisantes", "Incompétence territoriale"]),
            "judgment_date": when.get("judgment", demo.today),
        },
        "transmit": {
            "registry_centre": demo.centre_for(case.birth_commune),
            "transmitted_on": when.get("transmitted", demo.today),
        },
        "transcribe": {
            "act_number": str(rng.randint(1, 9999)),
            "act_register": "Registre spécial",
            "act_year": when.get("transcribed", demo.today).year,
            "transcribed_on": when.get("transcribed", demo.today),
        },
        "collect": {"collected_on": when.get("collected", demo.today)},
        "deliver": {
            "delivered_on": when.get("delivered", demo.today),
            "delivered_to": case.petitioner_name,
            "delivered_to_relationship": "mère",
            "delivery_id_checked": True,
        },
        "close": {"closure_reason": rng.choice(["withdrawn", "already_registered", "untraceable", "other"])},
    }[action]


def _actor(demo: _Demo, case: Case, action: str, worker):
    """Registry steps on the demo liaison's centres are done by the liaison, as in real life."""
    if (
        action in ("transcribe", "collect")
        and demo.liaison
        and case.registry_centre
        and case.registry_centre.name in LIAISON_CENTRES
    ):
        return demo.liaison
    return worker


def _demo_case(demo: _Demo, organisation, target: str, identity: dict | None = None) -> Case:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registration import services

    rng = demo.rng
    staff = demo.staff[organisation.pk]
    worker = staff[0] if rng.random() < 0.6 else rng.choice(staff)
    complete = target != State.INTAKE or rng.random() < 0.5
    data = identity or _identity(demo)
    case = services.case_create(
        organisation=organisation,
        by=worker,
        data=data,
        witnesses=_witnesses(demo, 2 if complete else rng.choice([0, 1, 2])),
    )
    codes = (
        ["non-registration-certificate", "petitioner-id"]
        if complete
        else rng.sample(["non-registration-certificate", "petitioner-id"], rng.randint(0, 1))
    )
    if complete and rng.random() < 0.4:
        codes.append("parents-id")
    for code in codes:
        if code in demo.doc_types:
            upload = SimpleUploadedFile(f"{code}.pdf", DEMO_PDF, "application/pdf")
            services.document_upload(case=case, document_type=demo.doc_types[code], uploaded_file=upload, by=worker)
    case.refresh_from_db()
    when = _timeline(demo, target)
    for action in ROAD[target]:
        facts = _facts(demo, case, action, when)
        case = services.case_transition(case=case, action=action, by=_actor(demo, case, action, worker), facts=facts)
    return case


def demo_cases_ensure(*, count: int, seed: int = 2026) -> int:
    """Create ``count`` demo cases across every state when there are none yet.

    Each case is driven through ``case_transition`` so it has a real history; a few are the
    same child opened twice (flagged, some closed as duplicates). Returns how many were made.
    """
    if count <= 0 or Case.objects.exists():
        return 0
    rng = random.Random(seed)
    with transaction.atomic():
        demo = _Demo(rng)
        states = list(STATE_WEIGHTS)
        targets = states[: min(count, len(states))]
        targets += rng.choices(states, weights=list(STATE_WEIGHTS.values()), k=count - len(targets))
        cjs = next((o for o in demo.organisations if o.acronym == "CJS"), demo.organisations[0])
        made: list[Case] = []
        for index, target in enumerate(targets):
            organisation = cjs if rng.random() < 0.5 else rng.choice(demo.organisations)
            # About one intake in thirty is a child already on file, typed differently.
            if index >= len(states) and rng.random() < 0.035:
                made.append(_demo_twin(demo, rng.choice(made), rng.choice([State.INTAKE, State.INTAKE, State.CLOSED])))
            else:
                made.append(_demo_case(demo, organisation, target))
        _demo_age(rng, made)
    return len(made)


def _demo_age(rng: random.Random, cases: list[Case]) -> None:
    """Spread the demo over the past months, so "overdue" and date filters have something
    to show. Only the case's own dates move: the history keeps the day it was written."""
    now = timezone.now()
    for case in cases:
        opened = now - datetime.timedelta(days=rng.randint(1, 240))
        changed = max(opened, now - datetime.timedelta(days=rng.randint(0, 60)))
        if case.state not in (State.DELIVERED, State.CLOSED) and rng.random() < 0.08:
            changed = now - datetime.timedelta(days=rng.randint(91, 180))
            opened = min(opened, changed)
        Case.objects.filter(pk=case.pk).update(created_at=opened, state_changed_at=changed)


def _demo_twin(demo: _Demo, original: Case, target: str) -> Case:
    """The same child opened again, names typed differently: flagged at intake."""
    from registration import services

    identity = {
        name: getattr(original, name)
        for name in (
            "child_sex",
            "birth_date",
            "birth_commune",
            "mother_family_name",
            "mother_given_names",
            "petitioner_name",
            "petitioner_relationship",
        )
    }
    identity["child_family_name"] = name_key(original.child_family_name).upper()
    identity["child_given_names"] = original.child_given_names.upper()
    twin = _demo_case(demo, original.organisation, State.INTAKE, identity=identity)
    if target == State.CLOSED and original.state != State.CLOSED:
        worker = demo.staff[twin.organisation_id][0]
        twin = services.case_close_as_duplicate(
            case=twin, original=original, by=worker, note="Même enfant, saisi deux fois"
        )
    return twin
