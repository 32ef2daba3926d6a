"""Make sure the public site has its home page (used by seed_demo and migrations of a new site)."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage


@transaction.atomic
def site_ensure() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    # Wagtail's initial migration creates a placeholder "Welcome" page; replace it.
    for page in root.get_children().exclude(content_type__model="homepage"):
        page.delete()
    home = HomePage(
        title="Un acte de naissance pour chaque enfant",
        slug="accueil",
        locale=locale,
        intro="Comment obtenir un jugement supplétif d'acte de naissance au Mali.",
    )
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Jamu"}
    )
    return home
