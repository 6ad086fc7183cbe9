"""Wall-time benchmark of licheck's commands, as medians over repeated runs.

    pip install . && python bench/bench.py [--runs 21] [--only model|check|compare|install|large|scan|inspect]

Prints, for each case, the median, min and max wall time of a fresh process, its peak memory
(ru_maxrss of that child, from os.wait4), and each case's ratio to `python -c "import typer"` (the
floor any Typer CLI pays). Linux counts in a child's ru_maxrss the memory of the process that
forked it, so no peak reads below the `python -c pass` row (the benchmark's own size). Rounds interleave the cases. Run it on a quiet machine, with licheck
installed from a wheel (the prebuilt rules index is in the wheel); compare ratios, not ms.

Cases: the bundled rules (warm; cache off; table; `check` of 1 and 500 models; `compare` of 2 and
20 models); the first run after install (an empty user cache, each round) against a warm one; and
a generated user rule folder (--large-models models, --large-licenses licenses, in 100 files):
cold build (an empty cache each round, --cold-runs rounds), warm allowed and denied answers, the
run after editing one file, and the folder given by a relative and by an absolute path. Then the
targets, met or not, and issue 24's rows (paired cpu ratios to each floor, bound, holds); with
--before SCRIPT, the same warm question to another build's `licheck` (issue 18: within 5%); with
--growth, how `check` grows over manifests of 10/100/1,000 models and a warm answer over rules of
1k/10k/100k models. Last, bench_scan.py (the scanner against grep, as installed by default) and
bench_evidence.py (the readers of inspect; it needs `gguf`, from the test extra) run with their
own defaults.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

PY = sys.executable
HERE = Path(__file__).resolve().parent
# The console script users run; `python -m licheck` would add runpy's import to every run.
_SCRIPT = Path(PY).parent / ("licheck.exe" if os.name == "nt" else "licheck")
LICHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "licheck"]


TASKS = ("text-generation", "code-generation", "embedding", "image-text", "text-to-image", "translation")


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall time of one run of `cmd`, its peak memory in bytes (the child's own ru_maxrss), and its
    cpu time (user + system: what the run costs, whatever else the machine is doing)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {err.decode()[-500:]}")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime  # kilobytes on Linux


def user_rules(root: Path, models: int, licenses: int, files: int = 100) -> None:
    """A generated user rule folder: `licenses` licenses in 20 files (one in four denies commercial
    use) and `models` models in `files` files, of six tasks and eight sizes. user-model-000000 is
    under a denying license; user-model-000001 under an allowing one."""
    import random

    rnd = random.Random(7)
    (root / "licenses").mkdir(parents=True, exist_ok=True)
    (root / "models").mkdir(parents=True, exist_ok=True)
    per = max(1, licenses // 20)
    for first in range(0, licenses, per):
        out = ["schema-version: 1", "licenses:"]
        for i in range(first, min(first + per, licenses)):
            decision = "denied" if i % 4 == 0 else "allowed"
            out += [
                f"  - id: user-lic-{i:05d}",
                f"    name: User License {i}",
                f"    url: https://example.com/license/{i}",
                f"    family: {'non-commercial' if i % 4 == 0 else 'permissive'}",
                f"    aliases: [User-License-{i}]",
                "    derivatives: free",
                "    uses:",
                '      research: {decision: allowed, clause: "1"}',
                f'      commercial: {{decision: {decision}, clause: "2"}}',
                f'      hosted-service: {{decision: {decision}, clause: "3"}}',
                '      redistribute: {decision: allowed, clause: "4"}',
                '      fine-tune: {decision: allowed, clause: "5"}',
                '      distill: {decision: allowed, clause: "6"}',
                "    sources:",
                f"      - url: https://example.com/license/{i}",
                '        section: "2"',
                "    checked: 2026-11-01",
            ]
        (root / "licenses" / f"licenses-{first // per:03d}.yaml").write_text(
            "\n".join(out) + "\n", encoding="utf-8"
        )
    per = max(1, models // files)
    for first in range(0, models, per):
        out = ["schema-version: 1", "models:"]
        for i in range(first, min(first + per, models)):
            license_id = 0 if i == 0 else 1 if i == 1 else rnd.randrange(licenses)
            out += [
                f"  - id: user-model-{i:06d}",
                f"    name: User Model {i}",
                f"    publisher: Publisher {i % 500}",
                f"    aliases: [user-org-{i % 500}/User-Model-{i}]",
                f"    task: {TASKS[i % len(TASKS)]}",
                f"    params-b: {rnd.choice([0.5, 1, 3, 7, 8, 13, 34, 70])}",
                f"    license: user-lic-{license_id:05d}",
                "    sources:",
                f"      - url: https://example.com/model/{i}",
                "    checked: 2026-11-01",
            ]
        (root / "models" / f"models-{first // per:04d}.yaml").write_text(
            "\n".join(out) + "\n", encoding="utf-8"
        )


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions executed by one run of `cmd`, counted by valgrind's callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = [line for line in done.stderr.splitlines() if "Collected" in line]
    if not found:
        raise SystemExit(f"valgrind did not count {' '.join(cmd)}: {done.stderr[-300:]}")
    return int(found[-1].split()[-1])


def manifest_names() -> list[str]:
    """The bundled rules' model ids, sorted."""
    code = "from licheck.rulesdb import bundled_dir, load_cached; print(*sorted(load_cached([bundled_dir()]).models))"
    return subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def manifest(path: Path, models: int) -> Path:
    """A licheck.yaml naming `models` model references (cycling through real ids), 3 uses."""
    names = manifest_names()
    lines = ["uses: [commercial, hosted-service, fine-tune]", "context:", "  mau: 5000000", "models:"]
    lines += [f"  - {names[i % len(names)]}" for i in range(models)]
    target = path / "licheck.yaml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


