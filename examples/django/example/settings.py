"""Settings of the Django example: coatcheck's middleware instead of Django's sessions and CSRF."""

import os
import secrets

# Django signs nothing this example relies on; a random key per process is enough here. A real
# project sets DJANGO_SECRET_KEY from its secret store.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False  # never a stack trace in an answer
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
ROOT_URLCONF = "example.urls"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Replaces django.middleware.csrf: the coatcheck cross-origin rules for every unsafe method.
    "coatcheck_client.django.CoatcheckMiddleware",
]
# No COATCHECK dict: the middleware reads COATCHECK_SERVICE_URL, COATCHECK_SERVICE_KEY (a secret:
# from the environment, never committed), COATCHECK_ISSUER, COATCHECK_AUDIENCE, COATCHECK_ORIGINS.
WSGI_APPLICATION = "example.wsgi.application"
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
