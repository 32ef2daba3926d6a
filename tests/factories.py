"""factory_boy factories for the registration app (reference data, staff, cases)."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from registration import models
from registration.names import name_key


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("name",)

    name = "Mopti"
    code = "MOP"
    iso_code = "ML-5"


class CercleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cercle
        django_get_or_create = ("region", "name")

    region = factory.SubFactory(RegionFactory)
    name = "Mopti"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commune
        django_get_or_create = ("cercle", "name")

    cercle = factory.SubFactory(CercleFactory)
    name = "Mopti"


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Court
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tribunal de grande instance {n}")
    kind = models.Court.Kind.TGI
    seat = factory.SubFactory(CommuneFactory)


class RegistryCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegistryCentre
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Centre principal d'état civil {n}")
    commune = factory.SubFactory(CommuneFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DocumentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"doc-{n}")
    name = factory.Sequence(lambda n: f"Pièce {n}")
    required_by_default = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Awa"
    last_name = "Traoré"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffProfile

    user = factory.SubFactory(UserFactory)
    role = models.Role.PARTNER_STAFF
    organisation = factory.SubFactory(OrganisationFactory)


_usernames = itertools.count(1)


def staff_user(role: str, *, organisation=None, centres=(), username=None, **kwargs):
    """A user with a staff profile of ``role``; admins are superusers."""
    user = UserFactory(username=username or f"{role}-{next(_usernames)}", **kwargs)
    if role == models.Role.ADMIN:
        user.is_superuser = user.is_staff = True
        user.save()
    partner = role in (models.Role.PARTNER_STAFF, models.Role.PARTNER_MANAGER)
    profile = models.StaffProfile.objects.create(user=user, role=role, organisation=organisation if partner else None)
    if centres:
        profile.registry_centres.set(centres)
    return user


class CaseFactory(factory.django.DjangoModelFactory):
    """A case at intake. Use ``services.case_create`` where the test is about intake itself."""

    class Meta:
        model = models.Case

    reference = factory.Sequence(lambda n: f"JS-MOP-2026-{n:06d}")
    organisation = factory.SubFactory(OrganisationFactory)
    child_family_name = "Traoré"
    child_given_names = factory.Sequence(lambda n: f"Mariam{n}")
    child_sex = models.Sex.FEMALE
    birth_date = datetime.date(2018, 3, 12)
    birth_commune = factory.SubFactory(CommuneFactory)
    mother_family_name = "Diallo"
    mother_given_names = "Kadiatou"
    petitioner_name = "Kadiatou DIALLO"
    petitioner_relationship = "mère"
    child_name_key = factory.LazyAttribute(lambda o: name_key(o.child_given_names, o.child_family_name))
    mother_name_key = factory.LazyAttribute(lambda o: name_key(o.mother_given_names, o.mother_family_name))


class WitnessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Witness

    case = factory.SubFactory(CaseFactory)
    family_name = "Sangaré"
    given_names = factory.Sequence(lambda n: f"Oumar{n}")
    age = 45
    address = "Mopti, quartier Komoguel"
