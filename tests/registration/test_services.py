"""Intake, edits, reassignment, references, and the history that cannot be rewritten."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from registration import services
from registration.models import AccessLog, Case, CaseEvent, CaseReferenceCounter, Role, State
from registration.selectors import case_for_user
from registration.services import CaseConflict
from tests.factories import staff_user
from tests.registration.test_services_support import WITNESSES, intake_data, open_case, private_storage_in, world

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _storage(settings, monkeypatch, tmp_path):
    private_storage_in(settings, monkeypatch, tmp_path / "private")


@pytest.fixture
def w(registry_centre):
    return world(registry_centre)


# --- Intake and references -----------------------------------------------------------------


def test_intake_gives_a_regional_reference_the_caseworker_and_a_history(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False)
    assert case.reference == f"JS-MOP-{YEAR}-000001"
    assert case.state == State.INTAKE and case.version == 1
    assert case.caseworker == partner_staff and case.created_by == partner_staff
    assert case.witness_count == 2 and case.missing_documents_count == 2
    assert case.child_name_key == f"{case.child_given_names.lower()} traore"
    assert list(case.events.values_list("action", "to_state")) == [("create", "intake")]


def test_a_closed_case_keeps_its_number_and_the_next_one_is_new(w, partner_staff, organisation):
    first = open_case(w, partner_staff, organisation)
    services.case_transition(case=first, action="close", by=partner_staff, facts={"closure_reason": "withdrawn"})
    second = open_case(w, partner_staff, organisation)
    assert first.reference.endswith("-000001")
    assert second.reference == f"JS-MOP-{YEAR}-000002"
    assert Case.objects.get(pk=first.pk).reference == first.reference


def test_bad_intake_reports_every_field_and_writes_nothing(w, partner_staff, organisation):
    data = intake_data(
        w.commune,
        mother_nina="12-34",
        birth_date=timezone.localdate() + datetime.timedelta(days=1),
        child_sex="X",
        petitioner_name="",
    )
    witnesses = [{"family_name": "Sangaré", "given_names": "Oumar", "age": "", "address": "Mopti"}, {"nom": "?"}]
    with pytest.raises(ValidationError) as refused:
        services.case_create(organisation=organisation, by=partner_staff, data=data, witnesses=witnesses)
    errors = refused.value.message_dict
    assert {"mother_nina", "birth_date", "child_sex", "petitioner_name"} <= set(errors)
    with pytest.raises(ValidationError) as refused:
        services.case_create(
            organisation=organisation, by=partner_staff, data=intake_data(w.commune), witnesses=witnesses
        )
    lines = refused.value.message_dict["witnesses"]
    assert any(line.startswith("Témoin 1, age") for line in lines)
    assert any(line.startswith("Témoin 2, nom") for line in lines)
    assert not Case.objects.exists()
    assert not CaseReferenceCounter.objects.exists()


def test_intake_refuses_fields_the_workflow_owns(w, partner_staff, organisation):
    for field, value in [("state", "delivered"), ("reference", "JS-X"), ("judgment_number", None), ("unknown", 1)]:
        data = intake_data(w.commune, **{field: value})
        if field == "judgment_number":
            data = intake_data(w.commune, is_potential_duplicate=False)
            field = "is_potential_duplicate"
        with pytest.raises(ValidationError) as refused:
            services.case_create(organisation=organisation, by=partner_staff, data=data, witnesses=WITNESSES)
        assert field in refused.value.message_dict


# --- Edits ---------------------------------------------------------------------------------


def test_an_edit_bumps_the_version_and_names_the_changed_fields(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    case = services.case_update(
        case=case,
        by=partner_staff,
        data={"mother_nina": "1234 5678 9012 34a", "petitioner_phone": "+223 76 00 00 00"},
        expected_version=case.version,
        witnesses=[*WITNESSES, {"family_name": "Dembélé", "given_names": "Ali", "age": 60, "address": "Mopti"}],
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == case.version == 2
    assert stored.mother_nina == "12345678901234A"
    assert stored.witness_count == 3 and stored.witnesses.count() == 3
    assert case.events.get(action="edit").facts == {"fields": ["mother_nina", "petitioner_phone", "witnesses"]}


def test_an_edit_from_a_stale_page_is_refused_whole(w, partner_staff, partner_manager, organisation):
    case = open_case(w, partner_staff, organisation)
    loaded_version = case.version
    services.case_update(
        case=Case.objects.get(pk=case.pk),
        by=partner_manager,
        data={"petitioner_phone": "111"},
        expected_version=loaded_version,
    )
    with pytest.raises(CaseConflict) as conflict:
        services.case_update(
            case=case,
            by=partner_staff,
            data={"petitioner_phone": "222", "child_given_names": "Awa"},
            expected_version=loaded_version,
        )
    assert "quelqu'un d'autre" in str(conflict.value)
    stored = Case.objects.get(pk=case.pk)
    assert stored.petitioner_phone == "111" and stored.child_given_names != "Awa"
    assert stored.events.filter(action="edit").count() == 1


def test_only_the_owning_partner_edits_and_never_a_finished_case(
    w, partner_staff, other_partner_staff, registry_liaison, organisation
):
    case = open_case(w, partner_staff, organisation)
    for outsider in (other_partner_staff, registry_liaison, staff_user(Role.COORDINATOR, username="coord-edit")):
        with pytest.raises(PermissionDenied):
            services.case_update(case=case, by=outsider, data={"petitioner_phone": "1"}, expected_version=case.version)
    with pytest.raises(ValidationError):
        services.case_update(case=case, by=partner_staff, data={"state": "delivered"}, expected_version=case.version)
    services.case_transition(case=case, action="close", by=partner_staff, facts={"closure_reason": "withdrawn"})
    with pytest.raises(PermissionDenied):
        services.case_update(case=case, by=partner_staff, data={"petitioner_phone": "1"}, expected_version=case.version)


def test_reassignment_stays_within_the_organisation_and_is_for_managers(
    w, partner_staff, partner_manager, other_partner_staff, organisation
):
    case = open_case(w, partner_staff, organisation)
    colleague = staff_user(Role.PARTNER_STAFF, organisation=organisation, username="colleague")
    with pytest.raises(PermissionDenied):
        services.case_reassign(case=case, caseworker=colleague, by=partner_staff)
    with pytest.raises(ValidationError):
        services.case_reassign(case=case, caseworker=other_partner_staff, by=partner_manager)
    case = services.case_reassign(case=case, caseworker=colleague, by=partner_manager)
    assert Case.objects.get(pk=case.pk).caseworker == colleague
    assert case.events.get(action="reassign").facts == {"caseworker": "colleague"}


# --- History and access logs ------------------------------------------------------------------


def test_history_and_access_logs_cannot_be_changed_or_deleted_through_the_orm(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    case_for_user(partner_staff, pk=case.pk)
    event, log = CaseEvent.objects.filter(case=case).first(), AccessLog.objects.get(case=case)
    events_before = CaseEvent.objects.filter(case=case).count()
    event.note = "rewritten"
    for row, queryset in ((event, CaseEvent.objects.all()), (log, AccessLog.objects.all())):
        with pytest.raises(PermissionDenied):
            row.save()
        with pytest.raises(PermissionDenied):
            row.delete()
        with pytest.raises(PermissionDenied):
            queryset.update(at=timezone.now())
        with pytest.raises(PermissionDenied):
            queryset.delete()
    # bulk_update runs in an atomic block without a savepoint: give it one of its own.
    with pytest.raises(PermissionDenied), transaction.atomic():
        CaseEvent.objects.bulk_update([event], ["note"])
    assert CaseEvent.objects.filter(case=case).count() == events_before >= 3
    assert CaseEvent.objects.get(pk=event.pk).note != "rewritten"
    assert AccessLog.objects.filter(case=case, user=partner_staff, surface="page").count() == 1


@pytest.mark.postgres
def test_history_and_access_logs_refuse_raw_sql_on_postgresql(w, partner_staff, organisation):
    from django.db import DatabaseError

    case = open_case(w, partner_staff, organisation)
    case_for_user(partner_staff, pk=case.pk)
    for table in ("registration_caseevent", "registration_accesslog"):
        for sql in (f"UPDATE {table} SET at = now()", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert case.events.count() >= 3


def test_a_foreign_or_malformed_id_is_not_found_and_is_not_logged(w, partner_staff, other_partner_staff, organisation):
    from django.http import Http404

    case = open_case(w, partner_staff, organisation)
    for pk in (case.pk, "abc", None):
        with pytest.raises(Http404):
            case_for_user(other_partner_staff, pk=pk)
    assert not AccessLog.objects.exists()
