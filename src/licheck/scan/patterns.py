"""Finding model names in one file's text: calls, keys, flags, URLs and tags, each gated on a cheap substring.

`find(text, style)` returns hits as (offset, as written, id, kind); the caller turns offsets into lines.
Each pattern starts with a literal (the regex engine then skips to it at C speed); boundaries before
it are checked by hand where something is found. Every pattern runs in time linear in the text: no
quantifier is unbounded where a failure could make it scan again, and what a finder asks of the text
(lines, comments, assignments) is indexed once (source.py).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

from licheck.scan.calls import FAMILIES, Call, Hit, find_calls, judge
from licheck.scan.ids import (
    HUB_RESERVED,
    OLLAMA_PREFIXES,
    hub_id,
    model_value,
    ollama_like,
    ollama_tag,
    words,
)
from licheck.scan.keys import DEFAULT_WORDS, TOKENIZER_KEYS, find_argparse, find_env, find_keys
from licheck.scan.shell import FETCH_WORDS, FLAG_WORDS, find_commands, find_fetches
from licheck.scan.source import Source

# ---- Hub addresses ----

_ID = r"(?P<id>[\w.-]{1,96}/[\w.-]{1,96})"
_URL_RES = (  # each starts with a long literal: the engine skips to it fastest
    ("ugging", re.compile(r"huggingface\.co/(?P<models>models/)?" + _ID)),
    ("ugging", re.compile(r"huggingface://(?P<models>)" + _ID)),
    ("hf.co/", re.compile(r"hf\.co/(?P<models>)" + _ID)),
    ("hf://", re.compile(r"hf://(?P<models>)" + _ID)),
)
_URL_HEAD = re.compile(r"(?:https?://)?(?:www\.|(?P<api>api-inference\.))?\Z")
_LISTS = words("models datasets spaces collections papers")


def _url_matches(text: str, present: frozenset[str]) -> Iterator[tuple[re.Match[str], bool]]:
    for family, pattern in _URL_RES:
        if family not in present:
            continue
        for m in pattern.finditer(text):
            head = _URL_HEAD.search(text, max(0, m.start() - 30), m.start())
            assert head is not None  # it matches the empty string
            edge = head.start() - 1
            schemed = text.startswith("http", head.start(), m.start()) or "://" in m.group(0)
            if edge < 0 or schemed or not (text[edge].isalnum() or text[edge] in "_.-"):
                yield m, bool(head.group("api"))


def _urls(src: Source) -> Iterator[Hit]:
    text = src.text
    for m, api in _url_matches(text, src.present):
        first, second = m.group("id").lower().split("/")
        if api != bool(m.group("models")) or (not api and first in HUB_RESERVED) or second in _LISTS:
            continue  # api-inference.huggingface.co/models/org/name only; huggingface.co/org/models is a list
        written = m.group("id").rstrip(".")
        written = written.removesuffix(".git")
        if (
            ":" in text[m.end("id") : m.end("id") + 1]
            and "ollama" in text[max(0, m.start() - 90) : m.start()]
        ):
            continue  # ollama run hf.co/org/name:tag: the ollama rule has it
        if _MEDIA.match(text, m.end("id")) or _commented_code(src, m.start()):
            continue
        hit = hub_id(written)
        if hit is not None:
            yield Hit(m.start("id"), written, hit, "hf-url")


# an address of a sound, picture or video in a repository: an asset (a voice, an example image)
_MEDIA = re.compile(
    r"/[\w./-]{0,300}?\.(?:wav|mp3|flac|ogg|m4a|png|jpe?g|gif|webp|svg|mp4|webm|mov)\b", re.IGNORECASE
)
_CODE_IN_COMMENT = re.compile(r"[(=]|\b(?:git|wget|curl|huggingface-cli|hf|from|import)\b")


def _commented_code(src: Source, at: int) -> bool:
    """Whether `at` is in a line of code commented out ("# git clone https://huggingface.co/..."):
    an address in a comment counts only when the comment is prose."""
    if not src.commented(at):
        return False
    line = src.text[max(src.line_start(at), at - 200) : at].lstrip().lstrip("#/ \t")
    return _CODE_IN_COMMENT.search(line) is not None


# ---- Modelfiles: FROM llama3.2:1b ----

_FROM_RE = re.compile(r"^[ \t]*FROM[ \t]+(?P<v>\S+)[ \t\r]*$", re.MULTILINE | re.IGNORECASE)


def _modelfile(src: Source) -> Iterator[Hit]:
    """FROM in a Modelfile (never in its triple-quoted SYSTEM or TEMPLATE text), and in a README's
    Modelfile example when it names a model of Ollama's library."""
    if src.style != "modelfile" and not (src.markdown and "FROM " in src.present):
        return
    quotes = [m.start() for m in re.finditer('"""', src.text)]
    for m in _FROM_RE.finditer(src.text):
        written = m.group("v")
        if written.startswith((".", "/", "~")) or written.lower().endswith((".gguf", ".bin", ".safetensors")):
            continue
        if src.style == "modelfile" and bisect.bisect_left(quotes, m.start()) % 2:
            continue  # inside a """ block
        if "/" in written and (written.startswith(("hf.co/", "huggingface.co/")) or "://" in written):
            found = model_value(written)
            hit = None if found is None else found[0]
        else:
            hit = ollama_tag(written) if src.style == "modelfile" or ollama_like(written) else None
        if hit is not None:
            yield Hit(m.start("v"), written, hit, "modelfile")


