"""Calls that load models: `from_pretrained("org/name")`, `pipeline(model=...)`, `LLM(...)`, `ollama.chat(...)`...

Every pattern starts with a literal, so the regex engine skips to it at C speed; what comes before
it (the receiver, a word boundary) is checked by hand on the few places found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from licheck.scan.ids import model_value


class Hit(NamedTuple):
    offset: int
    written: str
    id: str
    kind: str


class Call(NamedTuple):
    kind: str
    positional: tuple[int, ...] = ()  # which positional arguments name the model
    keywords: tuple[str, ...] = ()
    bare: bool = False  # names without a namespace count ("gpt2")
    ollama: bool = False  # values are Ollama tags
    prefix: str = ""  # added to bare names (SentenceTransformer)
    strip: str = ""  # a prefix the value must have, taken off (gr.load("models/org/name"))
    providers: bool = False  # "provider/model" (LiteLLM) names are API models here


_LOADERS = ("from_pretrained", "hf_hub_download", "snapshot_download")
# (a word the text must hold for the pattern to be tried, the pattern, what the call takes,
#  names allowed just before it)
_CALLS: tuple[tuple[str, re.Pattern[str], Call, tuple[str, ...]], ...] = tuple(
    (family, re.compile(pattern), call, before)
    for family, pattern, call, before in (
        ("pretrained", r"from_pretrained\s*\(", Call("from_pretrained", (0,), ("pretrained_model_name_or_path", "repo_id"), True), ("",)),
        ("pipeline", r"pipeline\s*\(", Call("pipeline", (1,), ("model",), True), ("",)),
        ("download", r"hf_hub_download\s*\(", Call("hf_hub_download", (0,), ("repo_id",), True), ("",)),
        ("hf", r"hf_hub_url\s*\(", Call("hf_hub_download", (0,), ("repo_id",), True), ("",)),
        ("download", r"snapshot_download\s*\(", Call("snapshot_download", (0,), ("repo_id",), True), ("",)),
        ("LLM", r"LLM\s*\(", Call("vllm", (0,), ("model",), providers=True), ("",)),
        ("gr.load", r"gr\.load\s*\(", Call("gradio", (0,), ("name",), strip="models/"), ("",)),
        ("Transformer", r"SentenceTransformer\s*\(", Call("sentence-transformers", (0,), ("model_name_or_path",), True, prefix="sentence-transformers/"), ("",)),
        ("Encoder", r"CrossEncoder\s*\(", Call("cross-encoder", (0,), ("model_name_or_path", "model_name"), True), ("",)),
        ("llama", r"ollama\.(?:chat|generate|embed|embeddings|pull|show)\s*\(", Call("ollama", (0,), ("model",), ollama=True), ("",)),
        ("llama", r"Ollama(?:LLM|Embeddings)?\s*\(", Call("ollama", (), ("model",), ollama=True), ("", "Chat")),
        ("ugging", r"HuggingFace(?:Endpoint|Hub|TextGenInference)\s*\(", Call("langchain", (), ("repo_id", "model", "model_id")), ("",)),
        ("Client", r"InferenceClient\s*\(", Call("inference-client", (0,), ("model",)), ("",)),
    )
)  # fmt: skip
FAMILIES = tuple(dict.fromkeys(family for family, *_ in _CALLS))

_STR = re.compile(r"""[rbuRBU]?(["'])([^"'\n\\]{1,300})\1\s*\Z""")
IDENT = re.compile(r"[A-Za-z_]\w*\Z")
_WORD = re.compile(r"[\w.]*\Z")
_ARG = re.compile(r"\s*(?:([A-Za-z_]\w*)\s*=(?!=)\s*)?")
# SentenceTransformer("bert-base-uncased") loads the plain model; other bare names are sentence-transformers/...
_PLAIN_TRANSFORMERS = re.compile(
    r"(?:albert|bert|distilbert|distilroberta|roberta|xlm-roberta|xlm|xlnet|gpt2|distilgpt2|t5|camembert|"
    r"ctrl|openai-gpt)(?:-|\Z)"
)


def judge(written: str, spec: Call) -> tuple[str, str] | None:
    """(the id, the kind) when `written` names a model in the context `spec`, else None."""
    if spec.strip:
        if not written.startswith(spec.strip):
            return None
        written = written[len(spec.strip) :]
    got = model_value(written, bare=spec.bare, ollama=spec.ollama, providers=spec.providers)
    if got is None:
        return None
    found, kind = got
    if spec.prefix and "/" not in found and ":" not in found and not _PLAIN_TRANSFORMERS.match(found):
        found = spec.prefix + found
    return found, kind or spec.kind


def before(text: str, start: int) -> str:
    """The dotted name just before `start` ("AutoModel." before from_pretrained, "Chat" before Ollama)."""
    word = _WORD.search(text, max(0, start - 120), start)
    return word.group(0) if word else ""


def find_calls(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    for family, pattern, spec, allowed in _CALLS:
        if family not in present:
            continue
        for m in pattern.finditer(text):
            prefix = before(text, m.start())
            receiver, _, own = prefix.rpartition(".")
            if own not in allowed or (spec.kind == "gradio" and prefix):
                continue
            args = split_args(text, m.end())
            if spec.kind in _LOADERS and any(k == "repo_type" and "model" not in v for k, v, _ in args):
                continue  # a dataset or a Space
            positional = [a for a in args if a[0] is None]
            wanted, keywords = spec.positional, spec.keywords
            if spec.kind == "from_pretrained" and "Peft" in receiver:
                wanted, keywords = (1,), ("model_id",)  # PeftModel.from_pretrained(base, "org/adapter")
            chosen = [positional[i] for i in wanted if i < len(positional)]
            chosen += [a for a in args if a[0] in keywords]
            for _, value, offset in chosen:
                yield from _value_hits(text, value, offset, spec, style)


def split_args(text: str, start: int) -> list[tuple[str | None, str, int]]:
    """The top-level arguments of a call whose `(` ends at `start`: (keyword or None, text, offset)."""
    args: list[tuple[str | None, str, int]] = []
    depth, quote, begin, i, end = 0, "", start, start, min(len(text), start + 4000)
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        elif ch in ",)" and not depth:
            m = _ARG.match(text, begin, i)
            assert m is not None  # the pattern matches any text
            args.append((m.group(1), text[m.end() : i].rstrip(), m.end()))
            if ch == ")":
                return args
            begin = i + 1
        elif ch == "#" and not depth:
            nl = text.find("\n", i)
            i = end if nl < 0 else nl
            continue
        i += 1
    return args


def _value_hits(text: str, value: str, offset: int, spec: Call, style: str) -> Iterator[Hit]:
    literal = _STR.match(value)
    if literal:
        written, at = literal.group(2), offset + literal.start(2)
    elif IDENT.match(value):
        found = resolve(text, value, offset, style)
        if found is None:
            return
        at, written = found
    else:
        return
    hit = judge(written, spec)
    if hit is not None:
        yield Hit(at, written, *hit)


# ---- variables: MODEL_ID = "org/name", later from_pretrained(MODEL_ID) ----

_PY_VALUE = re.compile(
    r"""(?:os\.(?:environ\.get|getenv)\(\s*["'][^"'\n]*["']\s*,\s*|[^"'\n]*\belse\s+)?[rbu]?(["'])([^"'\n\\]{1,300})\1"""
)
_SH_VALUE = re.compile(r"""(["']?)([\w][\w.:/-]*)\1(?=["'\s;]|\Z)""")


def resolve(text: str, name: str, until: int, style: str) -> tuple[int, str] | None:
    """The string last assigned to `name` before offset `until`: (offset of the string, the string)."""
    if style == "python":
        assign = re.compile(rf"{re.escape(name)}\s*(?::[^=\n]{{1,60}})?=(?!=)\s*")
        fence, value = "_.", _PY_VALUE
    else:
        assign = re.compile(rf"{re.escape(name)}(?:\s*[=:]\s*|[ \t]+(?=\S+\s*$))", re.MULTILINE)
        fence, value = "_${", _SH_VALUE
    last = None
    for m in assign.finditer(text, 0, until):
        previous = text[m.start() - 1] if m.start() else " "
        if not (previous.isalnum() or previous in fence):
            last = m
    if last is None:
        return None
    v = value.match(text, last.end())
    return None if v is None else (v.start(2), v.group(2))
