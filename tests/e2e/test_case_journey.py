"""One dossier from intake to delivery, through the real screens in Chromium on a phone.

A partner opens the case with two witnesses, uploads the required documents, completes,
files, schedules, records the judgment and transmits it; the registry liaison transcribes
and collects the act; the partner hands it over to the family.
"""

from __future__ import annotations

import datetime

import pytest

from registration.models import Case, DocumentType, Organisation, RegistryCentre, Role, State
from registration.reference_loader import reference_data_load
from tests.factories import staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def run_action(page, action: str, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None):
    """Open the action's <details>, fill its facts, confirm, and land back on the case page."""
    if page.locator(f"#action-{action}").get_attribute("open") is None:  # not opened yet
        page.click(f"#action-{action} summary")
    for name, value in (fields or {}).items():
        page.fill(f"#id_{action}-{name}", value)
    for name, label in (selects or {}).items():
        page.select_option(f"#id_{action}-{name}", label=label)
    submit(page, f"#action-{action} button[type=submit]")
    assert page.locator(".messages li.error").count() == 0, page.locator(".messages").inner_text()
    assert page.locator(".has-error").count() == 0, page.locator(".has-error").first.inner_text()


def test_a_case_goes_from_intake_to_delivery(page, live_server, login):
    reference_data_load()
    organisation = Organisation.objects.order_by("name").first()
    centre = RegistryCentre.objects.order_by("name").first()
    partner = staff_user(Role.PARTNER_STAFF, organisation=organisation, username="parajuriste")
    liaison = staff_user(Role.REGISTRY_LIAISON, centres=[centre], username="etat-civil")
    required = list(DocumentType.objects.filter(required_by_default=True))
    assert required
    today = datetime.date.today()

    # Intake: the case form with two witnesses.
    login(partner)
    page.goto(f"{live_server.url}/app/cases/new/")
    page.fill("#id_child_family_name", "Traoré")
    page.fill("#id_child_given_names", "Mariam")
    page.select_option("#id_child_sex", "F")
    page.fill("#id_birth_date", "2018-03-12")
    page.select_option("#id_birth_commune", index=1)
    page.fill("#id_mother_family_name", "Diallo")
    page.fill("#id_mother_given_names", "Kadiatou")
    page.fill("#id_petitioner_name", "Kadiatou DIALLO")
    page.fill("#id_petitioner_relationship", "mère")
    for index, (family, given) in enumerate([("Sangaré", "Oumar"), ("Cissé", "Fanta")]):
        page.fill(f"#id_witnesses-{index}-family_name", family)
        page.fill(f"#id_witnesses-{index}-given_names", given)
        page.fill(f"#id_witnesses-{index}-age", "45")
        page.fill(f"#id_witnesses-{index}-address", "Mopti")
    submit(page, "form.case-form button[type=submit]")
    assert "/app/cases/" in page.url and "new" not in page.url
    case = Case.objects.get()
    case_url = page.url.split("#")[0]
    assert case.witnesses.count() == 2

    # The required documents.
    for document_type in required:
        page.select_option("#id_document_type", label=document_type.name)
        page.set_input_files(
            "#id_file", files=[{"name": f"{document_type.code}.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}]
        )
        submit(page, "form.upload button[type=submit]")
    assert page.locator("#supporting-documents").inner_text().count("Fournie") == len(required)

    # Court steps.
    run_action(page, "complete")
    page.click("#action-file summary")
    page.select_option("#id_file-court", index=1)
    run_action(page, "file", {"court_registry_number": "RG 123/2026"})
    run_action(
        page,
        "schedule",
        {"hearing_date": (today + datetime.timedelta(days=14)).isoformat(), "hearing_place": "TGI de Mopti"},
    )
    run_action(page, "grant", {"judgment_number": "JS 45/2026", "judgment_date": today.isoformat()})
    run_action(page, "transmit", {}, {"registry_centre": centre.name})
    case.refresh_from_db()
    assert case.state == State.SENT_TO_REGISTRY

    # The civil registry.
    login(liaison)
    assert case.reference in page.locator("main").inner_text()  # "Jugements à transcrire"
    page.goto(case_url)
    assert "Vulnérabilités" not in page.content()
    run_action(
        page, "transcribe", {"act_number": "789", "act_register": "Registre spécial", "act_year": str(today.year)}
    )
    run_action(page, "collect")

    # Hand-over to the family.
    login(partner)
    page.goto(case_url)
    page.click("#action-deliver summary")
    page.fill("#id_deliver-delivered_to", "Kadiatou DIALLO")
    page.fill("#id_deliver-delivered_to_relationship", "mère")
    page.check("#id_deliver-delivery_id_checked")
    submit(page, "#action-deliver button[type=submit]")

    assert page.locator(".case-status .badge").first.inner_text() == "Remis à la famille"
    history = page.locator("#history").inner_text()
    for step in [
        "Dossier ouvert",
        "Pièce ajoutée",
        "Déclarer le dossier complet",
        "Déposer la requête",
        "Fixer l'audience",
        "Jugement rendu",
        "Transmettre à l'état civil",
        "Acte transcrit",
        "Acte retiré, prêt à remettre",
        "Remettre à la famille",
    ]:
        assert step in history, step
    assert "Acte prêt à remettre → Remis à la famille" in history
    case.refresh_from_db()
    assert case.state == State.DELIVERED
    assert case.events.filter(action="transcribe", by=liaison).exists()
