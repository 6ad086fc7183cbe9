"""Finding model names in one file's text: calls, keys, flags, URLs and tags, each gated on a cheap substring.

`find(text, style)` returns hits as (offset, as written, id, kind); the caller turns offsets into lines.
Each pattern starts with a literal (the regex engine then skips to it at C speed); boundaries before
it are checked by hand where something is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from licheck.scan.calls import FAMILIES, IDENT, Call, Hit, before, find_calls, judge, resolve
from licheck.scan.ids import hub_id, model_value, ollama_tag, words

# ---- keys: model_name_or_path: org/name, "model": "org/name", model="org/name" ----

# a command-line or config value: plain, quoted, or a $VAR / ${VAR:-default} / $(VAR)
_VALUE = r"""(?P<q>["']?)(?P<v>[\w$][\w.:/${}-]*|\$\(\w+\))(?P=q)(?=["'\s,\]\)#;}]|\Z)"""
_VALUE_TAIL = (
    r"""["']?[ \t]*(?P<sep>[:=])(?!=)[ \t]*"""
    r"""(?:(?P<q>["'])(?P<qv>[^"'\n\\]{1,300})(?P=q)|(?P<v>[\w][\w.:/-]*)(?=[ \t]*(?:[,#}\]\r\n)]|\Z))|(?P<var>[A-Za-z_]\w*))"""
)
# what may follow "tokenizer" in a key: most files name a tokenizer only as `tokenizer.x`
_TOKENIZER_KEYS = frozenset(f"tokenizer{tail}" for tail in ("_name", '"', "'", " ", "\t", ":", "="))
_KEY_RES = (
    (frozenset({"odel"}), re.compile(r"model(?:_id|_name(?:_or_path)?|_config)?" + _VALUE_TAIL)),
    (_TOKENIZER_KEYS, re.compile(r"tokenizer(?:_name(?:_or_path)?)?" + _VALUE_TAIL)),
)
KEYS = words(
    "model model_id model_name model_name_or_path pretrained_model_name_or_path base_model "
    "base_model_name_or_path base_model_config ref_model reward_model teacher_model embedding_model "
    "draft_model tokenizer tokenizer_name tokenizer_name_or_path"
)
_BARE_KEYS = ("model_name_or_path", "pretrained_model_name_or_path")
_FIELD_RE = re.compile(r"""field\(\s*default\s*=\s*["'](?P<v>[^"'\n\\]{1,300})["']""")
_FIELD_KEY = re.compile(r"""[ \t]*(?P<key>\w+)[ \t]*:[^=\n]{1,60}=[ \t]*\Z""")


def _key_at(text: str, start: int, end: int) -> str | None:
    """The key whose tail was matched at [start, end), when it is one we know and stands alone."""
    head = before(text, start)
    if "." in head:
        return None
    key = head + text[start:end].split('"')[0].split("'")[0].rstrip(" \t:=")
    edge = start - len(head) - 1
    edge -= edge >= 0 and text[edge] in "\"'"
    if key not in KEYS or (edge >= 0 and (text[edge].isalnum() or text[edge] in "_.-")):
        return None
    return key


def _field_keys(text: str) -> Iterator[Hit]:
    """Dataclass fields: model_name_or_path: str = field(default="gpt2")."""
    for m in _FIELD_RE.finditer(text):
        line = _FIELD_KEY.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        if line is None or line.group("key") not in KEYS:
            continue
        hit = judge(m.group("v"), Call("keyword", bare=line.group("key") in _BARE_KEYS, providers=True))
        if hit is not None:
            yield Hit(m.start("v"), m.group("v"), *hit)


def _key_variable(m: re.Match[str], style: str) -> str | None:
    """The variable a key's value names: a bare word after the key, or (in Python) any identifier."""
    if m.group("var"):
        return m.group("var")
    return m.group("v") if style == "python" and IDENT.match(m.group("v") or "") else None


def _key_value(text: str, style: str, m: re.Match[str]) -> tuple[int, str] | None:
    """Where a key's value is written and as what: the value itself, or the string last assigned
    to the Python variable it names (None when that cannot be followed)."""
    var = _key_variable(m, style)
    if var is not None:
        if style != "python" or m.group("sep") != "=":
            return None
        return resolve(text, var, m.start(), style)
    if m.group("qv") is not None:
        return m.start("qv"), m.group("qv")
    return m.start("v"), m.group("v")


def _pattern_keys(text: str, style: str, pattern: re.Pattern[str]) -> Iterator[Hit]:
    """The models named as the value of the keys one pattern matches."""
    kind = "keyword" if style == "python" else "config-key"
    for m in pattern.finditer(text):
        key = _key_at(text, m.start(), m.start("sep"))
        if key is None:
            continue
        found = _key_value(text, style, m)
        if found is None:
            continue
        at, written = found
        hit = judge(written, Call(kind, bare=key in _BARE_KEYS, providers=True))
        if hit is not None:
            yield Hit(at, written, *hit)


def _keys(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    if style == "python" and "field(" in present:
        yield from _field_keys(text)
    for needs, pattern in _KEY_RES:
        if present & needs:
            yield from _pattern_keys(text, style, pattern)


# ---- command lines: --model-id org/name, vllm serve, ollama pull, huggingface-cli download ----

_FLAG_RE = re.compile(
    r"""--(?P<flag>model(?:[-_]id|[-_]name[-_]or[-_]path)?|pretrained[-_]model[-_]name[-_]or[-_]path|"""
    r"""base[-_]model|tokenizer)(?:=|["']?\s*,\s*(?=["'])|[ \t]+(?:\\\n\s*)?|[ \t]*\n[ \t]*-[ \t]+)"""
    + _VALUE
)
_SERVE_RE = re.compile(r"""vllm["',\s]+serve["',\s]+""" + _VALUE)
_CLI_DL_RES = (
    re.compile(r"""huggingface-cli\s+download\s+""" + _VALUE),
    re.compile(r"""hf\s+download\s+""" + _VALUE),
)
_OLLAMA_CLI_RE = re.compile(r"""ollama\s+(?:pull|run)\s+""" + _VALUE)
_LM_EVAL_RE = re.compile(
    r"""model_args["']?(?:[ \t]*[=:][ \t]*|[ \t]+)["']?(?:\w+=[^,\s"']*,)*pretrained=""" + _VALUE
)
_DATASET_FLAG = re.compile(r"--repo-type[= ]+[\"']?(?:dataset|space)")


def _commands(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    if present & _FLAG_WORDS:
        for m in _FLAG_RE.finditer(text):
            bare = "name" in m.group("flag")
            yield from _cli_value(text, m, Call("cli-flag", bare=bare), style)
    if "pretrained" in present:
        for m in _LM_EVAL_RE.finditer(text):
            if _alone(text, m.start()) or text.endswith("--", 0, m.start()):
                yield from _cli_value(text, m, Call("cli-flag", bare=True), style)
    if "vllm" in present:
        for m in _SERVE_RE.finditer(text):
            yield from _cli_value(text, m, Call("vllm"), style)
    if "download" in present:
        for pattern in _CLI_DL_RES:
            for m in pattern.finditer(text):
                line_end = text.find("\n", m.end())
                dataset = _DATASET_FLAG.search(text, m.start(), line_end if line_end >= 0 else len(text))
                if _alone(text, m.start()) and not dataset:
                    yield from _cli_value(text, m, Call("cli-download", bare=True), style)
    if "llama" in present:
        for m in _OLLAMA_CLI_RE.finditer(text):
            if _alone(text, m.start()):
                yield from _cli_value(text, m, Call("ollama", ollama=True), style)


def _alone(text: str, at: int) -> bool:
    """Whether the word at `at` starts there (no letter, digit, _ or - just before it)."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_-")


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
    hit = judge(written, spec)
    if hit is not None:
        yield Hit(at, written, *hit)


# ---- environment: HF_MODEL_ID=org/name, ENV MODEL_ID org/name, MODEL_ID: org/name ----

_ENV_RE = re.compile(
    r"""MODEL(?P<tail>[A-Z0-9_]*)["']?(?P<sep>[ \t]*[?:+]?[=:][ \t]*|[ \t]+(?=\S+[ \t\r]*$))"""
    r"""(?P<default>\$\{\w+:?-)?""" + _VALUE,
    re.MULTILINE,
)
_NOT_MODEL = re.compile(
    r"DIR|PATH|CACHE|REVISION|OUTPUT|SAVE|FILE|MAX|LEN|PORT|TYPE|PROVIDER|URL|HOST|KEY|TOKEN|SIZE|FORMAT"
)


_K8S_ENV_RE = re.compile(
    r"""name:[ \t]*["']?(?P<name>[A-Z0-9_]*MODEL[A-Z0-9_]*)["']?[ \t]*\n[ \t]*value:[ \t]*""" + _VALUE
)


def _env(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    if "MODEL" not in present:
        return
    for m in _K8S_ENV_RE.finditer(text):
        if not _NOT_MODEL.search(m.group("name")):
            hit = judge(m.group("v"), Call("env", ollama="OLLAMA" in m.group("name"), providers=True))
            if hit is not None:
                yield Hit(m.start("v"), m.group("v"), *hit)
    for m in _ENV_RE.finditer(text):
        head = before(text, m.start())
        name = head + "MODEL" + m.group("tail")
        edge = m.start() - len(head) - 1
        if "." in head or not name.isupper() or (edge >= 0 and text[edge] in "$") or _NOT_MODEL.search(name):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not m.group("sep").strip() and not text.startswith(("ENV ", "ARG "), line_start):
            continue  # "NAME value" is Dockerfile's old ENV form only
        written = m.group("v").removesuffix("}") if m.group("default") else m.group("v")
        if written.startswith("$"):
            continue
        hit = judge(written, Call("env", ollama="OLLAMA" in name, providers=True))
        if hit is not None:
            yield Hit(m.start("v"), written, *hit)


# ---- Hub addresses ----

_URL_RES = (
    ("ugging", re.compile(r"huggingface\.co/(?P<models>models/)?(?P<id>[\w.-]+/[\w.-]+)")),
    ("hf", re.compile(r"hf\.co/(?P<models>)(?P<id>[\w.-]+/[\w.-]+)")),
)
_URL_HEAD = re.compile(r"(?:https?://)?(?:www\.|(?P<api>api-inference\.))?\Z")
_LISTS = words("models datasets spaces collections papers")
_RESERVED = words(
    "transformers docs datasets spaces blog settings join api login logout pricing models tasks learn papers posts "
    "collections organizations enterprise new new-space new-dataset chat front jobs cli changelog privacy "
    "terms-of-service inference-endpoints hub course search notifications billing oauth support "
    "welcome huggingface-cli storage team inference-api assets static js css"
)


def _url_matches(text: str, present: frozenset[str]) -> Iterator[tuple[re.Match[str], bool]]:
    for family, pattern in _URL_RES:
        if family not in present:
            continue
        for m in pattern.finditer(text):
            head = _URL_HEAD.search(text, max(0, m.start() - 30), m.start())
            assert head is not None  # it matches the empty string
            edge = head.start() - 1
            if edge < 0 or not (text[edge].isalnum() or text[edge] in "_.-"):
                yield m, bool(head.group("api"))


def _urls(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    for m, api in _url_matches(text, present):
        first, second = m.group("id").lower().split("/")
        if api != bool(m.group("models")) or (not api and first in _RESERVED) or second in _LISTS:
            continue  # api-inference.huggingface.co/models/org/name only; huggingface.co/org/models is a list
        written = m.group("id").rstrip(".")
        written = written.removesuffix(".git")
        if (
            ":" in text[m.end("id") : m.end("id") + 1]
            and "ollama" in text[max(0, m.start() - 90) : m.start()]
        ):
            continue  # ollama run hf.co/org/name:tag: the ollama rule has it
        hit = hub_id(written)
        if hit is not None:
            yield Hit(m.start("id"), written, hit, "hf-url")


# ---- Modelfiles: FROM llama3.2:1b ----

_FROM_RE = re.compile(r"^[ \t]*FROM[ \t]+(?P<v>\S+)[ \t\r]*$", re.MULTILINE | re.IGNORECASE)


def _modelfile(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
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


def _argparse(text: str, style: str, present: frozenset[str]) -> Iterator[Hit]:
    if "add_argument" not in present:
        return
    for m in _ARGPARSE_RE.finditer(text):
        flag = m.group("flag")
        if re.search(
            r"dir|path(?!$)|output|save|revision|type|max|len|hub|push", flag.replace("name_or_path", "")
        ):
            continue
        hit = judge(m.group("v"), Call("argparse", bare="name_or_path" in flag))
        if hit is not None:
            yield Hit(m.start("v"), m.group("v"), *hit)


Finder = Callable[[str, str, frozenset[str]], Iterator[Hit]]
# (the finder, the styles it runs for); the first to find a name on a line names its kind
_FINDERS: tuple[tuple[Finder, tuple[str, ...]], ...] = (
    (_modelfile, ("modelfile",)),
    (find_calls, ("python", "text")),
    (_argparse, ("python",)),
    (_commands, ("python", "text")),
    (_env, ("text",)),
    (_keys, ("python", "text")),
    (_urls, ("python", "text")),
)
_FLAG_WORDS = frozenset({"--model", "--pretrained", "--base", "--tokenizer"})
# The words finders look for first, each found once per file. Related patterns share one ("llama" for
# ollama and Ollama, "hf" for hf.co/ and hf_hub_url, "ugging" for HuggingFace and huggingface.co/).
_RARE = {
    "python": (*FAMILIES, *_FLAG_WORDS, *_TOKENIZER_KEYS, "vllm", "add_argument", "field("),
    "text": (*FAMILIES, *_FLAG_WORDS, *_TOKENIZER_KEYS, "vllm", "MODEL"),
    "modelfile": (),
}
_COMMON = ("odel",)  # in most files that have any: found at once


def _present(text: str, style: str) -> frozenset[str]:
    """The words of `style` that `text` holds: one pass for all of them with ahocorasick-rs, if installed
    (the `fast` extra), else a pass for each word that is absent."""
    words = _RARE[style]
    try:
        finder = _automata[style]
    except KeyError:
        finder = _automata[style] = _automaton(words)
    found = (
        {w for w in words if w in text}
        if finder is None
        else {words[i] for i, _, _ in finder.find_matches_as_indexes(text)}
    )
    return frozenset(found.union(w for w in _COMMON if w in text))


def _automaton(words: tuple[str, ...]) -> Any:
    try:
        import ahocorasick_rs  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    # Leftmost-first without overlaps is twice as fast as overlapping matches. It could hide a word
    # only where two words overlap ("--pretrained" holds "pretrained"), and every pattern that needs
    # such a word also holds it elsewhere (from_pretrained(, pretrained=): the same words count.
    return (
        ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst) if words else None
    )


_automata: dict[str, Any] = {}


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
    present = _present(text, rules)
    if not present and rules != "modelfile":
        return hits
    for finder, styles in _FINDERS:
        if rules in styles:
            for hit in finder(text, rules, present):
                if style != "markdown" and _commented(text, hit.offset):
                    continue
                if (hit.offset, hit.id) not in seen:
                    seen.add((hit.offset, hit.id))
                    hits.append(hit)
    return hits
