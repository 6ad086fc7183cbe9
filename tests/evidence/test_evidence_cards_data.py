"""Every real card front matter in tests/data/cards reads, and is judged without contradicting it."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import ROOT
from licheck.core.engine import assess_model
from licheck.core.model import Context, LicensePeriod, Model, RuleSet, Verdict
from licheck.evidence.folder import read_target
from licheck.evidence.judge import judge
from licheck.evidence.mapping import declared_licenses
from licheck.rulesdb import bundled_dir
from licheck.rulesdb.load import load

CARDS = sorted((ROOT / "tests" / "data" / "cards").glob("*.md"))
TODAY = Context(as_of=date(2026, 12, 1))
pytestmark = pytest.mark.skipif(not CARDS, reason="tests/data/cards holds no cards")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load([bundled_dir()])


def test_every_card_reads_without_error() -> None:
    bad = [f"{path.name}: {problem}" for path in CARDS for problem in read_target(path).problems]
    assert not bad, "\n".join(bad)


def test_no_verdict_contradicts_what_the_card_declares(rules: RuleSet) -> None:
    """A card that maps to a license of the rules is judged at least as strictly as that license
    alone; a card that declares nothing is unknown, and says so."""
    uses = tuple(rules.uses)
    wrong = []
    for path in CARDS:
        artifact = read_target(path)
        found = judge(artifact, rules, uses, TODAY)
        judged = {u.use: u.verdict for u in found.assessment.uses}
        for lic, _ in declared_licenses(rules, artifact.declared).licenses.values():
            bare = Model(lic.id, lic.id, "test", (LicensePeriod(lic.id, None),), (), date.min)
            for use in assess_model(rules, bare, lic.id, uses, TODAY).uses:
                if judged[use.use] < use.verdict:
                    wrong.append(
                        f"{path.name}: {use.use} is {judged[use.use].label}, but {lic.id} alone says {use.verdict.label}"
                    )
        if artifact.declared.is_empty() and not artifact.declared.base_models:
            if found.assessment.verdict is not Verdict.UNKNOWN or found.basis is not None:
                wrong.append(f"{path.name}: declares nothing but is {found.assessment.verdict.label}")
            elif not all("declares no license" in u.reasons[0].text for u in found.assessment.uses):
                wrong.append(f"{path.name}: unknown, but does not say that it declares no license")
    assert not wrong, "\n".join(wrong)
