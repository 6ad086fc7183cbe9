"""Trust, round 3: properties over every spelling of every known name, and fuzzing of the readers
of what models declare (GGUF, safetensors, model cards), each through the real command line.

- One id, many spellings: for every model of the bundled rules and any spelling of one of its
  names that the normaliser accepts (a Hub address in any case, with or without a scheme, a
  revision, a file or a tree in it, `.git`, full-width letters, spaces), `licheck model` and
  `licheck check` of a manifest naming it give the canonical id's verdict, and so do `explain`,
  `compare`, `notice` and `check --sbom` of a BOM naming it (each answer whole, but for the name as
  written).
- Fuzzing: each generated file is judged by `licheck inspect`: exit 0, 1 or 2 only (never 3,
  never a traceback), within 2 s of CPU time and 10 s of waiting (a hang guard; CPU time, so that a
  busy machine does not fail an answer that did not work longer) and within 200 MB more
  memory than before it (RLIMIT_DATA, set around each example: an allocation past it is a
  MemoryError, which the command line would report as an internal error).

The number of examples: LICHECK_FUZZ_EXAMPLES (default 200, the quick run CI makes; a release's
full run, as CONTRIBUTING.md says, and the round-3 acceptance use 2000:
`LICHECK_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py`).
LICHECK_FUZZ_LOG=FILE appends each fuzzed answer's exit code, seconds (wall, CPU) and growth of
the data segment to FILE, for the figures of a run.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import struct
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import strategies as gen
from headers import gguf_bytes, gguf_string, safetensors_bytes
from licheck.cli import app
from licheck.core.ids import model_id
from licheck.rulesdb import bundled_dir, load_cached

EXAMPLES = int(os.environ.get("LICHECK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SECONDS, BYTES, WALL = 2.0, 200 * 1024 * 1024, 10.0


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: float = SECONDS, more: int = BYTES, wall: float = WALL) -> Iterator[None]:
    """Fail instead of hanging or growing: an answer within `seconds` of CPU time (ITIMER_PROF:
    the work done, whatever else the machine runs; on an idle machine the time one waits), within
    `wall` seconds of waiting (a read that blocks uses no CPU), and no more than `more` bytes of
    data on top of what the process holds now (RLIMIT_DATA). A Hang raised where Python cannot
    pass it on (in a garbage collector's callback) still fails the example when the block ends."""
    expired: list[str] = []

    def alarm(signum: int, frame: FrameType | None) -> None:
        expired.append(f"no answer within {seconds} s of CPU time" if signum == signal.SIGPROF else
                       f"no answer within {wall} s")  # fmt: skip
        raise Hang(expired[-1])

    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = _data_size() + more
    resource.setrlimit(
        resource.RLIMIT_DATA, (min(limit, hard) if hard != resource.RLIM_INFINITY else limit, hard)
    )
    previous = signal.signal(signal.SIGALRM, alarm), signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, wall)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, previous[0])
        signal.signal(signal.SIGPROF, previous[1])
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    if expired:
        raise Hang(expired[0])


