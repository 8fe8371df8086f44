#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now to report a refusal plainly
    except ImproperlyConfigured as error:
        # Django would swallow this and fail later with an unrelated traceback.
        sys.exit(f"{error}\n(For development: DEBUG=true {' '.join(sys.argv)}, or use make run / make test.)")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
