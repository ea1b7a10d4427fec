"""A real HTTP/1.1 server on a free loopback port for the tests' small stand-ins of the service:
the handler class decides the answers; ``url`` and ``stop()`` are all a test needs."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive and ``TCP_NODELAY`` (as Node's servers, the service, do); no log."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def answer_json(self, status, body):
        """Sends ``body`` (any JSON value) with its length, so the connection stays open."""
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self, handler):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
