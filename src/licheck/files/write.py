"""Writing files the safe way: a reader never sees half a file, and nothing else is replaced.

`write_atomic` writes a regular file through a temporary file in the same folder and a rename.
`write_output` is what `--output` uses: `-` is stdout; an existing character device or FIFO is
written through by a plain open (never replaced); a link to a regular file has its target
replaced, the link kept; anything else that is not a regular file, and any input of the run, is
refused.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from licheck.core.errors import UsageError


def write_atomic(path: Path, text: str, what: str | None = None) -> None:
    """Write `text` to `path` through a temporary file in the same folder and an atomic rename.

    The temporary file is removed on any failure, on Ctrl-C and on SIGTERM.
    """
    label = what or str(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UsageError(f"cannot write {label}: {error.strerror or error}") from None
    done = False
    try:
        with _terminate_as_exit(), os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.chmod(temp, _mode_for(path))
            os.replace(temp, path)
            done = True
    except OSError as error:
        raise UsageError(f"cannot write {label}: {error.strerror or error}") from None
    finally:
        if not done:
            Path(temp).unlink(missing_ok=True)


def refuse_inputs(target: str | Path, inputs: Iterable[Path], label: str | None = None) -> None:
    """Refuse, naming the flag (`label`), a report file that is an input of the run or lies in an
    input folder: a report never overwrites what licheck reads. Checked before any work is done."""
    if str(target) == "-":
        return
    path = Path(target)
    label = label or f"--output {path}"
    real_parent = Path(os.path.realpath(path)).parent
    for item in inputs:
        if item.is_dir() and (real_parent == item.resolve() or item.resolve() in real_parent.parents):
            raise UsageError(f"{label}: is inside {item}, an input of this run; choose another place")
        same = path.resolve() == item.resolve()  # an input that is not there yet (a lock) too
        with contextlib.suppress(OSError):
            same = same or os.path.samefile(path, item)
        if same:
            raise UsageError(f"{label}: is an input of this run ({item}); choose another file")


def write_output(
    target: str | Path, text: str, inputs: Iterable[Path] = (), label: str | None = None
) -> None:
    """Write a report where `--output` (or `--report`, named by `label`) says: `-` is stdout; see
    the module's docstring."""
    if str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    label = label or f"--output {path}"
    try:
        found = os.stat(path)  # follows links: what a write would reach
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise UsageError(f"{label}: {error.strerror or error}") from None
    refuse_inputs(path, inputs, label)
    if found is not None:
        if stat.S_ISCHR(found.st_mode) or stat.S_ISFIFO(found.st_mode):
            _write_through(path, text, label)
            return
        if not stat.S_ISREG(found.st_mode):
            raise UsageError(f"{label}: not a regular file")
    elif path.is_symlink():
        raise UsageError(f"{label}: a link to nothing; remove it or choose another file")
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    write_atomic(real, text, label)


def _write_through(path: Path, text: str, label: str) -> None:
    """Write to an existing device or FIFO as a shell redirection would, without blocking on a
    FIFO that nobody reads."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        reason = "nothing is reading it" if error.errno == 6 else (error.strerror or str(error))  # ENXIO
        raise UsageError(f"{label}: cannot write: {reason}") from None
    try:
        os.set_blocking(fd, True)
        data = text.encode("utf-8")
        while data:
            written = os.write(fd, data)
            data = data[written:]
    except OSError as error:
        raise UsageError(f"{label}: cannot write: {error.strerror or error}") from None
    finally:
        os.close(fd)


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit while a file is being written, so the cleanup runs."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _mode_for(path: Path) -> int:
    """The file mode a plain write would give: the existing file's, else 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
