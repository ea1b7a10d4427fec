#!/usr/bin/env python3
"""Django's command line for the example: `python3 manage.py runserver 127.0.0.1:3003`."""

import os
import sys

import example  # noqa: F401  (puts clients/python on sys.path in a checkout)

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
