"""A fake OpenAI-compatible chat completions API on loopback: per model, a script of what it answers."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OK = "ok"  # a completion: the draft the router sent, reworded a little (it restates only the facts)


@dataclass
class FakeProvider:
    server: ThreadingHTTPServer
    scripts: dict[str, list[Any]] = field(default_factory=dict)  # model -> answers, one per call; OK when used up
    requests: list[dict[str, Any]] = field(default_factory=list)
    reply_text: str | None = None  # answer with this text instead of the draft
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def models_called(self) -> list[str]:
        return [r["body"]["model"] for r in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _draft(body: dict[str, Any]) -> str:
    user = body["messages"][-1]["content"]
    return user.split("Draft written from the facts: ", 1)[1].rsplit("\nRewrite the draft.", 1)[0]


def start() -> FakeProvider:
    fake: FakeProvider

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            with fake.lock:
                fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                script = fake.scripts.get(body["model"], [])
                answer = script.pop(0) if script else OK
            if isinstance(answer, tuple) and answer[0] == "sleep":
                time.sleep(answer[1])
                answer = OK
            if isinstance(answer, int):
                self._send(answer, b'{"error": {"message": "failing on purpose"}}')
            elif answer == "garbage":
                self._send(200, b"<html>not json")
            elif answer == "no_choices":
                self._send(200, b'{"choices": []}')
            else:
                text = fake.reply_text if fake.reply_text is not None else "In short: " + _draft(body)
                usage = {"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500}
                payload = {"id": "cmpl-1", "object": "chat.completion", "model": body["model"],
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                        "finish_reason": "stop"}], "usage": usage}
                self._send(200, json.dumps(payload).encode())

        def _send(self, status: int, payload: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake = FakeProvider(server)
    threading.Thread(target=server.serve_forever, daemon=True, name="fake-llm").start()
    return fake
