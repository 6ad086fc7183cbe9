"""The bad-input catalogue: every file licheck reads and every command-line value, given the worst
we could think of. Each case is named after what it reproduces; each must end in one clear message
and exit 2 (or the documented verdict), never a traceback, a hang, or a damaged file.

Files, links, FIFOs and device nodes are made in a temporary folder; no real device or system file
is ever touched.
"""

from __future__ import annotations

import json
import os
import select
import stat
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]

MANIFEST = "uses: [commercial]\nmodels:\n  - tiiuae/falcon-40b\n"


def _no_traceback(result: Run) -> None:
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def _usage(result: Run, *fragments: str) -> None:
    """Exit 2 with one licheck error naming the problem."""
    _no_traceback(result)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stderr.startswith("licheck: error:"), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------- --output


class TestOutput:
    def test_fifo_without_reader_is_refused_not_replaced(self, licheck: Licheck, project: Path) -> None:
        fifo = project / "pipe"
        os.mkfifo(fifo)
        result = licheck("check", "--format", "json", "--output", str(fifo))
        _usage(result, "nothing is reading it")
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    def test_fifo_with_reader_is_written_through(self, licheck: Licheck, project: Path) -> None:
        fifo = project / "pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []
        reader_ready = threading.Event()

        def read() -> None:
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open now, so a writer finds a reader
            reader_ready.set()
            chunks: list[bytes] = []
            while select.select([fd], [], [], 20)[0]:  # readable: data, or the writer closed
                chunk = os.read(fd, 65536)
                if not chunk and chunks:
                    break
                chunks.append(chunk)
            os.close(fd)
            got.append(b"".join(chunks))

        thread = threading.Thread(target=read)
        thread.start()
        reader_ready.wait(5)
        result = licheck("check", "--format", "json", "--output", str(fifo))
        thread.join(10)
        assert result.exit_code == 0, result.stderr
        assert json.loads(got[0])["passed"] is True
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    def test_character_device_is_written_through_not_replaced(self, licheck: Licheck, project: Path) -> None:
        """A device node made here (the null device's numbers), never /dev itself."""
        node = project / "null-device"
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
        result = licheck("check", "--format", "json", "--output", str(node))
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.lstat(node).st_mode)

    def test_link_to_a_file_keeps_the_link(self, licheck: Licheck, project: Path) -> None:
        target = project / "reports" / "real.json"
        target.parent.mkdir()
        target.write_text("old", encoding="utf-8")
        link = project / "report.json"
        link.symlink_to(target)
        result = licheck("check", "--format", "json", "--output", str(link))
        assert result.exit_code == 0, result.stderr
        assert link.is_symlink()
        assert json.loads(target.read_text(encoding="utf-8"))["passed"] is True

    def test_dangling_link_is_refused(self, licheck: Licheck, project: Path) -> None:
        (project / "report.json").symlink_to(project / "nowhere" / "x.json")
        _usage(licheck("check", "--output", "report.json"), "a link to nothing")

    def test_folder_is_refused(self, licheck: Licheck, project: Path) -> None:
        (project / "out").mkdir()
        _usage(licheck("check", "--output", "out"), "not a regular file")

    def test_manifest_is_refused_and_unchanged(self, licheck: Licheck, project: Path) -> None:
        _usage(licheck("check", "--output", "licheck.yaml"), "an input of this run")
        assert (project / "licheck.yaml").read_text(encoding="utf-8") == MANIFEST

    def test_policy_is_refused(self, licheck: Licheck, project: Path) -> None:
        (project / "org.yaml").write_text("deny-families: [share-alike]\n", encoding="utf-8")
        _usage(licheck("check", "--policy", "org.yaml", "--output", "org.yaml"), "an input of this run")
        assert (project / "org.yaml").read_text(encoding="utf-8") == "deny-families: [share-alike]\n"

    def test_file_inside_a_rule_folder_is_refused(self, licheck: Licheck, project: Path) -> None:
        rules = project / "my-rules"
        rules.mkdir()
        (rules / "empty.yaml").write_text("schema-version: 1\n", encoding="utf-8")
        _usage(
            licheck("check", "--rules", "my-rules", "--output", "my-rules/empty.yaml"), "an input of this run"
        )
        assert (rules / "empty.yaml").read_text(encoding="utf-8") == "schema-version: 1\n"

    def test_dash_is_stdout(self, licheck: Licheck, project: Path) -> None:
        result = licheck("check", "--format", "json", "--output", "-")
        assert json.loads(result.stdout)["passed"] is True
        assert not (project / "-").exists()

    def test_no_temporary_file_is_left_behind(self, licheck: Licheck, project: Path) -> None:
        licheck("check", "--format", "sarif", "--output", "x.sarif")
        assert sorted(p.name for p in project.iterdir()) == ["licheck.yaml", "x.sarif"]

    def test_compare_output_into_a_rule_folder_is_refused(self, licheck: Licheck, project: Path) -> None:
        rules = project / "r"
        rules.mkdir()
        (rules / "a.yaml").write_text("schema-version: 1\n", encoding="utf-8")
        _usage(
            licheck("compare", "falcon-40b", "--rules", "r", "--output", "r/a.yaml"), "an input of this run"
        )