# ---- Ollama addresses: ollama://gemma2:2b, ollama.com/library/llama3.2 ----

_OLLAMA_URL_RE = re.compile(  # ollama://, ollama.com/[library/], registry.ollama.ai/library/
    r"ollama(?:://|\.com/(?:library/)?|\.ai/library/)(?P<v>[a-z0-9][\w.-]{0,80}(?::[\w][\w.-]{0,127})?)"
)


def _ollama_urls(src: Source) -> Iterator[Hit]:
    for m in _OLLAMA_URL_RE.finditer(src.text):
        written = m.group("v").rstrip(".")
        if ollama_tag(written) and written.split(":")[0] not in _OLLAMA_PAGES:
            yield Hit(m.start("v"), written, written, "ollama")


_OLLAMA_PAGES = words("library search blog download models docs public api signin settings install")


# ---- the Ollama Helm chart's values: ollama: {models: {pull: [llama3.2], run: [llama3.2]}} ----

_CHART_LIST_RE = re.compile(r"(?m)^(?P<indent>[ \t]*)(?P<key>pull|run|models):[ \t]*(?:#[^\n]*)?\n")
_CHART_PARENT = {
    "pull": "models:",
    "run": "models:",
    "models": "ollama:",
}  # `models: [...]`: charts before 1.0
_CHART_ITEM_RE = re.compile(
    r"""[ \t]*-[ \t]+(?P<q>["']?)(?P<v>[\w.:/-]{1,200})(?P=q)[ \t]*(?:#[^\n]*)?(?:\n|\Z)"""
)


_CHART_KEYS = 100  # a chart's values have a few such keys; each looks up at most 50 lines for its parent


def _ollama_chart(src: Source) -> Iterator[Hit]:
    """The models the chart pulls and runs at start: list items under `models:` → `pull:`/`run:`
    (or, in the chart's older values, under `ollama:` → `models:`)."""
    text = src.text
    if "models:" not in text:
        return
    for m in itertools.islice(_CHART_LIST_RE.finditer(text), _CHART_KEYS):
        if _parent_key(text, m.start(), len(m.group("indent"))) != _CHART_PARENT[m.group("key")]:
            continue
        at = m.end()
        while item := _CHART_ITEM_RE.match(text, at):
            hit = judge(item.group("v"), Call("ollama", ollama=True, library=True))
            if hit is not None:
                yield Hit(item.start("v"), item.group("v"), *hit)
            at = item.end()


def _parent_key(text: str, start: int, indent: int) -> str | None:
    """The YAML line just above `start` that is indented less than `indent`, stripped (None if none)."""
    end = start
    for _ in range(50):
        if end <= 0:
            return None
        begin = text.rfind("\n", 0, end - 1) + 1
        line = text[begin : end - 1] if text[end - 1 : end] == "\n" else text[begin:end]
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and len(line) - len(line.lstrip()) < indent:
            return stripped
        end = begin
    return None


