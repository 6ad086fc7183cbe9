"""A path option that names nothing gets one message, whatever the flag (issue 21): the flag, the
path and "no such file" (or folder), exit 2, before any work. They differed per flag ("1 problem in
nope.yaml: cannot be read", "1 problem in --lock", "no Hugging Face cache here", ...)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]


@pytest.mark.parametrize(
    ("args", "flag", "kind"),
    [
        (("check", "--policy", "nope"), "--policy", "file"),
        (("check", "--lock", "nope"), "--lock", "file"),
        (("check", "--sbom", "nope", "--use", "commercial"), "--sbom", "file"),
        (("check", "--manifest", "nope"), "--manifest", "file"),
        (("check", "--rules", "nope"), "--rules", "folder"),
        (("lock", "--manifest", "nope"), "--manifest", "file"),
        (("scan", ".", "--use", "commercial", "--policy", "nope"), "--policy", "file"),
        (("notice", "--manifest", "nope"), "--manifest", "file"),
        (("explain", "falcon-40b", "--use", "commercial", "--manifest", "nope"), "--manifest", "file"),
        (("inspect", "--hf-cache", "--cache-dir", "nope", "--use", "commercial"), "--cache-dir", "folder"),
        (("model", "falcon-40b", "--use", "commercial", "--rules", "nope"), "--rules", "folder"),
    ],
)
def test_a_missing_path_is_one_message_naming_the_flag(
    licheck: Licheck,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    flag: str,
    kind: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n", encoding="utf-8"
    )
    result = licheck(*args)
    assert result.exit_code == 2
    assert result.stderr == f"licheck: error: {flag} nope: no such {kind}\n"
    assert result.stdout == ""
