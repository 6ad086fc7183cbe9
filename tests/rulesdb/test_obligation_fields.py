"""What a release must ship or do, as data on a license's obligations: `verbatim`, `action`,
`ships-text`, `ships-file` and `name-prefix` load from a user's rule folder, reach `licheck notice`,
and a wrong value is bad input with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Run

Licheck = Callable[..., Run]

RULES = """\
schema-version: 1
licenses:
  - id: acme-model-license
    name: ACME Model License
    url: https://example.org/acme-license
    family: community
    derivatives: inherit
    uses:
      redistribute: {decision: allowed, clause: "§2"}
      fine-tune: {decision: allowed, clause: "§3"}
    obligations:
      - id: notice-line
        text: Keep ACME's notice line in a NOTICE file.
        clause: "§4.1"
        when: [redistribute]
        verbatim: ACME Model is licensed under the ACME Model License.
      - id: show-acme
        text: Show the phrase where users see the product.
        clause: "§4.2"
        verbatim: Powered by ACME
        action: ACTION
      - id: keep-license
        text: Give recipients the license.
        clause: "§4.3"
        ships-text: true
      - id: name
        text: Name derivatives starting with ACME.
        clause: "§4.4"
        when: [fine-tune]
        name-prefix: ACME
    sources: [{url: "https://example.org/acme-license"}]
    checked: 2026-11-27
models:
  - id: acme-7b
    name: ACME 7B
    publisher: ACME
    license: acme-model-license
    sources: [{url: "https://example.org/acme"}]
    checked: 2026-11-27
"""


def _rules(folder: Path, action: str = "true") -> Path:
    folder.mkdir()
    (folder / "acme.yaml").write_text(RULES.replace("ACTION", action), encoding="utf-8")
    return folder


def test_the_fields_load_and_reach_the_notice(licheck: Licheck, tmp_path: Path) -> None:
    rules = str(_rules(tmp_path / "rules"))
    args = ("notice", "acme-7b", "--rules", rules, "--format", "text")
    result = licheck(*args, "--use", "redistribute", "--use", "fine-tune")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert (
        "Notices, to be reproduced word for word:\n\nACME Model is licensed under the ACME Model License."
        in text
    )
    assert '[ ] "Powered by ACME": Show the phrase' in text
    assert "Naming derivatives:\n- Name derivatives starting with ACME." in text
    assert "ship the text published at https://example.org/acme-license" in " ".join(text.split())
    research = licheck(*args, "--use", "fine-tune").stdout
    assert "ACME Model is licensed" not in research  # `when` limits the notice line to redistribution


def test_a_wrong_value_is_bad_input_with_its_line(licheck: Licheck, tmp_path: Path) -> None:
    result = licheck("rules", "validate", str(_rules(tmp_path / "rules", action='"yes"')))
    assert result.exit_code == 2
    assert "acme.yaml:" in result.stderr
    assert "action" in result.stderr
