"""The rules index as a cache to trust: keyed by content, the user's own, bounded, never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run
from licheck.cache import folder as cachefs
from licheck.rulesdb import RulesDir, bundled_dir, indexfile, load_cached

USER_RULES = """schema-version: 1
licenses:
  - id: house-license
    name: House License
    url: https://example.com/house
    family: permissive
    derivatives: free
    uses:
      research: {decision: allowed, clause: "1"}
      commercial: {decision: allowed, clause: "2"}
    sources:
      - url: https://example.com/house
    checked: 2026-11-01
models:
  - id: house-model
    name: House Model
    publisher: Us
    task: text-generation
    params-b: 7
    license: house-license
    sources:
      - url: https://example.com/m
    checked: 2026-11-01
"""


def _user(tmp_path: Path, text: str = USER_RULES) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / "house.yaml").write_text(text, encoding="utf-8")
    return folder


def _verdict(licheck: Callable[..., Run], *args: str) -> tuple[int, str, str]:
    run = licheck("model", "house-model", "--use", "commercial", "--format", "json", *args)
    return run.exit_code, json.loads(run.stdout)["verdict"], run.stderr


def test_an_edit_that_keeps_size_and_mtime_is_seen(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path
) -> None:
    """The key is the files' bytes, not their size and time."""
    folder = _user(tmp_path)
    rule = folder / "house.yaml"
    assert _verdict(licheck, "--rules", str(folder))[:2] == (0, "allowed")
    before = rule.stat()
    rule.write_text(USER_RULES.replace("commercial: {decision: allowed", "commercial: {decision: denied "))
    os.utime(rule, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (rule.stat().st_size, rule.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert _verdict(licheck, "--rules", str(folder))[:2] == (1, "denied")


def test_cache_folder_is_private(licheck: Callable[..., Run], cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"  # a user rule folder: indexed in the user cache, installed or not
    mine.mkdir()
    (mine / "empty.yaml").write_text("schema-version: 1\n", encoding="utf-8")
    licheck("model", "falcon-40b", "--use", "commercial", "--format", "json", "--rules", str(mine))
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o077 == 0 for path in cache.iterdir())


def test_a_shared_cache_folder_is_not_used(licheck: Callable[..., Run], cache: Path) -> None:
    """A folder others may write to is no cache at all: the rules are built in memory."""
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    result = licheck("model", "falcon-40b", "--use", "commercial", "--format", "json")
    assert result.exit_code == 0
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize("how", ["group-writable", "other-owner"])
def test_files_not_ours_are_ignored(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path, how: str
) -> None:
    """An index writable by others, or owned by another user, is rebuilt, never read."""
    folder = _user(tmp_path)
    assert _verdict(licheck, "--rules", str(folder))[:2] == (0, "allowed")
    (index,) = cache.glob("rules-*.index")
    if how == "group-writable":
        index.chmod(0o664)
    else:
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(index, 4242, -1)
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == (0, "allowed")
    assert "not a regular file of yours" in stderr
    assert (index.stat().st_uid, index.stat().st_mode & 0o077) == (os.getuid(), 0)


def test_crafted_entry_naming_a_foreign_type(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path
) -> None:
    """An entry whose checksum is right but which names a type off the allow-list is not restored:
    the answer comes from the rule files, with one warning, and the index is rebuilt."""
    import marshal

    folder = _user(tmp_path)
    expected = _verdict(licheck, "--rules", str(folder))[:2]
    (index,) = cache.glob("rules-*.index")
    opened = indexfile.IndexFile(index.read_bytes())
    names = ("licenses", "models", "datasets", "names", "license_names", "tasks")
    tables = {
        name: [(k, opened.table(name).get(k) or b"") for k in opened.table(name).sorted_keys()]
        for name in names
    }
    tables["models"] = [
        (k, marshal.dumps(("N", "licheck.cli:app", ())) if k == "house-model" else v)
        for k, v in tables["models"]
    ]
    data = b"".join(indexfile.encode(opened.key, opened.small, tables))  # every checksum right
    index.write_bytes(bytes(data))
    index.chmod(0o600)
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == expected
    assert stderr.count("licheck: warning:") == 1
    assert "damaged" in stderr
    assert not index.exists()  # removed, so the next run rebuilds it


def test_flipped_byte_anywhere_never_changes_a_verdict(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path
) -> None:
    """Damage anywhere in the index (header, key tables, values) is detected: same verdicts."""
    folder = _user(tmp_path)
    args = ("--rules", str(folder))
    want = {
        m: licheck("model", m, "--use", "commercial", "--format", "json", *args)
        for m in ("house-model", "falcon-40b")
    }
    (index,) = cache.glob("rules-*.index")
    pristine = index.read_bytes()
    for offset in range(0, len(pristine), max(1, len(pristine) // 97)):
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x41
        index.write_bytes(bytes(damaged))
        for model, before in want.items():
            got = licheck("model", model, "--use", "commercial", "--format", "json", *args)
            assert (got.exit_code, json.loads(got.stdout)) == (before.exit_code, json.loads(before.stdout)), (
                offset
            )
            assert got.stderr.count("licheck: warning:") <= 1, got.stderr
        if not index.exists():
            index.write_bytes(pristine)


_PROBE = """
import json, sys
from pathlib import Path
from licheck.rulesdb import RulesDir, bundled_dir, load_cached
rules = load_cached([bundled_dir(), RulesDir(Path(sys.argv[1]), sys.argv[1])])
print(json.dumps([len(rules.models), rules.find_model("house-model").licenses[0].license, sorted(rules.names)[:3]]))
"""


def test_many_processes_building_at_once(cache: Path, tmp_path: Path) -> None:
    """Eight processes start cold together: all answer alike, and the cache ends up whole."""
    folder = _user(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LICHECK_CACHE_DIR": str(cache)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROBE, str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(8)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert all(not err for _, err in outputs), [err for _, err in outputs]
    assert len(list(cache.glob("rules-*.index"))) == 1
    assert not list(cache.glob(".*.tmp"))


def test_one_index_per_rules_state_whatever_the_spelling(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same folder as a relative path, an absolute one or with ./ shares one index, and each
    answer names the folder as it was given."""
    folder = _user(tmp_path)
    monkeypatch.chdir(tmp_path)
    for spelling in ("mine", str(folder), "./mine", "mine/"):
        result = licheck(
            "model", "house-model", "--use", "commercial", "--format", "json", "--rules", spelling
        )
        assert json.loads(result.stdout)["rule"]["file"] == f"{Path(spelling)}/house.yaml", spelling
    assert len(list(cache.glob("rules-*.index"))) == 1


def test_pruned_to_a_bounded_number(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cachefs, "KEEP_RULES", 3)
    monkeypatch.setattr(cachefs, "KEEP_FILES", 5)
    folder = _user(tmp_path)
    for n in range(8):
        (folder / "house.yaml").write_text(USER_RULES.replace("House Model", f"House Model {n}"))
        assert _verdict(licheck, "--rules", str(folder))[:2] == (0, "allowed")
    assert len(list(cache.glob("rules-*"))) <= 3
    # beyond the parts the newest index points into (never pruned), at most 5 other files
    from licheck.rulesdb.indexfile import IndexFile

    newest = max(cache.glob("rules-*"), key=lambda p: p.stat().st_mtime)
    in_use = {name for source, name, _ in IndexFile(newest.read_bytes()).small["parts"] if source == "cache"}
    assert in_use
    assert all((cache / name).is_file() for name in in_use)
    others = [p for p in cache.iterdir() if not p.name.startswith("rules-") and p.name not in in_use]
    assert len(others) <= 5


def _index_of(licheck: Callable[..., Run], cache: Path, folder: Path) -> Path:
    assert _verdict(licheck, "--rules", str(folder))[:2] == (0, "allowed")
    (index,) = cache.glob("rules-*.index")
    return index


def test_fifo_in_the_cache_is_skipped(licheck: Callable[..., Run], cache: Path, tmp_path: Path) -> None:
    """A FIFO where the index should be is neither opened for reading nor waited on."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    folder = _user(tmp_path)
    index = _index_of(licheck, cache, folder)
    index.unlink()
    os.mkfifo(index, 0o600)
    for part in cache.glob("part-*"):
        part.unlink()
        os.mkfifo(part, 0o600)
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == (0, "allowed")
    assert "not a regular file of yours" in stderr
    assert index.is_file()  # replaced by a real index


def test_link_to_a_huge_file_is_skipped(licheck: Callable[..., Run], cache: Path, tmp_path: Path) -> None:
    """A symbolic link (here to a 64 GiB sparse file) is skipped, never read."""
    folder = _user(tmp_path)
    index = _index_of(licheck, cache, folder)
    huge = tmp_path / "huge"
    with huge.open("wb") as handle:
        handle.truncate(64 << 30)
    index.unlink()
    index.symlink_to(huge)
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == (0, "allowed")
    assert "not a regular file of yours" in stderr
    assert not index.is_symlink()
    assert cachefs.read(huge, 1 << 20) is None  # and a regular file over the bound is refused too


def test_cachefs_refuses_fifo_and_links_directly(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    link = tmp_path / "link"
    target = tmp_path / "target"
    target.write_bytes(b"data")
    link.symlink_to(target)
    assert cachefs.read(fifo, 1 << 20) is None
    assert cachefs.map_file(fifo, 1 << 20) is None
    assert cachefs.read(link, 1 << 20) is None
    assert cachefs.read(target, 1 << 20) == b"data"
    assert cachefs.read(target, 2) is None


def test_warm_answer_restores_only_what_it_needs(cache: Path) -> None:
    """A question restores its model and licenses, not the whole database."""
    from licheck.core.engine import assess

    load_cached([bundled_dir()])  # build
    rules = load_cached([bundled_dir()])
    from licheck.core.model import Context

    assess(rules, "falcon-40b", ("commercial",), Context(as_of=__import__("datetime").date(2026, 1, 1)))
    restored = len(rules.models._done)  # type: ignore[attr-defined]
    assert 0 < restored < 5 < len(rules.models)


def test_user_folder_round_trip(cache: Path, tmp_path: Path) -> None:
    """Bundled plus a user folder, from the index, equals what the loader builds."""
    from licheck.rulesdb.load import load

    folder = _user(tmp_path)
    dirs = [bundled_dir(), RulesDir(folder, str(folder))]
    built = load(dirs)
    load_cached(dirs)
    cached = load_cached(dirs)
    for kind in ("licenses", "models", "datasets", "uses", "regions"):
        fresh, stored = getattr(built, kind), getattr(cached, kind)
        assert list(fresh) == list(stored), kind  # the same order too
        assert all(stored[k] == fresh[k] for k in fresh), kind
    assert dict(cached.names) == dict(built.names)
    assert dict(cached.license_names) == dict(built.license_names)
    assert cached.overrides == built.overrides


def test_crafted_part_is_not_an_internal_error(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path
) -> None:
    """A per-file part with the right checksum but the wrong shape: one warning, the same verdict."""
    import marshal

    from licheck.rulesdb.indexfile import IndexFile, encode

    folder = _user(tmp_path)
    expected = _verdict(licheck, "--rules", str(folder))[:2]
    (index,) = cache.glob("rules-*.index")
    index.unlink()
    part = _part_of(cache, "house.yaml")
    key = IndexFile(part.read_bytes()).key
    part.write_bytes(
        b"".join(encode(key, None, {"meta": [("meta", marshal.dumps(([("models", "x")], [])))]}))
    )
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == expected
    assert stderr.count("licheck: warning:") == 1
    assert IndexFile(part.read_bytes()).table("meta").get("meta") != marshal.dumps(([("models", "x")], []))


def _part_of(cache: Path, name: str) -> Path:
    """The stored part of the rule file `name` (its key names the file)."""
    from licheck.rulesdb.indexfile import IndexFile

    (part,) = [p for p in cache.glob("part-*.index") if f"/{name} " in IndexFile(p.read_bytes()).key]
    return part


def test_a_pruned_part_rebuilds_the_index(licheck: Callable[..., Run], cache: Path, tmp_path: Path) -> None:
    """The index of a user's folder points into its parts: when one is gone (pruned, or removed by
    hand), the index is built again from the rest, silently, with the same verdict."""
    folder = _user(tmp_path)
    (folder / "more.yaml").write_text(USER_RULES.replace("house", "other"), encoding="utf-8")
    expected = _verdict(licheck, "--rules", str(folder))
    assert expected[:2] == (0, "allowed")
    for part in (_part_of(cache, "house.yaml"), _part_of(cache, "more.yaml")):
        part.unlink()
        assert _verdict(licheck, "--rules", str(folder)) == expected
        assert part.is_file()


def test_a_part_damaged_after_indexing_answers_from_the_files(
    licheck: Callable[..., Run], cache: Path, tmp_path: Path
) -> None:
    """A part whose bytes change under a current index: a warning, and the answer from the files."""
    folder = _user(tmp_path)
    expected = _verdict(licheck, "--rules", str(folder))[:2]
    part = _part_of(cache, "house.yaml")
    data = part.read_bytes()
    assert data.count(b"House Model") == 1  # the model's value, serialised
    part.write_bytes(data.replace(b"House Model", b"Hoose Model"))
    code, verdict, stderr = _verdict(licheck, "--rules", str(folder))
    assert (code, verdict) == expected
    assert "damaged rules index" in stderr


def test_rule_file_linked_to_a_huge_file(licheck: Callable[..., Run], cache: Path, tmp_path: Path) -> None:
    """Digesting a rule file reads no more than parsing would: a link to 64 GiB is refused quickly."""
    from licheck.cache import store
    from licheck.files import yamlio

    assert store.MAX_INPUT == yamlio.MAX_BYTES
    folder = _user(tmp_path)
    huge = tmp_path / "huge"
    with huge.open("wb") as handle:
        handle.truncate(64 << 30)
    (folder / "huge.yaml").symlink_to(huge)
    result = licheck(
        "model", "house-model", "--use", "commercial", "--format", "json", "--rules", str(folder)
    )
    assert result.exit_code == 2
    assert "huge.yaml: larger than 16 MiB" in result.stderr


def test_remembered_digests_still_see_an_edit(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digests remembered beside inode, size, mtime and ctime: an edit that puts size and
    mtime back still changes the ctime, so it is seen (here with the two-second guard off)."""
    from licheck.cache import store
    from licheck.rulesdb import build as indexbuild

    monkeypatch.setattr(indexbuild, "_RACY_NS", -(10**12))  # remember even what just changed
    folder = _user(tmp_path)
    rule = folder / "house.yaml"
    dirs = [bundled_dir(), RulesDir(folder, "mine")]
    assert load_cached(dirs).find_model("house-model") is not None
    hashed: list[Path] = []
    real = store.read_input

    def counted(path: Path) -> bytes:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(indexbuild, "read_input", counted)
    load_cached(dirs)
    assert hashed == []  # nothing read again while nothing changed
    before = rule.stat()
    rule.write_text(USER_RULES.replace("name: House Model", "name: Hoose Model"), encoding="utf-8")
    os.utime(rule, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (rule.stat().st_size, rule.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    model = load_cached(dirs).find_model("house-model")
    assert model is not None
    assert model.name == "Hoose Model"
    assert hashed == [rule]


def test_tables_find_every_key_in_any_script() -> None:
    """Keys in byte order find every key, ASCII or not, and nothing else."""
    keys = ["", "a", "B", "é", "\u07ff", "\u0800", "\uffff", "😀", "协议", "z" * 300]
    data = b"".join(indexfile.encode("k", None, {"t": [(k, k.encode() + b"!") for k in keys]}))
    table = indexfile.IndexFile(data).table("t")
    assert list(table.sorted_keys()) == sorted(keys)
    for key in keys:
        assert table.get(key) == key.encode() + b"!"
    for missing in ("b", "é1", "😀😀", "z" * 299):
        assert table.get(missing) is None