def _data_size() -> int:
    """The process's data segment now (VmData), in bytes."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmData in /proc/self/status")


RUNNER = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _judged(path: Path) -> None:
    """`licheck inspect` of one file: a clean exit code, never a traceback, within the bounds."""
    wall, cpu, data = time.monotonic(), time.process_time(), _data_size()
    with bounded():
        code, out, err = _run("inspect", str(path), "--use", "commercial", "--format", "json")
    if os.environ.get("LICHECK_FUZZ_LOG"):  # the figures of a full run, one line per example
        with open(os.environ["LICHECK_FUZZ_LOG"], "a", encoding="utf-8") as log:
            wall, cpu = time.monotonic() - wall, time.process_time() - cpu
            log.write(f"{path.suffix or path.name}\t{code}\t{wall:.3f}\t{cpu:.3f}\t{_data_size() - data}\n")
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    if code != 2:
        assert json.loads(out)["artifacts"], out[:300]


@cache
def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="licheck-fuzz-"))


def _file(name: str, data: bytes) -> Path:
    path = _scratch() / name
    path.write_bytes(data)
    return path


def test_the_bounds_hold_what_they_say() -> None:
    """The guard itself: an allocation past the bound is a MemoryError, a wait past it a Hang."""
    with pytest.raises(MemoryError), bounded(more=50 * 1024 * 1024):
        bytearray(300 * 1024 * 1024)
    with pytest.raises(Hang), bounded(wall=0.05):
        signal.pause()  # waiting: the wall clock
    with pytest.raises(Hang), bounded(seconds=0.05):
        _spin()  # working: the CPU clock


def _spin() -> None:
    while True:
        pass


# ---------------------------------------------------------------- one id, many spellings


@cache
def _names() -> list[tuple[str, str]]:
    """(model id, one of its names) for every name of every model of the bundled rules."""
    rules = load_cached([bundled_dir()])
    return sorted((m.id, name) for m in rules.models.values() for name in (m.id, *m.aliases))


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # '!'..'~' -> U+FF01..U+FF5E


@st.composite
def spellings(draw: st.DrawFn, name: str) -> str:
    """Another spelling of `name` that the normaliser reads as the same name."""
    text = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in name)
    if draw(st.booleans()):  # full-width letters, the first one or any
        chosen = draw(st.sets(st.integers(0, len(text) - 1), max_size=len(text)))
        text = "".join(FULL_WIDTH.get(c, c) if i in chosen or i == 0 else c for i, c in enumerate(text))
    hub = draw(st.booleans()) and name.count("/") <= 1 and ":" not in name
    if hub:
        scheme = draw(st.sampled_from(["", "https://", "http://", "HTTPS://", "hf://"]))
        host = (
            ""
            if scheme == "hf://"
            else draw(
                st.sampled_from(["huggingface.co/", "HuggingFace.CO/", "hf.co/", "www.huggingface.co/"])
            )
        )
        tail = draw(
            st.sampled_from(
                [
                    "",
                    "/",
                    "/tree/main",
                    "/tree/v1.0/sub",
                    "/blob/main/README.md",
                    "/resolve/main/model.gguf",
                    ".git",
                    ".git/",
                    ":Q4_K_M",
                    "/discussions/7",
                ]
            )
        )
        text = scheme + host + text + tail
    text += draw(st.sampled_from(["", "@main", "@0123abc", "?download=true", "#readme", "/"]))
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "  "]))


@cache
def _canonical_model(model: str) -> tuple[Any, ...]:
    code, out, _ = _run(
        "model", model, "--use", "commercial", "--use", "hosted-service", "--mau", "800M", "--format", "json"
    )
    doc = json.loads(out)
    return code, doc["model"], doc["verdict"], tuple((u["use"], u["verdict"]) for u in doc["uses"])


def _check_of(name: str) -> tuple[int, list[tuple[str, str, str | None]]]:
    folder = _scratch() / "project"
    folder.mkdir(exist_ok=True)
    (folder / "licheck.yaml").write_text(
        "uses: [commercial, hosted-service]\ncontext:\n  mau: 800M\n"
        f"models:\n  - {json.dumps(name)}\npolicy:\n  allow-unknown: true\n",
        encoding="utf-8",
    )
    code, out, err = _run("check", str(folder), "--format", "json")
    assert code in (0, 1), err
    findings = json.loads(out)["findings"]
    return code, sorted((f["code"], f["level"], f["use"]) for f in findings)


@cache
def _canonical_check(model: str) -> tuple[int, list[tuple[str, str, str | None]]]:
    return _check_of(model)


@FUZZ
@given(data=st.data())
def test_every_spelling_of_a_known_name_gives_its_verdict(data: st.DataObject) -> None:
    model, name = data.draw(st.sampled_from(_names()), label="name")
    spelling = data.draw(spellings(name), label="spelling")
    assert model_id(spelling) == model_id(name)  # the normaliser accepts it as the same name
    code, out, err = _run(
        "model",
        spelling,
        "--use",
        "commercial",
        "--use",
        "hosted-service",
        "--mau",
        "800M",
        "--format",
        "json",
    )
    doc = json.loads(out)
    mine = code, doc["model"], doc["verdict"], tuple((u["use"], u["verdict"]) for u in doc["uses"])
    assert mine == _canonical_model(model), (spelling, err)
    assert _check_of(spelling) == _canonical_check(model), spelling
    assert _others_of(spelling) == _canonical_others(model), spelling


USES = ("--use", "commercial", "--use", "redistribute", "--mau", "800M")


def _without(document: Any, key: str) -> Any:
    """A JSON document without `key` anywhere (the name as the user wrote it)."""
    if isinstance(document, dict):
        return {k: _without(v, key) for k, v in document.items() if k != key}
    if isinstance(document, list):
        return [_without(v, key) for v in document]
    return document


def _others_of(name: str) -> tuple[Any, ...]:
    """What explain, compare, notice and check --sbom say of the model `name` names, without the
    name as written: each must be what they say of its canonical id."""
    explain = _run("explain", name, *USES, "--format", "json")
    compare = _run("compare", name, "falcon-40b", *USES, "--format", "json")
    notice = _run("notice", name, *USES, "--format", "text")
    heading = name + ":"  # notice heads a model's section with the name as written
    notice_lines = [line for line in notice[1].splitlines() if not line.startswith(heading)]
    bom = _scratch() / "bom.cdx.json"
    bom.write_text(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "specVersion": "1.6",
                "components": [{"type": "machine-learning-model", "name": name}],
            }
        ),
        encoding="utf-8",
    )
    sbom = _run("check", "--sbom", str(bom), *USES, "--format", "json")
    sbom_doc = json.loads(sbom[1])
    return (
        (explain[0], _without(json.loads(explain[1]), "query")),
        (compare[0], _without(json.loads(compare[1]), "query")),
        (notice[0], notice_lines),
        (
            sbom[0],
            [(m["model"], m["verdict"], [u["verdict"] for u in m["uses"]]) for m in sbom_doc["models"]],
        ),
    )


@cache
def _canonical_others(model: str) -> tuple[Any, ...]:
    return _others_of(model)


@FUZZ
@given(text=st.one_of(gen.any_text(40), spellings("Org/Name")))
def test_the_normaliser_is_idempotent(text: str) -> None:
    """A name, once normalised, is its own normal form: what the rules store is what lookups find."""
    try:
        once = model_id(text)
    except ValueError:
        return
    assert model_id(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x00\r\n@everyone", "\x00"),  # CI's find: a cut at `@` left a line break behind
        ("/\rhf.co/\x00", "\x00"),  # white space between leading slashes and the host
        ("hf.co/Org/Name :q4", "org/name"),  # a tag cut off after a space
        ("Org/Name/ \n.git", "org/name"),
    ],
)
def test_the_normaliser_trims_what_a_cut_leaves(text: str, expected: str) -> None:
    assert model_id(text) == expected
    assert model_id(expected) == expected


# ---------------------------------------------------------------- GGUF

KEYS = [
    "general.license",
    "general.license.name",
    "general.license.link",
    "general.name",
    "general.repo_url",
    "general.url",
    "general.source.repo_url",
    "general.source.url",
    "general.source.huggingface.repository",
    "general.base_model.count",
    "general.base_model.0.repo_url",
    "general.base_model.0.name",
    "general.base_model.0.organization",
    "general.base_model.1.url",
    "general.tags",
    "tokenizer.ggml.tokens",
    "llama.context_length",
]
TEXTS = st.one_of(
    st.sampled_from(
        [
            "mit",
            "cc-by-nc-4.0",
            "llama2",
            "other",
            "https://huggingface.co/CohereForAI/c4ai-command-r-v01/tree/main",
            "HF.CO/meta-llama/Llama-2-7b-hf.git",
            "meta-llama/Llama-2-7b-h\u0444",
            "",
        ]
    ),
    gen.any_text(30),
)


@st.composite
def gguf_values(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A value of any GGUF type, well-formed or not."""
    kind = draw(st.integers(0, 14))
    if kind == 8:
        return struct.pack("<I", 8) + gguf_string(draw(TEXTS).encode("utf-8", "surrogatepass"))
    if kind == 9 and depth < 4:
        item = draw(st.integers(0, 14))
        count = draw(st.one_of(st.integers(0, 5), st.sampled_from([2**32, 2**63, 2**64 - 1, 10**7])))
        items = b"".join(
            draw(gguf_values(depth + 1))[4:] if item in (8, 9) else draw(st.binary(max_size=8))
            for _ in range(min(count, 5))
        )
        return struct.pack("<IIQ", 9, item, count) + items
    return struct.pack("<I", kind) + draw(st.binary(max_size=16))


