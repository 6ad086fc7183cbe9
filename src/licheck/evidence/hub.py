"""The Hugging Face Hub, only when the user asks (`--online`, or `online: true` in a manifest).

A small client of licheck's own, on the standard library, rather than huggingface_hub: every
request has a connect and read timeout, a total deadline and a size cap, and every answer is
checked before it is used, so a Hub (or anything answering in its place) that is slow, endless,
huge or malformed gets one clear error (exit 2) naming what was wrong, never a hang or a crash.

`--online` asks the Hub now: the revision the Hub names for `main` is read every time; files are
downloaded only for a revision the cache does not hold yet. What is fetched lands in the Hugging
Face cache in huggingface_hub's own layout (blobs/, snapshots/REV/ links, refs/main moved to the
revision read), each file written atomically and nothing removed, so the next offline run, a lock
and huggingface_hub itself find the same facts. HF_ENDPOINT, HF_TOKEN (or the token file
huggingface_hub keeps) and HF_HUB_OFFLINE are honoured.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from licheck.core.errors import LicheckError
from licheck.evidence.folder import read_target
from licheck.evidence.hfcache import cache_root
from licheck.evidence.types import Artifact

LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-MODEL", "LICENSE_MODEL")
TIMEOUT = 10.0  # seconds to connect, and between two reads (LICHECK_HUB_TIMEOUT)
DEADLINE = 30.0  # seconds for one whole request (LICHECK_HUB_DEADLINE)
MAX_JSON = 8 << 20  # the largest model_info answer read
MAX_FILE = 4 << 20  # the largest card or LICENSE read
_COMMIT = re.compile(r"[0-9a-f]{40}\Z")
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?\Z")


class HubError(LicheckError):
    """The Hub could not be asked, or answered something licheck will not use (exit 2)."""


def _limit(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise HubError(f"{name}={raw!r}: not a number of seconds") from None
    if not 0 < value <= 3600:
        raise HubError(f"{name}={raw!r}: must be between 0 and 3600 seconds")
    return value


def endpoint(env: Mapping[str, str] | None = None) -> str:
    """The Hub's address: HF_ENDPOINT, an http or https address, or huggingface.co."""
    env = os.environ if env is None else env
    value = (env.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018  (a port out of range raises here)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubError(f"HF_ENDPOINT={value!r}: not an http or https address")
    return value


def _token(env: Mapping[str, str]) -> str | None:
    token = env.get("HF_TOKEN") or env.get("HUGGING_FACE_HUB_TOKEN")
    if token:
        return token.strip()
    home = Path(env["HF_HOME"]) if env.get("HF_HOME") else Path.home() / ".cache" / "huggingface"
    try:
        text = (home / "token").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def get(url: str, cap: int, what: str) -> bytes | None:
    """The body of a GET, at most `cap` bytes, within the deadline; None for 404 (and for 401/403:
    a gated or private repository is as good as absent for licheck). Raises HubError otherwise.

    The deadline holds from the first byte to the last, headers included: a watch closes the
    connection when it passes. A redirect is followed only to http or https, and the token is
    never sent on to another host."""
    timeout, deadline = _limit("LICHECK_HUB_TIMEOUT", TIMEOUT), _limit("LICHECK_HUB_DEADLINE", DEADLINE)
    request = urllib.request.Request(url, headers={"User-Agent": "licheck", "Accept-Encoding": "identity"})
    token = _token(os.environ)
    if token and urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(endpoint()).netloc:
        request.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    watch = _Watch(deadline)
    try:
        with watch, _opener(watch).open(request, timeout=timeout) as response:
            body = _body(response, cap, started + deadline, what)
            if watch.fired:  # the watch shut the connection: what was read ends early, not at its end
                raise TimeoutError
            return body
    except urllib.error.HTTPError as error:
        if error.code in (401, 403, 404):
            return None
        raise HubError(f"--online: the Hub answered HTTP {error.code} for {what}") from None
    except (TimeoutError, urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        if watch.fired or isinstance(error, TimeoutError):
            raise HubError(f"--online: the Hub did not answer in time for {what}") from None
        reason = getattr(error, "reason", None) or error
        raise HubError(f"--online: cannot reach the Hub at {endpoint()} for {what}: {reason}") from None


class _Watch:
    """Shuts the connections of one request when its deadline passes, so that a server sending
    its status line or headers one byte at a time is cut as one so sending its body is."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """An opener whose connections the watch can shut, and that redirects safely."""

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watch.sockets.append(self.sock)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watch.sockets.append(self.sock)

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Plain, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Secure, req)

    return urllib.request.build_opener(PlainHandler, SecureHandler, _Redirects)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http or https only; the token stays with the host it was given for."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        target = urllib.parse.urlsplit(newurl)
        if target.scheme not in ("http", "https"):
            raise HubError(f"--online: the Hub redirected to {newurl[:120]!r}, which is not an http address")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and target.netloc != urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


def _body(response: Any, cap: int, deadline: float, what: str) -> bytes:
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) > cap:
        raise HubError(
            f"--online: the Hub's answer for {what} is {int(length):,} bytes, over the {cap:,} licheck reads"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise HubError(f"--online: the Hub's answer for {what} took longer than the deadline")
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(min(left, sock.gettimeout() or left))
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise HubError(f"--online: the Hub's answer for {what} is over the {cap:,} bytes licheck reads")
        chunks.append(chunk)


def model_info(repo_id: str) -> dict[str, Any] | None:
    """What the Hub says of a model now: its id as the Hub spells it, the revision of `main`, its
    files. None when the Hub has no such model (or it is gated or private)."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        raise HubError(f"--online: HF_HUB_OFFLINE is set, so {repo_id} cannot be looked up on the Hub")
    if not _REPO.match(repo_id):
        raise HubError(f"--online: {repo_id!r} is not a Hub repository id")
    body = get(f"{endpoint()}/api/models/{repo_id}", MAX_JSON, repo_id)
    if body is None:
        return None
    try:
        info = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HubError(f"--online: the Hub's answer for {repo_id} is not valid JSON") from None
    return _checked(info, repo_id)


def _checked(info: Any, repo_id: str) -> dict[str, Any]:
    def bad(why: str) -> HubError:
        return HubError(f"--online: the Hub's answer for {repo_id} is malformed: {why}")

    if not isinstance(info, dict):
        raise bad("not a JSON object")
    sha, siblings = info.get("sha"), info.get("siblings", [])
    name = info.get("id") or info.get("modelId") or repo_id
    if not isinstance(sha, str) or not _COMMIT.match(sha):
        raise bad("its sha is not a commit hash")
    if not isinstance(name, str) or not _REPO.match(name) or name.lower() != repo_id.lower():
        raise bad(f"it names another repository ({str(name)[:80]!r})")
    if not isinstance(siblings, list) or not all(
        isinstance(s, dict) and isinstance(s.get("rfilename"), str) for s in siblings
    ):
        raise bad("its siblings are not a list of files")
    return {"id": name, "sha": sha, "files": frozenset(s["rfilename"] for s in siblings)}


def fetch(repo_id: str, cache: Path | None = None) -> Artifact | None:
    """The model as the Hub has it now, read as evidence from the cache it lands in; None when the
    Hub has no such model. Raises HubError when the Hub cannot be asked or answers badly."""
    info = model_info(repo_id)
    if info is None:
        return None
    root = cache or cache_root(os.environ, Path.home())
    repo, revision = info["id"], info["sha"]
    folder = root / ("models--" + repo.replace("/", "--"))
    snapshot = folder / "snapshots" / revision
    wanted = ["README.md", *(n for n in LICENSE_NAMES if n in info["files"])]
    for name in wanted:
        if (snapshot / name).exists():
            continue  # this revision's file is cached already: a revision's files never change
        body = get(f"{endpoint()}/{repo}/resolve/{revision}/{name}", MAX_FILE, f"{repo}/{name}")
        if body is not None:
            _store(folder, revision, name, body)
    if not snapshot.is_dir():
        return None  # no card and no LICENSE: nothing to read
    _write(folder / "refs" / "main", revision.encode())
    found = read_target(snapshot, within=folder, repo_id=repo, revision=revision, kind="cache-entry")
    return found._replace(fetched=date.today().isoformat())


def _store(folder: Path, revision: str, name: str, body: bytes) -> None:
    """One file into the cache as huggingface_hub lays it out: the blob, then the snapshot's link."""
    blob = folder / "blobs" / hashlib.sha256(body).hexdigest()
    if not blob.exists():
        _write(blob, body)
    link = folder / "snapshots" / revision / name
    link.parent.mkdir(parents=True, exist_ok=True)
    temp = link.with_name(f".{name}.{os.getpid()}.tmp")
    try:
        temp.unlink(missing_ok=True)
        temp.symlink_to(os.path.relpath(blob, link.parent))
    except OSError:  # no links on this file system: a copy, as huggingface_hub does
        _write(temp, body)
    os.replace(temp, link)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, target)
