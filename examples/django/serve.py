"""Serves the Django example with the standard library's WSGI server (threaded), for PORT=0 and
a `listening on` line like the other examples. Production: gunicorn or uwsgi behind TLS.

    COATCHECK_SERVICE_KEY=… /usr/bin/python3 examples/django/serve.py
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import example  # noqa: F401  (puts clients/python on sys.path in a checkout)


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # access logs would hold paths only, but stay quiet
        pass


def main() -> None:
    host = os.environ.get("HOST") or "127.0.0.1"
    try:
        port = int(os.environ.get("PORT") or 3003)
    except ValueError:
        sys.exit("cannot start: PORT must be a port number (0 for any free port)")
    # Bind before Django loads, so the default trusted origins name the real port.
    server = make_server(host, port, lambda environ, start: app(environ, start),  # app: set below
                         server_class=ThreadingServer, handler_class=QuietHandler)
    port = server.server_port
    os.environ.setdefault("COATCHECK_ORIGINS", f"http://localhost:{port},http://127.0.0.1:{port}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
    from django.core.wsgi import get_wsgi_application

    from coatcheck_client import ConfigError

    try:
        app = get_wsgi_application()  # builds the middleware: bad configuration stops here
    except ConfigError as error:
        sys.exit(f"cannot start: {error}")
    print(f"listening on http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
