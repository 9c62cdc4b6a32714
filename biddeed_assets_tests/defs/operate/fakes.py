"""Fake alert channel servers on loopback: a minimal SMTP server (the webhook and GitHub fakes are
biddeed_assets.operate.loopback), and a port nothing listens on (connection refused)."""

from __future__ import annotations

import base64
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message


def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FakeSmtp:
    server: socketserver.ThreadingTCPServer
    messages: list[Message] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    transient_failures: int = 0  # answer the next MAIL FROMs with 451

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_smtp() -> FakeSmtp:
    fake: FakeSmtp

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 fake ESMTP")
            while line := self.rfile.readline():
                verb = line.decode().strip().split(" ", 1)
                command, arg = verb[0].upper(), (verb[1] if len(verb) > 1 else "")
                if command == "EHLO":
                    self.reply("250-fake")
                    self.reply("250 AUTH PLAIN")
                elif command == "AUTH":
                    _, user, password = base64.b64decode(arg.split(" ", 1)[1]).decode().split("\0")
                    fake.logins.append((user, password))
                    self.reply("235 ok")
                elif command == "MAIL":
                    if fake.transient_failures:
                        fake.transient_failures -= 1
                        self.reply("451 try again later")
                    else:
                        self.reply("250 ok")
                elif command == "DATA":
                    self.reply("354 go ahead")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    fake.messages.append(message_from_bytes(data))
                    self.reply("250 queued")
                elif command == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 ok")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake = FakeSmtp(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
