"""Models named as the value of a key: config keys, keyword arguments, assignments, environment
variables, dataclass fields and argparse defaults.

A key names a model when one of its words is `model` (a dotted key's too: Hydra's
`actor_rollout_ref.model.path=org/name`) (any case, any style: `model_path`,
`embedding_hf_model_name`, `modelURL`, `MODEL_ID`, `judge_model`), `llm` in an environment
variable, or it ends in `repo_id`; and none of its words says it holds something else (a folder,
an output, a type, a size, a served alias, the Hub repository a run pushes to...).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from licheck.scan.calls import IDENT, Call, Hit, before, judge
from licheck.scan.ids import MLC_PREBUILT, words
from licheck.scan.source import Source

# a command-line or config value: plain, quoted, or a $VAR / ${VAR:-default} / $(VAR)
VALUE = r"""(?P<q>["']?)(?P<v>[\w$][\w.:/${}-]{0,300}|\$\(\w+\))(?P=q)(?=["'`\s,\]\)#;}]|\Z)"""
_VALUE_TAIL = (  # a type may come between a name and its value: MODELS: ModelConfig[] = [...]
    r"""["']?[ \t]*(?::[^=\n]{1,60}?(?==))?(?P<sep>[:=])(?!=)[ \t]*"""
    r"""(?:(?P<open>[\[({])|(?P<q>["'])(?P<qv>[^"'\n\\]{1,300})(?P=q)|(?P<v>[\w][\w.:/-]{0,300})(?=[ \t]*(?:[,#}\]\r\n)`"'\\]|\Z))"""
    r"""|(?P<var>[A-Za-z_]\w{0,100}))"""
)
# what may follow "tokenizer" in a key: most files name a tokenizer only as `tokenizer.x`, and the
# pattern is not worth a pass over them
TOKENIZER_KEYS = tuple(f"tokenizer{tail}" for tail in ("_name", '"', "'", " ", ":", "="))
# the commonest keys that say "not the model" (model_output = model(...)), refused before Python sees them
_COMMON_NOT = r"(?![_-](?:outputs?|type|dir|save|max|kwargs|args|class|revision|card)(?![A-Za-z]))"
_SEP_NEXT = r"""(?=["']?[ \t]*[:=])"""  # most words that end in "odel" are no key: refused at once
# (words the text must hold, the pattern, the letters the key must end with just before the match)
_KEY_RES = (
    (
        frozenset({"odel"}),
        re.compile(r"odel" + _COMMON_NOT + r"[\w.-]{0,60}+" + _SEP_NEXT + _VALUE_TAIL),
        "mM",
    ),
    (frozenset({"MODEL"}), re.compile(r"ODEL\w{0,60}+" + _VALUE_TAIL), "M"),
    (frozenset(TOKENIZER_KEYS), re.compile(r"tokenizer(?:_name(?:_or_path)?)?" + _VALUE_TAIL), ""),
    (frozenset({"repo_id"}), re.compile(r"repo_id" + _VALUE_TAIL), ""),
)
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Words of a key that say its value is not the model used.
NOT_MODEL = words(
    "dir dirs directory folder output outputs save saved hub push type types provider providers max min "
    "len length size sizes revision revisions served serving label labels alias aliases kwargs args class "
    "cls format port host key keys token file files filename dtype version versions cache family kind "
    "device devices temperature prefix suffix template mode count num parallel params parameters card "
    "license owner author description index list registry endpoint api timeout tag tags image images "
    "dim dims layers layer hidden lr steps epochs config_class loader trust remote code gpu gpus memory "
    "quantization quant precision parallelism replicas dataset datasets space spaces"
)
_BARE_KEYS = ("model_name_or_path", "pretrained_model_name_or_path")
_ADDRESS = re.compile(r"(?i)hf://|huggingface\.co/")
_NOT_A_MODEL_REPO = re.compile(r"""repo_type["']?\s*[=:]\s*["']?(?:dataset|space)""")
_FIELD_RE = re.compile(
    r"""[Ff]ield\(\s*default\s*=\s*["'](?P<v>[^"'\n\\]{1,300})["']"""
)  # dataclasses, pydantic
_FIELD_KEY = re.compile(r"""[ \t]*(?P<key>\w{1,100})[ \t]*:[^=\n]{1,60}=[ \t]*\Z""")


def key_words(key: str) -> list[str]:
    """The words of a key, lower-cased: "embedding_hf_model_name" and "modelURL" alike."""
    return [w.lower() for w in _PARTS.findall(key)]


@functools.lru_cache(maxsize=4096)
def model_key(key: str) -> bool:
    """Whether a key (or flag, or variable) holds the model a program uses."""
    parts = key_words(key)
    named = (
        bool({"model", "models"}.intersection(parts))
        or parts[-2:] == ["repo", "id"]
        or key.startswith("tokenizer")
    )
    return named and not NOT_MODEL.intersection(parts)


def _key_at(src: Source, start: int, end: int, ends: str) -> str | None:
    """The key whose tail was matched at [start, end), when it names a model and stands alone."""
    text = src.text
    head = before(text, start)  # dotted: Hydra's actor_rollout_ref.model.path=org/name, self.model_id = ...
    if head.startswith(".") or (ends and not head.endswith(tuple(ends))):
        return None
    key = head + text[start:end].split('"')[0].split("'")[0].split(":")[0].rstrip(" \t:=")
    edge = start - len(head) - 1
    edge -= edge >= 0 and text[edge] in "\"'"
    if not model_key(key) or (edge >= 0 and (text[edge].isalnum() or text[edge] in "_.-")):
        return None
    return key


def _field_keys(src: Source) -> Iterator[Hit]:
    """Dataclass fields: model_name_or_path: str = field(default="gpt2")."""
    for m in _FIELD_RE.finditer(src.text):
        line = _FIELD_KEY.match(src.text, src.line_start(m.start()), m.start())
        if line is None or not model_key(line.group("key")):
            continue
        spec = Call("keyword", bare=line.group("key") in _BARE_KEYS, providers=True, library=True)
        hit = judge(m.group("v"), spec)
        if hit is not None:
            yield Hit(m.start("v"), m.group("v"), *hit)


def _key_value(src: Source, m: re.Match[str]) -> tuple[int, str] | None:
    """Where a key's value is written and as what: the value itself, or the string last assigned
    to the Python variable it names (None when that cannot be followed)."""
    var = m.group("var") or (
        m.group("v") if src.style == "python" and IDENT.match(m.group("v") or "") else None
    )
    if var is not None:
        if src.style != "python" or m.group("sep") != "=":
            return None
        return src.python_value(m.start("var") if m.group("var") else m.start("v")) or src.assigned(
            var, m.start()
        )
    if m.group("qv") is not None:
        return m.start("qv"), m.group("qv")
    return m.start("v"), m.group("v")


def _pattern_keys(src: Source, pattern: re.Pattern[str], ends: str) -> Iterator[Hit]:
    """The models named as the value of the keys one pattern matches."""
    kind = "keyword" if src.style == "python" else "config-key"
    for m in pattern.finditer(src.text):
        key = _key_at(src, m.start(), m.start("sep"), ends)
        if key is None or (key == "model_name" and "litellm_params" in src.text):
            continue  # a LiteLLM config: its model_name keys label routes
        if key.endswith("repo_id") and _NOT_A_MODEL_REPO.search(
            src.text, max(0, m.start() - 300), m.end() + 300
        ):
            continue  # hf_hub_download(repo_id=..., repo_type="dataset")
        if m.group("open"):
            yield from _listed(src, m.end(), kind)
            continue
        found = _key_value(src, m)
        if found is None:
            continue
        at, written = found
        if MLC_PREBUILT.fullmatch(written) and _ADDRESS.search(src.text, max(0, at - 200), at):
            continue  # MLC's package config: "model": "HF://mlc-ai/...", then "model_id", its label
        hit = judge(written, Call(kind, bare=key in _BARE_KEYS, providers=True, library=True))
        if hit is not None:
            yield Hit(at, written, *hit)


# A default given for a model key: getattr(config, "model", "org/name"), settings.get("model_id", "org/name").
# Each pattern starts with its literal, which the regular expression engine finds at C speed.
_DEFAULT_TAIL = r"""\s*["'](?P<key>\w{1,100})["']\s*,\s*(?P<q>["'])(?P<v>[^"'\n\\]{1,300})(?P=q)\s*\)"""
_DEFAULT_RES = (
    ("getattr(", re.compile(r"getattr\(\s*[\w.]{1,100}\s*," + _DEFAULT_TAIL)),
    (".get(", re.compile(r"\.get\(" + _DEFAULT_TAIL)),
)


DEFAULT_WORDS = tuple(word for word, _ in _DEFAULT_RES)


def _defaults(src: Source) -> Iterator[Hit]:
    text = src.text
    for word, pattern in _DEFAULT_RES:
        at = text.find(word) if word in src.present else -1
        while at >= 0:  # str.find: a pass at C speed; the pattern only where the word is
            m = pattern.match(text, at)
            at = text.find(word, at + 1)
            if m is not None and model_key(m.group("key")):
                hit = judge(m.group("v"), Call("keyword", providers=True, library=True))
                if hit is not None:
                    yield Hit(m.start("v"), m.group("v"), *hit)


def find_keys(src: Source) -> Iterator[Hit]:
    if src.style == "python" and not src.present.isdisjoint(("field(", "Field(")):
        yield from _field_keys(src)
    if src.style == "python" and not src.present.isdisjoint(DEFAULT_WORDS):
        yield from _defaults(src)
    for needs, pattern, ends in _KEY_RES:
        if src.present & needs:
            yield from _pattern_keys(src, pattern, ends)


# ---- lists and maps of models: MODELS = ["org/a", ("org/b", [...])], "models": [...] ----

_STRING_RE = re.compile(r"""(?P<q>["'])(?P<v>[^"'\n\\]{1,300})(?P=q)""")


def _listed(src: Source, start: int, kind: str) -> Iterator[Hit]:
    """The models among the strings of a list or map that a model key opens at `start` (a map's
    keys are names, not models; a bare name counts only with a namespace or a tag)."""
    text = src.text
    for s in _STRING_RE.finditer(text, start, _closing(src, start)):
        hit = judge(s.group("v"), Call(kind, providers=True))
        if hit is not None and not text.startswith(":", s.end()):
            yield Hit(s.start("v"), s.group("v"), *hit)


def _closing(src: Source, start: int) -> int:
    """The end of the bracket opened just before `start`: at most 4000 characters on, within the budget."""
    text = src.text
    end = min(len(text), start + 4000, start + max(0, src.budget))
    src.budget -= end - start
    depth, quote, i = 1, "", start
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch in (quote, "\n"):
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if not depth:
                return i
        i += 1
    return end


# ---- environment: HF_MODEL_ID=org/name, ENV MODEL_ID org/name, MODEL_ID: org/name, LLM=llama2 ----

_ENV_TAIL = (
    r"""(?P<tail>[A-Z0-9_]{0,60})["']?(?P<sep>[ \t]*[?:+]?[=:][ \t]*|[ \t]+(?=\S+[ \t\r]*$))"""
    r"""(?P<default>\$\{\w{1,100}:?-)?""" + VALUE
)
_ENV_RES = (
    ("MODEL", re.compile("MODEL" + _ENV_TAIL, re.MULTILINE)),
    ("LLM", re.compile("LLM" + _ENV_TAIL, re.MULTILINE)),
)
_NOT_ENV = re.compile(
    r"DIR|CACHE|REVISION|OUTPUT|SAVE|FILE|MAX|LEN|PORT|TYPE|PROVIDER|URL|HOST|KEY|TOKEN|SIZE|FORMAT|SERVED|"
    r"ALIAS|LABEL|TEMPERATURE|TIMEOUT|ENDPOINT|API|DEVICE|DTYPE|VERSION|HUB|IMAGE|CLASS|ARGS"
)
_K8S_ENV_RE = re.compile(
    r"""name:[ \t]*["']?(?P<name>[A-Z0-9_]{0,60}(?:MODEL|LLM)[A-Z0-9_]{0,60})["']?[ \t]*\n[ \t]*value:[ \t]*"""
    + VALUE
)


def _env_hit(written: str, at: int, name: str) -> Iterator[Hit]:
    if written.startswith("$"):
        return
    hit = judge(written, Call("env", ollama="OLLAMA" in name, providers=True, library=True))
    if hit is not None:
        yield Hit(at, written, *hit)


def find_env(src: Source) -> Iterator[Hit]:
    text = src.text
    if "name:" in text and src.present & {"MODEL", "LLM"}:
        for m in _K8S_ENV_RE.finditer(text):
            if not _NOT_ENV.search(m.group("name")):
                yield from _env_hit(m.group("v"), m.start("v"), m.group("name"))
    for word, pattern in _ENV_RES:
        if word not in src.present:
            continue
        for m in pattern.finditer(text):
            head = before(text, m.start())
            name = head + word + m.group("tail")
            edge = m.start() - len(head) - 1
            if (
                "." in head
                or not name.isupper()
                or (edge >= 0 and text[edge] in "$")
                or _NOT_ENV.search(name)
            ):
                continue
            if not m.group("sep").strip() and not text.startswith(
                ("ENV ", "ARG "), src.line_start(m.start())
            ):
                continue  # "NAME value" is Dockerfile's old ENV form only
            written = m.group("v").removesuffix("}") if m.group("default") else m.group("v")
            yield from _env_hit(written, m.start("v"), name)


# ---- argparse defaults: add_argument("--model", default="org/name") ----

_ARGPARSE_RE = re.compile(
    r"""add_argument\(\s*["'](?:--?)(?P<flag>[\w-]{0,60}model[\w-]{0,60})["'][^()]{0,300}?"""
    r"""default\s*=\s*["'](?P<v>[^"'\n]{1,200})["']"""
)


def find_argparse(src: Source) -> Iterator[Hit]:
    if "add_argument" not in src.present:
        return
    for m in _ARGPARSE_RE.finditer(src.text):
        flag = m.group("flag")
        if not model_key(flag.replace("-", "_")) and "name_or_path" not in flag:
            continue
        hit = judge(m.group("v"), Call("argparse", bare="name_or_path" in flag, library=True))
        if hit is not None:
            yield Hit(m.start("v"), m.group("v"), *hit)
