"""Wall-time benchmark of licheck's commands, as medians over repeated runs.

    python bench/bench.py [--runs 21]

Prints, for each case, the median, min and max wall time of a fresh process, and each case's ratio
to `python -c "import typer"` (the floor any Typer CLI pays). Run it on a quiet machine; compare
ratios rather than milliseconds across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
HERE = Path(__file__).resolve().parent
# The console script users run; `python -m licheck` would add runpy's import to every run.
_SCRIPT = Path(PY).parent / ("licheck.exe" if os.name == "nt" else "licheck")
LICHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "licheck"]


def timed(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        out.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return out


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


def manifest(path: Path, models: int) -> Path:
    """A licheck.yaml naming `models` model references (cycling through real ids), 3 uses."""
    code = "from licheck.index import bundled_dir, load_cached; print(*sorted(load_cached([bundled_dir()]).models))"
    names = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    lines = ["uses: [commercial, hosted-service, fine-tune]", "context:", "  mau: 5000000", "models:"]
    lines += [f"  - {names[i % len(names)]}" for i in range(models)]
    target = path / "licheck.yaml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--only", choices=["model", "check"], default=None)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="Also count instructions with valgrind (deterministic; about 10 s a case).",
    )
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="licheck-bench-cache-")
    env = {**os.environ, "LICHECK_CACHE_DIR": cache, "NO_COLOR": "1"}
    env.pop("LICHECK_NO_CACHE", None)

    model = [*LICHECK, "model", "falcon-40b", "--use", "commercial", "--format", "json"]
    floor = Path(tempfile.mkdtemp(prefix="licheck-bench-")) / "floor.py"
    floor.write_text(
        "import typer\napp = typer.Typer()\n@app.callback()\ndef main() -> None: pass\n"
        "@app.command()\ndef model(name: str, use: list[str] = typer.Option(...)) -> None: print(name)\n"
        "app()\n",
        encoding="utf-8",
    )
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        ("python -c pass", [PY, "-c", "pass"], env),
        ("python -c 'import typer'", [PY, "-c", "import typer"], env),
        (
            "a one-command Typer app that only prints (the floor)",
            [PY, str(floor), "model", "x", "--use", "y"],
            env,
        ),
    ]
    if args.only in (None, "model"):
        cases += [
            ("licheck model falcon-40b --use commercial --format json", model, env),
            ("  same, rules cache off (LICHECK_NO_CACHE=1)", model, {**env, "LICHECK_NO_CACHE": "1"}),
            ("licheck model falcon-40b --use commercial (table)", model[:-2], env),
        ]
    if args.only in (None, "check"):
        work = Path(tempfile.mkdtemp(prefix="licheck-bench-"))
        big = manifest(work, 500)
        one = work / "one"
        one.mkdir()
        (one / "licheck.yaml").write_text(
            "uses: [commercial, hosted-service, fine-tune]\ncontext:\n"
            "  mau: 5000000\nmodels:\n  - tiiuae/falcon-40b\n",
            encoding="utf-8",
        )
        cases += [
            (
                "licheck check, 1 model x 3 uses (json)",
                [*LICHECK, "check", str(one), "--format", "json"],
                env,
            ),
            (
                "licheck check, 500 models x 3 uses (json)",
                [*LICHECK, "check", str(big.parent), "--format", "json"],
                env,
            ),
        ]
    subprocess.run(model, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {args.runs} runs each; wall time in ms")
    print(f"{'case':58} {'median':>8} {'min':>8} {'max':>8} {'x typer':>8}")
    # Rounds interleave the cases, so a slow spell of the machine touches every case alike.
    samples: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    for _ in range(args.runs):
        for label, cmd, case_env in cases:
            samples[label] += timed(cmd, case_env, 1)
    base = None
    for label, _, _ in cases:
        times = samples[label]
        median = statistics.median(times)
        if label.startswith("python -c 'import typer'"):
            base = median
        ratio = f"{median / base:8.2f}" if base else f"{'':8}"
        print(f"{label:58} {median * 1000:8.1f} {min(times) * 1000:8.1f} {max(times) * 1000:8.1f} {ratio}")
    if args.instructions:
        print("\ninstructions (valgrind callgrind; the same on every run of the same build)")
        base_ir = None
        for label, cmd, case_env in cases:
            if "cache off" in label:
                continue
            count = instructions(cmd, case_env)
            if label.startswith("python -c 'import typer'"):
                base_ir = count
            ratio = f"{count / base_ir:8.2f}" if base_ir else f"{'':8}"
            print(f"{label:58} {count / 1e6:8.1f}M {ratio}")


if __name__ == "__main__":
    main()
