"""Model card front matter: the messy forms real cards take, and malformed ones as Problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from licheck.core.errors import InputError
from licheck.evidence.card import MAX_NODES, parse_card, read_card

DATA = ROOT / "tests" / "data" / "evidence"


def write(tmp_path: Path, data: bytes, name: str = "README.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def values(facts: tuple[object, ...]) -> list[str]:
    return [f.value for f in facts]  # type: ignore[attr-defined]


def test_a_plain_card() -> None:
    declared = read_card(DATA / "llama2-finetune.md")
    assert values(declared.license) == ["llama2"]
    assert values(declared.base_models) == ["meta-llama/Llama-2-7b-hf"]
    assert values(declared.datasets) == ["tatsu-lab/alpaca"]
    assert declared.license[0].source.line == 4
    assert declared.license[0].source.key == "license"
    raw = {field.key: field.value for field in declared.raw}
    assert raw["pipeline_tag"] == "text-generation"
    assert raw["tags"] == ["llama", "llama-2"]


def test_gated_fields_and_lists_are_kept() -> None:
    declared = read_card(DATA / "gated-other.md")
    assert values(declared.license) == ["other"]
    assert values(declared.license_name) == ["llama3"]
    assert values(declared.license_link) == ["LICENSE"]
    assert values(declared.base_models) == ["meta-llama/Meta-Llama-3-8B", "mistralai/Mistral-7B-v0.1"]
    assert values(declared.relation) == ["merge"]
    raw = {field.key: field.value for field in declared.raw}
    assert raw["gated"] == "auto"
    assert raw["extra_gated_fields"] == {
        "First Name": "text",
        "Country": "country",
        "I accept the terms": "checkbox",
    }


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"---\r\nlicense: mit\r\n---\r\n# x", 2),  # CRLF
        (b"---\r\r\nlicense: mit\r\r\n---\r\r\n# x", 2),  # the \r\r\n some editors leave
        (b"\n\n  \n---\nlicense: mit\n---\n", 5),  # leading blank lines
        (b"\xef\xbb\xbf---\nlicense: mit\n---\n", 2),  # a BOM
        (b"---\nlicense:\tmit\n---\n", 2),  # a tab after the colon
        (b"---\rlicense: mit\r---\r", 2),  # old Mac line ends
    ],
)
def test_messy_forms(tmp_path: Path, data: bytes, line: int) -> None:
    declared = read_card(write(tmp_path, data))
    assert values(declared.license) == ["mit"]
    assert declared.license[0].source.line == line


def test_license_as_a_list() -> None:
    declared = parse_card("---\nlicense:\n  - mit\n  - apache-2.0\n---\n", "README.md")
    assert values(declared.license) == ["mit", "apache-2.0"]


def test_dates_stay_text() -> None:
    declared = parse_card("---\nlicense: mit\nmodel_name: 2024-01-01\n---\n", "README.md")
    assert values(declared.name) == ["2024-01-01"]


@pytest.mark.parametrize(
    "text",
    ["# Just a title\n\nNo front matter.", "", "\n\n", "Some text\n---\nlicense: mit\n---\n", "---\n---\n"],
)
def test_no_front_matter_declares_nothing(text: str) -> None:
    declared = parse_card(text, "README.md")
    assert declared.is_empty()
    assert declared.license == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\nlicense: mit\ntags:\n\t- a\n---\n", 4, "not valid YAML"),  # tab indentation
        ("---\nlicense: [mit\n---\n", 3, "not valid YAML"),
        ("---\nlicense: mit\nlicense: apache-2.0\n---\n", 3, "duplicate key"),
        ("---\n- license\n- mit\n---\n", 2, "not a mapping"),
        ("---\nlicense: mit\n", 1, "not closed"),
    ],
)
def test_malformed_front_matter_is_a_problem_with_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_card(text, "README.md")
    (problem,) = caught.value.problems
    assert problem.file == "README.md"
    assert problem.line == line
    assert words in problem.message


def test_an_alias_bomb_is_refused() -> None:
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    lines += ["license: mit", "---"]
    with pytest.raises(InputError, match=f"more than {MAX_NODES} nodes"):
        parse_card("\n".join(lines), "README.md")


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_card(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_card(tmp_path)
    with pytest.raises(InputError, match="cannot be read"):
        read_card(tmp_path / "missing.md")


def test_only_the_head_of_a_huge_card_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b"---\nlicense: mit\n---\n" + b"body text\n" * 2_000_000)
    assert values(read_card(path).license) == ["mit"]
    unclosed = write(tmp_path, b"---\nlicense: mit\n" + b"tags: x\n" * 200_000, "other.md")
    with pytest.raises(InputError, match="not closed"):
        read_card(unclosed)
