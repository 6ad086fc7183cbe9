"""`licheck notice`: what a release must ship with its models, in every format, byte for byte.

The wording each license fixes is checked against the license texts it comes from:
- Llama 3.1: meta-llama/llama-models, models/llama3_1/LICENSE at commit
  1f0feb795a4130697ced243fb53051670d591653: §1.b.iii (the notice line), §1.b.i(B) ("Built with
  Llama"), §1.b.i (a derivative's name begins with "Llama").
- Llama 2: meta-llama/llama-models, models/llama2/LICENSE at the same commit, §1.b.iii.
- Gemma: the Gemma Terms of Use (https://ai.google.dev/gemma/terms), §3.1 condition 4, compared
  with a verbatim copy of the version last modified 2025-03-24.
- NVIDIA Open Model License: §3.1, compared with verbatim copies of its 2025 revisions (the June
  2024 PDF words §3.1 alike, as far as the copies of it quoted elsewhere show).
- Apache-2.0: §4(a) and §4(d) fix no wording: the license text and the model's NOTICE travel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from hfcachestub import REV, make_cache

Licheck = Callable[..., Run]

LLAMA31_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
    "All Rights Reserved."
)
LLAMA2_NOTICE = (
    "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. "
    "All Rights Reserved."
)
GEMMA_NOTICE = (
    "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms"
)
NVIDIA_NOTICE = "Licensed by NVIDIA Corporation under the NVIDIA Open Model License"
UPSTREAM_NOTICE = "Falcon-40B (test stand-in)\nThis product includes software developed at Example Labs.\n"

MANIFEST = """\
uses: [commercial, redistribute, fine-tune]
context:
  mau: 5M
