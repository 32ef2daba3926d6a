"""The placeholder reference for template authors: every name, with an example (a .docx)."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from docgen import formatting
from docgen.examples import example_batch_context, example_document_context
from docgen.kinds import BATCH_KINDS, PER_CASE_KINDS, DocumentKind
from docgen.shipped import FIXED_TIME


def placeholder_rows(context: dict, prefix: str = "", item_names: dict | None = None) -> list[tuple[str, str]]:
    """(placeholder, example) for every value; a list shows its loop and its items' values."""
    item_names = item_names or {"witnesses": "witness", "cases": "dossier"}
    rows = []
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(placeholder_rows(value, f"{path}.", item_names))
        elif isinstance(value, list):
            name = item_names.get(key, "item")
            rows.append((f"{{{{ for {name} in {path} }}}}", f"{len(value)} lignes : la ligne de tableau est répétée"))
            rows.append(("{{ loop.index }}", "1, 2, 3… (numéro de ligne)"))
            if value and isinstance(value[0], dict):
                rows.extend(placeholder_rows(value[0], f"{name}.", item_names))
        else:
            rows.append((f"{{{{ {path} }}}}", formatting.as_text(value)))
    return rows


def _table(doc, headers, rows):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def reference_document() -> bytes:
    doc = Document()
    doc.core_properties.title = "Jamu — référence des champs des modèles"
    doc.core_properties.created = doc.core_properties.modified = doc.core_properties.last_printed = FIXED_TIME
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading("Référence des champs des modèles Word", 0)
    doc.add_paragraph(
        "Écrivez un champ entre doubles accolades : {{ case.child.full_name }}. Les filtres se placent après une "
        "barre verticale : {{ case.child.birth_date | date_words }}. Une ligne de tableau contenant "
        "{{ for witness in case.witnesses }} est répétée pour chaque témoin. Un paragraphe contenant "
        "{{ if case.father.full_name }} est supprimé quand la valeur est vide. La mise en forme du texte "
        "(gras, police) est celle du premier caractère « {{ »."
    )
    doc.add_heading("Filtres", 1)
    _table(
        doc,
        ["Filtre", "Effet", "Exemple"],
        [(name, label, example) for name, (_, label, example) in formatting.FILTERS.items()],
    )
    doc.add_heading("Documents par dossier : " + ", ".join(str(DocumentKind(k).label) for k in PER_CASE_KINDS), 1)
    _table(doc, ["Champ", "Exemple"], placeholder_rows(example_document_context()))
    doc.add_paragraph("case.protection.* est vide pour les correspondants de l'état civil.")
    doc.add_heading("Documents par lot : " + ", ".join(str(DocumentKind(k).label) for k in BATCH_KINDS), 1)
    batch = example_batch_context()
    batch["cases"] = batch["cases"][:1]
    _table(doc, ["Champ", "Exemple"], placeholder_rows(batch))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
