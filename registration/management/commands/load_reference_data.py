from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registration.reference_loader import STARTER_DIR, ReferenceDataError, reference_data_load


class Command(BaseCommand):
    help = "Load regions, cercles, communes, courts, registry centres, document types and organisations from CSV files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=STARTER_DIR, help="Folder with CSV files of the starter set's shape."
        )

    def handle(self, *args, dir: Path, **options):  # noqa: A002 (the option's name)
        if not dir.is_dir():
            raise CommandError(_("%(dir)s n'est pas un dossier.") % {"dir": dir})
        try:
            counts = reference_data_load(directory=dir)
        except ReferenceDataError as exc:
            raise CommandError(_("Rien n'a été chargé :") + "\n" + "\n".join(exc.errors)) from None
        for name, count in counts.items():
            if options["verbosity"]:
                self.stdout.write(f"{name}: {count} rows")
