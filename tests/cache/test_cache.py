"""The rules cache: a faithful copy, rebuilt when stale or damaged, never a reason to fail."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from licheck.cache.folder import cache_dir
from licheck.rulesdb import bundled_dir, load_cached
from licheck.rulesdb.load import load


def test_round_trip_is_exact() -> None:
    """Every license, model and dataset comes back from the cache equal to what the loader built."""
    built = load([bundled_dir()])
    cached = load_cached([bundled_dir()])  # may be served from the cache
    cached = load_cached([bundled_dir()])  # certainly served from it now
    for kind in ("licenses", "models", "datasets", "uses", "regions"):
        fresh, stored = getattr(built, kind), getattr(cached, kind)
        assert sorted(fresh) == sorted(stored), kind
        for key in fresh:
            assert stored[key] == fresh[key], f"{kind}/{key}"
    assert dict(cached.names) == dict(built.names)


def test_serial_refuses_foreign_types() -> None:
    """A stored value names a type by its place in its registry: any other code is refused, and a
    type outside the registry cannot be stored; nothing is ever imported by name."""
    from licheck.cache.serial import Types
    from licheck.core.model import Family, Verdict
    from licheck.rulesdb.entry import DOMAIN

    for code in (-1, len(DOMAIN.classes), "licheck.cli:app", 1.0, None):
        with pytest.raises(ValueError, match="not a licheck type"):
            DOMAIN.restore(("N", code, ()))
        with pytest.raises(ValueError, match="not a licheck type"):
            DOMAIN.restore(("E", code, 1))
    with pytest.raises(TypeError):
        DOMAIN.flatten(object())
    small = Types(Verdict)
    with pytest.raises(TypeError, match="not in this registry"):
        small.flatten(Family.PERMISSIVE)
    assert small.restore(small.flatten(Verdict.DENIED)) is Verdict.DENIED
    with pytest.raises(TypeError, match="only NamedTuples and enums"):
        Types(dict)


def test_damaged_cache_is_rebuilt(
    licheck: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A truncated or garbage rules index is ignored and replaced, with one line on stderr. (A user
    rule folder makes the index live in the user cache, also where the wheel's prebuilt one serves
    the bundled rules.)"""
    cache = tmp_path / "cache"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "empty.yaml").write_text("schema-version: 1\n", encoding="utf-8")
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(cache))
    ask = ("model", "falcon-40b", "--use", "commercial", "--format", "json", "--rules", str(mine))
    first = licheck(*ask)
    files = list(cache.glob("rules-*.index"))
    assert len(files) == 1
    files[0].write_bytes(b"\x00garbage")
    second = licheck(*ask)
    assert (second.exit_code, json.loads(second.stdout)) == (first.exit_code, json.loads(first.stdout))
    assert "licheck: warning: ignoring damaged rules index" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert files[0].stat().st_size > 1000


