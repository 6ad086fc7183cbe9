"""A stand-in for the Hugging Face Hub on 127.0.0.1: enough of its API for model_info and
hf_hub_download, and a count of the requests it got (tests assert none are made offline)."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

SHA = "0123456789abcdef0123456789abcdef01234567"


class Hub:
    """Models by repo id -> {file name: bytes}. Start with `with Hub(models) as hub: hub.url`."""

    def __init__(self, models: dict[str, dict[str, bytes]]) -> None:
        self.models = models
        self.requests: list[str] = []
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

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                hub.requests.append(f"{self.command} {self.path}")
                path = self.path.split("?", 1)[0]
                if path.startswith("/api/models/"):
                    repo = path.removeprefix("/api/models/").split("/revision/", 1)[0]
                    files = hub.models.get(repo)
                    if files is None:
                        self._send(
                            404, b'{"error": "Repository not found"}', {"X-Error-Code": "RepoNotFound"}
                        )
                        return
                    info = {
                        "id": repo,
                        "modelId": repo,
                        "sha": SHA,
                        "siblings": [{"rfilename": n} for n in files],
                    }
                    self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"})
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
                        self._send(200, body, {"ETag": f'"{etag}"', "X-Repo-Commit": SHA})
                        return
                self._send(404, b"", {"X-Error-Code": "RepoNotFound"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Hub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