# ---------------------------------------------------------------- manifests


def _manifest(project: Path, text: str, name: str = "licheck.yaml") -> Path:
    path = project / name
    path.write_text(text, encoding="utf-8")
    return path


class TestManifest:
    def test_fifo_is_an_error_not_a_hang(self, licheck: Licheck, tmp_path: Path) -> None:
        fifo = tmp_path / "licheck.yaml"
        os.mkfifo(fifo)
        _usage(licheck("check", "--manifest", str(fifo)), "not a regular file")

    def test_200_mb_file_is_refused_unread(self, licheck: Licheck, tmp_path: Path) -> None:
        big = tmp_path / "licheck.yaml"
        with big.open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
        _usage(licheck("check", "--manifest", str(big)), "larger than 4 MiB")

    def test_alias_bomb(self, licheck: Licheck, project: Path) -> None:
        levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        levels += [
            f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
            for i in range(1, 9)
        ]
        _manifest(project, "\n".join(levels) + "\n" + MANIFEST)
        _usage(licheck("check"), "aliases expand to more than")

    def test_5000_deep_yaml(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, MANIFEST + "deep: " + "[" * 5000 + "]" * 5000 + "\n")
        _usage(licheck("check"), "licheck.yaml")

    def test_5000_digit_integer(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, MANIFEST + "context:\n  mau: " + "9" * 5000 + "\n")
        _usage(licheck("check"), "a number too long to read")

    def test_not_utf8(self, licheck: Licheck, project: Path) -> None:
        (project / "licheck.yaml").write_bytes(b"uses: [commercial]\nmodels:\n  - caf\xe9\n")
        _usage(licheck("check"), "licheck.yaml:3", "not UTF-8")

    def test_own_model_may_not_take_a_known_id(self, licheck: Licheck, project: Path) -> None:
        """A model of one's own named like a known denied model no longer replaces it silently."""
        _manifest(
            project, "uses: [commercial]\nmodels:\n  - {id: mosaicml/mpt-7b-chat, license: apache-2.0}\n"
        )
        _usage(licheck("check"), "licheck.yaml:3", "known model (mpt-7b-chat)", "overrides: true")

    def test_own_model_override_is_reported_and_fails(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - {id: mosaicml/mpt-7b-chat, license: apache-2.0, overrides: true}\n",
        )
        result = licheck("check", "--format", "json")
        assert result.exit_code == 1
        codes = {(f["code"], f["level"]) for f in json.loads(result.stdout)["findings"]}
        assert ("rules-override", "error") in codes

    def test_own_model_override_allowed_by_policy(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - {id: mosaicml/mpt-7b-chat, license: apache-2.0, overrides: true}\n"
            "policy:\n  allow-overrides: [mpt-7b-chat]\n",
        )
        result = licheck("check", "--format", "json")
        assert result.exit_code == 0, result.stdout
        codes = {(f["code"], f["level"]) for f in json.loads(result.stdout)["findings"]}
        assert ("rules-override", "note") in codes

    @pytest.mark.parametrize("folder", ["../..", "/", "../elsewhere"])
    def test_rules_folder_outside_the_repository(self, licheck: Licheck, project: Path, folder: str) -> None:
        _manifest(project, MANIFEST + f"rules: [{folder!r}]\n")
        _usage(licheck("check"), "not a folder inside the repository")

    def test_mixed_script_model_id(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project, "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-ch\u0430t\n"
        )  # a Cyrillic a (U+0430)
        _usage(licheck("check"), "licheck.yaml:3", "non-ASCII")

    @pytest.mark.parametrize("region", ["ЕU", "XX"])
    def test_region_from_a_closed_list(self, licheck: Licheck, project: Path, region: str) -> None:
        _manifest(project, MANIFEST + f"context:\n  region: {region}\n")
        _usage(licheck("check"), "licheck.yaml", "region")

    def test_toml_native_date(self, licheck: Licheck, project: Path) -> None:
        """A native TOML date is a date, not an error with a Python repr."""
        (project / "licheck.yaml").unlink()
        (project / "pyproject.toml").write_text(
            '[tool.licheck]\nuses = ["commercial"]\nmodels = ["tiiuae/falcon-40b"]\n\n[tool.licheck.context]\nas-of = 2023-05-28\n',
            encoding="utf-8",
        )
        result = licheck("check", "--format", "json")
        _no_traceback(result)
        doc = json.loads(result.stdout)
        assert doc["context"]["as_of"] == "2023-05-28"
        assert doc["models"][0]["license"] == "tii-falcon-llm-1.0"

    def test_toml_5000_deep(self, licheck: Licheck, project: Path) -> None:
        (project / "licheck.yaml").unlink()
        (project / "pyproject.toml").write_text(
            '[tool.licheck]\nuses = ["commercial"]\nmodels = ["x"]\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
            encoding="utf-8",
        )
        _usage(licheck("check"), "pyproject.toml")

    def test_dataset_hub_id(self, licheck: Licheck, project: Path) -> None:
        """A dataset named by its Hub id (an alias in the rules) is accepted."""
        _manifest(
            project,
            "uses: [research]\nmodels:\n  - {id: acme/bot, license: apache-2.0, datasets: [tatsu-lab/alpaca]}\n",
        )
        result = licheck("check", "--format", "json")
        _no_traceback(result)
        assert result.exit_code == 0, result.stderr

    def test_three_problems_are_three_messages(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - {id: a/one, license: nope-1}\n  - {id: a/two, license: nope-2}\n"
            "  - {id: a/three, license: nope-3}\n",
        )
        result = licheck("check")
        _usage(result, "3 problems", "nope-1", "nope-2", "nope-3")

    def test_misspelt_use_gets_did_you_mean(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, "uses: [comercial]\nmodels:\n  - tiiuae/falcon-40b\n")
        _usage(licheck("check"), "did you mean 'commercial'")

    def test_no_manifest_mentions_init(
        self, licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        _usage(licheck("check"), "licheck init")

    def test_missing_folder_is_not_called_not_a_folder(self, licheck: Licheck, tmp_path: Path) -> None:
        _usage(licheck("check", str(tmp_path / "nope")), "no such file or folder")


# ---------------------------------------------------------------- policies and the organisation's ceiling


class TestPolicy:
    def test_fifo_policy(self, licheck: Licheck, project: Path) -> None:
        os.mkfifo(project / "org.yaml")
        _usage(licheck("check", "--policy", "org.yaml"), "not a regular file")

    def test_manifest_cannot_widen_the_allow_list(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [research]\nmodels:\n  - mosaicml/mpt-7b-chat\npolicy:\n  allow-families: [permissive, non-commercial]\n",
        )
        (project / "org.yaml").write_text("allow-families: [permissive]\n", encoding="utf-8")
        result = licheck("check", "--policy", "org.yaml", "--format", "json")
        assert result.exit_code == 1
        assert "license-not-allowed" in {f["code"] for f in json.loads(result.stdout)["findings"]}

    def test_manifest_exception_needs_approval_when_the_org_says_so(
        self, licheck: Licheck, project: Path
    ) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\npolicy:\n  exceptions:\n"
            "    - {model: mosaicml/mpt-7b-chat, reason: we asked nicely}\n",
        )
        (project / "org.yaml").write_text("require-approval: true\n", encoding="utf-8")
        result = licheck("check", "--policy", "org.yaml", "--format", "json")
        assert result.exit_code == 1
        assert "use-denied" in {
            f["code"] for f in json.loads(result.stdout)["findings"] if f["level"] == "error"
        }

    def test_approved_exception_is_honoured_under_the_ceiling(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\npolicy:\n  exceptions:\n"
            "    - {model: mosaicml/mpt-7b-chat, reason: licensed, approved-by: legal@example.com}\n",
        )
        (project / "org.yaml").write_text("require-approval: true\n", encoding="utf-8")
        result = licheck("check", "--policy", "org.yaml", "--format", "json")
        assert result.exit_code == 0, result.stdout


