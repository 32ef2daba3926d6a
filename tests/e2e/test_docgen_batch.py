"""The dossiers of the 300 cases of one hearing, as a ZIP, from the browser with a progress bar."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from registration.models import State, Witness
from tests.factories import CaseFactory, CourtFactory

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _hearing_cases(organisation, count=300):
    court = CourtFactory(name="Tribunal de grande instance de Mopti")
    cases = CaseFactory.create_batch(
        count,
        organisation=organisation,
        state=State.HEARING_SCHEDULED,
        court=court,
        court_registry_number="RG 1/2026",
        hearing_date=datetime.date(2026, 3, 12),
        hearing_place="Mopti",
    )
    Witness.objects.bulk_create(
        Witness(case=case, family_name=name, given_names="Oumar", age=40, address="Mopti")
        for case in cases
        for name in ("Sangaré", "Touré")
    )
    return cases


def test_a_batch_for_one_hearing_shows_progress_and_downloads_the_zip(
    celery_worker_process, page, live_server, login, partner_staff, organisation
):
    cases = _hearing_cases(organisation)
    login(partner_staff)
    # The case list's selection form posts these fields (contract with the list screen).
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.evaluate(
        """([action, token, ids]) => {
            const form = document.createElement("form");
            form.method = "post"; form.action = action;
            const add = (name, value) => { const i = document.createElement("input");
                i.type = "hidden"; i.name = name; i.value = value; form.appendChild(i); };
            add("csrfmiddlewaretoken", token); add("scope", "selected"); add("title", "Audience du 12/03/2026");
            ids.forEach((id) => add("cases", id));
            const button = document.createElement("button"); button.id = "make-batch"; button.textContent = "Go";
            form.appendChild(button); document.querySelector("main").appendChild(form);
        }""",
        [reverse("docgen:batch_create"), token, [case.pk for case in cases]],
    )
    page.click("#make-batch")
    page.wait_for_url("**/app/documents/batches/*/")
    assert page.locator("progress#progress").count() == 1
    assert "300 dossiers" in page.locator("#batch").inner_text()
    page.locator("#download").wait_for(timeout=120_000)
    assert page.locator("progress#progress").get_attribute("value") == "100"
    with page.expect_download() as download_info:
        page.click("#download")
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    names = archive.namelist()
    folders = {name.split("/")[0] for name in names if "/" in name}
    assert folders == {case.reference for case in cases}
    assert {"role-audience.docx", "rapport.txt"} <= set(names)
    assert sum(name.endswith("/requete.docx") for name in names) == 300
