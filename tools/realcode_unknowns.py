"""How many of the distinct models `licheck scan` finds in tests/data/realcode are `unknown`
offline, on a machine with an empty Hugging Face cache and an empty licheck cache (issue 19).

    PYTHONPATH=src python tools/realcode_unknowns.py            # the figure and the list
    PYTHONPATH=src python tools/realcode_unknowns.py --json F   # also keep the scan's JSON in F

It runs the real CLI (`python -m licheck scan tests/data/realcode --format json`, every use, no
--online) with HF_HOME and LICHECK_CACHE_DIR at new empty temporary folders, and counts a model as
unknown when its verdict is `unknown` for every use (the scan's `model-unknown` finding).
tests/scan/test_realcode_unknowns.py asserts the same share stays at or below 10%.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USES = ("research", "commercial", "hosted-service", "redistribute", "fine-tune", "distill")


def scan_json() -> dict[str, Any]:
    """The scan's JSON answer, from an empty HF cache and an empty licheck cache, offline."""
    with tempfile.TemporaryDirectory() as temp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "XDG_CACHE"))}
        env.update(HF_HOME=str(Path(temp) / "hf"), LICHECK_CACHE_DIR=str(Path(temp) / "cache"))
        env["HF_HUB_OFFLINE"] = "1"
        uses = [arg for use in USES for arg in ("--use", use)]
        command = [sys.executable, "-m", "licheck", "scan", "tests/data/realcode", *uses, "--format", "json"]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(f"licheck scan exited {done.returncode}: {done.stderr}")
        answer: dict[str, Any] = json.loads(done.stdout)
        return answer


def unknown_models(answer: dict[str, Any]) -> tuple[list[str], int]:
    """(the models whose every use is unknown, the number of distinct models judged)."""
    models = answer["models"]
    unknown = sorted(
        (m["query"] for m in models if all(u["verdict"] == "unknown" for u in m["uses"])), key=str.lower
    )
    return unknown, len(models)


def main(argv: list[str]) -> int:
    answer = scan_json()
    if argv[:1] == ["--json"] and len(argv) > 1:
        Path(argv[1]).write_text(json.dumps(answer, indent=1), encoding="utf-8")
    unknown, total = unknown_models(answer)
    for model in unknown:
        reasons = next(m for m in answer["models"] if m["query"] == model)["uses"][0]["reasons"]
        print(f"{model}\t{reasons[0]['text'] if reasons else ''}")
    share = len(unknown) / total if total else 0.0
    print(
        f"unknown: {len(unknown)} of {total} distinct models ({share:.1%}); rules {answer['rules_digest'][:12]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
