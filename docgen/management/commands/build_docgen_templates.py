"""Write the shipped Word templates and the placeholder reference to docgen/templates_docx/."""

from django.core.management.base import BaseCommand

from docgen.kinds import RULES
from docgen.reference import reference_document
from docgen.services import REFERENCE_FILE, SHIPPED_DIR
from docgen.shipped import BUILDERS


class Command(BaseCommand):
    help = "Écrit les modèles Word fournis et la référence des champs dans docgen/templates_docx/."

    def handle(self, *args, **options):
        SHIPPED_DIR.mkdir(exist_ok=True)
        for kind, build in BUILDERS.items():
            target = SHIPPED_DIR / f"{RULES[kind].filename}.docx"
            target.write_bytes(build())
            self.stdout.write(str(target))
        REFERENCE_FILE.write_bytes(reference_document())
        self.stdout.write(str(REFERENCE_FILE))
