"""Finding model names in one file's text: calls, keys, flags, URLs and tags, each gated on a cheap substring.

`find(text, style)` returns hits as (offset, as written, id, kind); the caller turns offsets into lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from licheck.scan.ids import hub_id, model_value, ollama_tag, words


class Hit(NamedTuple):
    offset: int
    written: str
    id: str
    kind: str


_STR = re.compile(r"""[rbuRBU]?(["'])([^"'\n\\]{1,300})\1\s*\Z""")
_IDENT = re.compile(r"[A-Za-z_]\w*\Z")
_VALUE = r"""(?P<q>["']?)(?P<v>[\w$][\w.:/${}-]*|\$\(\w+\))(?P=q)(?=["'\s,\]\)#;}]|\Z)"""

# ---- calls: name( args ) ----


class Call(NamedTuple):
    kind: str
    positional: tuple[int, ...]  # which positional arguments name the model
    keywords: tuple[str, ...]
    bare: bool = False  # names without a namespace count ("gpt2")
    ollama: bool = False  # values are Ollama tags
    prefix: str = ""  # added to bare names (SentenceTransformer)
    strip: str = ""  # a prefix the value must have, taken off (gr.load("models/org/name"))
    providers: bool = False  # "provider/model" (LiteLLM) names are API models here


_CALLS: dict[str, Call] = {
    "from_pretrained": Call("from_pretrained", (0,), ("pretrained_model_name_or_path", "repo_id"), True),
    "pipeline": Call("pipeline", (1,), ("model",), True),
    "hf_hub_download": Call("hf_hub_download", (0,), ("repo_id",), True),
    "snapshot_download": Call("snapshot_download", (0,), ("repo_id",), True),
    "hf_hub_url": Call("hf_hub_download", (0,), ("repo_id",), True),
    "load": Call("gradio", (0,), ("name",), strip="models/"),
    "LLM": Call("vllm", (0,), ("model",), providers=True),
    "SentenceTransformer": Call(
        "sentence-transformers", (0,), ("model_name_or_path",), True, prefix="sentence-transformers/"
    ),
    "CrossEncoder": Call("cross-encoder", (0,), ("model_name_or_path", "model_name"), True),
    "ollama": Call("ollama", (0,), ("model",), ollama=True),
    "Ollama": Call("ollama", (), ("model",), ollama=True),
    "HuggingFace": Call("langchain", (), ("repo_id", "model", "model_id")),
    "InferenceClient": Call("inference-client", (0,), ("model",)),
}
_CALL_RE = re.compile(
    r"(?<![\w])(?:(?P<recv>[\w.]*)\.)?(?P<name>from_pretrained|pipeline|hf_hub_download|snapshot_download|hf_hub_url|LLM|(?<=gr\.)load|"
    r"SentenceTransformer|CrossEncoder|ollama\.(?:chat|generate|embed|embeddings|pull|show)|"
    r"(?:Chat)?Ollama(?:LLM|Embeddings)?|HuggingFace(?:Endpoint|Hub|TextGenInference)|InferenceClient)\s*\("
)
_GATES = (
    "from_pretrained",
    "pipeline",
    "_download",
    "hf_hub_url",
    "gr.load",
    "LLM",
    "SentenceTransformer",
    "CrossEncoder",
    "llama",
    "HuggingFace",
    "InferenceClient",
)


def _split_args(text: str, start: int) -> list[tuple[str | None, str, int]]:
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
            args.append(_arg(text, begin, i))
            if ch == ")":
                return args
            begin = i + 1
        elif ch == "#" and not depth:
            nl = text.find("\n", i)
            i = end if nl < 0 else nl
            continue
        i += 1
    return args


def _arg(text: str, begin: int, stop: int) -> tuple[str | None, str, int]:
    m = _ARG.match(text, begin, stop)
    assert m is not None  # the pattern matches any text
    return m.group(1), text[m.end() : stop].rstrip(), m.end()


_ARG = re.compile(r"\s*(?:([A-Za-z_]\w*)\s*=(?!=)\s*)?")


def _spec(name: str) -> Call:
    if name.startswith("ollama."):
        return _CALLS["ollama"]
    if "Ollama" in name:
        return _CALLS["Ollama"]
    return _CALLS["HuggingFace" if name.startswith("HuggingFace") else name]


def _calls(text: str, style: str) -> Iterator[Hit]:
    for m in _CALL_RE.finditer(text):
        name = m.group("name")
        spec = _spec(name)
        args = _split_args(text, m.end())
        if spec.kind in ("from_pretrained", "hf_hub_download", "snapshot_download") and any(
            k == "repo_type" and "model" not in v for k, v, _ in args
        ):
            continue  # a dataset or a Space
        positional = [a for a in args if a[0] is None]
        wanted, keywords = list(spec.positional), spec.keywords
        if spec.kind == "from_pretrained" and "Peft" in (m.group("recv") or ""):
            wanted, keywords = [1], ("model_id",)  # PeftModel.from_pretrained(base, "org/adapter")
        chosen = [positional[i] for i in wanted if i < len(positional)]
        chosen += [a for a in args if a[0] in keywords]
        for _, value, offset in chosen:
            yield from _value_hits(text, value, offset, spec, style)


def _value_hits(text: str, value: str, offset: int, spec: Call, style: str) -> Iterator[Hit]:
    literal = _STR.match(value)
    if literal:
        written, at = literal.group(2), offset + literal.start(2)
    elif _IDENT.match(value):
        found = resolve(text, value, offset, style)
        if found is None:
            return
        at, written = found
    else:
        return
    hit = _judge(written, spec)
    if hit is not None:
        yield Hit(at, written, hit[0], hit[1])


def _judge(written: str, spec: Call) -> tuple[str, str] | None:
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


# SentenceTransformer("bert-base-uncased") loads the plain model; other bare names are sentence-transformers/...
_PLAIN_TRANSFORMERS = re.compile(
    r"(?:albert|bert|distilbert|distilroberta|roberta|xlm-roberta|xlm|xlnet|gpt2|distilgpt2|t5|camembert|"
    r"ctrl|openai-gpt)(?:-|\Z)"
)

# ---- variables: MODEL_ID = "org/name", later from_pretrained(MODEL_ID) ----


def resolve(text: str, name: str, before: int, style: str) -> tuple[int, str] | None:
    """The string last assigned to `name` before offset `before`: (offset of the string, the string)."""
    if style == "python":
        assign = re.compile(rf"(?<![\w.]){re.escape(name)}\s*(?::[^=\n]{{1,60}})?=(?!=)\s*")
        value = re.compile(
            r"""(?:os\.(?:environ\.get|getenv)\(\s*["'][^"'\n]*["']\s*,\s*|[^"'\n]*\belse\s+)?[rbu]?(["'])([^"'\n\\]{1,300})\1"""
        )
    else:
        assign = re.compile(rf"(?<![\w$]){re.escape(name)}(?:\s*[=:]\s*|[ \t]+(?=\S+\s*$))", re.MULTILINE)
        value = re.compile(r"""(["']?)([\w][\w.:/-]*)\1(?=["'\s;]|\Z)""")
    last = None
    for m in assign.finditer(text, 0, before):
        if m.start() < before and not (style != "python" and _in_use(text, m.start())):
            last = m
    if last is None:
        return None
    v = value.match(text, last.end())
    return None if v is None else (v.start(2), v.group(2))


def _in_use(text: str, at: int) -> bool:
    return at > 0 and text[at - 1] in "${"


# ---- keys: model_name_or_path: org/name, "model": "org/name", model="org/name" ----

_KEY_RE = re.compile(
    r"""(?<![\w.-])["']?(?P<key>(?:pretrained_)?model_name_or_path|base_model(?:_name_or_path|_config)?|"""
    r"""model(?:_id|_name)?|tokenizer(?:_name(?:_or_path)?)?|ref_model|reward_model|teacher_model|"""
    r"""embedding_model|draft_model)["']?[ \t]*(?P<sep>[:=])(?!=)[ \t]*"""
    r"""(?:(?P<q>["'])(?P<qv>[^"'\n\\]{1,300})(?P=q)|(?P<v>[\w][\w.:/-]*)(?=[ \t]*(?:[,#}\]\r\n]|\Z))|(?P<var>[A-Za-z_]\w*))"""
)
_BARE_KEYS = ("model_name_or_path", "pretrained_model_name_or_path")
_FIELD_RE = re.compile(
    r"""(?<![\w.])(?P<key>(?:pretrained_)?model_name_or_path|base_model|model(?:_id|_name)?|tokenizer_name)"""
    r"""[ \t]*:[^=\n]{1,60}=[ \t]*field\(\s*default\s*=\s*["'](?P<v>[^"'\n\\]{1,300})["']"""
)


def _keys(text: str, style: str) -> Iterator[Hit]:
    if style == "python" and "field(" in text:
        for m in _FIELD_RE.finditer(
            text
        ):  # dataclass fields: model_name_or_path: str = field(default="gpt2")
            hit = _judge(
                m.group("v"), Call("keyword", (), (), bare=m.group("key") in _BARE_KEYS, providers=True)
            )
            if hit is not None:
                yield Hit(m.start("v"), m.group("v"), *hit)
    for m in _KEY_RE.finditer(text):
        key = m.group("key")
        kind = "keyword" if style == "python" else "config-key"
        spec = Call(kind, (), (), bare=key in _BARE_KEYS, providers=True)
        var = m.group("var") or (
            m.group("v") if style == "python" and _IDENT.match(m.group("v") or "") else None
        )
        if var is not None:
            if style != "python" or m.group("sep") != "=":
                continue
            found = resolve(text, var, m.start(), style)
            if found is None:
                continue
            at, written = found
        elif m.group("qv") is not None:
            at, written = m.start("qv"), m.group("qv")
        else:
            at, written = m.start("v"), m.group("v")
        hit = _judge(written, spec)
        if hit is not None:
            yield Hit(at, written, *hit)


# ---- command lines: --model-id org/name, vllm serve, ollama pull, huggingface-cli download ----

_FLAG_RE = re.compile(
    r"""--(?P<flag>model(?:[-_]id|[-_]name[-_]or[-_]path)?|pretrained[-_]model[-_]name[-_]or[-_]path|"""
    r"""base[-_]model|tokenizer)(?:=|["']?\s*,\s*(?=["'])|[ \t]+(?:\\\n\s*)?|[ \t]*\n[ \t]*-[ \t]+)"""
    + _VALUE
)
_SERVE_RE = re.compile(r"""vllm["',\s]+serve["',\s]+""" + _VALUE)
_CLI_DL_RE = re.compile(r"""(?:huggingface-cli|(?<![\w-])hf)\s+download\s+""" + _VALUE)
_OLLAMA_CLI_RE = re.compile(r"""(?<![\w-])ollama\s+(?:pull|run)\s+""" + _VALUE)
_LM_EVAL_RE = re.compile(
    r"""(?<![\w-])(?:--)?model_args["']?(?:[ \t]*[=:][ \t]*|[ \t]+)["']?(?:\w+=[^,\s"']*,)*pretrained="""
    + _VALUE
)
_DATASET_FLAG = re.compile(r"--repo-type[= ]+[\"']?(?:dataset|space)")


def _commands(text: str, style: str) -> Iterator[Hit]:
    if "--" in text:
        for m in _FLAG_RE.finditer(text):
            bare = "name" in m.group("flag")
            yield from _cli_value(text, m, Call("cli-flag", (), (), bare=bare), style)
    if "model_args" in text:
        for m in _LM_EVAL_RE.finditer(text):
            yield from _cli_value(text, m, Call("cli-flag", (), (), bare=True), style)
    if "serve" in text:
        for m in _SERVE_RE.finditer(text):
            yield from _cli_value(text, m, Call("vllm", (), (), bare=False), style)
    if "download" in text:
        for m in _CLI_DL_RE.finditer(text):
            line_end = text.find("\n", m.end())
            if not _DATASET_FLAG.search(text, m.start(), line_end if line_end >= 0 else len(text)):
                yield from _cli_value(text, m, Call("cli-download", (), (), bare=True), style)
    if "ollama" in text:
        for m in _OLLAMA_CLI_RE.finditer(text):
            yield from _cli_value(text, m, Call("ollama", (), (), ollama=True), style)


def _cli_value(text: str, m: re.Match[str], spec: Call, style: str) -> Iterator[Hit]:
    written, at = m.group("v"), m.start("v")
    if written.startswith("$"):
        var = re.fullmatch(r"\$[{(]?(\w+)(?::?-([\w][\w.:/-]*))?[})]?", written)
        if var is None:
            return
        if var.group(2):
            written, at = var.group(2), at + written.index(var.group(2))
        else:
            found = resolve(text, var.group(1), len(text), "shell")
            if found is None:
                return
            at, written = found
    hit = _judge(written, spec)
    if hit is not None:
        yield Hit(at, written, *hit)


# ---- environment: HF_MODEL_ID=org/name, ENV MODEL_ID org/name, MODEL_ID: org/name ----

_ENV_RE = re.compile(
    r"""(?<![\w$])(?P<name>[A-Z0-9_]*MODEL[A-Z0-9_]*)["']?(?P<sep>[ \t]*[?:+]?[=:][ \t]*|[ \t]+(?=\S+[ \t]*$))"""
    r"""(?P<default>\$\{\w+:?-)?""" + _VALUE,
    re.MULTILINE,
)
_NOT_MODEL = re.compile(
    r"DIR|PATH|CACHE|REVISION|OUTPUT|SAVE|FILE|MAX|LEN|PORT|TYPE|PROVIDER|URL|HOST|KEY|TOKEN|SIZE|FORMAT"
)


_K8S_ENV_RE = re.compile(
    r"""name:[ \t]*["']?(?P<name>[A-Z0-9_]*MODEL[A-Z0-9_]*)["']?[ \t]*\n[ \t]*value:[ \t]*""" + _VALUE
)


def _env(text: str, style: str) -> Iterator[Hit]:
    for m in _K8S_ENV_RE.finditer(text):
        if not _NOT_MODEL.search(m.group("name")):
            hit = _judge(
                m.group("v"), Call("env", (), (), ollama="OLLAMA" in m.group("name"), providers=True)
            )
            if hit is not None:
                yield Hit(m.start("v"), m.group("v"), *hit)
    for m in _ENV_RE.finditer(text):
        name = m.group("name")
        if _NOT_MODEL.search(name):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not m.group("sep").strip() and not text.startswith(("ENV ", "ARG "), line_start):
            continue  # "NAME value" is Dockerfile's old ENV form only
        written = m.group("v").removesuffix("}") if m.group("default") else m.group("v")
        if written.startswith("$"):
            continue
        hit = _judge(written, Call("env", (), (), ollama="OLLAMA" in name, providers=True))
        if hit is not None:
            yield Hit(m.start("v"), written, *hit)


# ---- Hub addresses ----

_URL_RE = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.|(?P<api>api-inference\.))?(?:huggingface\.co|hf\.co)/"
    r"(?:models/)?(?P<id>[\w.-]+/[\w.-]+)"
)
_RESERVED = words(
    "docs datasets spaces blog settings join api login logout pricing models tasks learn papers posts "
    "collections organizations enterprise new new-space new-dataset chat front jobs cli changelog privacy "
    "terms-of-service inference-endpoints hub course search notifications billing oauth support "
    "welcome huggingface-cli storage team inference-api assets static js css"
)


