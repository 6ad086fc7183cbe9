"""Wall-time benchmark of the evidence readers, as medians over repeated in-process runs.

    PYTHONPATH=src python bench/bench_evidence.py [--runs 9] [--fingerprints TEXTS_DIR]

Writes, in a temporary folder: a sparse 4 GiB GGUF (a real header from gguf.GGUFWriter with a
150,000-entry token array, then the file extended to 4 GiB without writing the rest), a fake
Hugging Face cache of 200 models (card, config and adapter_config as links into blobs/), and one
card; then times reading each, and judging the cache through the bundled rules. With
--fingerprints, also prints the fingerprint scores of every text in TEXTS_DIR against every
fingerprint (how THRESHOLD in licensefile.py was chosen). Then times `licheck inspect` of the
GGUF and of the cache as fresh processes, with their peak memory, beside a warm `licheck model`.
Also times `licheck inspect` of the hostile headers of trust round 3 (class 8): a GGUF of 10M
nested empty arrays, one of 2,000,000 empty strings, a 32 MiB safetensors header; each must answer
within 2 s and 200 MB. Needs the `gguf` package.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

CARD = (
    "---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\ntags: [llama]\n---\n\n# Model\n"
    + "text\n" * 2000
)


def write_gguf(path: Path) -> None:
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_string("general.license", "llama2")
    writer.add_string("general.name", "Bench")
    writer.add_token_list([f"tok-{i}" for i in range(150_000)])
    writer.add_token_scores([0.0] * 150_000)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with path.open("r+b") as handle:
        handle.truncate(4 << 30)  # sparse: no tensor data is written, and none is read


def write_cache(root: Path, count: int) -> None:
    for i in range(count):
        folder = root / f"models--bench--model-{i:03d}"
        revision = f"{i:040x}"
        snapshot = folder / "snapshots" / revision
        snapshot.mkdir(parents=True)
        (folder / "blobs").mkdir()
        (folder / "refs").mkdir()
        (folder / "refs" / "main").write_text(revision)
        base = "meta-llama/Llama-2-7b-hf" if i % 2 else f"bench/model-{i - 1:03d}"
        files = {
            "README.md": f"---\nlicense: {'apache-2.0' if i % 3 else 'cc-by-nc-4.0'}\nbase_model: {base}\n---\n",
            "config.json": '{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}',
            "adapter_config.json": f'{{"base_model_name_or_path": "{base}", "peft_type": "LORA"}}',
        }
        for name, text in files.items():
            blob = folder / "blobs" / f"{name}.blob"
            blob.write_text(text)
            (snapshot / name).symlink_to(os.path.relpath(blob, snapshot))


def write_hostile(folder: Path) -> dict[str, Path]:
    """The bounded-work cases of trust round 3 (class 8): legal headers built to cost the most."""
    import json
    import struct

    folder.mkdir()

    def gguf_array(path: Path, kind: int, count: int, item_size: int) -> Path:
        head = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1) + b"x"
        head += struct.pack("<IIQ", 9, kind, count)
        path.write_bytes(head)
        with path.open("r+b") as handle:  # all-zero items: empty arrays of uint8, empty strings
            handle.truncate(len(head) + count * item_size)
        return path

    parts, size, i = [], 0, 0
    while size < (32 << 20) - 200:
        parts.append(f'"layers.{i}.w":{{"dtype":"BF16","shape":[4096,4096],"data_offsets":[{i},{i + 1}]}}')
        size += len(parts[-1]) + 1
        i += 1
    raw = (
        "{" + ",".join([*parts, '"__metadata__":' + json.dumps({"license": "cc-by-nc-4.0"})]) + "}"
    ).encode()
    raw += b" " * ((32 << 20) - len(raw))
    (folder / "big-header.safetensors").write_bytes(struct.pack("<Q", len(raw)) + raw)
    gguf_array(folder / "nested.gguf", 9, 10_000_000, 12)
    gguf_array(folder / "strings.gguf", 8, 2_000_000, 8)
    return hostile_files(folder)


def hostile_files(folder: Path) -> dict[str, Path]:
    return {
        "10M nested empty arrays (refused)": folder / "nested.gguf",
        "2,000,000 empty strings": folder / "strings.gguf",
        "32 MiB safetensors header": folder / "big-header.safetensors",
    }


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def scores(folder: Path) -> None:
    from licheck.evidence.licensefile import fingerprints, grams, sample

    prints = fingerprints()["licenses"]
    for path in sorted(folder.glob("*.txt")):
        mine = sample(grams(path.read_text(encoding="utf-8", errors="replace")))
        row = sorted(
            ((len(mine & set(e["sample"])) / max(len(mine), len(e["sample"])), k) for k, e in prints.items()),
            reverse=True,
        )
        print(f"{path.stem:40} " + "  ".join(f"{k} {s:.3f}" for s, k in row[:3]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--fingerprints", type=Path)
    parser.add_argument("--commands", type=Path, nargs=2, help=argparse.SUPPRESS)  # CACHE GGUF
    args = parser.parse_args()
    if args.commands:  # in a process of its own, so that each child's peak memory is its own
        commands(*args.commands, args.runs)
        return
    if args.fingerprints:
        scores(args.fingerprints)
        return
    try:
        import gguf  # noqa: F401  # writes the GGUF file read back
    except ImportError:
        raise SystemExit("bench_evidence.py needs the gguf package: pip install '.[test]'") from None
    with tempfile.TemporaryDirectory(prefix="licheck-bench-") as tmp:
        root = Path(tmp)
        big = root / "model.gguf"
        write_gguf(big)
        cache = root / "hub"
        write_cache(cache, 200)
        card = root / "README.md"
        card.write_text(CARD)
        write_hostile(root / "hostile")
        in_process(card, big, cache, args.runs)
        subprocess.run(
            [sys.executable, __file__, "--runs", str(args.runs), "--commands", str(cache), str(big)],
            check=True,
        )


def in_process(card: Path, big: Path, cache: Path, runs: int) -> None:
    from licheck.core.model import Context
    from licheck.evidence.card import read_card
    from licheck.evidence.folder import read_cache
    from licheck.evidence.gguf import read_header
    from licheck.evidence.judge import judge_all
    from licheck.rulesdb import bundled_dir
    from licheck.rulesdb.load import load

    rules = load([bundled_dir()])
    artifacts = read_cache(cache)
    uses = ("commercial", "fine-tune")
    context = Context(as_of=date(2026, 12, 1))
    cases: list[tuple[str, Callable[[], object]]] = [
        ("one card (README.md)", lambda: read_card(card)),
        (
            f"GGUF header, 150k tokens, {big.stat().st_size >> 30} GiB sparse file",
            lambda: read_header(big),
        ),
        ("HF cache, 200 models: read", lambda: read_cache(cache)),
        ("HF cache, 200 models: judge (read done)", lambda: judge_all(artifacts, rules, uses, context)),
    ]
    print(f"{'case':58} {'median ms':>10} {'min':>8} {'max':>8}   ({runs} runs)")
    for name, action in cases:
        mid, low, high = median_ms(action, runs)
        print(f"{name:58} {mid:10.2f} {low:8.2f} {high:8.2f}")


def commands(cache: Path, big: Path, runs: int) -> None:
    """`licheck inspect` as users run it, fresh processes, beside a warm `licheck model`."""
    script = Path(sys.executable).parent / "licheck"
    licheck = [str(script)] if script.exists() else [sys.executable, "-m", "licheck"]
    uses = ["--use", "commercial", "--use", "fine-tune", "--format", "json"]
    hostile = hostile_files(big.parent / "hostile")  # written by the first process: this one stays small
    cases = {
        REFERENCE: [*licheck, "model", "falcon-40b", *uses],
        **{
            f"licheck inspect: {name}": [*licheck, "inspect", str(path), *uses]
            for name, path in hostile.items()
        },
        "licheck inspect model.gguf": [*licheck, "inspect", str(big), *uses],
        "licheck inspect --hf-cache, 200 models": [
            *licheck,
            "inspect",
            "--hf-cache",
            "--cache-dir",
            str(cache),
            *uses,
        ],
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    peaks = dict.fromkeys(cases, 0)
    for _ in range(runs):  # rounds interleave the cases
        for name, command in cases.items():
            elapsed, peak, used = _process(command)
            samples[name].append(elapsed)
            cpu[name].append(used)
            peaks[name] = max(peaks[name], peak)
    base = statistics.median(samples[REFERENCE])
    print(f"\n{'command':58} {'median ms':>10} {'ratio':>8} {'peak MB':>8}")
    for name, times in samples.items():
        mid = statistics.median(times)
        print(f"{name:58} {mid * 1000:10.1f} {mid / base:8.2f} {peaks[name] / 1e6:8.1f}")
    print_issue(cpu, samples)


def _process(command: list[str]) -> tuple[float, int, float]:
    """Wall time of a fresh process, its peak memory (its own ru_maxrss, in bytes), its cpu time."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


REFERENCE = "licheck model falcon-40b (the reference)"
ISSUE = [  # issue 24: (case, the most its ratio to a warm `licheck model` may be)
    ("licheck inspect --hf-cache, 200 models", 1.5),
    ("licheck inspect model.gguf", 1.15),
]


def print_issue(cpu: dict[str, list[float]], wall: dict[str, list[float]]) -> None:
    """Issue 24's rows: paired medians (over rounds, of each round's case / reference) of cpu time."""
    print("\nissue 24 (paired medians of cpu time, to a warm `licheck model`; wall in brackets)")
    for name, limit in ISSUE:
        ratio = statistics.median(a / b for a, b in zip(cpu[name], cpu[REFERENCE], strict=True))
        walled = statistics.median(a / b for a, b in zip(wall[name], wall[REFERENCE], strict=True))
        print(
            f"  {name:44} {statistics.median(cpu[name]) * 1000:7.1f} ms  ratio {ratio:5.2f} ({walled:5.2f})"
            f"  bound {limit:4.2f}  {'holds' if ratio <= limit else 'does NOT hold'}"
        )


if __name__ == "__main__":
    main()
