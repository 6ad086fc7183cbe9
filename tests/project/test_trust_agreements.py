"""Trust, round 3: a repository cannot grant itself what the organisation withholds (class 6), and
a manifest names a model in any spelling (class 2).

An agreement in a repository's own manifest used to beat an organisation `--policy` with
`require-approval: true`: exceptions needed approval, agreements did not. Now agreements count
only with `approved-by` under such a policy (the organisation's or the project's own), and an
`allow-agreements` list in a policy names the agreements (or counterparties) it accepts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run

Licheck = Callable[..., Run]

# Command R is CC BY-NC: commercial use is denied unless one holds an agreement with Cohere.
MANIFEST = """\
uses: [commercial]
models:
  - CohereForAI/c4ai-command-r-v01
agreements:
  - model: {model}
    counterparty: Cohere
    reference: C-2026-7
{extra}"""


def _check(
    licheck: Licheck,
    root: Path,
    manifest: str,
    policy: str | None = None,
    fmt: str = "json",
) -> tuple[Run, list[tuple[str, str]]]:
    (root / "licheck.yaml").write_text(manifest, encoding="utf-8")
    args = ["check", str(root), "--format", fmt]
    if policy is not None:
        (root / "org.yaml").write_text(policy, encoding="utf-8")
        args += ["--policy", str(root / "org.yaml")]
    result = licheck(*args)
    assert "Traceback" not in result.stderr
    codes: list[tuple[str, str]] = []
    if fmt == "json" and result.stdout:
        doc: dict[str, Any] = json.loads(result.stdout)
        codes = [(f["code"], f["level"]) for f in doc["findings"]]
    return result, codes


def _manifest(extra: str = "", model: str = "CohereForAI/c4ai-command-r-v01", approved: bool = False) -> str:
    text = MANIFEST.format(model=model, extra="")
    if approved:
        text += "    approved-by: legal@example.com\n"
    return text + extra


def test_an_agreement_passes_without_an_organisation_policy(licheck: Licheck, tmp_path: Path) -> None:
    result, codes = _check(licheck, tmp_path, _manifest())
    assert result.exit_code == 0
    assert ("agreement-applied", "note") in codes


CASES: dict[str, tuple[str, str, bool]] = {
    # organisation policy, extra manifest text, approved-by in the agreement
    "org-require-approval-unapproved": ("require-approval: true\n", "", False),
    "org-require-approval-with-own-policy-allowing-all": (
        "require-approval: true\n",
        "policy:\n  allow-unknown: true\n  allow-overrides: true\n",
        False,
    ),
    "project-require-approval-unapproved": ("", "policy:\n  require-approval: true\n", False),
    "org-allow-agreements-false": ("allow-agreements: false\n", "", True),
    "org-lists-another-counterparty": ("allow-agreements: [Meta]\n", "", True),
    "org-lists-another-reference": (
        "allow-agreements:\n  - {counterparty: Cohere, reference: C-2025-1}\n",
        "",
        True,
    ),
    "org-requires-approval-and-lists-it": (
        "require-approval: true\nallow-agreements:\n  - {counterparty: Cohere, reference: C-2026-7}\n",
        "",
        False,
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_the_policy_withholds_the_agreement(licheck: Licheck, tmp_path: Path, case: str) -> None:
    org, extra, approved = CASES[case]
    result, codes = _check(licheck, tmp_path, _manifest(extra, approved=approved), org or None)
    assert result.exit_code == 1, (result.exit_code, codes, result.stderr)
    assert ("agreement-not-counted", "error") in codes
    assert ("use-denied", "error") in codes
    assert ("agreement-applied", "note") not in codes


ACCEPTED: dict[str, tuple[str, bool]] = {
    "org-require-approval-approved": ("require-approval: true\n", True),
    "org-lists-the-counterparty": ("allow-agreements: [cohere]\n", False),
    "org-lists-the-agreement": (
        "allow-agreements:\n  - {counterparty: COHERE, reference: c-2026-7}\n",
        False,
    ),
    "org-allows-any": ("allow-agreements: true\n", False),
}


@pytest.mark.parametrize("case", list(ACCEPTED), ids=list(ACCEPTED))
def test_the_policy_accepts_the_agreement(licheck: Licheck, tmp_path: Path, case: str) -> None:
    org, approved = ACCEPTED[case]
    result, codes = _check(licheck, tmp_path, _manifest(approved=approved), org)
    assert result.exit_code == 0, (codes, result.stderr)
    assert ("agreement-applied", "note") in codes
    assert ("agreement-not-counted", "error") not in codes


@pytest.mark.parametrize("fmt", ["table", "sarif", "junit", "markdown", "github", "html"])
def test_every_format_says_so(licheck: Licheck, tmp_path: Path, fmt: str) -> None:
    result, _ = _check(licheck, tmp_path, _manifest(), "require-approval: true\n", fmt)
    assert result.exit_code == 1
    assert "agreement-not-counted" in result.stdout or "not counted" in result.stdout


def test_a_license_wide_agreement_needs_approval_too(licheck: Licheck, tmp_path: Path) -> None:
    manifest = (
        "uses: [commercial]\nmodels:\n  - CohereForAI/c4ai-command-r-v01\nagreements:\n"
        "  - license: cohere-c4ai-cc-by-nc-4.0\n    counterparty: Cohere\n    reference: X\n"
    )
    result, codes = _check(licheck, tmp_path, manifest, "require-approval: true\n")
    assert result.exit_code == 1
    assert ("agreement-not-counted", "error") in codes


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ("allow-agreements: [{reference: X}]\n", "counterparty"),
        ("allow-agreements: yes please\n", "allow-agreements"),
        ("allow-agreements: [{counterparty: Cohere, ref: X}]\n", "ref"),
        ("allow-agreements: ['']\n", "allow-agreements"),
    ],
    ids=["no-counterparty", "not-a-list", "misspelt-key", "empty-name"],
)
def test_a_malformed_allow_list_is_bad_input(
    licheck: Licheck, tmp_path: Path, policy: str, words: str
) -> None:
    result, _ = _check(licheck, tmp_path, _manifest(approved=True), policy)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "org.yaml" in result.stderr
    assert words in result.stderr


def test_an_empty_approval_is_bad_input(licheck: Licheck, tmp_path: Path) -> None:
    manifest = _manifest().replace(
        "    reference: C-2026-7\n", "    reference: C-2026-7\n    approved-by: ''\n"
    )
    result, _ = _check(licheck, tmp_path, manifest, "require-approval: true\n")
    assert result.exit_code == 2
    assert "approved-by" in result.stderr


# ---------------------------------------------------------------- class 2: a manifest's spellings


@pytest.mark.parametrize(
    "spelling",
    [
        "meta-llama/Llama-2-7b-hf.git",
        "https://huggingface.co/meta-llama/Llama-2-7b-hf.git/",
        "hf://meta-llama/Llama-2-7b-hf",
        "HF.CO/Meta-Llama/Llama-2-7b-hf:Q4_K_M",
        "ｍeta-llama/Llama-2-7b-hf@v2",
    ],
)
def test_a_manifest_model_in_any_spelling_is_the_known_one(
    licheck: Licheck, tmp_path: Path, spelling: str
) -> None:
    """`ORG/NAME.git` used to be `unknown`, passing under allow-unknown: now it is Llama 2,
    denied above 700M MAU, whatever allow-unknown says."""
    manifest = f"uses: [commercial]\ncontext:\n  mau: 800M\nmodels:\n  - {json.dumps(spelling)}\npolicy:\n  allow-unknown: true\n"
    result, codes = _check(licheck, tmp_path, manifest)
    assert result.exit_code == 1, (codes, result.stderr)
    assert ("use-denied", "error") in codes
    assert ("model-unknown", "warning") not in codes


def test_a_model_of_ones_own_may_not_take_a_known_name_in_another_spelling(
    licheck: Licheck, tmp_path: Path
) -> None:
    manifest = "uses: [commercial]\nmodels:\n  - {id: 'https://huggingface.co/meta-llama/Llama-2-7b-hf.git', license: mit}\n"
    result, _ = _check(licheck, tmp_path, manifest)
    assert result.exit_code == 2
    assert "is the id of a known model (llama-2-7b)" in result.stderr


def test_an_exception_in_another_spelling_still_matches(licheck: Licheck, tmp_path: Path) -> None:
    manifest = (
        "uses: [commercial]\nmodels:\n  - acme/Private-Model\npolicy:\n  exceptions:\n"
        "    - model: https://huggingface.co/ACME/private-model.git\n      reason: our own\n"
    )
    result, codes = _check(licheck, tmp_path, manifest)
    assert result.exit_code == 0, (codes, result.stderr)
    assert ("exception-applied", "note") in codes
    assert ("exception-unused", "warning") not in codes


def test_allow_overrides_in_another_spelling(licheck: Licheck, tmp_path: Path) -> None:
    manifest = (
        "uses: [commercial]\nmodels:\n  - {id: llama-2-7b, license: mit, overrides: true}\n"
        "policy:\n  allow-overrides: ['https://huggingface.co/llama-2-7b/']\n"
    )
    result, codes = _check(licheck, tmp_path, manifest)
    assert ("rules-override", "note") in codes, (codes, result.stderr)
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "manifest",
    [
        "uses: [commercial]\nmodels: [gpt2]\npolicy:\n  exceptions:\n    - {model: gpt\u0430, reason: x}\n",
        "uses: [commercial]\nmodels: [gpt2]\nagreements:\n  - {model: gpt\u0430, counterparty: X, reference: Y}\n",
    ],
    ids=["exception", "agreement"],
)
def test_a_mixed_script_name_in_an_exception_or_agreement_is_refused(
    licheck: Licheck, tmp_path: Path, manifest: str
) -> None:
    """It used to match nothing, in silence (an exception-unused warning at most)."""
    result, _ = _check(licheck, tmp_path, manifest)
    assert result.exit_code == 2
    assert "licheck.yaml:" in result.stderr
    assert "CYRILLIC SMALL LETTER A" in result.stderr


def test_a_manifest_model_that_names_nothing_is_refused(licheck: Licheck, tmp_path: Path) -> None:
    manifest = "uses: [commercial]\nmodels:\n  - '   '\n  - 'https://huggingface.co/'\npolicy:\n  allow-unknown: true\n"
    result, _ = _check(licheck, tmp_path, manifest)
    assert result.exit_code == 2
    assert "licheck.yaml:3: '   ': names no model" in result.stderr
    assert "licheck.yaml:4:" in result.stderr


# ---------------------------------------------------------------- the verification's adversarial pass

HELD = """\
uses: [commercial]
context:
  mau: 800M
