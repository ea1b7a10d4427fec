"""Django under gunicorn (one worker, threads): the same small JSON answer with and without
``@require_session`` (the sync client, against a running coatcheck serve). Prints the ready line."""

import json
import os
import secrets
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "clients", "python"))

from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(32),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["coatcheck_client.django.CoatcheckMiddleware"],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from gunicorn.app.base import BaseApplication  # noqa: E402

from coatcheck_client.django import require_session  # noqa: E402


def bare(request):
    return JsonResponse({"userId": "alice"})


@require_session
def read(request):
    return JsonResponse({"userId": request.coatcheck_session.user_id})


urlpatterns = [path("bare", bare), path("read", read)]


class Server(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return get_wsgi_application()


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
Server({
    "bind": f"127.0.0.1:{port}",
    "workers": 1,
    "worker_class": "gthread",
    "threads": 8,
    "keepalive": 5,
    "loglevel": "warning",
    "when_ready": lambda _server: print(json.dumps({"ready": True, "port": port}), flush=True),
}).run()