class Case(NamedTuple):
    label: str
    cmd: list[str]
    env: dict[str, str]
    before: Callable[[], dict[str, str]] | None = None  # untimed, before each run: env overrides
    cwd: Path | None = None
    runs: int | None = None  # fewer rounds for the slow cases


def fresh_cache(prefix: str, under: Path) -> Callable[[], dict[str, str]]:
    """Before each run: a new, empty user cache folder."""
    return lambda: {"LICHECK_CACHE_DIR": tempfile.mkdtemp(prefix=prefix, dir=under)}


def editor(path: Path) -> Callable[[], dict[str, str]]:
    """Before each run: change one model's name in one file of the folder (a real edit)."""
    original = path.read_text(encoding="utf-8")
    count = [0]

    def edit() -> dict[str, str]:
        count[0] += 1
        path.write_text(
            original.replace("User Model 0\n", f"User Model 0 (edit {count[0]})\n"), encoding="utf-8"
        )
        return {}

    return edit


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="Rounds of the cold build of the large folder."
    )
    parser.add_argument(
        "--only", choices=["model", "check", "compare", "install", "large", "scan", "inspect"], default=None
    )
    parser.add_argument(
        "--before", help="Another build's licheck script, asked the warm question beside this one."
    )
    parser.add_argument(
        "--growth",
        action="store_true",
        help="Also time manifests of 10/100/1,000 models and rules of 1k/10k models.",
    )
    parser.add_argument("--large-models", type=int, default=100_000)
    parser.add_argument("--large-licenses", type=int, default=2_000)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="Also count instructions with valgrind (deterministic; about 10 s a case).",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="licheck-bench-"))  # removed at the end, caches and all
    try:
        if args.only not in ("scan", "inspect"):
            run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # scan and inspect have benchmarks of their own, with their own references (grep; the GGUF
    # and cache readers in process): run here too, so that one command measures everything.
    for name, script in (("scan", "bench_scan.py"), ("inspect", "bench_evidence.py")):
        if args.only in (None, name):
            print(f"\n{name}: python bench/{script}", flush=True)
            if subprocess.run([PY, str(HERE / script)], check=False).returncode:
                print(f"{name}: bench/{script} did not run (see above)")


