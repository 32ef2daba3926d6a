"""What a template can print: plain dicts built from a case (or a batch of cases).

Templates only ever see these dicts — never model instances — so an author cannot reach a
field that is not listed in the placeholder reference. Registry liaisons get no
``case.protection`` at all (PROTECTION_FIELDS, DOMAIN.md §4).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from registration.models import BirthDatePrecision, Case, Court, RegistryCentre, Sex, Witness

VULNERABILITY_LABELS = (
    ("is_internally_displaced", "déplacé(e) interne"),
    ("is_returnee", "rapatrié(e) / retourné(e)"),
    ("is_refugee", "réfugié(e)"),
    ("is_unaccompanied", "non accompagné(e) ou séparé(e)"),
    ("is_associated_with_armed_groups", "associé(e) aux forces ou groupes armés"),
    ("is_gbv_survivor", "survivant(e) de VBG"),
    ("has_disability", "en situation de handicap"),
)


def _person(family_name: str, given_names: str) -> dict:
    family_name, given_names = (family_name or "").strip(), (given_names or "").strip()
    full = f"{family_name.upper()} {given_names}".strip() if family_name else given_names
    return {"family_name": family_name, "given_names": given_names, "full_name": full}


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _court(court: Court | None) -> dict:
    if court is None:
        return {}
    seat = court.seat
    return {"name": court.name, "kind": court.get_kind_display(), "seat": seat.name if seat else ""}


def _centre(centre: RegistryCentre | None) -> dict:
    if centre is None:
        return {}
    return {"name": centre.name, "kind": centre.get_kind_display(), "commune": centre.commune.name}


def _witness(witness: Witness) -> dict:
    return {
        **_person(witness.family_name, witness.given_names),
        "age": witness.age,
        "address": witness.address,
        "id_document": witness.id_document,
    }


def case_context(case: Case, *, witnesses: list[Witness], include_protection: bool, today: datetime.date) -> dict:
    """The ``case`` value of a template context."""
    female = case.child_sex == Sex.FEMALE
    commune = case.birth_commune
    cercle = commune.cercle
    context = {
        "reference": case.reference,
        "state": case.get_state_display(),
        "child": {
            **_person(case.child_family_name, case.child_given_names),
            "sex": case.get_child_sex_display(),
            "born": "née" if female else "né",
            "son_or_daughter": "fille" if female else "fils",
            "birth_date": case.birth_date,
            "birth_date_is_estimated": case.birth_date_precision != BirthDatePrecision.EXACT,
            "birth_commune": commune.name,
            "birth_cercle": cercle.name,
            "birth_region": cercle.region.name,
            "birth_locality": case.birth_locality,
            "age": _age_on(case.birth_date, today),
        },
        "mother": {
            **_person(case.mother_family_name, case.mother_given_names),
            "nina": case.mother_nina,
            "occupation": case.mother_occupation,
            "residence": case.mother_residence,
            "vital_status": case.get_mother_vital_status_display(),
        },
        "father": {
            **_person(case.father_family_name, case.father_given_names),
            "nina": case.father_nina,
            "occupation": case.father_occupation,
            "residence": case.father_residence,
            "vital_status": case.get_father_vital_status_display() if case.father_family_name else "",
        },
        "petitioner": {
            "name": case.petitioner_name,
            "relationship": case.petitioner_relationship,
            "phone": case.petitioner_phone,
            "occupation": case.petitioner_occupation,
            "address": case.petitioner_address,
        },
        "witnesses": [_witness(witness) for witness in witnesses],
        "witness_count": len(witnesses),
        "court": _court(case.court),
        "registry_centre": _centre(case.registry_centre),
        "filing": {"registry_number": case.court_registry_number, "date": case.filed_on},
        "hearing": {
            "date": case.hearing_date,
            "place": case.hearing_place,
            "kind": ("audience foraine" if case.hearing_is_mobile else "audience ordinaire")
            if case.hearing_date
            else "",
            "adjournments": case.adjournment_count,
        },
        "judgment": {"number": case.judgment_number, "date": case.judgment_date},
        "transmission": {"date": case.transmitted_on},
        "act": {
            "number": case.act_number,
            "register": case.act_register,
            "year": case.act_year,
            "date": case.transcribed_on,
        },
        "delivery": {
            "date": case.delivered_on,
            "recipient": case.delivered_to,
            "relationship": case.delivered_to_relationship,
        },
    }
    if include_protection:
        flags = [label for name, label in VULNERABILITY_LABELS if getattr(case, name)]
        context["protection"] = {
            "vulnerabilities": ", ".join(flags),
            "consent_given_by": case.consent_given_by,
            "consent_date": case.consent_date,
        }
    return context


def _organisation(organisation) -> dict:
    if organisation is None:
        return {}
    return {"name": organisation.name, "acronym": organisation.acronym or organisation.name}


def _author(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def document_context(
    case: Case, *, witnesses: list[Witness], include_protection: bool, by=None, today: datetime.date | None = None
) -> dict:
    """Everything a per-case template may print."""
    today = today or timezone.localdate()
    return {
        "case": case_context(case, witnesses=witnesses, include_protection=include_protection, today=today),
        "organisation": _organisation(case.organisation),
        "today": today,
        "author": _author(by),
    }


def batch_context(cases: list[dict], *, organisation, title: str, by=None, today: datetime.date | None = None) -> dict:
    """Everything a batch template may print; ``cases`` are ``case_context`` dicts, in order."""
    today = today or timezone.localdate()
    first = cases[0] if cases else {}
    courts = {case["court"].get("name") for case in cases}
    centres = {case["registry_centre"].get("name") for case in cases}
    hearings = {case["hearing"].get("date") for case in cases}
    return {
        "cases": cases,
        "batch": {
            "title": title,
            "count": len(cases),
            # Filled only when every case shares it (one hearing, one court, one centre).
            "court": first.get("court", {}) if len(courts) == 1 else {},
            "registry_centre": first.get("registry_centre", {}) if len(centres) == 1 else {},
            "hearing_date": first.get("hearing", {}).get("date") if len(hearings) == 1 else None,
            "hearing_place": first.get("hearing", {}).get("place", "") if len(hearings) == 1 else "",
        },
        "organisation": _organisation(organisation),
        "today": today,
        "author": _author(by),
    }