# ---------------------------------------------------------------- locks


class TestLock:
    def _lock(self, project: Path, text: str | bytes) -> Path:
        path = project / "licheck.lock"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def test_fifo(self, licheck: Licheck, project: Path) -> None:
        os.mkfifo(project / "licheck.lock")
        _usage(licheck("check"), "not a regular file")

    def test_100000_deep_json(self, licheck: Licheck, project: Path) -> None:
        self._lock(project, "[" * 100_000 + "]" * 100_000)
        _usage(licheck("check"), "nested too deeply")

    def test_5000_digit_integer(self, licheck: Licheck, project: Path) -> None:
        self._lock(project, '{"lock-version": 1, "models": [], "n": ' + "9" * 5000 + "}")
        _usage(licheck("check"), "a number too long")

    def test_link_to_an_endless_file(self, licheck: Licheck, project: Path) -> None:
        endless = project / "endless"
        with endless.open("wb") as handle:
            handle.truncate(3 * 1024 * 1024 * 1024)  # sparse, 3 GB
        (project / "licheck.lock").symlink_to(endless)
        _usage(licheck("check"), "larger than")

    def test_not_a_lock(self, licheck: Licheck, project: Path) -> None:
        self._lock(project, '{"models": 3}')
        _usage(licheck("check"), "not a licheck lock file")


