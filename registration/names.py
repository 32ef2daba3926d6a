"""Name keys for search and duplicate checks: Traoré, TRAORE and Traore are one name."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\-']+")


def name_key(*parts: str) -> str:
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