def _urls(text: str, style: str) -> Iterator[Hit]:
    for m in _URL_RE.finditer(text):
        first = m.group("id").split("/")[0].lower()
        if first in _RESERVED and not m.group("api"):
            continue
        written = m.group("id").rstrip(".")
        written = written.removesuffix(".git")
        if (
            ":" in text[m.end("id") : m.end("id") + 1]
            and "ollama" in text[max(0, m.start() - 80) : m.start()]
        ):
            continue  # ollama run hf.co/org/name:tag: the ollama rule has it
        hit = hub_id(written)
        if hit is not None:
            yield Hit(m.start("id"), written, hit, "hf-url")


# ---- Modelfiles: FROM llama3.2:1b ----

_FROM_RE = re.compile(r"^[ \t]*FROM[ \t]+(?P<v>\S+)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def _modelfile(text: str, style: str) -> Iterator[Hit]:
    for m in _FROM_RE.finditer(text):
        written = m.group("v")
        if written.startswith((".", "/", "~")) or written.lower().endswith((".gguf", ".bin", ".safetensors")):
            continue
        if written.startswith(("hf.co/", "huggingface.co/")):
            found = model_value(written)
            hit = None if found is None else found[0]
        else:
            hit = ollama_tag(written)
        if hit is not None:
            yield Hit(m.start("v"), written, hit, "modelfile")


# ---- argparse defaults: add_argument("--model", default="org/name") ----

_ARGPARSE_RE = re.compile(
    r"""add_argument\(\s*["'](?:--?)(?P<flag>[\w-]*model[\w-]*)["'][^()]{0,300}?default\s*=\s*["'](?P<v>[^"'\n]{1,200})["']"""
)


def _argparse(text: str, style: str) -> Iterator[Hit]:
    for m in _ARGPARSE_RE.finditer(text):
        flag = m.group("flag")
        if re.search(
            r"dir|path(?!$)|output|save|revision|type|max|len|hub|push", flag.replace("name_or_path", "")
        ):
            continue
        hit = _judge(m.group("v"), Call("argparse", (), (), bare="name_or_path" in flag))
        if hit is not None:
            yield Hit(m.start("v"), m.group("v"), *hit)


Finder = Callable[[str, str], Iterator[Hit]]
# (substrings any of which must be in the text, the finder, the styles it runs for); first wins a tie.
_FINDERS: tuple[tuple[tuple[str, ...], Finder, tuple[str, ...]], ...] = (
    (("FROM", "from"), _modelfile, ("modelfile",)),
    (_GATES, _calls, ("python", "text")),
    (("add_argument",), _argparse, ("python",)),
    (("vllm", "--", "download", "ollama", "model_args"), _commands, ("python", "text")),
    (("MODEL",), _env, ("text",)),
    (("odel", "tokenizer"), _keys, ("python", "text")),
    (("huggingface.co/", "hf.co/"), _urls, ("python", "text")),
)


def _commented(text: str, offset: int) -> bool:
    """Whether the line holding `offset` is a comment up to there ("# from_pretrained(...)")."""
    start = text.rfind("\n", 0, offset) + 1
    return text[start:offset].lstrip().startswith(("#", "//"))


def find(text: str, style: str) -> list[Hit]:
    """Every model named in `text`; `style` is "python" (also notebooks' cells), "modelfile", "markdown" or "text".

    A name on a comment line does not count (markdown has no comments, only headings).
    """
    hits: list[Hit] = []
    seen: set[tuple[int, str]] = set()
    rules = "text" if style == "markdown" else style
    for gates, finder, styles in _FINDERS:
        if rules in styles and any(g in text for g in gates):
            for hit in finder(text, rules):
                if style != "markdown" and _commented(text, hit.offset):
                    continue
                if (hit.offset, hit.id) not in seen:
                    seen.add((hit.offset, hit.id))
                    hits.append(hit)
    return hits
