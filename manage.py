#!/usr/bin/env python
import os
import sys

# Developer commands that sign nothing: they run without a SECRET_KEY even with DEBUG off.
# Serving, migrating and every other command still require one (config/settings.py).
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "showmigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", "offline-command-signs-nothing")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