# ---------------------------------------------------------------- rule folders


FLIP = """schema-version: 1
models:
  - id: mpt-7b-chat
    name: MPT-7B-Chat (our reading)
    publisher: MosaicML
    aliases: [mosaicml/mpt-7b-chat]
    license: apache-2.0
    sources: [{url: "https://example.com"}]
    checked: 2026-01-01
"""


def _rules(project: Path, text: str, name: str = "r.yaml") -> Path:
    folder = project / "rules-mine"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


class TestRules:
    @pytest.mark.parametrize("fmt", ["table", "json", "sarif", "junit", "markdown", "github", "html"])
    def test_flip_is_reported_in_every_format_and_fails(
        self, licheck: Licheck, project: Path, fmt: str
    ) -> None:
        _manifest(project, "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\nrules: [rules-mine]\n")
        _rules(project, FLIP)
        result = licheck("check", "--format", fmt)
        assert result.exit_code == 1, result.stdout
        assert "rules-override" in result.stdout
        assert "cc-by-nc-sa-4.0 → apache-2.0" in result.stdout

    def test_flip_passes_when_the_policy_allows_that_override(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\nrules: [rules-mine]\npolicy:\n"
            "  allow-overrides: [mpt-7b-chat]\n",
        )
        _rules(project, FLIP)
        result = licheck("check", "--format", "json")
        assert result.exit_code == 0, result.stdout
        notes = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "rules-override"]
        assert notes
        assert notes[0]["level"] == "note"

    def test_5000_digit_integer(self, licheck: Licheck, project: Path) -> None:
        folder = _rules(project, "schema-version: 1\nn: " + "9" * 5000 + "\n")
        _usage(
            licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder)), "a number too long"
        )

    def test_file_linked_to_itself(self, licheck: Licheck, project: Path) -> None:
        folder = project / "loop"
        folder.mkdir()
        (folder / "self.yaml").symlink_to("self.yaml")
        _usage(
            licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder)),
            "self.yaml: cannot be read",
        )

    def test_5000_step_lineage(self, licheck: Licheck, project: Path) -> None:
        lines = ["schema-version: 1", "models:"]
        for i in range(5000):
            lines += [
                f"  - id: chain-{i}",
                f"    name: Chain {i}",
                "    publisher: p",
                "    license: apache-2.0",
                "    sources: [{url: 'https://example.com'}]",
                "    checked: '2026-01-01'",
            ]
            if i:
                lines.append(f"    base: [chain-{i - 1}]")
        folder = _rules(project, "\n".join(lines) + "\n")
        _usage(
            licheck("model", "chain-4999", "--use", "commercial", "--rules", str(folder)),
            "longer than 64 steps",
        )

    def test_200_mb_rule_file(self, licheck: Licheck, project: Path) -> None:
        folder = project / "huge"
        folder.mkdir()
        with (folder / "big.yaml").open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)
        _usage(licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder)), "larger than")


