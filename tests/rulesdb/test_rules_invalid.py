"""Bad rule files: exit code 2, every problem named with its file and line, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, Run

INVALID = DATA / "invalid"

# case folder -> the problems expected, each (file in the folder, line, words of the message)
CASES: list[tuple[str, list[tuple[str, int | None, str]]]] = [
    ("unknown-key", [("r.yaml", 6, "unknown key 'famliy' (did you mean 'family'?)")]),
    ("bad-date", [("r.yaml", 7, "'2023-02-30' is not a real date")]),
    ("bad-date-format", [("r.yaml", 8, "'May 2023' is not a date (YYYY-MM-DD)")]),
    ("unknown-license", [("r.yaml", 6, "unknown license 'apache-2.1' (did you mean 'apache-2.0'?)")]),
    ("duplicate-id", [("r.yaml", 9, "duplicate model id 'acme-7b'")]),
    (
        "alias-clash",
        [("r.yaml", 3, "alias 'TIIUAE/Falcon-40B' of 'acme-7b' is already a name of 'falcon-40b'")],
    ),
    ("wrong-type", [("r.yaml", 6, "models[0].params-b: 'seven' should be of type number")]),
    ("not-yaml", [("r.yaml", None, "not valid YAML")]),
    ("requires-licheck", [("r.yaml", 2, "needs licheck >=99.0, this is licheck")]),
    ("bad-specifier", [("r.yaml", 2, "'=>0.1' is not a PEP 440 specifier")]),
    ("cycle", [("r.yaml", 3, "lineage cycle: acme-a -> acme-b -> acme-a")]),
    ("bad-condition", [("r.yaml", 13, "missing key 'rate'")]),
    (
        "bad-kind",
        [
            ("r.yaml", 13, "conditions[0].kind: 'ceilin' is not one of: ceiling, royalty"),
            ("r.yaml", 17, "conditions[1].max: -1 is less than the minimum of 0"),
            ("r.yaml", 24, "models[0].license[0]: missing key 'from', 'source'"),
        ],
    ),
    ("duplicate-key", [("r.yaml", 7, "duplicate key 'license' (first on line 6)")]),
    ("alias-bomb", [("r.yaml", 1, "aliases expand to more than 1000000 nodes")]),
    (
        "many",
        [
            ("a.yaml", 6, "unknown license 'no-such-license'"),
            ("a.yaml", 3, "base: unknown model 'no-such-model'"),
            ("b.yaml", 1, "schema-version: must be 1, not 2"),
        ],
    ),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c for c, _ in CASES])
def test_bad_rules_exit_2_with_file_and_line(
    licheck: Callable[..., Run], case: str, expected: list[tuple[str, int | None, str]]
) -> None:
    """Each malformed rule folder fails the run with one message naming every problem."""
    folder = INVALID / case
    result = licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("licheck: error: ")
    lines = result.stderr.splitlines()
    assert lines[0].endswith("in the rules:")
    for file, line, words in expected:
        where = f"{folder / file}:{line}" if line is not None else f"{folder / file}"
        assert any(text.strip().startswith(where) and words in text for text in lines), (
            f"expected {where}: …{words}… in:\n{result.stderr}"
        )
    assert len(lines) == 1 + len(expected), result.stderr


def test_not_a_folder(licheck: Callable[..., Run], tmp_path: object) -> None:
    """--rules pointing at nothing is bad usage."""
    result = licheck("model", "falcon-40b", "--use", "commercial", "--rules", "/no/such/folder")
    assert result.exit_code == 2
    assert "--rules /no/such/folder: no such folder" in result.stderr


def test_rule_files_are_not_modified(licheck: Callable[..., Run]) -> None:
    """Reading rules leaves them byte for byte as they were."""
    folder = INVALID / "unknown-key"
    before = (folder / "r.yaml").read_bytes()
    licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder))
    assert (folder / "r.yaml").read_bytes() == before


def test_folder_link_loop_does_not_hang(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """A rules folder holding a link to itself is not followed (it could loop forever), and not
    passed over in silence either: the rules it leads to would vanish (trust round 3, class 9)."""
    (tmp_path / "r.yaml").write_text("schema-version: 1\nuses: []\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    result = licheck(
        "model", "falcon-40b", "--use", "commercial", "--rules", str(tmp_path), "--format", "json"
    )
    assert result.exit_code == 2
    assert f"{tmp_path / 'loop'}: is a folder (a link to one is not followed)" in result.stderr


def test_empty_and_non_mapping_files(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """An empty file and a file whose top level is a list are each reported, with the file named."""
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    result = licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path}/empty.yaml: is empty" in result.stderr
    assert f"{tmp_path}/list.yaml:1: top level: a list should be of type object" in result.stderr
