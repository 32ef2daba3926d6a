import datetime

import pytest

from docgen.formatting import date_in_words, date_long, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zéro"),
        (1, "un"),
        (17, "dix-sept"),
        (21, "vingt et un"),
        (45, "quarante-cinq"),
        (71, "soixante et onze"),
        (77, "soixante-dix-sept"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (91, "quatre-vingt-onze"),
        (100, "cent"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (1000, "mille"),
        (2026, "deux mille vingt-six"),
        (1999, "mille neuf cent quatre-vingt-dix-neuf"),
        (80_000, "quatre-vingt mille"),
        (200_000, "deux cent mille"),
        (1_000_000, "un million"),
        (2_500_000, "deux millions cinq cent mille"),
    ],
)
def test_numbers_are_written_in_french_words(number, words):
    assert number_in_words(number) == words


def test_dates_are_written_as_in_a_judgment():
    assert date_in_words(datetime.date(2026, 3, 12)) == "douze mars deux mille vingt-six"
    assert date_in_words(datetime.date(2018, 1, 1)) == "premier janvier deux mille dix-huit"
    assert date_long(datetime.date(2026, 8, 1)) == "1er août 2026"
