"""A stand-in for the Hugging Face Hub on 127.0.0.1: enough of its API for licheck's `--online`
(model info, and files by revision), a count of the requests it got (tests assert none are made
offline, or one per link of a chain), and ways to misbehave: a custom answer for a path, a body
(or the status line and headers) sent one byte at a time, a redirect, a revision that moves."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

SHA = "0123456789abcdef0123456789abcdef01234567"


class Answer:
    """A custom answer for one path: a status, a body, and how slowly to send it."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        drip: float = 0.0,
        length: int | None = None,
        headers: dict[str, str] | None = None,
        raw: bool = False,
    ) -> None:
        self.status = status
        self.body = body
        self.drip = drip  # seconds between two bytes (0: all at once)
        self.length = length  # a Content-Length to announce (None: the body's)
        self.headers = headers or {}  # more headers (a redirect's Location)
        self.raw = raw  # the body is the whole answer, status line and headers too


class Hub:
    """Models by repo id -> {file name: bytes}; `revisions` gives a repo another sha than SHA.
    Start with `with Hub(models) as hub: hub.url`."""

    def __init__(
        self,
        models: dict[str, dict[str, bytes]],
        revisions: dict[str, str] | None = None,
        answers: dict[str, Answer] | None = None,
    ) -> None:
        self.models = models
        self.revisions = revisions or {}
        self.answers = answers or {}
        self.requests: list[str] = []
        self.authorizations: list[str | None] = []  # the Authorization header of each request
        hub = self

        class Handler(BaseHTTPRequestHandler):
            seen: ClassVar[list[str]] = self.requests

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _custom(self, answer: Answer) -> None:
                if not answer.raw:
                    self.send_response(answer.status)
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.send_header(
                        "Content-Length",
                        str(answer.length if answer.length is not None else len(answer.body)),
                    )
                    self.end_headers()
                try:
                    if not answer.drip:
                        self.wfile.write(answer.body)
                        return
                    for byte in answer.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(answer.drip)
                except (BrokenPipeError, ConnectionResetError):
                    return

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                hub.requests.append(f"{self.command} {self.path}")
                hub.authorizations.append(self.headers.get("Authorization"))
                path = self.path.split("?", 1)[0]
                if path in hub.answers:
                    self._custom(hub.answers[path])
                    return
                if path.startswith("/api/models/"):
                    self._info(path.removeprefix("/api/models/").split("/revision/", 1)[0])
                    return
                for repo, files in hub.models.items():
                    prefix = f"/{repo}/resolve/"
                    if path.startswith(prefix):
                        name = path.removeprefix(prefix).split("/", 1)[1]
                        if name not in files:
                            self._send(404, b"", {"X-Error-Code": "EntryNotFound"})
                            return
                        body = files[name]
                        etag = hashlib.sha1(body).hexdigest()
                        self._send(200, body, {"ETag": f'"{etag}"', "X-Repo-Commit": hub.sha(repo)})
                        return
                self._send(404, b"", {"X-Error-Code": "RepoNotFound"})

            def _info(self, repo: str) -> None:
                found = next(
                    (r for r in hub.models if r.lower() == repo.lower()), None
                )  # the Hub ignores case
                if found is None:
                    self._send(404, b'{"error": "Repository not found"}', {"X-Error-Code": "RepoNotFound"})
                    return
                info = {
                    "id": found,
                    "modelId": found,
                    "sha": hub.sha(found),
                    "siblings": [{"rfilename": n} for n in hub.models[found]],
                }
                self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def sha(self, repo: str) -> str:
        return self.revisions.get(repo, SHA)

    def lookups(self) -> list[str]:
        """The model-info requests, one per model asked about."""
        return [r.split(" ", 1)[1] for r in self.requests if " /api/models/" in r]

    def __enter__(self) -> Hub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
