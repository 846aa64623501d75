"""A real HTTP receiver on loopback for the webhook tests: it keeps every POST and answers as told."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """The server's state: what came in, and the statuses to answer with (then 200)."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    def verify(self, item: Received, secret: str) -> bool:
        """Check the signature as a receiver would: HMAC-SHA256 over "timestamp.body"."""
        stamp = item.headers["X-Registry-Timestamp"]
        expected = "sha256=" + hmac.new(secret.encode(), stamp.encode() + b"." + item.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, item.headers["X-Registry-Signature-256"])


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            state.received.append(Received(self.path, dict(self.headers), self.rfile.read(length)))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status < 300 else b'{"error": "receiver down"}')

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