def test_unwritable_cache_is_not_an_error(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cache folder that cannot be created (a file is in the way) only costs speed."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(blocker / "cache"))
    result = licheck("model", "falcon-40b", "--use", "commercial", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "allowed"


def test_cache_location(monkeypatch: pytest.MonkeyPatch) -> None:
    """LICHECK_CACHE_DIR wins; otherwise the XDG cache folder on Linux."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", "/somewhere")
    assert cache_dir() == Path("/somewhere")
    monkeypatch.delenv("LICHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert cache_dir() == Path("/xdg/licheck")


# ---------------------------------------------------------------- whose folder it is (trust, class 1)


def _user_files(folder: Path) -> dict[str, tuple[int, float, bytes]]:
    """What a user keeps in a folder: each file's size, mtime and first bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        head = path.read_bytes()[:64] if path.is_file() and not path.is_symlink() else b""
        out[str(path.relative_to(folder))] = (info.st_size, info.st_mtime, head)
    return out


def _user_rules(tmp_path: Path) -> str:
    """A rule folder of the user's: its index lives in the user cache, which is then pruned."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "empty.yaml").write_text("schema-version: 1\n", encoding="utf-8")
    return str(mine)


def test_a_user_folder_as_cache_is_refused_and_left_whole(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LICHECK_CACHE_DIR pointing at a folder of the user's (a 2 GiB image, notes, old enough to
    be pruned first) used to lose those files to pruning. Now the folder is refused with one line,
    nothing in it is read, written or removed, and the answer is the same."""
    home = tmp_path / "photos"
    home.mkdir()
    with (home / "holiday.img").open("wb") as image:
        image.truncate(2 << 30)  # sparse: 2 GiB on paper, nothing on disk
    (home / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (home / "rules-0123456789abcdef0123456789abcdef.index").write_text("mine\n", encoding="utf-8")
    for path in home.iterdir():
        os.utime(path, (1, 1))
    before = _user_files(home)
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(home))
    monkeypatch.setattr("licheck.cache.folder.KEEP_RULES", 0)
    monkeypatch.setattr("licheck.cache.folder.KEEP_FILES", 0)
    rules = _user_rules(tmp_path)
    said = ""
    for _ in range(2):
        result = licheck("model", "falcon-40b", "--use", "commercial", "--format", "json", "--rules", rules)
        assert result.exit_code == 0
        assert json.loads(result.stdout)["verdict"] == "allowed"
        said += result.stderr
    assert _user_files(home) == before
    assert said.count("not using the cache folder") == 1  # once per process
    assert "holds files licheck did not write ('holiday.img', 'notes.txt'" in said


def _refusal(path: Path) -> str:
    """What licheck says of a cache folder, in a fresh process (the warning is said once per process)."""
    import subprocess
    import sys

    env = {**os.environ, "LICHECK_CACHE_DIR": str(path)}
    code = "from licheck.cache import folder; folder.folder(create=True)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stderr


def test_a_link_planted_in_a_shared_cache_home_is_not_followed(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """XDG_CACHE_HOME in a shared folder where another user planted `licheck -> victim`: licheck
    used to write there and prune the victim's files. Now the link is refused, not followed."""
    shared, victim = tmp_path / "shared", tmp_path / "victim"
    shared.mkdir()
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    os.utime(victim / "thesis.tex", (1, 1))
    (shared / "licheck").symlink_to(victim, target_is_directory=True)
    before = _user_files(victim)
    monkeypatch.delenv("LICHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    monkeypatch.setattr("licheck.cache.folder.KEEP_FILES", 0)
    result = licheck(
        "model", "falcon-40b", "--use", "commercial", "--format", "json", "--rules", _user_rules(tmp_path)
    )
    assert result.exit_code == 0
    assert _user_files(victim) == before
    assert (shared / "licheck").is_symlink()
    assert "symbolic link" in _refusal(shared / "licheck")


def test_a_link_to_a_folder_as_cache_dir_is_refused(tmp_path: Path) -> None:
    """The same through LICHECK_CACHE_DIR: a link is never followed, even to an empty folder."""
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / "link").symlink_to(target, target_is_directory=True)
    assert "symbolic link" in _refusal(tmp_path / "link")
    assert list(target.iterdir()) == []


def test_a_file_or_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    """A regular file where the folder should be, and a folder writable by the group: refused."""
    file = tmp_path / "file"
    file.write_text("data\n", encoding="utf-8")
    assert "not a folder" in _refusal(file)
    assert file.read_text(encoding="utf-8") == "data\n"
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o770)
    shared.chmod(0o770)
    assert "only you can write" in _refusal(shared)
    assert list(shared.iterdir()) == []


def test_a_new_folder_is_made_and_marked(cache: Path) -> None:
    """A folder licheck makes is 0700 and carries licheck's CACHEDIR.TAG."""
    from licheck.cache import folder as cachefs

    assert cachefs.folder(create=True) == cache
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


@pytest.mark.parametrize(
    "names",
    [[], ["rules-0123456789abcdef0123456789abcdef.index", "policy-0123456789abcdef0123456789abcdef.cache"]],
)
def test_an_empty_folder_or_an_unmarked_cache_of_licheck_is_adopted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> None:
    """An empty folder, or one with nothing but licheck's own files (a cache from before the
    mark), becomes licheck's: it is marked, and used."""
    from licheck.cache import folder as cachefs

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    for name in names:
        (folder / name).write_bytes(b"x")
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(folder))
    assert cachefs.folder(create=True) == folder
    assert (folder / "CACHEDIR.TAG").is_file()


def test_pruning_removes_only_licheck_files_never_through_links(cache: Path, tmp_path: Path) -> None:
    """In licheck's own folder, what the user put there, links named as licheck's files (and what
    they point to) and foreign temporary-looking files all stay; only licheck's stale files go."""
    from licheck.cache import folder as cachefs

    assert cachefs.folder(create=True) == cache
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    old = [
        "rules-00000000000000000000000000000000.index",
        "part-00000000000000000000000000000000.index",
        "manifest-00000000000000000000000000000000.cache",
        ".part-00000000000000000000000000000001.index.abc_12.tmp",
    ]
    for name in old:
        (cache / name).write_bytes(b"old")
    (cache / "rules-11111111111111111111111111111111.index").symlink_to(victim)
    (cache / "notes.txt").write_text("mine\n", encoding="utf-8")
    (cache / "backup.tmp").write_text("mine too\n", encoding="utf-8")
    (cache / "sub").mkdir()
    for path in cache.iterdir():
        os.utime(path, (1, 1), follow_symlinks=False)
    cachefs.KEEP_RULES, saved = 0, cachefs.KEEP_RULES
    cachefs.KEEP_FILES, saved_files = 0, cachefs.KEEP_FILES
    try:
        cachefs.prune(cache)
    finally:
        cachefs.KEEP_RULES, cachefs.KEEP_FILES = saved, saved_files
    left = sorted(p.name for p in cache.iterdir())
    assert left == sorted(
        ["CACHEDIR.TAG", "backup.tmp", "notes.txt", "rules-11111111111111111111111111111111.index", "sub"]
    )
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_pruning_an_unmarked_folder_removes_nothing(tmp_path: Path) -> None:
    """prune() called on a folder licheck has not marked (say, by a bug upstream) removes nothing."""
    from licheck.cache import folder as cachefs

    folder = tmp_path / "unmarked"
    folder.mkdir(mode=0o700)
    (folder / "rules-00000000000000000000000000000000.index").write_bytes(b"x")
    os.utime(folder / "rules-00000000000000000000000000000000.index", (1, 1))
    cachefs.KEEP_RULES, saved = 0, cachefs.KEEP_RULES
    try:
        cachefs.prune(folder)
    finally:
        cachefs.KEEP_RULES = saved
    assert [p.name for p in folder.iterdir()] == ["rules-00000000000000000000000000000000.index"]


def test_touch_and_remove_never_act_through_a_link(cache: Path, tmp_path: Path) -> None:
    """Marking a file as used, or removing a damaged index, acts on licheck's regular files only:
    a link named like one leaves its target's time and bytes alone."""
    from licheck.cache import folder as cachefs

    cachefs.folder(create=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    os.utime(victim, (1, 1))
    link = cache / "rules-22222222222222222222222222222222.index"
    link.symlink_to(victim)
    cachefs.touch(link)
    cachefs.remove(link)
    assert victim.stat().st_mtime == 1
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not cachefs.write(cache / "notes.txt", [b"x"])  # only licheck's names are written
    assert not (cache / "notes.txt").exists()


def test_code_digest_from_the_files_or_from_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout's code digest covers each code file's path and bytes (compiled files aside); an
    installed wheel's is the one hatch_build.py wrote beside the code, read instead of hashing."""
    from licheck.cache import store

    package = tmp_path / "licheck"
    for name in store.CACHED_CODE:
        (package / name / "__pycache__").mkdir(parents=True)
        (package / name / "a.py").write_text(f"# {name}\n")
    (package / "schemas" / "rules.json").write_text("{}\n")
    monkeypatch.setattr(store, "PACKAGE", package)
    monkeypatch.setattr(store, "_code", [])
    first = store.code_digest()
    assert first == store.files_digest(package)
    (package / "core" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert store.files_digest(package) == first
    (package / "schemas" / "rules.json").write_text("{ }\n")
    assert store.files_digest(package) != first
    (package / "core" / "a.py").rename(package / "core" / "b.py")
    assert store.files_digest(package) not in (first, store.code_digest())

    (package / store.SHIPPED_DIGEST).write_text("not a digest\n")
    monkeypatch.setattr(store, "_code", [])
    assert store.code_digest() == store.files_digest(package)  # a damaged file is not trusted
    (package / store.SHIPPED_DIGEST).write_text("ab" * 20 + "\n")
    monkeypatch.setattr(store, "_code", [])
    assert store.code_digest() == "ab" * 20
