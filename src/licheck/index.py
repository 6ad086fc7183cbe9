"""A rules index that need not be rebuilt on every run.

Parsing and validating YAML costs far more than answering a question, so the validated RuleSet is
kept in a cache file keyed by licheck's version and the path, size and mtime of every rule file.
A changed, added or removed file changes the key and the rules are rebuilt. The cache is written
atomically; when it cannot be read or written (read-only home, corrupt file) licheck simply builds
the rules in memory. Set LICHECK_NO_CACHE=1 to skip it, LICHECK_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from licheck import __version__
from licheck.model import RuleSet

_FORMAT = 1
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class RulesDir:
    """A folder of rule files, and how its files are named in messages."""

    path: Path
    label: str  # "rules" for the bundled rules, the folder as the user gave it otherwise
    bundled: bool = False


def bundled_dir() -> RulesDir:
    """The rules shipped with licheck: inside the installed package, or the checkout's rules/."""
    packaged = Path(str(resources.files("licheck"))) / "rules"
    if packaged.is_dir():
        return RulesDir(packaged, "rules", bundled=True)
    return RulesDir(Path(__file__).resolve().parents[2] / "rules", "rules", bundled=True)


def rule_files(directory: RulesDir) -> list[tuple[Path, str]]:
    """The rule files of a folder, sorted, with their display names."""
    found = []
    for path in sorted(directory.path.rglob("*")):
        if path.suffix in SUFFIXES and path.is_file():
            rel = path.relative_to(directory.path).as_posix()
            found.append((path, f"{directory.label.rstrip('/')}/{rel}"))
    return found


def cache_dir() -> Path:
    configured = os.environ.get("LICHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("licheck", appauthor=False))


def fingerprint(directories: list[RulesDir]) -> str:
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}".encode())
    for directory in directories:
        digest.update(f"\0dir\0{directory.path.resolve()}\0{directory.label}".encode())
        if not directory.path.is_dir():
            continue
        for path, shown in rule_files(directory):
            stat = path.stat()
            digest.update(f"\0{shown}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def load_cached(directories: list[RulesDir]) -> RuleSet:
    """The RuleSet for these folders, from the cache when it is current."""
    if os.environ.get("LICHECK_NO_CACHE"):
        return _build(directories)
    try:
        target = cache_dir() / f"rules-{fingerprint(directories)}.pickle"
    except OSError:
        return _build(directories)
    try:
        with target.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, RuleSet):
            return cached
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    rules = _build(directories)  # raises RulesError on bad rules: nothing is cached then
    _store(target, rules)
    return rules


def _build(directories: list[RulesDir]) -> RuleSet:
    from licheck.rules import load  # YAML and JSON Schema: only when the cache is stale

    return load(directories)


def _store(target: Path, rules: RuleSet) -> None:
    """Write the cache atomically; drop cache files unused for a week."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        week_ago = time.time() - 7 * 86400
        for old in target.parent.glob("rules-*.pickle"):
            if old.stat().st_atime < week_ago:
                old.unlink(missing_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(rules, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return
