"""Command lines, wherever they are written (shell scripts, Dockerfiles, compose `command:`,
Kubernetes `args:`, READMEs, Python strings): model flags, `vllm serve`, `ollama pull`,
`huggingface-cli download`, llama.cpp's `-hf`, lm-eval's `pretrained=`, the vLLM image's model.

A flag names a model when its words do as a key's do (`--model`, `--model-path`,
`--teacher_model_name_or_path`, `--static-models`), or it is `--pretrain` (OpenRLHF),
`--vision_tower` (LLaVA) or `--hf-repo` (llama.cpp); never `--served-model-name`, `--model-type`,
`--output_dir`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from licheck.scan.calls import Call, Hit, judge
from licheck.scan.keys import TOKENIZER_KEYS, VALUE, key_words, model_key
from licheck.scan.source import Source

# a flag's value may be a comma-separated list ("--static-models a,b")
_FLAG_VALUE = r"""(?P<q>["']?)(?P<v>[\w$][\w.:/${}-]{0,300}(?:,[\w][\w.:/-]{0,300}){0,20})(?P=q)(?=["'`\s,\]\)#;}]|\Z)"""
# = | "a", "b" | a space (or a line continued) | the next item of a YAML list (`- "--model"` then
# `- "org/name"`) | Kubernetes' `- name: "--model-id"` then `value: org/name`
_FLAG_SEP = r"""(?:=|["']?\s*,\s*(?=["'])|[ \t]+(?:\\\r?\n\s*)?|["']?[ \t]*\r?\n[ \t]*(?:-|value:)[ \t]+)"""
# only flags with a word that may name a model get as far as Python (--seed 42 --epochs 3 do not)
_FLAG_WORD = r"(?=[\w-]{0,60}?(?:odel|ODEL|pretrain|tower|hf[-_]repo|tokenizer))"
_FLAG_RE = re.compile(r"--" + _FLAG_WORD + r"(?P<flag>[A-Za-z][\w-]{0,60}+)" + _FLAG_SEP + _FLAG_VALUE)
_HF_FLAG_RE = re.compile(r"-hfr?" + _FLAG_SEP + VALUE)  # llama.cpp: llama-server -hf org/name-GGUF
_SERVE_RE = re.compile(r"""vllm["',\s]+serve["',\s]+""" + VALUE)
_IMAGE_RE = re.compile(r"""vllm-openai[\w-]{0,30}(?::[\w.-]{1,60})?[ \t]+(?:\\\r?\n[ \t]*)?""" + VALUE)
_CLI_DL_RES = (
    re.compile(r"""huggingface-cli\s+download\s+""" + VALUE),
    re.compile(r"""hf\s+download\s+""" + VALUE),
    re.compile(r"""tune\s+download\s+""" + VALUE),  # torchtune's recipes say what to fetch first
)
# (word, pattern, Ollama names): runners that pull and run a model by name
_RUNNERS = (
    ("ollama", re.compile(r"""ollama\s+(?:pull|run)\s+""" + VALUE), True),
    ("lama", re.compile(r"""ramalama\s+(?:pull|run|serve)\s+""" + VALUE), True),
    ("local-ai", re.compile(r"""local-ai[\w*-]{0,20}\s+run\s+""" + VALUE), False),
)
_LM_EVAL_RE = re.compile(
    r"""model_args["']?(?:[ \t]*[=:][ \t]*|[ \t]+)["']?(?:\w{1,60}=[^,\s"']{0,300},){0,20}pretrained="""
    + VALUE
)
# a flag that names a model holds one of these: --model, --teacher_model_name_or_path, --draft-model,
# --pretrain, --vision_tower, --hf-repo, --tokenizer
_FLAG_GATE = ("--model", "_model", "-model", "pretrain", "_tower", "-hf", *TOKENIZER_KEYS)
_DATASET_FLAG = re.compile(r"--repo-type[= ]+[\"']?(?:dataset|space)")
# the words that open this finder ("lama" is in ramalama)
FLAG_WORDS = (*_FLAG_GATE, "vllm")
FETCH_WORDS = ("vllm", "download", "ollama", "lama", "local-ai")


@functools.lru_cache(maxsize=4096)
def model_flag(flag: str) -> bool:
    parts = key_words(flag)
    return (
        model_key(flag.replace("-", "_"))
        or (bool(parts) and parts[-1] in ("pretrain", "tower") and "output" not in parts)
        or parts in (["hf", "repo"], ["models"], ["static", "models"])
    )


def find_commands(src: Source) -> Iterator[Hit]:
    text, present = src.text, src.present
    if not present.isdisjoint(_FLAG_GATE):
        for m in _FLAG_RE.finditer(text):
            if model_flag(m.group("flag")):
                bare = "name" in m.group("flag") or "pretrain" in m.group("flag")
                yield from _cli_value(src, m, Call("cli-flag", bare=bare, library=True))
    if "-hf" in present:
        for m in _HF_FLAG_RE.finditer(text):
            if _alone(text, m.start()):
                yield from _cli_value(src, m, Call("cli-flag"))
    if "pretrain" in present:
        for m in _LM_EVAL_RE.finditer(text):
            if _alone(text, m.start()) or text.endswith("--", 0, m.start()):
                yield from _cli_value(src, m, Call("cli-flag", bare=True))
    if "vllm" in present:
        for m in _IMAGE_RE.finditer(text):
            yield from _cli_value(src, m, Call("vllm"))


def find_fetches(src: Source) -> Iterator[Hit]:
    """Commands that fetch or serve a model by name (`ollama pull`, `huggingface-cli download`,
    `tune download`, `vllm serve`): they count in a comment too, where set-up steps are written
    ("# first: ollama pull nomic-embed-text"), unlike a flag, which a comment turns off."""
    text, present = src.text, src.present
    if "vllm" in present:
        for m in _SERVE_RE.finditer(text):
            yield from _cli_value(src, m, Call("vllm"))
    if "download" in present:
        yield from _downloads(src)
    for word, pattern, ollama in _RUNNERS:
        if word in present:
            for m in pattern.finditer(text):
                if _alone(text, m.start()):
                    yield from _cli_value(src, m, Call("ollama", ollama=ollama, library=True))


def _downloads(src: Source) -> Iterator[Hit]:
    text = src.text
    for pattern in _CLI_DL_RES:
        for m in pattern.finditer(text):
            line_end = text.find("\n", m.end())
            dataset = _DATASET_FLAG.search(text, m.start(), line_end if line_end >= 0 else len(text))
            if _alone(text, m.start()) and not dataset:
                yield from _cli_value(src, m, Call("cli-download", bare=True))


def _alone(text: str, at: int) -> bool:
    """Whether the word at `at` starts there (no letter, digit, _ or - just before it)."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_-")


def _cli_value(src: Source, m: re.Match[str], spec: Call) -> Iterator[Hit]:
    at = m.start("v")
    for written in m.group("v").split(","):
        yield from _one_value(src, written, at, spec)
        at += len(written) + 1


def _one_value(src: Source, written: str, at: int, spec: Call) -> Iterator[Hit]:
    if written.startswith("$"):
        var = re.fullmatch(r"\$[{(]?(\w+)(?::?-([\w][\w.:/-]*))?[})]?", written)
        if var is None:
            return
        if var.group(2):
            written, at = var.group(2), at + written.index(var.group(2))
        else:
            found = src.assigned(var.group(1), len(src.text), shell=True)
            if found is None:
                return
            at, written = found
    hit = judge(written, spec)
    if hit is not None:
        yield Hit(at, written, *hit)