models:
  - meta-llama/Llama-2-7b-hf
"""


def _held(licheck: Licheck, tmp_path: Path, text: str) -> Run:
    (tmp_path / "licheck.yaml").write_text(text, encoding="utf-8")
    return licheck("check", str(tmp_path), "--format", "json")


@pytest.mark.parametrize(
    "entry",
    [
        "agreements:\n  - model: meta-llama/Llama-2-7b-hf\n    counterparty: Meta\n    reference: M-1\n"
        "    uses: [comercial]\n",
        "agreements:\n  - license: llama2\n    counterparty: Meta\n    reference: M-1\n    uses: [commercial, hosting]\n",
        "policy:\n  exceptions:\n    - model: llama-2-7b\n      reason: reviewed\n      uses: [comercial]\n",
    ],
    ids=["agreement-misspelt-use", "agreement-one-use-of-two-unknown", "exception-misspelt-use"],
)
def test_a_use_that_is_not_one_is_bad_input(licheck: Licheck, tmp_path: Path, entry: str) -> None:
    """Before, `uses: [comercial]` granted nothing and said nothing: the team believed it held an
    agreement for commercial use while the check failed on a denial it thought covered."""
    result = _held(licheck, tmp_path, HELD + entry)
    assert result.exit_code == 2
    assert "licheck.yaml:" in result.stderr
    assert "is not a known use" in result.stderr


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        (
            "  - model: meta-llama/Llama-2-13b-hf\n    counterparty: Meta\n    reference: M-1\n",
            "Llama-2-13b-hf",
        ),
        ("  - model: '*'\n    counterparty: Meta\n    reference: M-1\n", "for *"),
        ("  - license: llama-two\n    counterparty: Meta\n    reference: M-1\n", "for llama-two"),
    ],
    ids=["another-model", "a-glob", "a-license-that-is-none"],
)
def test_an_agreement_that_matches_no_model_is_named(
    licheck: Licheck, tmp_path: Path, entry: str, named: str
) -> None:
    """README promises exception-unused for an agreement that matches no model; before, only a
    policy's exceptions got it, and such an agreement was silently ignored."""
    result = _held(licheck, tmp_path, HELD + "agreements:\n" + entry)
    unused = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "exception-unused"]
    assert len(unused) == 1
    assert named in unused[0]["message"]
    assert "matches no model in the manifest" in unused[0]["message"]
    assert result.exit_code == 1  # the denial it does not cover still fails


def test_an_agreement_that_matches_is_not_named_unused(licheck: Licheck, tmp_path: Path) -> None:
    entry = "agreements:\n  - model: https://hf.co/meta-llama/Llama-2-7b-hf\n    counterparty: Meta\n    reference: M-1\n"
    result = _held(licheck, tmp_path, HELD + entry)
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "exception-unused" not in codes
    assert "agreement-applied" in codes
    assert result.exit_code == 0