def run(args: argparse.Namespace, work: Path) -> None:
    cache = str(work / "cache")
    env = {**os.environ, "LICHECK_CACHE_DIR": cache, "NO_COLOR": "1"}
    env.pop("LICHECK_NO_CACHE", None)

    model = [*LICHECK, "model", "falcon-40b", "--use", "commercial", "--format", "json"]
    floor = work / "floor.py"
    floor.write_text(
        "import typer\napp = typer.Typer()\n@app.callback()\ndef main() -> None: pass\n"
        "@app.command()\ndef model(name: str, use: list[str] = typer.Option(...)) -> None: print(name)\n"
        "app()\n",
        encoding="utf-8",
    )
    cases = [
        Case("python -c pass", [PY, "-c", "pass"], env),
        Case("python -c 'import typer'", [PY, "-c", "import typer"], env),
        Case(
            "a one-command Typer app that only prints (the floor)",
            [PY, str(floor), "model", "x", "--use", "y"],
            env,
        ),
        Case(WARM, model, env),
    ]
    if args.only in (None, "model"):
        cases += [
            Case("  same, rules cache off (LICHECK_NO_CACHE=1)", model, {**env, "LICHECK_NO_CACHE": "1"}),
            Case(TABLE, model[:-2], env),
            Case(BUNDLED_DENIED, [*LICHECK, "model", "c4ai-command-r-v01", *model[3:]], env),
            Case(LIST, [*LICHECK, "list", "--allows", "commercial"], {**env, "COLUMNS": "120"}),
        ]
        if args.before:  # the same question to another build (issue 18: within 5% of it)
            cases.append(Case(BEFORE, [args.before, *model[1:]], env))
    if args.only in (None, "install"):
        cases.append(Case(FIRST, model, env, fresh_cache("first-", work)))
    if args.only in (None, "check"):
        big = manifest(work, 500)
        one = work / "one"
        one.mkdir()
        (one / "licheck.yaml").write_text(
            "uses: [commercial, hosted-service, fine-tune]\ncontext:\n  mau: 5000000\nmodels:\n  - tiiuae/falcon-40b\n",
            encoding="utf-8",
        )
        cases += [
            Case(
                "licheck check, 1 model x 3 uses (json)",
                [*LICHECK, "check", str(one), "--format", "json"],
                env,
            ),
            Case(
                "licheck check, 500 models x 3 uses (json)",
                [*LICHECK, "check", str(big.parent), "--format", "json"],
                env,
            ),
            Case(
                "licheck check, 500 models x 3 uses (table)",
                [*LICHECK, "check", str(big.parent), "--format", "table"],
                {**env, "COLUMNS": "120"},
            ),
        ]
        known, unknown = work / "known200", work / "unknown200"
        known.mkdir()
        unknown.mkdir()
        manifest(known, 200)
        (unknown / "licheck.yaml").write_text(
            "uses: [commercial, hosted-service, fine-tune]\npolicy:\n  allow-unknown: true\nmodels:\n"
            + "".join(f"  - acme-{i}/private-model-{i}\n" for i in range(200)),
            encoding="utf-8",
        )
        cases += [
            Case(
                "licheck check, 200 known models (json)",
                [*LICHECK, "check", str(known), "--format", "json"],
                env,
            ),
            Case(
                "licheck check, 200 unknown models (json)",
                [*LICHECK, "check", str(unknown), "--format", "json"],
                env,
            ),
        ]
    if args.only in (None, "compare"):
        models = manifest_names()[:20]
        uses = ["--use", "commercial", "--use", "hosted-service", "--use", "fine-tune"]
        cases += [
            Case(
                "licheck compare, 2 models x 3 uses (json)",
                [*LICHECK, "compare", *models[:2], *uses, "--format", "json"],
                env,
            ),
            Case(
                "licheck compare, 20 models x 3 uses (json)",
                [*LICHECK, "compare", *models, *uses, "--format", "json"],
                env,
            ),
        ]
    if args.only in (None, "large"):
        cases += large_cases(work, env, args)
    if args.growth:
        cases += growth_cases(work, env)
    for case in cases:  # warm every cache once
        timed(case.cmd, {**case.env, **(case.before() if case.before else {})}, case.cwd)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {args.runs} runs each; wall time in ms")
    print(f"{'case':62} {'median':>8} {'min':>8} {'max':>8} {'x typer':>8} {'peak MB':>8}")
    # Rounds interleave the cases, so a slow spell of the machine touches every case alike.
    samples: dict[str, list[float]] = {case.label: [] for case in cases}
    cpu: dict[str, list[float]] = {case.label: [] for case in cases}
    peaks: dict[str, int] = dict.fromkeys(samples, 0)
    for round_ in range(args.runs):
        for case in cases:
            if case.runs is not None and round_ >= case.runs:
                continue
            extra = case.before() if case.before else {}
            elapsed, peak, used = timed(case.cmd, {**case.env, **extra}, case.cwd)
            samples[case.label].append(elapsed)
            cpu[case.label].append(used)
            peaks[case.label] = max(peaks[case.label], peak)
    medians = {label: statistics.median(times) for label, times in samples.items()}
    base = medians["python -c 'import typer'"]
    for case in cases:
        times = samples[case.label]
        print(
            f"{case.label:62} {medians[case.label] * 1000:8.1f} {min(times) * 1000:8.1f} "
            f"{max(times) * 1000:8.1f} {medians[case.label] / base:8.2f} {peaks[case.label] / 1e6:8.1f}"
        )
    print_targets(medians, peaks)
    print_issue(cpu, samples)
    print_growth(cpu)
    if args.instructions:
        print("\ninstructions (valgrind callgrind; the same on every run of the same build)")
        base_ir = None
        for case in cases:
            if "cache off" in case.label or case.before is not None:
                continue
            count = instructions(case.cmd, case.env)
            if case.label.startswith("python -c 'import typer'"):
                base_ir = count
            ratio = f"{count / base_ir:8.2f}" if base_ir else f"{'':8}"
            print(f"{case.label:62} {count / 1e6:8.1f}M {ratio}")