# ---------------------------------------------------------------- command-line values


LLAMA2 = ["--use", "commercial", "--mau", "800M", "--format", "json"]


class TestValues:
    @pytest.mark.parametrize(
        "spelling",
        [
            "meta-llama/Llama-2-7b-hf/",
            "hf.co/meta-llama/Llama-2-7b-hf",
            "https://huggingface.co/meta-llama/Llama-2-7b-hf",
            "https://huggingface.co/meta-llama/Llama-2-7b-hf/tree/main",
            "meta-llama/Llama-2-7b-hf@main",
            "  META-LLAMA/llama-2-7b-HF  ",
            "ｍｅｔａ-llama/Llama-2-7b-hf",  # full-width letters: NFKC
        ],
    )
    def test_confusable_spellings_find_the_known_model(self, licheck: Licheck, spelling: str) -> None:
        """No spelling turns a known denied model into an unknown one (that allow-unknown would pass)."""
        result = licheck("model", spelling, *LLAMA2)
        doc = json.loads(result.stdout)
        assert doc["model"] == "llama-2-7b"
        assert doc["verdict"] == "denied"

    def test_mixed_script_model(self, licheck: Licheck) -> None:
        _usage(licheck("model", "meta-llama/Llаma-2-7b-hf", "--use", "commercial"), "non-ASCII")

    @pytest.mark.parametrize("region", ["ЕU", "XX", "Europe", "E U"])
    def test_region(self, licheck: Licheck, region: str) -> None:
        _usage(licheck("model", "falcon-40b", "--use", "commercial", "--region", region), "--region")

    def test_org(self, licheck: Licheck) -> None:
        _usage(licheck("model", "falcon-40b", "--use", "commercial", "--org", "bank"), "--org 'bank'")

    @pytest.mark.parametrize(
        ("value", "same_as"), [("800M", "800000000"), ("800,000,000", "800000000"), ("0.8B", "800000000")]
    )
    def test_numbers_as_licheck_prints_them(self, licheck: Licheck, value: str, same_as: str) -> None:
        one = json.loads(
            licheck("model", "llama-2-7b", "--use", "commercial", "--mau", value, "--format", "json").stdout
        )
        two = json.loads(
            licheck("model", "llama-2-7b", "--use", "commercial", "--mau", same_as, "--format", "json").stdout
        )
        assert one["context"]["mau"] == two["context"]["mau"] == 800_000_000
        assert one["verdict"] == two["verdict"] == "denied"

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("1.2345k", "not a whole number"),
            ("lots", "not a number"),
            ("-5", "must be zero or more"),
            ("9" * 40, "not a number"),
        ],
    )
    def test_bad_numbers(self, licheck: Licheck, value: str, message: str) -> None:
        _usage(licheck("model", "falcon-40b", "--use", "commercial", "--mau", value), message)

    def test_usage_errors_are_one_plain_line(self, licheck: Licheck) -> None:
        for args in (
            ["model", "falcon-40b"],
            ["model", "falcon-40b", "--use", "commercial", "--format", "xml"],
            ["model", "falcon-40b", "--nope"],
        ):
            result = licheck(*args)
            _usage(result)
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert "╭" not in result.stderr
            assert "│" not in result.stderr


# ---------------------------------------------------------------- what reports let through


