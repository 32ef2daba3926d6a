"""Field validators shared by the staff UI, the API and the services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# NINA (Loi 06-040): 14 digits — nationality 1, sex 1, birth year 2, locality 7, sequence 3 —
# then a check letter (DOMAIN.md §2). The check letter's algorithm is not public: only the shape
# is checked. Optional on every form: parents may not have one.
NINA_PATTERN = re.compile(r"^\d{14}[A-Z]$")


def nina_normalise(value: str) -> str:
    """What people type (spaces, dashes, lower case) to the stored form: ``12345678901234A``."""
    return re.sub(r"[\s\-.]", "", value or "").upper()


def validate_nina(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is empty or a well-formed NINA.

    Call it on the normalised value (``nina_normalise``); the error names the expected shape.
    """
    if not value:
        return
    if not NINA_PATTERN.match(value):
        raise ValidationError(
            _("Un NINA compte 14 chiffres suivis d'une lettre majuscule (ex. 12345678901234A)."),
            code="invalid_nina",
        )