@st.composite
def gguf_files(draw: st.DrawFn) -> bytes:
    pairs = draw(
        st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), gen.any_text(20)), gguf_values()), max_size=8)
    )
    data = gguf_bytes(
        pairs,
        count=draw(st.one_of(st.none(), st.integers(0, 2**64 - 1))),
        version=draw(st.sampled_from([3, 2, 1, 3 << 24])),
    )
    return _mutated(draw, data)


def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """The file as made, cut short, or with some bytes overwritten."""
    how = draw(st.sampled_from(["as-is", "as-is", "cut", "flip"]))
    if how == "cut" and data:
        return data[: draw(st.integers(0, len(data)))]
    if how == "flip" and data:
        where = draw(st.integers(0, len(data) - 1))
        return data[:where] + draw(st.binary(min_size=1, max_size=8)) + data[where + 1 :]
    return data


@FUZZ
@given(data=gguf_files())
def test_fuzz_gguf(data: bytes) -> None:
    _judged(_file("model.gguf", data))


# ---------------------------------------------------------------- safetensors

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXTS),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
    max_leaves=12,
)
TENSOR = st.fixed_dictionaries(
    {
        "dtype": st.sampled_from(["F32", "BF16", "I8"]),
        "shape": st.lists(st.integers(0, 10**6), max_size=4),
        "data_offsets": st.lists(st.integers(0, 2**40), min_size=2, max_size=2),
    }
)


