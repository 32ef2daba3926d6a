"""French first, English second: the English catalogue translates every string."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _entries(path: Path) -> list[str]:
    return [entry for entry in path.read_text(encoding="utf-8").split("\n\n") if "msgid" in entry]


def test_every_string_has_an_english_translation():
    untranslated = []
    for entry in _entries(ROOT / "locale/en/LC_MESSAGES/django.po")[1:]:  # [0] is the header
        if entry.lstrip().startswith("#~"):
            continue  # obsolete
        if "#, fuzzy" in entry or re.search(r'msgstr(\[\d\])? ""\Z', entry.strip()):
            untranslated.append(entry.split("msgid", 1)[1].splitlines()[0])
    assert untranslated == []


def test_the_interface_speaks_english_when_asked(client, django_user_model):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page or "Sign in" in page
    assert "Connexion" not in page
