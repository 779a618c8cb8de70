#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labimpact.settings")
    # manage.py is the developer's tool, so it defaults to development settings (as
    # cookiecutter-django's does); production exports DJANGO_DEBUG=false, and the
    # entry points that serve traffic (wsgi.py, asgi.py) never default to debug.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
