"""A loopback HTTP receiver that records what is POSTed to it: the demo's webhook and the tests' fake servers.

`fail_next` makes it answer the next requests with error statuses (a channel failing, then recovering).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    """The running receiver: its URL, what it received, and the statuses it will answer next."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    reply: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, *statuses: int) -> None:
        with self.lock:
            self.failures.extend(statuses)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Receiver:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(reply: dict[str, Any] | None = None) -> Receiver:
    """Serve on 127.0.0.1 on a free port in a daemon thread; 2xx answers carry `reply` as JSON."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with receiver.lock:
                status = receiver.failures.pop(0) if receiver.failures else 201
                if status < 300:
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = raw.decode(errors="replace")
                    receiver.received.append(Received(self.path, dict(self.headers), body))
            payload = json.dumps(receiver.reply if status < 300 else {"message": "failing on purpose"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = Receiver(server, reply=dict(reply or {}))
    threading.Thread(target=server.serve_forever, daemon=True, name="loopback-receiver").start()
    return receiver
