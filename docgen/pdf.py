"""PDF through LibreOffice headless, one conversion at a time per process.

LibreOffice refuses a second instance on the same profile and is slow to start, so each
process (web worker or Celery worker) keeps its own profile and converts one file at a time
(Docassemble does the same, DOMAIN.md §8).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.utils.translation import gettext as _

_lock = threading.Lock()
TIMEOUT_S = 120


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or could not convert this file."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(
            _(
                "La conversion en PDF nécessite LibreOffice, qui n'est pas installé sur ce serveur. Téléchargez le document Word (.docx)."
            )
        )
    profile = Path(tempfile.gettempdir()) / f"jamu-libreoffice-{os.getpid()}"
    with _lock, tempfile.TemporaryDirectory(prefix="jamu-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(
                _("LibreOffice n'a pas pu convertir le document en PDF (%(error)s).") % {"error": error}
            ) from None
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise PdfUnavailable(_("LibreOffice n'a pas produit de PDF pour ce document."))
        return target.read_bytes()