WARM = "licheck model falcon-40b --use commercial --format json"
TYPER = "python -c 'import typer'"
TABLE = "licheck model falcon-40b --use commercial (table)"
BUNDLED_DENIED = "licheck model c4ai-command-r-v01 (denied, alternatives)"
LIST = "licheck list --allows commercial (table)"
BEFORE = "  same, the --before build"
FIRST = "  same, first run after install (empty user cache)"
COLD = "large: cold build (empty cache), allowed answer"
ALLOWED = "large: warm, allowed answer"
DENIED = "large: warm, denied answer (with alternatives)"
EDITED = "large: after editing one file"
RELATIVE = "large: warm, folder given as a relative path"
ABSOLUTE = "large: warm, folder given as an absolute path"


def large_cases(work: Path, env: dict[str, str], args: argparse.Namespace) -> list[Case]:
    folder = work / "large"
    started = time.perf_counter()
    user_rules(folder, args.large_models, args.large_licenses)
    size = sum(path.stat().st_size for path in folder.rglob("*.yaml"))
    print(
        f"generated {args.large_models} models, {args.large_licenses} licenses ({size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    ask = [*LICHECK, "model", "--use", "commercial", "--format", "json", "--rules"]
    edited = work / "large-edited"
    shutil.copytree(folder, edited)
    return [
        Case(
            COLD,
            [*ask, str(folder), "user-model-000001"],
            env,
            fresh_cache("cold-", work),
            runs=args.cold_runs,
        ),
        Case(ALLOWED, [*ask, str(folder), "user-model-000001"], env),
        Case(DENIED, [*ask, str(folder), "user-model-000000"], env),
        Case(
            EDITED,
            [*ask, str(edited), "user-model-000001"],
            env,
            editor(edited / "models" / "models-0000.yaml"),
        ),
        Case(RELATIVE, [*ask, "large", "user-model-000001"], env, cwd=work),
        Case(ABSOLUTE, [*ask, str(folder.resolve()), "user-model-000001"], env),
    ]


TARGETS = [  # (what, case, reference case or None for seconds/MB, the most it may be)
    ("first run after install / warm", FIRST, WARM, 1.3),
    ("large warm allowed / bundled warm", ALLOWED, WARM, 1.25),
    ("large warm denied / bundled warm", DENIED, WARM, 2.0),
    ("large after one edit / bundled warm", EDITED, WARM, 15.0),
    ("large, relative path / bundled warm", RELATIVE, WARM, 1.25),
    ("large cold build, seconds", COLD, None, 30.0),
    (
        "200 unknown / 200 known models (check)",
        "licheck check, 200 unknown models (json)",
        "licheck check, 200 known models (json)",
        2.0,
    ),
    (
        "500-model check, table / json",
        "licheck check, 500 models x 3 uses (table)",
        "licheck check, 500 models x 3 uses (json)",
        1.5,
    ),
]


# Issue 24's table: (what, case, its floor, the most the ratio may be). Ratios are paired: the
# median over rounds of each round's case / floor, in cpu time (the machine is shared; what a run
# costs is its cpu, and a pair measured in the same round shares the machine's state).
ISSUE = [
    ("warm model json / import typer", WARM, TYPER, 1.15),
    ("user rules 100k: after one edit / bundled", EDITED, WARM, 5.0),
    ("user rules 100k: warm denied / bundled denied", DENIED, BUNDLED_DENIED, 1.3),
    ("list --allows commercial / one check (tables)", LIST, TABLE, 1.5),
    ("warm model json / the --before build", WARM, BEFORE, 1.05),
]


def paired(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=False))


