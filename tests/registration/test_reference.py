"""Reference data: the shipped starter set, and a partner's own CSVs validated before writing."""

import pytest
from django.core.management import CommandError, call_command

from registration.models import Cercle, Commune, Court, DocumentType, Organisation, Region, RegistryCentre
from registration.reference_loader import ReferenceDataError, reference_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter():
    return reference_data_load()


def test_the_starter_set_has_the_twenty_regions_with_their_iso_codes(starter):
    assert Region.objects.count() == 20
    iso = dict(Region.objects.exclude(iso_code="").values_list("name", "iso_code"))
    assert iso == {
        "Kayes": "ML-1",
        "Koulikoro": "ML-2",
        "Sikasso": "ML-3",
        "Ségou": "ML-4",
        "Mopti": "ML-5",
        "Tombouctou": "ML-6",
        "Gao": "ML-7",
        "Kidal": "ML-8",
        "Ménaka": "ML-9",
        "Taoudénit": "ML-10",
        "District de Bamako": "ML-BKO",
    }
    assert Region.objects.get(name="Douentza").iso_code == ""


def test_the_starter_set_covers_the_regions_partners_work_in(starter):
    for region in ["Mopti", "Ségou", "Tombouctou", "Gao", "Ménaka", "District de Bamako"]:
        assert Commune.objects.filter(cercle__region__name=region).count() >= 4, region
    assert RegistryCentre.objects.count() >= 15
    assert DocumentType.objects.filter(required_by_default=True).count() == 2
    assert Organisation.objects.filter(acronym="CJS").exists()


def test_courts_that_sit_outside_their_area_are_data(starter):
    dire = Court.objects.get(name="Tribunal d'instance de Diré")
    assert dire.seat.name == "Tombouctou"
    assert list(dire.communes_served.values_list("name", flat=True)) == ["Diré"]
    bourem = Court.objects.get(name="Tribunal d'instance de Bourem")
    assert bourem.seat.name == "Gao" and bourem.communes_served.filter(name="Bourem").exists()


def test_loading_twice_changes_nothing(starter):
    counts = (Region.objects.count(), Cercle.objects.count(), Commune.objects.count(), Court.objects.count())
    reference_data_load()
    assert counts == (Region.objects.count(), Cercle.objects.count(), Commune.objects.count(), Court.objects.count())


def test_a_partners_folder_extends_the_starter_set(starter, tmp_path):
    (tmp_path / "communes.csv").write_text("region,cercle,commune\nMopti,Bankass,Bankass\nMopti,Bankass,Baye\n")
    (tmp_path / "courts.csv").write_text(
        "name,kind,seat_region,seat_commune,communes_served\nTribunal d'instance de Bankass,TI,Mopti,Bankass,Bankass;Baye\n"
    )
    call_command("load_reference_data", "--dir", str(tmp_path), verbosity=0)
    court = Court.objects.get(name="Tribunal d'instance de Bankass")
    assert court.communes_served.count() == 2
    assert Region.objects.count() == 20


def test_a_bad_folder_writes_nothing_and_reports_every_bad_line(starter, tmp_path):
    before = (Commune.objects.count(), Court.objects.count(), RegistryCentre.objects.count())
    (tmp_path / "communes.csv").write_text(
        "region,cercle,commune\nMopti,Bankass,Bankass\nAtlantide,X,Y\nMopti,,Baye\n", encoding="utf-8"
    )
    (tmp_path / "courts.csv").write_text(
        "name,kind,seat_region,seat_commune,communes_served\n"
        "Tribunal d'instance de Bankass,TI,Mopti,Bankass,Bankass\n"
        "Cour X,CASSATION,Mopti,Bankass,\n"
        "Tribunal de Nulle Part,TI,Mopti,Nulle Part,Ailleurs\n"
    )
    (tmp_path / "document_types.csv").write_text("code,name,required_by_default\nacte naissance,Acte,oui\n")
    with pytest.raises(ReferenceDataError) as refused:
        reference_data_load(directory=tmp_path)
    errors = refused.value.errors
    assert any(e.startswith("communes.csv ligne 3") and "Atlantide" in e for e in errors)
    assert any(e.startswith("communes.csv ligne 4") for e in errors)
    assert any(e.startswith("courts.csv ligne 3") for e in errors)
    assert sum(e.startswith("courts.csv ligne 4") for e in errors) == 2  # unknown seat, unknown commune served
    assert sum(e.startswith("document_types.csv ligne 2") for e in errors) == 2
    assert not any("ligne 2" in e for e in errors if e.startswith(("communes.csv", "courts.csv")))
    assert before == (Commune.objects.count(), Court.objects.count(), RegistryCentre.objects.count())
    assert not Cercle.objects.filter(name="Bankass").exists()

    with pytest.raises(CommandError) as command_refused:
        call_command("load_reference_data", "--dir", str(tmp_path), verbosity=0)
    assert "Rien n'a été chargé" in str(command_refused.value)


def test_missing_columns_or_a_file_not_in_utf8_are_reported(tmp_path):
    (tmp_path / "regions.csv").write_text("code,nom\nMOP,Mopti\n")
    (tmp_path / "organisations.csv").write_bytes("name,acronym\nSoci\xe9t\xe9,S\n".encode("latin-1"))
    with pytest.raises(ReferenceDataError) as refused:
        reference_data_load(directory=tmp_path)
    assert len(refused.value.errors) == 2
    assert not Region.objects.exists()
