"""The engine, table-driven over synthetic rules that hold one license per condition kind.

The real database is tested through the CLI elsewhere; here each rule of evaluation is pinned:
how each condition settles, lineage, datasets, dates, and the worst-of-uses verdict.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import DATA
from licheck.core.conditions import short_number
from licheck.core.engine import alternatives, assess, suggest
from licheck.core.model import Context, RuleSet, State, Verdict
from licheck.rulesdb import RulesDir
from licheck.rulesdb.load import load

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load([RulesDir(DATA / "engine", "engine")])


# (model, use, context fields, verdict, the states of the conditions in order)
CASES: list[tuple[str, str, dict[str, object], Verdict, list[State]]] = [
    ("m-free", "commercial", {}, Verdict.ALLOWED, []),
    ("m-capped", "commercial", {}, Verdict.CONDITIONAL, [State.UNSETTLED, State.UNSETTLED]),
    ("m-capped", "commercial", {"mau": 1000, "revenue": 10}, Verdict.ALLOWED, [State.MET, State.MET]),
    ("m-capped", "commercial", {"mau": 1001, "revenue": 10}, Verdict.DENIED, [State.FAILED, State.MET]),
    # a ceiling whose `otherwise` is conditional: above it, conditional, not denied
    ("m-capped", "commercial", {"mau": 10, "revenue": 6000}, Verdict.CONDITIONAL, [State.MET, State.FAILED]),
    # a failure that denies wins over one that only makes it conditional
    ("m-capped", "commercial", {"mau": 5000, "revenue": 6000}, Verdict.DENIED, [State.FAILED, State.FAILED]),
    ("m-royal", "commercial", {}, Verdict.CONDITIONAL, [State.UNSETTLED]),
    ("m-royal", "commercial", {"revenue": 100}, Verdict.ALLOWED, [State.MET]),
    ("m-royal", "commercial", {"revenue": 101}, Verdict.CONDITIONAL, [State.OWED]),
    ("m-deal", "commercial", {"mau": 1, "revenue": 1}, Verdict.CONDITIONAL, [State.UNSETTLED]),
    ("m-local", "commercial", {}, Verdict.CONDITIONAL, [State.UNSETTLED, State.UNSETTLED]),
    ("m-local", "commercial", {"region": "DE", "org": "company"}, Verdict.DENIED, [State.FAILED, State.MET]),
    ("m-local", "commercial", {"region": "EU", "org": "company"}, Verdict.DENIED, [State.FAILED, State.MET]),
    ("m-local", "commercial", {"region": "CN", "org": "company"}, Verdict.DENIED, [State.FAILED, State.MET]),
    ("m-local", "commercial", {"region": "US", "org": "company"}, Verdict.ALLOWED, [State.MET, State.MET]),
    (
        "m-local",
        "commercial",
        {"region": "US", "org": "cloud-provider"},
        Verdict.DENIED,
        [State.MET, State.FAILED],
    ),
    ("m-vague", "research", {}, Verdict.UNKNOWN, []),
    ("m-vague", "commercial", {}, Verdict.UNKNOWN, []),  # no rule for the use: never guessed
    ("m-nc", "commercial", {}, Verdict.DENIED, []),
    # lineage: a base whose license binds derivatives binds the fine-tune, through two steps
    ("ft-on-capped", "commercial", {"mau": 5000}, Verdict.DENIED, [State.FAILED, State.UNSETTLED]),
    ("ft-on-ft", "commercial", {"mau": 5000}, Verdict.DENIED, [State.FAILED, State.UNSETTLED]),
    ("ft-on-ft", "commercial", {"mau": 10, "revenue": 10}, Verdict.ALLOWED, [State.MET, State.MET]),
    # a free base does not make a non-commercial fine-tune commercial
    ("ft-on-free", "commercial", {}, Verdict.DENIED, []),
    # non-commercial training data: commercial use at best conditional; research untouched
    ("trained-on-nc", "commercial", {}, Verdict.CONDITIONAL, []),
    ("trained-on-nc", "research", {}, Verdict.ALLOWED, []),
]


@pytest.mark.parametrize(
    ("model", "use", "fields", "verdict", "states"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES]
)
def test_evaluation(
    rules: RuleSet, model: str, use: str, fields: dict[str, object], verdict: Verdict, states: list[State]
) -> None:
    """Each condition kind settles against the context as documented in rules/README.md."""
    result = assess(rules, model, (use,), Context(TODAY, **fields))  # type: ignore[arg-type]
    assert result.verdict is verdict
    assert [c.state for c in result.uses[0].conditions] == states


def test_license_history(rules: RuleSet) -> None:
    """The license in effect follows the dates: none before, non-commercial, then free."""

    def on(day: date) -> tuple[str | None, Verdict]:
        result = assess(rules, "m-relicensed", ("commercial",), Context(day))
        return (result.license.id if result.license else None, result.verdict)

    assert on(date(2023, 12, 31)) == (None, Verdict.UNKNOWN)
    assert on(date(2024, 1, 1)) == ("nc", Verdict.DENIED)
    assert on(date(2024, 12, 31)) == ("nc", Verdict.DENIED)
    assert on(date(2025, 1, 1)) == ("free", Verdict.ALLOWED)


def test_worst_use_wins(rules: RuleSet) -> None:
    """research allowed, commercial denied: denied overall; unknown outranks conditional."""
    assert assess(rules, "m-nc", ("research", "commercial"), Context(TODAY)).verdict is Verdict.DENIED
    order = sorted(Verdict)
    assert order == [Verdict.ALLOWED, Verdict.CONDITIONAL, Verdict.UNKNOWN, Verdict.DENIED]


def test_obligations_follow_the_uses_and_the_lineage(rules: RuleSet) -> None:
    """`when` limits an obligation to its uses; a binding base adds its own obligations."""
    assert [o.id for o in assess(rules, "m-free", ("research",), Context(TODAY)).obligations] == []
    assert [o.id for o in assess(rules, "m-free", ("commercial",), Context(TODAY)).obligations] == ["credit"]
    lineage = assess(rules, "ft-on-capped", ("commercial",), Context(TODAY, mau=1))
    assert [(o.license, o.id) for o in lineage.obligations] == [("free", "credit"), ("capped", "keep")]
    assert [lic.id for lic in lineage.lineage] == ["free", "capped"]


def test_reasons_carry_the_path(rules: RuleSet) -> None:
    """Every reason names the lineage path to the model whose rule it is, and the rule's place."""
    result = assess(rules, "ft-on-ft", ("commercial",), Context(TODAY, mau=5000))
    paths = {reason.via for reason in result.uses[0].reasons}
    assert ("ft-on-ft", "ft-on-capped", "m-capped") in paths
    assert all(reason.location is not None for reason in result.uses[0].reasons if reason.license)


def test_unknown_model_is_never_guessed(rules: RuleSet) -> None:
    """An unknown name: unknown for every use, with the closest names."""
    result = assess(rules, "m-fre", ("research", "commercial"), Context(TODAY))
    assert result.verdict is Verdict.UNKNOWN
    assert [u.verdict for u in result.uses] == [Verdict.UNKNOWN, Verdict.UNKNOWN]
    assert result.suggestions[0] == "m-free"
    assert suggest(rules, "M-CAPPED-X")[0] == "m-capped"


def test_alternatives(rules: RuleSet) -> None:
    """A denied model: allowed models of the same task, closest size first; none when allowed."""
    denied = assess(rules, "m-nc", ("commercial",), Context(TODAY))
    assert alternatives(rules, denied) == ("m-free",)
    allowed = assess(rules, "m-free", ("commercial",), Context(TODAY))
    assert alternatives(rules, allowed) == ()


@pytest.mark.parametrize(
    ("value", "text"),
    [(700_000_000, "700M"), (1_000_000, "1M"), (1500, "1.5k"), (2_500_000_000, "2.5B"), (999, "999")],
)
def test_short_numbers(value: int, text: str) -> None:
    """Ceilings read the way licenses write them."""
    assert short_number(value) == text