def print_issue(cpu: dict[str, list[float]], wall: dict[str, list[float]]) -> None:
    print("\nissue 24 (paired medians of cpu time; wall in brackets)")
    print(f"  {'case':48} {'median':>9} {'floor':>9} {'ratio':>6} {'(wall)':>7} {'bound':>6}  holds")
    for what, case, ref, limit in ISSUE:
        if case not in cpu or ref not in cpu or not cpu[case]:
            continue
        ratio = paired(cpu[case], cpu[ref])
        print(
            f"  {what:48} {statistics.median(cpu[case]) * 1000:7.1f}ms {statistics.median(cpu[ref]) * 1000:7.1f}ms "
            f"{ratio:6.2f} ({paired(wall[case], wall[ref]):5.2f}) {limit:6.2f}  {'yes' if ratio <= limit else 'NO'}"
        )
    if WARM in cpu and TYPER in cpu:
        own = statistics.median(a - b for a, b in zip(cpu[WARM], cpu[TYPER], strict=False)) * 1000
        print(
            f"  {'licheck own work (warm model - import typer)':48} {own:7.1f}ms {'':9} {'':6} {'':7} {'10 ms':>6}  {'yes' if own <= 10 else 'NO'}"
        )


def growth_cases(work: Path, env: dict[str, str]) -> list[Case]:
    """How check grows with a manifest (10/100/1,000 models) and a warm answer with user rules (1k/10k)."""
    cases = []
    for count in GROWTH_MANIFESTS:
        folder = work / f"growth-{count}"
        folder.mkdir()
        manifest(folder, count)
        cases.append(
            Case(f"growth: check, {count} models", [*LICHECK, "check", str(folder), "--format", "json"], env)
        )
    for count in GROWTH_RULES:
        folder = work / f"growth-rules-{count}"
        user_rules(folder, count, max(20, count // 50), files=max(10, count // 1000))
        ask = [*LICHECK, "model", "--use", "commercial", "--format", "json", "--rules", str(folder)]
        cases.append(Case(f"growth: rules of {count} models, warm denied", [*ask, "user-model-000000"], env))
    return cases


GROWTH_MANIFESTS = (10, 100, 1000)
GROWTH_RULES = (1000, 10_000)


def print_growth(cpu: dict[str, list[float]]) -> None:
    """Each step is 10x the input: linear growth is at most 10x the time (less, since start-up is shared)."""
    series = [
        [f"growth: check, {n} models" for n in GROWTH_MANIFESTS],
        [f"growth: rules of {n} models, warm denied" for n in GROWTH_RULES] + [DENIED],
    ]
    for labels in series:
        found = [label for label in labels if label in cpu]
        if len(found) < 2:
            continue
        print(f"\ngrowth ({found[0].split(',')[0]}...): each step 10x the input; linear at most 10x")
        for small, big in itertools.pairwise(found):
            step = statistics.median(cpu[big]) / statistics.median(cpu[small])
            print(
                f"  {small:44} -> {big:44} {step:6.2f}x  {'linear or better' if step <= 10 else 'WORSE than linear'}"
            )


def print_targets(medians: dict[str, float], peaks: dict[str, int]) -> None:
    rows = [
        (what, case, ref, limit)
        for what, case, ref, limit in TARGETS
        if case in medians and (ref is None or ref in medians)
    ]
    if not rows:
        return
    print("\ntargets")
    for what, case, ref, limit in rows:
        value = medians[case] / medians[ref] if ref else medians[case]
        print(f"  {what:40} {value:8.2f}  (at most {limit}: {'met' if value <= limit else 'NOT met'})")
    warm = [label for label in (ALLOWED, DENIED, RELATIVE, ABSOLUTE) if label in peaks]
    if warm:
        peak = max(peaks[label] for label in warm) / 1e6
        print(
            f"  {'large warm answers, peak memory MB':40} {peak:8.1f}  (under 300: {'met' if peak < 300 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