class TestReports:
    def test_control_characters_keep_junit_valid(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, 'uses: [commercial]\nmodels:\n  - "acme/evil\\x01\\x1b[31m\\x00name"\n')
        result = licheck("check", "--format", "junit")
        _no_traceback(result)
        ET.fromstring(result.stdout)  # parses: no control character reached the XML
        assert "\x1b" not in result.stdout

    def test_markdown_passes_no_links_images_or_mentions(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            'uses: [commercial]\nmodels:\n  - "[click](javascript:alert(1))"\n  - "![x](https://evil.example/t.png)"\n'
            '  - "acme/x @everyone"\n',  # a bare "@everyone" names no model (@ starts a revision): refused
        )
        out = licheck("check", "--format", "markdown").stdout
        assert "[click](javascript" not in out
        assert "![x](" not in out
        assert "\\@everyone" in out
        assert " @everyone" not in out

    def test_table_passes_no_escape_bytes_with_no_color(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, 'uses: [commercial]\nmodels:\n  - "acme/\\x1b]0;pwned\\x07x"\n')
        result = licheck("check")
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout

    @pytest.mark.parametrize("columns", ["200", "30"])
    def test_list_table_scrubs_what_it_prints(
        self, licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
    ) -> None:
        """The list table cleans the cells it prints itself (not each model's whole assessment):
        a publisher carrying a terminal title escape reaches neither layout."""
        (tmp_path / "rules" / "models").mkdir(parents=True)
        (tmp_path / "rules" / "models" / "x.yaml").write_text(
            "schema-version: 1\nmodels:\n  - id: evil-model\n    name: Evil\n"
            '    publisher: "Evil\\e]0;pwned\\aCorp"\n    task: text-generation\n    license: apache-2.0\n'
            "    sources:\n      - url: https://example.com/m\n    checked: 2026-11-01\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("COLUMNS", columns)
        out = licheck("list", "--allows", "commercial", "--rules", str(tmp_path / "rules")).stdout
        assert "evil-model" in out
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "Evil\ufffd]0;pwned\ufffdCorp" in out.replace("\n", "").replace(" ", "")

    def test_inherited_verdict_cites_the_base_clause(self, licheck: Licheck, project: Path) -> None:
        """An inherited denial names the base's clause that decided, not the model's own license."""
        _manifest(
            project,
            "uses: [distill]\ncontext:\n  mau: 1000\nmodels:\n"
            "  - {id: acme/y, license: apache-2.0, base: [meta-llama/Llama-2-7b-hf]}\n",
        )
        for fmt in ("json", "sarif", "github", "junit", "markdown"):
            out = licheck("check", "--format", fmt).stdout
            assert "llama2 §1.b.v" in out, (fmt, out[:400])
            assert "apache-2.0 §2" not in out.split("llama2 §1.b.v")[0].split("acme/y: distill is denied")[-1]

    def test_junit_keeps_expired_and_unused_exceptions(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\npolicy:\n  exceptions:\n"
            "    - {model: mosaicml/mpt-7b-chat, reason: old, expires: 2020-01-01}\n    - {model: gone/model, reason: x}\n",
        )
        out = licheck("check", "--format", "junit").stdout
        assert "exception-expired" in out
        assert "exception-unused" in out


class TestInit:
    def test_does_not_shadow_a_pyproject_table(self, licheck: Licheck, tmp_path: Path) -> None:
        (tmp_path / "pyproject.toml").write_text(
            '[tool.licheck]\nuses = ["commercial"]\nmodels = ["x"]\n', encoding="utf-8"
        )
        _usage(licheck("init", str(tmp_path)), "[tool.licheck]")
        assert not (tmp_path / "licheck.yaml").exists()


class TestFoundByProperties:
    """Cases the property-based tests (tests/test_properties.py) shrank to; each was an exit 3."""

    def test_400_digit_count_in_the_manifest(self, licheck: Licheck, project: Path) -> None:
        _manifest(
            project,
            "uses: [commercial]\ncontext:\n  mau: " + "9" * 400 + "\nmodels:\n  - meta-llama/Llama-2-7b-hf\n",
        )
        _usage(licheck("check"), "larger than any real count")

    def test_400_digit_count_on_the_command_line(self, licheck: Licheck) -> None:
        _usage(
            licheck("model", "llama-2-7b", "--use", "commercial", "--mau", "9" * 29),
            "larger than any real count",
        )

    def test_nul_in_a_manifest_folder(self, licheck: Licheck, project: Path) -> None:
        _manifest(project, MANIFEST + 'rules: ["x\\0y"]\nscan: ["a\\0b"]\n')
        _usage(licheck("check"), "rules:", "scan:")

    def test_a_path_longer_than_the_system_allows(self, licheck: Licheck, project: Path) -> None:
        long = "x" * 300
        _usage(licheck("check", long), "cannot be used")
        _usage(licheck("model", "falcon-40b", "--use", "commercial", "--rules", long), "cannot be used")

    def test_newline_in_a_model_name_keeps_annotations_one_per_line(
        self, licheck: Licheck, project: Path
    ) -> None:
        _manifest(
            project, 'uses: [commercial]\nmodels:\n  - "acme/x\\n::warning file=evil.py,line=1::pwned"\n'
        )
        out = licheck("check", "--format", "github").stdout
        assert not any(line.startswith("::warning file=evil.py") for line in out.splitlines())