# ---- names in a README's code spans: `meta-llama/Llama-3.1-8B` ----

_SPAN_RE = re.compile(r"`(?P<v>[\w.-]{1,96}/[\w.-]{1,96})`")
_DATASET_WORDS = re.compile(r"dataset|datasets|corpus|benchmark", re.IGNORECASE)


def _spans(src: Source) -> Iterator[Hit]:
    """A Hub id in a code span of prose, named like a model (a version or a size in its name), on a
    line that does not speak of datasets."""
    if not src.markdown:
        return
    for m in _SPAN_RE.finditer(src.text):
        written = m.group("v")
        name = written.split("/")[1]
        if hub_id(written, providers=True) is None or not any(c.isdigit() for c in name):
            continue
        line = src.text[src.line_start(m.start()) : src.text.find("\n", m.end()) % (len(src.text) + 1)]
        if not _DATASET_WORDS.search(line[:2000]):
            yield Hit(m.start("v"), written, written, "markdown")


# ---- tags in prose and strings: llama3.2:latest, ollama/qwen2.5-coder:32b, org/name:free ----

_TAG_RE = re.compile(r":(?P<tag>[A-Za-z0-9][\w.-]{0,127})")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def _name_before(text: str, colon: int) -> int:
    """Where the name that ends at `colon` starts (one namespace allowed), or -1 when none does."""
    at, low, slashes = colon, max(0, colon - 200), 0
    while at > low and (text[at - 1] in _NAME_CHARS or (text[at - 1] == "/" and slashes < 2)):
        slashes += text[at - 1] == "/"
        at -= 1
    if at == colon or (at > 0 and text[at - 1] in "/:@\\$"):
        return -1
    return at


_CREATED = re.compile(r"ollama\s+(?:create|cp\s+\S+|push)\s+\Z")


def _tags(src: Source) -> Iterator[Hit]:
    """A name of Ollama's library with a tag, or an OpenRouter variant, wherever it is written."""
    text = src.text
    for m in _TAG_RE.finditer(text):
        end = m.end()
        if end < len(text) and text[end] in "/:@":
            continue  # an address or a path, not a tag
        start = _name_before(text, m.start())
        if start < 0:
            continue
        written = text[start:end]
        if _CREATED.search(text, max(0, start - 40), start):
            continue  # `ollama create NAME:TAG`: a model being made, not one used
        for prefix in OLLAMA_PREFIXES:
            if written.startswith(prefix):
                start, written = start + len(prefix), written[len(prefix) :]
        found = model_value(written)
        if found is not None and (ollama_like(found[0]) or found[0] != written):
            yield Hit(start, written, found[0], found[1] or "ollama")


# ---- Ollama's names as strings in a program that calls Ollama: run("qwen3"), model = "llava" ----

_LITERAL_RE = re.compile(r"""(?P<q>["'`])(?P<v>[a-z][a-z0-9._-]{1,80}(?::[\w][\w.-]{0,60})?)(?P=q)""")


def _ollama_strings(src: Source) -> Iterator[Hit]:
    for m in _LITERAL_RE.finditer(src.text):
        written = m.group("v")
        if ollama_like(written) and any(c.isdigit() for c in written.split(":")[0]):
            yield Hit(m.start("v"), written, written, "ollama")


