"""Supporting documents: checklist per court, missing count kept current, uploads sniffed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from registration import services
from registration.models import CourtDocumentRequirement, Role, SupportingDocument
from registration.validators import nina_normalise, validate_nina
from tests.factories import DocumentTypeFactory, staff_user
from tests.registration.test_services_support import PDF_BYTES, PNG_BYTES, open_case, pdf, private_storage_in, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(settings, monkeypatch, tmp_path):
    return private_storage_in(settings, monkeypatch, tmp_path / "private")


@pytest.fixture
def w(registry_centre):
    return world(registry_centre)


def stored_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_checklist_is_the_courts_own_list_else_the_defaults(w, storage, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False)
    assert case.missing_documents_count == 2
    assert {d.code for d in services.missing_document_types(case)} == {"non-registration-certificate", "petitioner-id"}
    witnesses_id = DocumentTypeFactory(code="witnesses-id", required_by_default=False)
    CourtDocumentRequirement.objects.create(court=w.other_court, document_type=witnesses_id)
    CourtDocumentRequirement.objects.create(court=w.other_court, document_type=w.doc_types[0], required=False)
    assert [d.code for d in services.missing_document_types(case, court=w.other_court)] == ["witnesses-id"]


def test_the_missing_count_follows_uploads_deletions_and_court_changes(
    w, storage, partner_staff, organisation, django_capture_on_commit_callbacks
):
    case = open_case(w, partner_staff, organisation, documents=False)
    first = services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=pdf(), by=partner_staff)
    case.refresh_from_db()
    assert case.missing_documents_count == 1
    services.document_upload(case=case, document_type=w.doc_types[1], uploaded_file=pdf(), by=partner_staff)
    case.refresh_from_db()
    assert case.missing_documents_count == 0

    CourtDocumentRequirement.objects.create(
        court=w.other_court, document_type=DocumentTypeFactory(code="witnesses-id", required_by_default=False)
    )
    case = services.case_update(
        case=case, by=partner_staff, data={"court": w.other_court}, expected_version=case.version
    )
    case.refresh_from_db()
    assert case.missing_documents_count == 1

    case = services.case_update(case=case, by=partner_staff, data={"court": None}, expected_version=case.version)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=first, by=partner_staff)
    case.refresh_from_db()
    assert case.missing_documents_count == 1
    assert list(case.events.filter(action__startswith="document").values_list("action", flat=True)) == [
        "document_added",
        "document_added",
        "document_removed",
    ]
    assert len(stored_files(storage)) == 1


def test_an_html_page_named_pdf_is_refused_and_nothing_is_written(w, storage, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False)
    fake = SimpleUploadedFile(
        "jugement.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"
    )
    with pytest.raises(ValidationError) as refused:
        services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=fake, by=partner_staff)
    assert "file" in refused.value.message_dict
    assert not SupportingDocument.objects.exists()
    assert stored_files(storage) == []
    assert not case.events.filter(action="document_added").exists()


def test_the_type_is_read_from_the_content_not_the_name(w, storage, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False)
    photo = SimpleUploadedFile("scan.pdf", PNG_BYTES, "application/pdf")
    document = services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=photo, by=partner_staff)
    assert document.content_type == "image/png"
    assert document.original_name == "scan.pdf"
    assert document.size == len(PNG_BYTES)
    # The stored name is the content's hash, never the uploader's file name.
    assert "scan" not in document.file.name
    assert document.file.read() == PNG_BYTES


def test_a_file_over_the_size_limit_is_refused(w, storage, partner_staff, organisation, monkeypatch):
    monkeypatch.setattr(services.documents, "MAX_UPLOAD_BYTES", 1024)
    case = open_case(w, partner_staff, organisation, documents=False)
    big = SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * 2048, "application/pdf")
    with pytest.raises(ValidationError):
        services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=big, by=partner_staff)
    assert stored_files(storage) == []


def test_only_people_who_work_the_case_may_add_or_remove_documents(
    w, storage, partner_staff, other_partner_staff, organisation
):
    case = open_case(w, partner_staff, organisation, documents=False)
    coordinator = staff_user(Role.COORDINATOR, username="coord-docs")
    for outsider in (other_partner_staff, coordinator):
        with pytest.raises(PermissionDenied):
            services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=pdf(), by=outsider)
    document = services.document_upload(case=case, document_type=w.doc_types[0], uploaded_file=pdf(), by=partner_staff)
    with pytest.raises(PermissionDenied):
        services.document_delete(document=document, by=other_partner_staff)
    assert SupportingDocument.objects.count() == 1


@pytest.mark.parametrize("value", ["", "12345678901234A", "00000000000000Z"])
def test_a_well_formed_or_absent_nina_is_accepted(value):
    validate_nina(value)


@pytest.mark.parametrize(
    "value", ["1234567890123A", "123456789012345", "12345678901234a", "A2345678901234B", "12345678901234AB"]
)
def test_a_malformed_nina_is_refused(value):
    with pytest.raises(ValidationError):
        validate_nina(value)


def test_a_nina_typed_with_spaces_is_normalised():
    assert nina_normalise(" 1234 5678-901234 a") == "12345678901234A"
