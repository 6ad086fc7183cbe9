"""A newcomer's third look (issue 21): what a first week with licheck tripped over, each through
the real CLI."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]


def test_explain_shows_the_conflicts_the_json_has(licheck: Licheck) -> None:
    table = licheck("explain", "whisper-large-v3", "--use", "commercial")
    assert table.exit_code == 0
    said = " ".join(table.stdout.replace("│", "").split())
    assert "conflicts (the stricter reading decided)" in said
    assert "its card declares apache-2.0, while the rules (from the publisher's own source) say mit" in said
    answer = json.loads(
        licheck("explain", "whisper-large-v3", "--use", "commercial", "--format", "json").stdout
    )
    assert answer["conflicts"][0]["kind"] == "card-license"
    model = licheck("model", "whisper-large-v3", "--use", "commercial")
    assert "its card declares apache-2.0" in model.stdout


def test_lineage_says_a_base_under_the_same_terms_once(licheck: Licheck) -> None:
    tree = " ".join(
        licheck("explain", "vicuna-13b-v1.5", "--use", "commercial").stdout.replace("│", "").split()
    )
    assert tree.count("allowed only up to 700M MAU") == 1
    assert "the same llama2 terms as above" in tree
    answer = json.loads(licheck("model", "vicuna-13b-v1.5", "--use", "commercial", "--format", "json").stdout)
    (use,) = answer["uses"]
    texts = [reason["text"] for reason in use["reasons"]]
    assert len(texts) == len(set(texts)), texts
    assert len(use["conditions"]) == 1
    table = licheck("model", "vicuna-13b-v1.5", "--use", "commercial").stdout
    assert table.count("allowed only up to 700M MAU") == 2  # once as a reason, once as the condition


def test_global_options_work_after_the_command(licheck: Licheck) -> None:
    after = licheck("model", "falcon-40b", "--use", "commercial", "-q", "--color", "never")
    assert after.exit_code == 0, after.stderr
    assert (
        after.stdout == licheck("-q", "--color", "never", "model", "falcon-40b", "--use", "commercial").stdout
    )
    loud = licheck("rules", "stats", "--verbose", "--color=never")
    assert loud.exit_code == 0, loud.stderr
    assert "rules from" in loud.stderr
    assert licheck("model", "falcon-40b", "--use", "commercial", "-qv").exit_code == 0
    bad = licheck("model", "falcon-40b", "--use", "commercial", "--color", "sometimes")
    assert bad.exit_code == 2
    assert "sometimes" in bad.stderr


def test_usage_lines_name_arguments_without_braces(licheck: Licheck) -> None:
    for command, usage in (
        ("model", "licheck model [OPTIONS] MODEL\n"),
        ("explain", "licheck explain [OPTIONS] MODEL\n"),
        ("compare", "licheck compare [OPTIONS] MODEL...\n"),
        ("license", "licheck license [OPTIONS] [LICENSE]\n"),  # or --list
        ("scan", "licheck scan [OPTIONS] [PATH]\n"),
        ("lock", "licheck lock [OPTIONS] [PATH]\n"),
    ):
        shown = licheck(command, "--help").stdout
        assert f"Usage: {usage}" in shown, shown[:200]
        assert "go before or after the command" in shown


def test_the_rules_subcommands_name_the_global_options_too(licheck: Licheck) -> None:
    for words in (("rules",), ("rules", "validate"), ("rules", "stats"), ("rules", "verify")):
        shown = licheck(*words, "--help").stdout
        assert "Global options (-q, -v, --color WHEN) go before or after the command." in shown, words
    assert licheck("rules", "stats", "-q").exit_code == 0


def test_a_plain_mit_license_without_the_evidence_extra_says_how_to_get_it(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from identify.vendor.licenses import LICENSES

    from licheck.evidence import licensefile

    for name in ("with", "without"):  # two folders: the user cache keeps what it read of one
        (tmp_path / name).mkdir()
        (tmp_path / name / "LICENSE").write_text(dict(LICENSES)["MIT"], encoding="utf-8")
    found = licheck("inspect", str(tmp_path / "with"), "--use", "commercial")
    assert "pip install" not in found.stdout + found.stderr  # with the extra: no hint needed
    for module in ("identify", "identify.identify", "identify.vendor", "identify.vendor.licenses"):
        monkeypatch.setitem(sys.modules, module, None)  # as when the extra is not installed
    for cached in (
        licensefile._identify_installed,
        licensefile._open_source_texts,
        licensefile._open_source_sizes,
        licensefile._open_source,
    ):  # what this process remembers of identify, forgotten (restored, and cleared, afterwards)
        cached.cache_clear()
        monkeypatch.setattr(licensefile, cached.__name__, functools.cache(cached.__wrapped__))
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))  # not what a run with the extra kept
    missing = licheck("inspect", str(tmp_path / "without"), "--use", "commercial")
    said = " ".join(missing.stdout.split())
    assert 'need the evidence extra: pip install ".[evidence]"' in said
    assert "closest: " not in said  # no far fingerprint named as if it were close


def test_a_count_that_is_not_a_number_is_said_in_words(licheck: Licheck, tmp_path: Path) -> None:
    manifest = tmp_path / "licheck.yaml"
    manifest.write_text(
        "models:\n  - falcon-40b\nuses: [commercial]\ncontext:\n  mau: lots\n", encoding="utf-8"
    )
    for run in (
        licheck("check", str(tmp_path)),
        licheck("model", "falcon-40b", "--use", "commercial", "--mau", "lots"),
    ):
        assert run.exit_code == 2
        assert "'lots'" in run.stderr
        assert "(700k, 700M, 1.5B)" in run.stderr
        assert "^[0-9]" not in run.stderr
        assert "[kKmMbB]" not in run.stderr
    assert "licheck.yaml:5: context.mau:" in licheck("check", str(tmp_path)).stderr


def test_a_report_naming_an_input_is_refused_before_any_work(licheck: Licheck, tmp_path: Path) -> None:
    manifest = tmp_path / "licheck.yaml"
    text = "models:\n  - falcon-40b\nuses: [commercial]\n"
    manifest.write_text(text, encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("deny_families: [non-commercial]\n", encoding="utf-8")
    for args, flag in (
        (("--report", f"sarif={manifest}"), f"--report sarif={manifest}"),
        (("--report", f"json={tmp_path / 'licheck.lock'}"), f"--report json={tmp_path / 'licheck.lock'}"),
        (("--policy", str(policy), "--report", f"junit={policy}"), f"--report junit={policy}"),
        (("--output", str(manifest)), f"--output {manifest}"),
    ):
        run = licheck("check", str(tmp_path), *args)
        assert run.exit_code == 2, (args, run.stderr)
        assert run.stdout == ""  # no report printed first
        assert run.stderr.startswith(f"licheck: error: {flag}: is an input of this run"), run.stderr
    assert manifest.read_text(encoding="utf-8") == text
    assert not (tmp_path / "licheck.lock").exists()
    scanned = licheck("scan", str(tmp_path), "--report", f"sarif={manifest}")
    assert scanned.exit_code == 2
    assert f"--report sarif={manifest}" in scanned.stderr
    assert manifest.read_text(encoding="utf-8") == text


def test_alternatives_of_a_merged_llm_are_llms_of_its_size(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakecache import cache_model

    card = (
        "---\nlicense: cc-by-nc-4.0\nbase_model:\n  - meta-llama/Llama-2-7b-hf\n  - lmsys/vicuna-7b-v1.5\n"
        "base_model_relation: merge\n---\n"
    )
    cache_model(tmp_path / "hub", "acme/llama-nc-merge", {"README.md": card})
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    answer = json.loads(
        licheck("model", "acme/llama-nc-merge", "--use", "commercial", "--format", "json").stdout
    )
    assert answer["verdict"] == "denied"
    found = answer["alternatives"]
    assert len(found) == 3
    listed = {
        row["model"]: row
        for row in json.loads(licheck("list", "--allows", "commercial", "--format", "json").stdout)["models"]
    }
    for model_id in found:
        assert listed[model_id]["task"] == "text-generation", listed[model_id]
        assert 3 <= listed[model_id]["params_b"] <= 15, listed[model_id]


def test_inspect_judges_each_model_folder_of_a_folder(licheck: Licheck, tmp_path: Path) -> None:
    for name, license_id in (("open", "apache-2.0"), ("closed", "cc-by-nc-4.0")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(f"---\nlicense: {license_id}\n---\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # no model files: not a model
    (tmp_path / "notes" / "todo.txt").write_text("later\n", encoding="utf-8")
    run = licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json")
    assert run.exit_code == 1
    judged = {Path(a["path"]).name: a for a in json.loads(run.stdout)["artifacts"]}
    assert set(judged) == {"open", "closed"}
    assert judged["open"]["verdict"] == "allowed"
    assert judged["closed"]["verdict"] == "denied"
    assert "2 model folders, each inspected on its own" in run.stderr
    one = licheck("inspect", str(tmp_path / "open"), "--use", "commercial", "--format", "json")
    assert [a["verdict"] for a in json.loads(one.stdout)["artifacts"]] == ["allowed"]


def test_license_says_how_to_list_licenses_and_lists_them(licheck: Licheck) -> None:
    wrong = licheck("license", "apache2")
    assert wrong.exit_code == 1
    assert "did you mean apache-2.0?" in wrong.stderr
    assert "`licheck license --list` lists them" in wrong.stderr
    listed = licheck("license", "--list")
    assert listed.exit_code == 0
    assert any(
        line.split()[0] == "apache-2.0" and "Apache License, Version 2.0 (permissive;" in line
        for line in listed.stdout.splitlines()
    )
    answer = json.loads(licheck("license", "--list", "--format", "json").stdout)
    found = {row["license"]: row for row in answer["licenses"]}
    assert answer["count"] == len(found) > 100
    assert found["llama2"]["family"] == "community"
    assert found["llama2"]["models"] > 10
    assert licheck("license").exit_code == 2
    assert licheck("license", "llama2", "--list").exit_code == 2


def test_compare_licenses_explains_its_labels(licheck: Licheck) -> None:
    shown = " ".join(licheck("compare", "--licenses", "llama2", "apache-2.0").stdout.split())
    assert "inherit = a model built on it (a fine-tune, merge or adapter) stays bound by its terms" in shown
    assert "free = one built on it may carry other terms" in shown


def test_a_failing_check_in_summary_format_is_a_line_a_finding(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied = licheck("list", "--family", "non-commercial", "--format", "ids").stdout.split()[:15]
    assert len(denied) == 15
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial, hosted-service]\nmodels:\n" + "".join(f"  - {m}\n" for m in denied),
        encoding="utf-8",
    )
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    full = licheck("check")
    short = licheck("check", "--format", "summary")
    assert short.exit_code == full.exit_code == 1
    lines = short.stdout.splitlines()
    assert len(lines) <= 2 * 15 + 1  # a line per model and kind of failure, and the totals
    assert len(lines) * 5 < len(full.stdout.splitlines())
    assert lines[-1].startswith("15 models x 2 uses: ")
    assert "FAILED" in lines[-1]
    for line in lines[:-1]:
        assert len(line) <= 120, line  # a line a finding, at most 120 columns
        assert line.startswith("licheck.yaml:")
        assert ": error use-" in line
    assert any(line.endswith(": commercial is denied") for line in lines)


def test_notice_never_writes_over_the_manifest_it_found(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "models:\n  - falcon-40b\nuses: [commercial, redistribute]\n"
    (tmp_path / "licheck.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    run = licheck("notice", "--output", "licheck.yaml")
    assert run.exit_code == 2
    assert "--output licheck.yaml: is an input of this run" in run.stderr
    assert (tmp_path / "licheck.yaml").read_text(encoding="utf-8") == text
    assert licheck("notice", "--output", "NOTICE.md").exit_code == 0
    assert "falcon-40b" in (tmp_path / "NOTICE.md").read_text(encoding="utf-8").lower()
