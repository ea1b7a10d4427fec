"""WSGI entry point: `gunicorn example.wsgi` or any WSGI server; serve.py uses the standard library's."""

import os

import example  # noqa: F401

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
application = get_wsgi_application()
