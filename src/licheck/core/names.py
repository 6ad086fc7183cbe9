"""Names that reach a model through a reviewed table rather than through an alias.

- Ollama library names and tags (`llama3.1`, `qwen2.5:3b`, `library/gemma3:27b`): the table in
  rules/ollama/ says which Hugging Face repository each tag packages. It is reviewed, so the answer
  keeps the rules' basis, and says the way it went.
- Repositories of a publisher that converts models (`TheBloke/Llama-2-7B-Chat-GGUF`,
  `Qwen/Qwen2.5-3B-Instruct-GGUF`): rules/conversions.yaml lists the publishers whose repositories
  are conversions of the model their name names, and the suffixes they add. Such a repository is
  judged under the named model's terms by its name only: basis `name`, weaker than a reviewed
  entry or a declaration, said out loud with how to confirm it.

Pure functions: no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from licheck.core.ids import BadName, model_id
from licheck.core.model import Conversion, Model, OllamaName, RuleSet

_OLLAMA_PREFIXES = ("registry.ollama.ai/library/", "ollama.com/library/", "library/")
_OLLAMA = re.compile(r"^([a-z0-9][a-z0-9._-]*)(?::([a-z0-9][a-z0-9._-]*))?$")
# Tokens quantizers put before or instead of a listed suffix: Q4_K_M, IQ3_XS, 4bit, bnb, fp16, w4a16...
_QUANT = re.compile(
    r"^(?:i?q\d(?:_[a-z0-9]+)*|f16|f32|fp16|fp32|bf16|fp8|fp4|nvfp4|int4|int8|\d+-?bits?|bnb|w\d+a\d+|"
    r"gguf|ggml|gptq|awq|exl2|mlx|onnx|openvino|imatrix|i1|hf|quantized|dynamic)$"
)
MAX_STRIP = 6  # suffix tokens taken off one name at most


class Resolved(NamedTuple):
    """How a name reached a model (or why it reaches none)."""

    model: Model | None  # None: the name is recognised, but what it names is not in the rules
    basis: str  # "rules" (a reviewed table) or "name" (a naming convention only)
    how: str  # one sentence, for every report


def ollama_ref(name: str) -> tuple[str, str | None] | None:
    """(library name, tag) when `name` is written as an Ollama library reference, else None."""
    text = name.strip().lower()
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    for prefix in _OLLAMA_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    found = _OLLAMA.match(text)
    return (found.group(1), found.group(2)) if found else None


def by_ollama(rules: RuleSet, name: str) -> Resolved | None:
    """The model an Ollama name and tag package, through the reviewed library table; None when
    the name is not an Ollama library name the table holds."""
    ref = ollama_ref(name)
    if ref is None:
        return None
    entry: OllamaName | None = rules.ollama.get(ref[0])
    if entry is None:
        return None
    tag = ref[1]
    upstream, prefix = entry.packaged(tag)
    written = f"{entry.id}:{tag}" if tag else entry.id
    where = f" ({entry.location})" if entry.location else ""
    if upstream is None:
        why = "no source says which model this tag packages" if tag and tag != "latest" else "no source says"
        found_tags = ", ".join(t for t, _ in entry.tags[:12])
        return Resolved(
            None,
            "rules",
            f"the Ollama library's {written}: {why} (the table{where} knows the tags {found_tags})",
        )
    model = rules.find_model(upstream)
    by = f"tag {prefix}" if prefix else "its default tag"
    if model is None:
        return Resolved(
            None,
            "rules",
            f"the Ollama library's {written} packages {upstream} ({by}{where}), which the rules do not list",
        )
    return Resolved(model, "rules", f"the Ollama library's {written} packages {upstream} ({by}{where})")


def by_conversion(rules: RuleSet, name: str) -> Resolved | None:
    """The model a converting publisher's repository names, by its name only; None when the
    publisher is not one the rules list, or the name names no model of the rules (an ambiguous
    name names none, and says which it could be)."""
    try:
        written = model_id(name)
    except BadName:
        return None
    if written.count("/") != 1:
        return None
    org, repo = written.split("/")
    repo = repo.split(":", 1)[0]  # hf.co/ORG/NAME:Q4_K_M, as Ollama and llama.cpp write it
    conversion: Conversion | None = rules.conversions.get(org)
    if conversion is None:
        return None
    stems = _stems(repo, conversion)
    if not stems:
        return None
    candidates = _candidates(rules, org, stems, conversion.kind == "official")
    where = f" ({conversion.location})" if conversion.location else ""
    shown = f"{conversion.publisher}/{name.split('/', 1)[1] if '/' in name else repo}"
    if len(candidates) > 1:
        listed = ", ".join(sorted(candidates))
        return Resolved(
            None,
            "name",
            f"{shown}: {conversion.publisher}'s conversions{where} name a model, but this name fits several: {listed}",
        )
    if not candidates:
        return None
    model = rules.models[next(iter(candidates))]
    return Resolved(
        model,
        "name",
        f"judged by its name only: {conversion.publisher} publishes conversions of the model a repository "
        f"names{where}, and {shown} names {model.id}; confirm with --online (or a card in the Hugging Face cache)",
    )


def _stems(repo: str, conversion: Conversion) -> list[str]:
    """The names a repository may name once the publisher's suffixes (and, before one of them,
    quantization tokens) are taken off the end, each stage kept ("x-instruct-q4_k_m-gguf" gives
    "x-instruct-q4_k_m", then "x-instruct"). Nothing when no listed suffix ends the name."""
    suffixes = sorted((s.lower() for s in conversion.suffixes), key=len, reverse=True)
    stems: list[str] = []
    current = repo
    for _ in range(MAX_STRIP):
        cut = next(
            (current[: -len(s) - 1] for s in suffixes if current.endswith(("-" + s, "_" + s, "." + s))), None
        )
        if cut is None and stems:  # a quantization token only before a suffix the publisher uses
            head, sep, last = current.rpartition("-")
            cut = head if sep and _QUANT.match(last) else None
        if not cut:
            break
        current = cut
        stems.append(current)
    return stems


def _candidates(rules: RuleSet, org: str, stems: list[str], official: bool) -> set[str]:
    """Models whose Hub name is one of the stems (with or without the `-hf` packaging suffix): the
    publisher's own repository first when it publishes its own conversions; else any publisher's."""
    for stem in stems:
        if official:
            own = rules.names.get(f"{org}/{stem}")
            if own is not None:
                return {own}
        found = _by_repo_name(rules, stem)
        if found:
            return found
    return set()


def _by_repo_name(rules: RuleSet, stem: str) -> set[str]:
    """The models a name names: copies and conversions of one of them (they build on it, or come
    only from publishers that convert other publishers' models) give way to the model they copy."""
    wanted = {stem, f"{stem}-hf", stem.removesuffix("-hf")}
    found: dict[str, set[str]] = {}
    for key, model in rules.names.items():
        if "/" in key and key.split("/", 1)[1] in wanted:
            found.setdefault(model, set()).add(key.split("/", 1)[0])
    originals = {
        model
        for model, orgs in found.items()
        if not any(base in found for base in rules.models[model].base)
        and not all(org in rules.conversions and rules.conversions[org].kind != "official" for org in orgs)
    }
    return originals or set(found)
