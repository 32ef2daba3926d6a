import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from registration.demo import DEMO_ACCOUNTS, demo_accounts_ensure


class Command(BaseCommand):
    help = "Create demo data (reference data, one account per role, cases). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=500, help="How many demo cases to create when there are none.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has users.")

    def handle(self, *args, cases: int, if_empty: bool, **options):
        from django.contrib.auth import get_user_model

        if if_empty and get_user_model().objects.exists():
            password_file = settings.VAR_DIR / "demo-password.txt"
            if password_file.exists():
                self.stdout.write(
                    f"Demo accounts ({', '.join(DEMO_ACCOUNTS)}) — password: {password_file.read_text().strip()}"
                )
            return
        call_command("load_reference_data", verbosity=0)
        password_file = settings.VAR_DIR / "demo-password.txt"
        password = os.environ.get("DEMO_PASSWORD")
        reset = bool(password)
        if not password:
            password = password_file.read_text().strip() if password_file.exists() else secrets.token_urlsafe(12)
        touched = demo_accounts_ensure(password=password, reset_password=reset)
        if not os.environ.get("DEMO_PASSWORD"):
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        from cms.setup import site_ensure

        site_ensure()
        from registration.demo import demo_cases_ensure

        created = demo_cases_ensure(count=cases)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} cases created)."))
        if touched:
            self.stdout.write("Demo accounts (" + ", ".join(DEMO_ACCOUNTS) + f") — password: {password}")
