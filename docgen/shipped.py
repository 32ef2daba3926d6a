"""The shipped Word templates, written with python-docx.

``manage.py build_docgen_templates`` writes them to ``docgen/templates_docx/``, where they are
committed: partners download them as a starting point, edit them in Word, and upload their
own versions. Files in the repository (rather than built at first use) make every install
start from the same bytes, so documents from the shipped version are reproducible.

``dialect="docxtpl"`` writes the same requête with docxtpl's tags, for the benchmark only.
"""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from docgen.kinds import DocumentKind

FIXED_TIME = datetime.datetime(2026, 1, 1)


class _Builder:
    def __init__(self, title: str, dialect: str = "jamu"):
        self.dialect = dialect
        self.doc = Document()
        properties = self.doc.core_properties
        properties.title, properties.author = title, "Jamu"
        properties.created = properties.modified = FIXED_TIME
        properties.last_printed = FIXED_TIME
        properties.revision = 1
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = "Times New Roman", Pt(12)
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Cm(2)
        self._letterhead(section)
        heading = self.doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(title.upper())
        run.bold, run.font.size = True, Pt(14)

    def _letterhead(self, section) -> None:
        """Header: the organisation's logo area and name; footer: reference and date."""
        table = section.header.add_table(rows=1, cols=2, width=Cm(17))
        logo, name = table.rows[0].cells
        logo.paragraphs[0].add_run("[Logo : remplacez ce texte par le logo de votre organisation]").italic = True
        paragraph = name.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(self.value("organisation.name", "upper")).bold = True
        name.add_paragraph(self.value("organisation.acronym")).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.text = "Document établi le " + self.value("today", "date") + " — Jamu"

    def value(self, path: str, *filters: str) -> str:
        return "{{ " + " | ".join((path, *filters)) + " }}"

    def para(self, *pieces, bold: bool = False, center: bool = False):
        """Pieces are text; a tuple (text,) is written bold."""
        paragraph = self.doc.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in pieces:
            if isinstance(piece, tuple):
                paragraph.add_run(piece[0]).bold = True
            else:
                paragraph.add_run(piece).bold = bold
        return paragraph

    def optional(self, path: str, *pieces):
        if self.dialect == "docxtpl":
            self.doc.add_paragraph("{%p if " + path + " %}")
            self.para(*pieces)
            self.doc.add_paragraph("{%p endif %}")
        else:
            self.para("{{ if " + path + " }}", *pieces)

    def table(self, headers: list[str], cells: list[str], *, loop: tuple[str, str]):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(header).bold = True
        name, path = loop
        if self.dialect == "docxtpl":
            table.add_row().cells[0].text = "{%tr for " + name + " in " + path + " %}"
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = text
        if self.dialect == "docxtpl":
            table.add_row().cells[0].text = "{%tr endfor %}"
        else:
            row[0].paragraphs[0].runs[0].text = "{{ for " + name + " in " + path + " }}" + cells[0]
        return table

    def signature(self, *lines: str) -> None:
        self.doc.add_paragraph()
        for line in lines:
            self.para(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def requete(dialect: str = "jamu") -> bytes:
    b = _Builder("Requête aux fins de jugement supplétif d'acte de naissance", dialect)
    v = b.value
    b.para("À Monsieur le Président du ", (v("case.court.name"),), center=True)
    b.para("Dossier ", v("case.reference"), " — ", v("case.court.kind"))
    b.para(
        "Le/la requérant(e) : ",
        (v("case.petitioner.name"),),
        ", ",
        v("case.petitioner.relationship"),
        " de l'enfant, ",
        v("case.petitioner.occupation"),
        ", domicilié(e) à ",
        v("case.petitioner.address"),
        ",",
    )
    b.para(
        "A l'honneur de vous exposer que l'enfant ",
        (v("case.child.family_name", "upper"),),
        " ",
        (v("case.child.given_names"),),
        ", de sexe ",
        v("case.child.sex", "lower"),
        ", est ",
        v("case.child.born"),
        " le ",
        v("case.child.birth_date", "date_words"),
        " (",
        v("case.child.birth_date"),
        ") à ",
        v("case.child.birth_commune"),
        ", cercle de ",
        v("case.child.birth_cercle"),
        ", région de ",
        v("case.child.birth_region"),
        ",",
    )
    b.para(
        v("case.child.son_or_daughter", "capitalize"),
        " de ",
        (v("case.mother.full_name"),),
        ", ",
        v("case.mother.occupation"),
        ", domiciliée à ",
        v("case.mother.residence"),
        ",",
    )
    b.optional(
        "case.father.full_name",
        "et de ",
        (v("case.father.full_name"),),
        ", ",
        v("case.father.occupation"),
        ", domicilié à ",
        v("case.father.residence"),
        ",",
    )
    b.para(
        "Que cette naissance n'a pas été déclarée à l'état civil dans le délai légal de trente jours francs "
        "(Code des personnes et de la famille, article 133) ;"
    )
    b.para(
        "Que les témoins ci-après, au nombre de ",
        v("case.witness_count", "number_words"),
        ", attestent de cette naissance :",
    )
    b.table(
        ["N°", "Nom et prénoms", "Âge", "Domicile"],
        [v("loop.index"), v("witness.full_name"), v("witness.age") + " ans", v("witness.address")],
        loop=("witness", "case.witnesses"),
    )
    b.para(
        "C'est pourquoi le/la requérant(e) sollicite qu'il plaise au Tribunal de rendre un jugement "
        "supplétif d'acte de naissance au profit de l'enfant et d'en ordonner la transcription."
    )
    b.signature("Fait à " + v("case.court.seat") + ", le " + v("today", "date_words"), "Le/la requérant(e)")
    return b.bytes()


def attestation_temoins(dialect: str = "jamu") -> bytes:
    b = _Builder("Attestation des témoins", dialect)
    v = b.value
    b.para("Dossier ", v("case.reference"), " — ", v("case.court.name"))
    b.para(
        "Nous soussignés, témoins, attestons sur l'honneur que l'enfant ",
        (v("case.child.full_name"),),
        ", ",
        v("case.child.born"),
        " le ",
        v("case.child.birth_date", "date_words"),
        " à ",
        v("case.child.birth_commune"),
        ", est ",
        v("case.child.son_or_daughter"),
        " de ",
        v("case.mother.full_name"),
        ".",
    )
    b.optional("case.father.full_name", "Le père de l'enfant est ", v("case.father.full_name"), ".")
    b.table(
        ["N°", "Nom et prénoms", "Âge", "Domicile", "Pièce d'identité", "Signature"],
        [v("loop.index"), v("witness.full_name"), v("witness.age"), v("witness.address"), v("witness.id_document"), ""],
        loop=("witness", "case.witnesses"),
    )
    b.signature("Fait le " + v("today", "date_long"))
    return b.bytes()


def fiche_synthese(dialect: str = "jamu") -> bytes:
    b = _Builder("Fiche de synthèse du dossier", dialect)
    v = b.value
    rows = [
        ("Référence", v("case.reference")),
        ("État", v("case.state")),
        ("Enfant", v("case.child.full_name")),
        ("Sexe", v("case.child.sex")),
        ("Date de naissance", v("case.child.birth_date")),
        ("Lieu de naissance", v("case.child.birth_commune")),
        ("Mère", v("case.mother.full_name")),
        ("Père", v("case.father.full_name", 'default("—")')),
        ("Requérant(e)", v("case.petitioner.name") + " (" + v("case.petitioner.relationship") + ")"),
        ("Téléphone", v("case.petitioner.phone")),
        ("Juridiction", v("case.court.name")),
        ("N° au greffe", v("case.filing.registry_number")),
        ("Audience", v("case.hearing.date")),
        ("Jugement", v("case.judgment.number") + " du " + v("case.judgment.date")),
        ("Centre d'état civil", v("case.registry_centre.name")),
    ]
    table = b.doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    b.optional("case.protection.vulnerabilities", "Vulnérabilités : ", v("case.protection.vulnerabilities"))
    b.para(("Témoins",))
    b.table(
        ["N°", "Nom et prénoms", "Âge", "Domicile"],
        [v("loop.index"), v("witness.full_name"), v("witness.age"), v("witness.address")],
        loop=("witness", "case.witnesses"),
    )
    b.para(
        "Pièces du dossier : certificat de non-inscription, pièces d'identité des parents, "
        "témoignages — à cocher : ☐ ☐ ☐"
    )
    return b.bytes()


def _batch(title: str, intro: list, headers: list[str], cells: list[str], closing: list[str]) -> bytes:
    b = _Builder(title)
    for pieces in intro:
        b.para(*pieces)
    b.table(headers, cells, loop=("dossier", "cases"))
    b.para("Nombre de dossiers : ", b.value("batch.count"), " (", b.value("batch.count", "number_words"), ").")
    b.signature(*closing)
    return b.bytes()


def bordereau_envoi() -> bytes:
    return _batch(
        "Bordereau d'envoi",
        [
            ("Destinataire : Monsieur le Greffier en chef du ", ("{{ batch.court.name }}",)),
            ("Objet : dépôt de requêtes aux fins de jugements supplétifs d'acte de naissance",),
        ],
        ["N°", "Référence", "Enfant", "Né(e) le", "Requérant(e)"],
        [
            "{{ loop.index }}",
            "{{ dossier.reference }}",
            "{{ dossier.child.full_name }}",
            "{{ dossier.child.birth_date }}",
            "{{ dossier.petitioner.name }}",
        ],
        ["Fait le {{ today | date_long }}", "{{ author }}"],
    )


def role_audience() -> bytes:
    return _batch(
        "Rôle d'audience",
        [
            ("{{ batch.court.name }} — audience du ", ("{{ batch.hearing_date | date_words }}",)),
            ("Lieu : {{ batch.hearing_place }}",),
        ],
        ["N°", "N° greffe", "Enfant", "Né(e) le", "Requérant(e)", "Observations"],
        [
            "{{ loop.index }}",
            "{{ dossier.filing.registry_number }}",
            "{{ dossier.child.full_name }}",
            "{{ dossier.child.birth_date }}",
            "{{ dossier.petitioner.name }}",
            "{{ dossier.hearing.kind }}",
        ],
        ["Le Greffier"],
    )


def bordereau_transmission() -> bytes:
    return _batch(
        "Bordereau de transmission",
        [
            ("Destinataire : l'Officier de l'état civil, ", ("{{ batch.registry_centre.name }}",)),
            ("Objet : transmission d'extraits de jugements supplétifs pour transcription",),
        ],
        ["N°", "Jugement", "Date", "Enfant", "Né(e) le"],
        [
            "{{ loop.index }}",
            "{{ dossier.judgment.number }}",
            "{{ dossier.judgment.date }}",
            "{{ dossier.child.full_name }}",
            "{{ dossier.child.birth_date }}",
        ],
        ["Fait le {{ today | date_long }}", "Le Greffier en chef"],
    )


def liste_emargement() -> bytes:
    return _batch(
        "Liste d'émargement — décharge de remise",
        [("Remise des actes de naissance du {{ today | date_long }}",)],
        ["N°", "Enfant", "Acte n°", "Reçu par", "Lien", "Pièce vérifiée", "Signature / empreinte"],
        [
            "{{ loop.index }}",
            "{{ dossier.child.full_name }}",
            "{{ dossier.act.number }}/{{ dossier.act.year }}",
            "{{ dossier.petitioner.name }}",
            "{{ dossier.petitioner.relationship }}",
            "☐",
            "",
        ],
        ["{{ organisation.name }}"],
    )


BUILDERS = {
    DocumentKind.REQUETE: requete,
    DocumentKind.ATTESTATION_TEMOINS: attestation_temoins,
    DocumentKind.FICHE_SYNTHESE: fiche_synthese,
    DocumentKind.BORDEREAU_ENVOI: bordereau_envoi,
    DocumentKind.ROLE_AUDIENCE: role_audience,
    DocumentKind.BORDEREAU_TRANSMISSION: bordereau_transmission,
    DocumentKind.LISTE_EMARGEMENT: liste_emargement,
}
