"""Opening and editing a dossier through the staff forms: field errors, witnesses, conflicts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registration import services
from registration.models import Case, CaseEvent, Witness
from tests.factories import CommuneFactory
from tests.registration.test_services_support import intake_data

NEW = reverse("registration:case_new")


def witness_data(prefix="witnesses", rows=(), initial=0, total=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total if total is not None else len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "2",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


TWO_WITNESSES = [
    {"family_name": "Sangaré", "given_names": "Oumar", "age": "45", "address": "Mopti, Komoguel"},
    {"family_name": "Cissé", "given_names": "Fanta", "age": "38", "address": "Mopti, Gangal"},
]


@pytest.fixture
def commune(db):
    return CommuneFactory()


def case_post(commune, **overrides):
    data = {
        "child_family_name": "Traoré",
        "child_given_names": "Mariam",
        "child_sex": "F",
        "birth_date": "2018-03-12",
        "birth_date_precision": "exact",
        "birth_commune": str(commune.pk),
        "mother_family_name": "Diallo",
        "mother_given_names": "Kadiatou",
        "mother_vital_status": "alive",
        "father_vital_status": "alive",
        "petitioner_name": "Kadiatou DIALLO",
        "petitioner_relationship": "mère",
        "is_internally_displaced": "on",
        "consent_given_by": "Kadiatou DIALLO",
        "consent_date": "2026-01-10",
        **witness_data(rows=TWO_WITNESSES),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_partner_opens_a_case_with_two_witnesses(client, partner_staff, organisation, commune):
    client.force_login(partner_staff)
    response = client.post(NEW, case_post(commune, mother_nina="1234567890 1234a"))
    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    case = Case.objects.get()
    assert response["Location"] == reverse("registration:case_detail", args=[case.pk])
    assert case.organisation == organisation and case.caseworker == partner_staff
    assert case.mother_nina == "12345678901234A"
    assert case.is_internally_displaced
    assert case.witnesses.count() == 2 and case.witness_count == 2
    assert CaseEvent.objects.filter(case=case, action="create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"mother_nina": "12345"}, "mother_nina", "14 chiffres"),
        ({"father_nina": "1234567890123AB"}, "father_nina", "14 chiffres"),
        ({"birth_date": "2999-01-01"}, "birth_date", "futur"),
        ({"birth_date": "12/03/2018x"}, "birth_date", "date valide"),
        ({"child_family_name": ""}, "child_family_name", "Champ requis"),
        ({"birth_commune": "999999"}, "birth_commune", "choix valide"),
    ],
)
def test_bad_case_data_gives_field_errors_and_saves_nothing(client, partner_staff, commune, overrides, field, message):
    client.force_login(partner_staff)
    response = client.post(NEW, case_post(commune, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Le dossier n'a pas été enregistré" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_one_witness_is_not_enough(client, partner_staff, commune):
    client.force_login(partner_staff)
    data = {k: v for k, v in case_post(commune).items() if not k.startswith("witnesses-1-")}
    data["witnesses-TOTAL_FORMS"] = "3"
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert "Champ requis" in str(response.context["formset"].errors[1])
    assert not Case.objects.exists() and not Witness.objects.exists()


@pytest.mark.django_db
def test_a_third_witness_can_be_added_in_the_spare_row(client, partner_staff, commune):
    client.force_login(partner_staff)
    third = {"family_name": "Koné", "given_names": "Ali", "age": "60", "address": "Sévaré"}
    response = client.post(NEW, case_post(commune, **witness_data(rows=[*TWO_WITNESSES, third])))
    assert response.status_code == 302
    assert Case.objects.get().witnesses.count() == 3


@pytest.mark.django_db
def test_a_likely_duplicate_is_flagged_right_after_creation(client, partner_staff, commune):
    client.force_login(partner_staff)
    client.post(NEW, case_post(commune))
    response = client.post(NEW, case_post(commune, child_family_name="TRAORE"), follow=True)
    first, second = Case.objects.order_by("id")
    assert second.is_potential_duplicate
    html = response.content.decode()
    assert "ressemble à un dossier existant" in html
    assert first.reference in html


def edit_post(case, commune, **overrides):
    witnesses = list(case.witnesses.all())
    rows = [
        {
            "id": str(w.pk),
            "family_name": w.family_name,
            "given_names": w.given_names,
            "age": str(w.age),
            "address": w.address,
        }
        for w in witnesses
    ]
    data = case_post(
        commune, version=str(case.version), **witness_data(rows=rows, initial=len(rows), total=len(rows) + 1)
    )
    data.update(overrides)
    return data


@pytest.fixture
def created_case(partner_staff, organisation, commune):
    return services.case_create(
        organisation=organisation,
        by=partner_staff,
        data=intake_data(commune),
        witnesses=[{**w, "age": int(w["age"])} for w in TWO_WITNESSES],
    )


@pytest.mark.django_db
def test_edit_saves_and_keeps_the_witnesses(client, partner_staff, created_case, commune):
    client.force_login(partner_staff)
    url = reverse("registration:case_edit", args=[created_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_post(created_case, commune, birth_locality="Sévaré"))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    created_case.refresh_from_db()
    assert created_case.birth_locality == "Sévaré"
    assert created_case.witnesses.count() == 2
    assert created_case.version == 2


@pytest.mark.django_db
def test_edit_from_a_stale_page_is_refused_and_keeps_the_input(
    client, partner_staff, partner_manager, created_case, commune
):
    stale = edit_post(created_case, commune, birth_locality="Ma saisie")
    services.case_update(
        case=Case.objects.get(pk=created_case.pk),
        by=partner_manager,
        data={"petitioner_phone": "+223 70 00 00 00"},
        expected_version=created_case.version,
    )
    client.force_login(partner_staff)
    response = client.post(reverse("registration:case_edit", args=[created_case.pk]), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "modifié par quelqu" in html
    assert 'value="Ma saisie"' in html
    created_case.refresh_from_db()
    assert created_case.birth_locality == "" and created_case.petitioner_phone == "+223 70 00 00 00"


@pytest.mark.django_db
def test_admin_chooses_the_organisation(client, admin_user, organisation, commune):
    client.force_login(admin_user)
    response = client.post(NEW, case_post(commune))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    response = client.post(NEW, case_post(commune, organisation=str(organisation.pk)))
    assert response.status_code == 302
    assert Case.objects.get().organisation == organisation
