"""French legal formatting for template values: numbers and dates in words, filters.

Legal style writes dates in words ("le douze mars deux mille vingt-six") and family names in
capitals (DOMAIN.md §5). Numbers follow the traditional spelling used in court documents
(hyphens below one hundred only, "et un", "quatre-vingts", "deux cents").
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _below_hundred(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        # soixante-dix…, quatre-vingt-dix…: the base plus 10..19
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = n - (60 if tens == 7 else 80)
        joiner = " et " if rest == 11 and tens == 7 else "-"
        return f"{base}{joiner}{_UNITS[rest]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_UNITS[unit]}"
    word = _TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{_UNITS[unit]}"


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head if hundreds == 1 else head + "s"
    return f"{head} {_below_hundred(rest)}"


def number_in_words(n: int) -> str:
    """2026 → "deux mille vingt-six"; 80 → "quatre-vingts"; 1_000_000 → "un million"."""
    n = int(n)
    if n < 0:
        return "moins " + number_in_words(-n)
    if n < 1000:
        return _below_thousand(n)
    words = []
    for size, singular, plural in ((10**9, "milliard", "milliards"), (10**6, "million", "millions")):
        count, n = divmod(n, size)
        if count:
            words.append(f"{number_in_words(count)} {singular if count == 1 else plural}")
    thousands, n = divmod(n, 1000)
    if thousands:
        # "mille" is invariable, and "cent" before it loses its "s" ("deux cent mille").
        head = _below_thousand(thousands)
        if head.endswith("cents"):
            head = head[:-1]
        if head.endswith("quatre-vingts"):
            head = head[:-1]
        words.append("mille" if thousands == 1 else f"{head} mille")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def date_in_words(value: datetime.date) -> str:
    """12/03/2026 → "douze mars deux mille vingt-six"; the first of a month is "premier"."""
    day = "premier" if value.day == 1 else number_in_words(value.day)
    return f"{day} {MONTHS[value.month - 1]} {number_in_words(value.year)}"


def date_long(value: datetime.date) -> str:
    """12/03/2026 → "12 mars 2026" (1er for the first of a month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def date_short(value: datetime.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def as_text(value) -> str:
    """How a value prints with no filter: dates dd/mm/yyyy, booleans oui/non, nothing for None."""
    if value is None:
        return ""
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, datetime.datetime):
        return f"{date_short(value)} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return date_short(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(item) for item in value)
    return str(value)


def _dated(function):
    def apply(value, *args):
        if value in (None, ""):
            return value
        if not isinstance(value, datetime.date):
            raise FilterError(_("la valeur n'est pas une date"))
        return function(value, *args)

    return apply


def _number(function):
    def apply(value, *args):
        if value in (None, ""):
            return value
        try:
            return function(int(value), *args)
        except (TypeError, ValueError):
            raise FilterError(_("la valeur n'est pas un nombre")) from None

    return apply


class FilterError(ValueError):
    """A filter was given a value it cannot format (e.g. a name to ``date_words``)."""


def _default(value, fallback=""):
    return fallback if value in (None, "", [], ()) else value


# Filter name → (function, what it does, example) — the example feeds the placeholder reference.
FILTERS = {
    "upper": (lambda v, *a: as_text(v).upper(), "MAJUSCULES", "TRAORÉ"),
    "lower": (lambda v, *a: as_text(v).lower(), "minuscules", "traoré"),
    "capitalize": (lambda v, *a: as_text(v)[:1].upper() + as_text(v)[1:], "Première lettre en capitale", "Mère"),
    "date": (_dated(date_short), "Date jj/mm/aaaa", "12/03/2026"),
    "date_long": (_dated(date_long), "Date en clair", "12 mars 2026"),
    "date_words": (_dated(date_in_words), "Date en toutes lettres", "douze mars deux mille vingt-six"),
    "year_words": (_dated(lambda d: number_in_words(d.year)), "Année en toutes lettres", "deux mille vingt-six"),
    "number_words": (_number(number_in_words), "Nombre en toutes lettres", "quarante-cinq"),
    "default": (_default, 'Texte si la valeur est vide : default("……")', "……"),
}
