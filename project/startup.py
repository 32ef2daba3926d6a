"""Load settings early so a bad configuration stops start-up with one clear line."""

import os
import sys


def load_settings_or_exit() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    from project.env import ConfigError

    try:
        import project.settings  # noqa: F401
    except ConfigError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