Finder = Callable[[Source], Iterator[Hit]]
# (the finder, the styles it runs for, the words one of which the text must hold for it to run);
# the first to find a name on a line names its kind
_FINDERS: tuple[tuple[Finder, tuple[str, ...], frozenset[str]], ...] = (
    (_modelfile, ("modelfile", "text"), frozenset({"*modelfile", "*markdown"})),
    (find_calls, ("python", "text"), frozenset(FAMILIES)),
    (find_argparse, ("python",), frozenset({"add_argument"})),
    (find_commands, ("python", "text"), frozenset(FLAG_WORDS)),
    (find_fetches, ("python", "text"), frozenset(FETCH_WORDS)),
    (find_env, ("text",), frozenset({"MODEL", "LLM"})),
    (find_keys, ("python", "text"), frozenset({"odel", "MODEL", "repo_id", *TOKENIZER_KEYS})),
    (_urls, ("python", "text"), frozenset({"ugging", "hf.co/", "hf://"})),
    (_ollama_urls, ("python", "text"), frozenset({"ollama"})),
    (_ollama_chart, ("text",), frozenset({"ollama"})),
    (_tags, ("python", "text"), frozenset({"lama", "ollama", ":free"})),
    (_spans, ("text",), frozenset({"*markdown"})),
    (_ollama_strings, ("python", "text"), frozenset({"ollama"})),
)
# A model's address counts in a comment too ("# see https://huggingface.co/org/name"): it says which model.
_IN_COMMENTS = frozenset({_urls, _ollama_urls, find_fetches})
# The words finders look for first, each found once per file. Related patterns share one ("lama" for
# Ollama and ramalama, "ollama" for ollama.chat and ollama pull, "ugging" for HuggingFace and huggingface.co/). Each has three bytes or
# more, and there are few of them: the library's SIMD prefilter then reads a file in about 3 us per
# 8 KB, against 9 us with "--" and "hf" among 30 words (bench/bench_scan.py on this machine).
_SHARED = (*FAMILIES, *FLAG_WORDS, *FETCH_WORDS, "MODEL", "repo_id", ":free", "hf.co/", "hf://")
_RARE = {
    "python": tuple(
        w
        for w in dict.fromkeys((*_SHARED, "add_argument", "field(", "Field(", *DEFAULT_WORDS))
        if w != "odel"
    ),
    "text": tuple(w for w in dict.fromkeys((*_SHARED, "LLM", "FROM ")) if w != "odel"),
    "modelfile": (),
}
_COMMON = ("odel",)  # in most files that have any: found at once


def _present(text: str, style: str) -> frozenset[str]:
    """The words of `style` that `text` holds: one pass for all of them with ahocorasick-rs (a dependency;
    where it is missing, a pass for each word that is absent)."""
    words = _RARE[style]
    try:
        finder = _automata[style]
    except KeyError:
        finder = _automata[style] = _automaton(words)
    if finder is None:
        found = {w for w in words if w in text}
    else:  # over bytes: twice as fast as over a str, which the library would convert first
        found = {
            words[i] for i, _, _ in finder.find_matches_as_indexes(text.encode("utf-8", "surrogatepass"))
        }
    return frozenset(found.union(w for w in _COMMON if w in text))


def _automaton(words: tuple[str, ...]) -> Any:
    try:
        import ahocorasick_rs  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    # Leftmost-first without overlaps is twice as fast as overlapping matches. It could hide a word
    # only where two words overlap ("--pretrained" holds "pretrained"), and every pattern that needs
    # such a word also holds it elsewhere (from_pretrained(, pretrained=): the same words count.
    encoded = [w.encode() for w in words]
    return (
        ahocorasick_rs.BytesAhoCorasick(encoded, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
        if words
        else None
    )


_automata: dict[str, Any] = {}


def find(text: str, style: str) -> list[Hit]:
    """Every model named in `text`; `style` is "python" (also notebooks' cells), "modelfile", "markdown" or "text".

    A name on a comment line does not count (markdown has no comments, only headings).
    """
    hits: list[Hit] = []
    seen: set[tuple[int, str]] = set()
    rules = "text" if style == "markdown" else style
    present = _present(text, rules)
    if not present and rules != "modelfile" and style != "markdown":
        return hits
    src = Source(text, rules, present | {"*" + style}, markdown=style == "markdown")
    for finder, styles, gate in _FINDERS:
        if rules in styles and not gate.isdisjoint(src.present):
            for hit in finder(src):
                if style != "markdown" and finder not in _IN_COMMENTS and src.commented(hit.offset):
                    continue
                if (hit.offset, hit.id) not in seen:
                    seen.add((hit.offset, hit.id))
                    hits.append(hit)
    return hits