models:
  - meta-llama/Llama-3.1-8B
  - google/gemma-3-12b-it
  - {id: acme/support-lora, license: apache-2.0, base: [meta-llama/Llama-2-7b-hf]}
  - tiiuae/falcon-40b
  - nvidia/Nemotron-4-340B-Instruct
  - {id: acme/helpdesk-8b, license: llama3.1, base: [meta-llama/Llama-3.1-8B]}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The manifest, and a Hugging Face cache in which Falcon-40B has its LICENSE and a NOTICE."""
    from identify.vendor.licenses import LICENSES  # the Apache-2.0 text pre-commit's identify ships

    monkeypatch.chdir(tmp_path)
    root = make_cache(tmp_path / "hub", {"tiiuae/falcon-40b": "---\nlicense: apache-2.0\n---\n"})
    snapshot = root / "models--tiiuae--falcon-40b" / "snapshots" / REV
    (snapshot / "LICENSE").write_text(dict(LICENSES)["Apache-2.0"], encoding="utf-8")
    (snapshot / "NOTICE").write_text(UPSTREAM_NOTICE, encoding="utf-8")
    monkeypatch.setenv("HF_HUB_CACHE", "hub")
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_every_required_string_is_there_verbatim(licheck: Licheck, project: Path, fmt: str) -> None:
    result = licheck("notice", "--format", fmt, "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for wanted in (LLAMA31_NOTICE, LLAMA2_NOTICE, GEMMA_NOTICE, NVIDIA_NOTICE):
        assert wanted in text, wanted
    assert "Built with Llama" in text
    assert "This product includes software developed at Example Labs." in text  # Falcon's NOTICE travels
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text  # and its license
    assert (
        "blob/1f0feb795a4130697ced243fb53051670d591653/models/llama3_1/LICENSE" in text
    )  # pinned, not shipped
    assert "(sha256 4a449942428d3a74764be1c6630ce9d1c4218c46fc0e5206ec2071540a8e20d6)" in text
    flat = " ".join(text.split())
    assert "through llama-2-7b" in flat  # the LoRA owes Llama 2's notice through its base
    assert 'does not begin with "Llama"' in flat.replace("&quot;", '"').replace(
        "&#x27;", "'"
    )  # acme/helpdesk-8b


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_golden(licheck: Licheck, project: Path, golden: Callable[[str, str], None], fmt: str) -> None:
    """The release of the issue's example (Llama 3.1 8B, Gemma 3, a Llama 2 LoRA, an Apache-2.0
    model with an upstream NOTICE, an NVIDIA Open Model License model) in each format."""
    suffix = {"markdown": "md", "text": "txt", "html": "html"}[fmt]
    golden(f"notice.{suffix}", licheck("notice", "--format", fmt, "--as-of", "2026-11-27").stdout)


def test_the_same_inputs_give_the_same_bytes(licheck: Licheck, project: Path) -> None:
    first = licheck("notice", "--format", "text", "--as-of", "2026-11-27").stdout
    second = licheck("notice", "--format", "text", "--as-of", "2026-11-27").stdout
    assert first == second
    later = licheck("notice", "--format", "text", "--as-of", "2026-12-01").stdout
    assert later == first  # no date, no version: a notice changes only when what it must say does


def test_a_folder_gets_the_notice_the_texts_and_the_upstream_files(licheck: Licheck, project: Path) -> None:
    result = licheck("notice", "--as-of", "2026-11-27", "--output", "release/")
    assert result.exit_code == 0, result.stderr
    folder = project / "release"
    notice = (folder / "NOTICE.md").read_text(encoding="utf-8")
    assert "in licenses/apache-2.0.txt" in notice
    assert "in notices/falcon-40b-NOTICE" in notice
    assert "TERMS AND CONDITIONS" not in notice  # the text is beside it, not in it
    assert (
        (folder / "licenses" / "apache-2.0.txt")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("Apache License")
    )
    assert (folder / "notices" / "falcon-40b-NOTICE").read_text(encoding="utf-8") == UPSTREAM_NOTICE


def test_models_named_on_the_command_line(licheck: Licheck) -> None:
    result = licheck("notice", "meta-llama/Llama-3.1-8B", "--use", "research", "--format", "text")
    assert result.exit_code == 0
    assert LLAMA31_NOTICE not in result.stdout  # research ships nothing: no notice line is owed
    shipped = licheck("notice", "meta-llama/Llama-3.1-8B", "--use", "redistribute", "--format", "text")
    assert LLAMA31_NOTICE in shipped.stdout
    unknown = licheck("notice", "acme/not-a-model", "--use", "redistribute")
    assert unknown.exit_code == 1
    assert "what it requires is unknown" in unknown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notice", "falcon-40b"], "say their uses with --use"),
        (["notice", "--use", "commercial"], "the manifest says the uses"),
        (["notice", "falcon-40b", "--use", "comercial"], "did you mean 'commercial'"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    licheck: Licheck, project: Path, args: list[str], message: str
) -> None:
    result = licheck(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the wording, against the texts
#
# In CI (no license texts in the repository, no network): each required sentence is held to the
# fingerprint licheck ships for its license (tools/build_fingerprints.py, made from the texts cited
# above): every word 5-gram of the sentence that the fingerprint keeps (the sampled grams and the
# grams that tell near texts apart) must be one the license text has. With the real texts
# (LICHECK_LICENSE_TEXTS=folder holding llama3.1.txt, llama2.txt, as tools/build_fingerprints.py
# reads them, each with the digest the fingerprint records) the sentence is found in the text,
# character for character but for line breaks.

WORDING = [("llama3.1", LLAMA31_NOTICE), ("llama2", LLAMA2_NOTICE), ("gemma", GEMMA_NOTICE)]


@pytest.mark.parametrize(("license_id", "sentence"), WORDING, ids=[w[0] for w in WORDING])
def test_the_required_wording_is_in_the_license_s_fingerprint(license_id: str, sentence: str) -> None:
    from licheck.evidence import licensefile

    entry = licensefile.fingerprints()["licenses"][license_id]
    grams = licensefile.grams(sentence)
    kept = {g for g in grams if g % licensefile.MODULUS == 0} | (grams & set(entry["distinct"]))
    assert len(kept) >= 2  # enough of the sentence is checkable
    assert kept <= set(entry["sample"]) | set(entry["distinct"])
    wrong = licensefile.grams(sentence.replace("under", "beneath").replace("Meta", "Mota"))
    assert not {g for g in wrong if g % licensefile.MODULUS == 0} <= set(entry["sample"]) | set(
        entry["distinct"]
    )  # the check can fail


def _real_text(license_id: str) -> str | None:
    import os

    from licheck.evidence import licensefile

    folder = os.environ.get("LICHECK_LICENSE_TEXTS")
    path = Path(folder) / f"{license_id}.txt" if folder else None
    if path is None or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    wanted = licensefile.fingerprints()["licenses"][license_id]["sha256"]
    return text if licensefile.text_digest(text) == wanted else None


@pytest.mark.parametrize(
    ("license_id", "wanted"),
    [
        ("llama3.1", LLAMA31_NOTICE),
        ("llama3.1", "“Built with Llama”"),
        ("llama3.1", "you shall also include “Llama” at the beginning of any such AI model name"),
        ("llama2", LLAMA2_NOTICE),
    ],
)
def test_the_required_wording_is_in_the_real_text(license_id: str, wanted: str) -> None:
    text = _real_text(license_id)
    if text is None:
        pytest.skip(f"the real {license_id} text is not on this machine (LICHECK_LICENSE_TEXTS)")
    assert " ".join(wanted.split()) in " ".join(text.split())
