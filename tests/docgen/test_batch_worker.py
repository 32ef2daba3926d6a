"""A batch through a real Celery worker: chunks in parallel, progress in the model, one ZIP."""

import time
import zipfile

import pytest

from docgen.models import DocumentBatch
from registration.models import State
from tests.docgen.conftest import make_case

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_produces_the_zip_and_the_same_inputs_give_the_same_file(
    celery_worker_process, client, partner_staff, organisation
):
    cases = [make_case(organisation, state=State.HEARING_SCHEDULED) for _ in range(60)]  # two chunks
    client.force_login(partner_staff)
    ids = [case.pk for case in cases]
    checksums = []
    for _ in range(2):
        response = client.post("/api/v1/document-batches/", {"cases": ids}, content_type="application/json")
        assert response.status_code == 202, response.content
        batch = DocumentBatch.objects.get(pk=response.json()["id"])
        deadline = time.monotonic() + 90
        while batch.status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.3)
            batch.refresh_from_db()
        assert batch.status == "done", batch.problems
        checksums.append((batch.zip_checksum, batch.zip_file.name))
        status = client.get(f"/api/v1/document-batches/{batch.pk}/").json()
        assert status["percent"] == 100 and status["download_url"]
    assert checksums[0] == checksums[1]  # same inputs and template versions: the same stored file
    archive = zipfile.ZipFile(batch.zip_file.open("rb"))
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert len(folders) == 60 and "role-audience.docx" in archive.namelist()
