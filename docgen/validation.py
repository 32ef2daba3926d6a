"""Checks an uploaded template before anything is written: a .docx, not too big, not a zip
bomb, readable, and every placeholder one the reference lists (each refusal names the text)."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _

from docgen import engine
from docgen.examples import example_batch_context, example_document_context
from docgen.kinds import RULES

MAX_TEMPLATE_BYTES = getattr(settings, "DOCGEN_TEMPLATE_MAX_BYTES", 5 * 1024 * 1024)
MAX_UNCOMPRESSED_BYTES = getattr(settings, "DOCGEN_TEMPLATE_MAX_UNCOMPRESSED_BYTES", 60 * 1024 * 1024)
MAX_ENTRIES = 1000
MAX_RATIO = 150  # Word's XML compresses ~10×; a bomb compresses by thousands


class TemplateRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _flatten(value, prefix=(), leaves=None, lists=None):
    if leaves is None:
        leaves, lists = set(), set()
    if isinstance(value, dict):
        leaves.add(prefix)  # a group may be tested by {{ if … }}
        for key, item in value.items():
            _flatten(item, (*prefix, key), leaves, lists)
    elif isinstance(value, list):
        lists.add(prefix)
        leaves.add(prefix)
        if value:
            _flatten(value[0], (*prefix, "[]"), leaves, lists)
    else:
        leaves.add(prefix)
    return leaves, lists


@cache
def known_paths(per_case: bool) -> tuple[frozenset, frozenset]:
    context = example_document_context() if per_case else example_batch_context()
    leaves, lists = _flatten(context)
    return frozenset(leaves), frozenset(lists)


def _absolute(path: tuple[str, ...], scope: dict) -> tuple[str, ...]:
    if path[0] == "loop" and scope:
        return ("loop", *path[1:])
    if path[0] in scope:
        return (*scope[path[0]], "[]", *path[1:])
    return path


def unknown_placeholders(template: engine.CompiledTemplate, kind: str) -> list[str]:
    leaves, lists = known_paths(RULES[kind].per_case)
    problems = []
    for tag, scope in template.placeholders():
        scope = {name: _absolute(path, scope) for name, path in scope.items()}
        path = _absolute(tag.path, scope)
        if isinstance(tag, engine.Loop):
            if path not in lists:
                problems.append(
                    _("« %(tag)s » : « %(name)s » n'est pas une liste") % {"tag": tag.text, "name": ".".join(tag.path)}
                )
        elif path == ("loop", "index"):
            continue
        elif path not in leaves:
            problems.append(_("« %(tag)s » : champ inconnu") % {"tag": tag.text})
    return list(dict.fromkeys(problems))


def _check_archive(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateRefused([_("Ce fichier n'est pas un document Word .docx.")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TemplateRefused([_("Ce fichier .docx est endommagé et ne peut pas être lu.")]) from None
    total = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ENTRIES
        or total > MAX_UNCOMPRESSED_BYTES
        or any(entry.file_size > MAX_RATIO * max(entry.compress_size, 1) + 1_000_000 for entry in entries)
    ):
        raise TemplateRefused([_("Ce fichier se décompresse en un volume anormal (archive piégée) : refusé.")])
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TemplateRefused([_("Ce fichier n'est pas un document Word .docx (word/document.xml manque).")])
    if b"macroEnabled" in archive.read("[Content_Types].xml"):
        raise TemplateRefused([_("Les documents avec macros (.docm) ne sont pas acceptés : enregistrez en .docx.")])


def template_check(*, data: bytes, kind: str, filename: str = "") -> engine.CompiledTemplate:
    """The compiled template, or TemplateRefused with every problem found."""
    if filename and not filename.lower().endswith(".docx"):
        raise TemplateRefused([_("Le modèle doit être un fichier Word .docx (reçu : %(name)s).") % {"name": filename}])
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            [
                _("Le fichier fait %(size)d Ko ; la limite est de %(limit)d Ko.")
                % {"size": len(data) // 1024, "limit": MAX_TEMPLATE_BYTES // 1024}
            ]
        )
    _check_archive(data)
    try:
        template = engine.compile_template(data)
    except engine.TemplateError as error:
        raise TemplateRefused(error.problems) from None
    problems = unknown_placeholders(template, kind)
    if problems:
        raise TemplateRefused(problems)
    return template