@st.composite
def safetensors_files(draw: st.DrawFn) -> bytes:
    header: dict[str, Any] = draw(st.dictionaries(TEXTS, st.one_of(TENSOR, JSON_VALUES), max_size=5))
    if draw(st.booleans()):
        header["__metadata__"] = draw(
            st.one_of(
                st.dictionaries(
                    st.sampled_from(["license", "modelspec.license", "name", "x"]), TEXTS, max_size=4
                ),
                JSON_VALUES,
            )
        )
    raw = json.dumps(
        header, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 0, 2]))
    ).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # a second __metadata__, spelt plainly or escaped
        raw = (
            raw[:1]
            + draw(st.sampled_from([b'"__metadata__":{"license":"mit"},', b'"\\u005f_metadata__":{},']))
            + raw[1:]
        )
    data = safetensors_bytes(raw)
    length = draw(st.sampled_from(["right", "right", "huge", "short", "any"]))
    if length != "right":
        value = {"huge": 2**64 - 1, "short": max(0, len(raw) - 3), "any": draw(st.integers(0, 2**64 - 1))}[
            length
        ]
        data = struct.pack("<Q", value) + data[8:]
    return _mutated(draw, data + draw(st.binary(max_size=8)))


@FUZZ
@given(data=safetensors_files())
def test_fuzz_safetensors(data: bytes) -> None:
    _judged(_file("model.safetensors", data))


# ---------------------------------------------------------------- model cards

CARD_KEYS = [
    "license",
    "license_name",
    "license_link",
    "base_model",
    "base_model_relation",
    "datasets",
    "tags",
    "gated",
]


@st.composite
def cards(draw: st.DrawFn) -> bytes:
    fields = draw(
        st.dictionaries(
            st.one_of(st.sampled_from(CARD_KEYS), gen.any_text(10)), st.one_of(TEXTS, JSON_VALUES), max_size=6
        )
    )
    lines = []
    for key, value in fields.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=draw(st.booleans()))}")
    if draw(st.booleans()):  # a key twice, or raw YAML of any kind
        lines.append(
            draw(
                st.sampled_from(
                    [
                        "license: mit",
                        "base_model: &a [*a]",
                        "x: !!python/object:os.system ls",
                        "a: [" * 50,
                        "- 1",
                        "license: 'cc-by-nc-4.0",
                    ]
                )
            )
        )
    eol = draw(st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]))
    front = eol.join(["---", *lines, "---" if draw(st.booleans()) else "", draw(gen.any_text(30))])
    text = draw(st.sampled_from(["", "\ufeff", "\n\n"])) + front
    return _mutated(draw, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=cards())
def test_fuzz_cards(data: bytes) -> None:
    _judged(_file("README.md", data))
