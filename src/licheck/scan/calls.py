"""Calls that load models: `from_pretrained("org/name")`, `pipeline(model=...)`, `LLM(...)`, `ollama.chat(...)`...

Every pattern starts with a literal, so the regex engine skips to it at C speed; what comes before
it (the receiver, a word boundary) is checked by hand on the few places found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from licheck.scan.ids import model_value
from licheck.scan.source import Source


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
    library: bool = False  # a bare name of an Ollama library family counts ("mistral", "qwen3")
    needs: tuple[str, ...] = ()  # the text must hold one of these (an import) for the pattern to count


_LOADERS = ("from_pretrained", "hf_hub_download", "snapshot_download")
# a program that imports Ollama's client: `chat("llama3.2", ...)` and `client.chat({model: ...})` are its calls
_OLLAMA_IMPORTS = (
    "from ollama import",
    "from 'ollama'",
    'from "ollama"',
    "require('ollama')",
    'require("ollama")',
)
# Classes of agent frameworks (agno, formerly phidata) that serve open models by their Hub id:
# Together(id="meta-llama/Llama-3.3-70B-Instruct-Turbo"). LangChain's (ChatTogether(model=...)) are
# found by their model= keyword; these by id=, in a program that imports agno.
PROVIDER_CLASSES = (
    "Together",
    "OpenRouter",
    "DeepInfra",
    "Fireworks",
    "Nvidia",
    "Cerebras",
    "SambaNova",
    "LMStudio",
)
# (a word the text must hold for the pattern to be tried, the pattern, what the call takes,
#  names allowed just before it)
_CALLS: tuple[tuple[str, re.Pattern[str], Call, tuple[str, ...]], ...] = tuple(
    (family, re.compile(pattern), call, before)
    for family, pattern, call, before in (
        ("pretrain", r"from_pretrained\s*\(", Call("from_pretrained", (0,), ("pretrained_model_name_or_path", "repo_id"), True), ("",)),
        ("pipeline", r"pipeline\s*\(", Call("pipeline", (1,), ("model",), True), ("",)),
        ("download", r"hf_hub_download\s*\(", Call("hf_hub_download", (0,), ("repo_id",), True), ("",)),
        ("hf_hub_url", r"hf_hub_url\s*\(", Call("hf_hub_download", (0,), ("repo_id",), True), ("",)),
        ("download", r"snapshot_download\s*\(", Call("snapshot_download", (0,), ("repo_id",), True), ("",)),
        ("LLM", r"LLM\s*\(", Call("vllm", (0,), ("model",), providers=True), ("",)),
        ("gr.load", r"gr\.load\s*\(", Call("gradio", (0,), ("name",), strip="models/"), ("",)),
        ("Transformer", r"SentenceTransformer\s*\(", Call("sentence-transformers", (0,), ("model_name_or_path",), True, prefix="sentence-transformers/"), ("",)),
        ("Encoder", r"CrossEncoder\s*\(", Call("cross-encoder", (0,), ("model_name_or_path", "model_name"), True), ("",)),
        ("ollama", r"ollama\.(?:chat|generate|embed|embeddings|pull|show|create_embedding)\s*\(", Call("ollama", (0,), ("model",), ollama=True), ("",)),
        ("ollama", r"(?:chat|generate|embed|embeddings|pull)\s*\(", Call("ollama", (0,), ("model",), ollama=True, needs=_OLLAMA_IMPORTS), ("",)),
        ("lama", r"Ollama(?:LLM|Embeddings?|Embedder|Chat|ChatCompletionClient)?\s*\(", Call("ollama", (), ("model", "id", "model_name"), ollama=True), ("", "Chat")),
        ("pretrain", r"get_pretrained\s*\(", Call("get_pretrained", (0,), ("name",), True), ("",)),
        ("mlx_", r"load\s*\(", Call("mlx", (0,), ("path_or_hf_repo",), True, needs=("from mlx_lm import", "from mlx_vlm import", "mlx_lm.load(", "mlx_vlm.load(")), ("", "mlx_lm", "mlx_vlm")),
        ("Transformer", r"Transformer(?:Document|Word)?Embeddings\s*\(", Call("flair", (0,), ("model",), True), ("",)),
        ("ugging", r"HuggingFace(?:Endpoint|Hub|TextGenInference)\s*\(", Call("langchain", (), ("repo_id", "model", "model_id")), ("",)),
        ("Client", r"InferenceClient\s*\(", Call("inference-client", (0,), ("model",)), ("",)),
        *(
            ("agno", name + r"\s*\(", Call("provider", (), ("id", "model", "model_name", "model_id"), providers=True), ("", "Chat"))
            for name in PROVIDER_CLASSES
        ),
    )
)  # fmt: skip
FAMILIES = tuple(dict.fromkeys(family for family, *_ in _CALLS))
_BY_FAMILY = {f: [(p, c, b) for family, p, c, b in _CALLS if family == f] for f in FAMILIES}

_STR = re.compile(r"""[rbuRBU]?(["'])([^"'\n\\]{1,300})\1\s*\Z""")
IDENT = re.compile(r"[A-Za-z_]\w*\Z")
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
    got = model_value(
        written, bare=spec.bare, ollama=spec.ollama, providers=spec.providers, library=spec.library
    )
    if got is None:
        return None
    found, kind = got
    if spec.prefix and "/" not in found and ":" not in found and not _PLAIN_TRANSFORMERS.match(found):
        found = spec.prefix + found
    return found, kind or spec.kind


def before(text: str, start: int) -> str:
    """The dotted name just before `start` ("AutoModel." before from_pretrained, "Chat" before Ollama),
    at most 120 characters of it."""
    at, low = start, max(0, start - 120)
    while at > low and (text[at - 1].isalnum() or text[at - 1] in "_."):
        at -= 1
    return text[at:start]


def find_calls(src: Source) -> Iterator[Hit]:
    for family in FAMILIES:  # in order: where two patterns find one name, the first names its kind
        if family not in src.present:
            continue
        for pattern, spec, allowed in _BY_FAMILY[family]:
            yield from _calls(src, pattern, spec, allowed)


def _calls(src: Source, pattern: re.Pattern[str], spec: Call, allowed: tuple[str, ...]) -> Iterator[Hit]:
    text = src.text
    needed: bool | None = None if spec.needs else True  # asked of the text once a call is found
    for m in pattern.finditer(text):
        if needed is None:
            needed = any(n in text for n in spec.needs)
        if not needed:
            return
        prefix = before(text, m.start())
        receiver, _, own = prefix.rpartition(".")
        if own not in allowed or (spec.kind == "gradio" and prefix):
            continue
        for _, value, offset in _chosen(spec, receiver, split_args(src, m.end())):
            yield from _value_hits(src, value, offset, spec)


Arg = tuple[str | None, str, int]


def _chosen(spec: Call, receiver: str, args: list[Arg]) -> list[Arg]:
    """The arguments of a call that name its model."""
    if spec.kind in _LOADERS and any(k == "repo_type" and "model" not in v for k, v, _ in args):
        return []  # a dataset or a Space
    positional = [a for a in args if a[0] is None]
    wanted, keywords = spec.positional, spec.keywords
    if spec.kind == "from_pretrained" and "Peft" in receiver:
        wanted, keywords = (1,), ("model_id",)  # PeftModel.from_pretrained(base, "org/adapter")
    return [positional[i] for i in wanted if i < len(positional)] + [a for a in args if a[0] in keywords]


def split_args(src: Source, start: int) -> list[Arg]:
    """The top-level arguments of a call whose `(` ends at `start`: (keyword or None, text, offset).

    At most 4000 characters of a call are read, and no more in all than the file's budget allows
    (calls nested in calls would otherwise read the same characters again and again)."""
    text = src.text
    args: list[Arg] = []
    depth, quote, begin, i = 0, "", start, start
    end = min(len(text), start + 4000, start + max(0, src.budget))
    src.budget -= end - start
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


_OBJECT_MODEL = re.compile(r"""\bmodel["']?\s*:\s*(["'`])([^"'`\n\\]{1,300})\1""")


def _value_hits(src: Source, value: str, offset: int, spec: Call) -> Iterator[Hit]:
    literal = _STR.match(value)
    if value.startswith("{"):  # JavaScript: ollama.chat({ model: "llama3.1", ... })
        literal = _OBJECT_MODEL.search(value)
    if literal:
        written, at = literal.group(2), offset + literal.start(2)
    elif IDENT.match(value):
        found = src.assigned(value, offset)
        if found is None:
            return
        at, written = found
    else:
        return
    hit = judge(written, spec)
    if hit is not None:
        yield Hit(at, written, *hit)
