"""Structural validation of YAML inputs against licheck's shipped JSON Schemas.

The schemas are the single description of each file format: editors use them for completion, and
this module reports each violation with the file, the line (from yamlio) and a plain message.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from licheck.core.errors import Problem
from licheck.files import yamlio


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in licheck/schemas: "rules", "manifest", or "manifest#policy-file"
    (one definition of that file used as a schema of its own)."""
    file, _, definition = name.partition("#")
    text = (resources.files("licheck") / "schemas" / f"{file}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    if definition:
        return {"$defs": loaded["$defs"], "$ref": f"#/$defs/{definition}"}
    return loaded


def _path_text(path: Iterable[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "top level"


def schema_problems(data: Any, file: str, name: str) -> list[Problem]:
    """Every way `data` (parsed by yamlio, so it knows its lines) breaks the named schema.

    The fast path (fast_check) settles the common case, a valid file, in a tenth of jsonschema's
    time; only a file it finds at fault goes through jsonschema, which names each problem."""
    fast = fast_check(name)
    if fast is not None and fast(data):
        return []
    import jsonschema  # only for a file at fault, or a schema the fast path cannot check

    validator = jsonschema.Draft202012Validator(schema(name))
    leaves = [leaf for error in validator.iter_errors(data) for leaf in _leaves(error)]
    meant = _meant_keys(leaves)
    paths = [tuple(leaf.absolute_path) for leaf in leaves]
    problems = [
        Problem(file, _line(data, leaf), f"{_path_text(tuple(leaf.absolute_path))}: {_describe(leaf)}")
        for leaf in leaves
        if not _said_better(leaf, paths, meant)
    ]
    return list(dict.fromkeys(problems))  # one message per problem, in order


def _meant_keys(leaves: list[Any]) -> set[tuple[tuple[Any, ...], str]]:
    """A misspelt key shows up twice: as unknown, and as the missing key it was meant to be.
    These are the (path, key) of the missing keys that an unknown key was meant to be."""
    meant: set[tuple[tuple[Any, ...], str]] = set()
    for leaf in leaves:
        if leaf.validator != "additionalProperties" or not isinstance(leaf.instance, dict):
            continue
        known = list(leaf.schema.get("properties", {}))
        for key in leaf.instance:
            if key not in known:
                meant.update(
                    (tuple(leaf.absolute_path), c) for c in difflib.get_close_matches(str(key), known, n=1)
                )
    return meant


def _said_better(leaf: Any, paths: list[tuple[Any, ...]], meant: set[tuple[tuple[Any, ...], str]]) -> bool:
    """Whether another message says this problem better (so this one is left out)."""
    path = tuple(leaf.absolute_path)
    if leaf.validator == "oneOf" and any(len(p) > len(path) and p[: len(path)] == path for p in paths):
        return True  # a more precise error inside the same entry says it better
    if leaf.validator == "required" and isinstance(leaf.instance, dict):
        missing = [k for k in leaf.validator_value if k not in leaf.instance]
        return all((path, k) in meant for k in missing)
    return False


def _line(data: Any, leaf: Any) -> int | None:
    """The line of a problem: the unknown key's own line for an unknown key."""
    path = tuple(leaf.absolute_path)
    if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
        extra = [k for k in leaf.instance if k not in leaf.schema.get("properties", {})]
        if extra:
            return yamlio.line_of(data, (*path, extra[0]))
    return yamlio.line_of(data, path)


def _leaves(error: Any) -> Iterator[Any]:
    """For a oneOf failure, the errors of the branch the entry meant; else the error itself.

    The meant branch is the one whose type fits the value (a mapping, a string, a list) and, for
    conditions, whose `kind` matches; when exactly one branch fits, its errors are the useful ones.
    """
    if error.validator != "oneOf" or not error.context:
        yield error
        return
    depth = len(error.absolute_path)
    by_branch: dict[int, list[Any]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.schema_path[0], []).append(sub)
    fitting = [
        index
        for index, subs in by_branch.items()
        if not any(
            len(sub.absolute_path) == depth
            and (
                sub.validator == "type" or (sub.validator == "const" and list(sub.relative_path) == ["kind"])
            )
            for sub in subs
        )
        and not any(list(sub.relative_path) == ["kind"] and sub.validator == "const" for sub in subs)
    ]
    if len(fitting) != 1:
        yield error
        return
    for sub in by_branch[fitting[0]]:
        yield from _leaves(sub)


def _shown(value: Any) -> str:
    """A value in a message, short: a file's contents are not echoed back."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _describe(error: Any) -> str:
    describe = _DESCRIBE.get(error.validator)
    found = describe(error.validator_value, error.instance, error) if describe else None
    return found or str(error.message)[:200]


def _unknown_keys(value: Any, instance: Any, error: Any) -> str | None:
    if not isinstance(instance, dict):
        return None
    known = list(error.schema.get("properties", {}))
    extra = [k for k in instance if k not in known]
    hints = []
    for key in extra[:3]:
        shown = repr(key) if len(str(key)) <= 40 else repr(f"{str(key)[:37]}...")
        close = difflib.get_close_matches(str(key), known, n=1)
        hints.append(shown + (f" (did you mean {close[0]!r}?)" if close else ""))
    more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
    return f"unknown key {', '.join(hints)}{more}; allowed: {', '.join(known)}"


def _missing(value: Any, instance: Any, error: Any) -> str:
    missing = [k for k in value if not isinstance(instance, dict) or k not in instance]
    return f"missing key {', '.join(repr(k) for k in missing)}"


def _pattern_text(value: Any, instance: Any, error: Any) -> str | None:
    if not isinstance(instance, str):
        return None
    if value.startswith("^[0-9]{4}"):
        return f"{_shown(instance)} is not a date (YYYY-MM-DD)"
    if value.startswith("^https?"):
        return f"{_shown(instance)} is not an http(s) address"
    words = error.schema.get("description")
    if isinstance(words, str) and words:  # what is expected in words, never the regular expression
        words = words[0].lower() + words[1:] if words[1:2].islower() else words  # "ISO ..." stays
        return f"{_shown(instance)} is not {words.rstrip('.')}"
    return f"{_shown(instance)} does not match {value}"


def _kind(value: Any, instance: Any, error: Any) -> str | None:
    if isinstance(instance, dict) and "kind" in instance:
        return f"condition kind {_shown(instance['kind'])} is not known"
    return None


_DESCRIBE: dict[str, Callable[[Any, Any, Any], str | None]] = {
    "additionalProperties": _unknown_keys,
    "required": _missing,
    "enum": lambda value, instance, error: f"{_shown(instance)} is not one of: {', '.join(map(str, value))}",
    "const": lambda value, instance, error: f"must be {value!r}, not {_shown(instance)}",
    "pattern": _pattern_text,
    "type": lambda value, instance, error: f"{_shown(instance)} should be of type {value}",
    "oneOf": _kind,
}


# ---------------------------------------------------------------- the fast path

Check = Callable[[Any], bool]
_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "default", "examples", "$comment"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
}


_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": lambda v, bound: bool(v >= bound),
    "maximum": lambda v, bound: bool(v <= bound),
    "exclusiveMinimum": lambda v, bound: bool(v > bound),
    "exclusiveMaximum": lambda v, bound: bool(v < bound),
}


class Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement: jsonschema checks it."""


def _same(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema has it: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(map(_same, a, b))
        return False
    return bool(a == b)


@cache
def fast_check(name: str) -> Check | None:
    """A validator compiled from the named schema that answers only valid or not; None when the
    schema uses a keyword it does not implement. tests/rulesdb/test_index_validate.py holds it to
    jsonschema's answer on every fixture."""
    root = schema(name)
    compiled: dict[str, Check] = {}
    try:
        for key, sub in root.get("$defs", {}).items():
            compiled[key] = _compile(sub, compiled)
        return _compile(root, compiled)
    except Unsupported:
        return None


def _compile(node: Any, defs: dict[str, Check]) -> Check:
    if node is True or node == {}:
        return lambda value: True
    if node is False:
        return lambda value: False
    checks: list[Check] = []
    for key, arg in node.items():
        if key in _ANNOTATIONS or (key in ("additionalProperties", "required") and "properties" in node):
            continue
        checks.append(_keyword(key, arg, node, defs))
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _keyword(key: str, arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    """The check of one schema keyword (only those licheck's schemas use: anything else is
    Unsupported, and jsonschema decides)."""
    if key in _BOUNDS:
        compare = _BOUNDS[key]
        return lambda value: not _TYPES["number"](value) or compare(value, arg)
    builder = _KEYWORDS.get(key)
    if builder is None:
        raise Unsupported(key)
    return builder(arg, node, defs)


def _ref(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    if not isinstance(arg, str) or not arg.startswith("#/$defs/"):
        raise Unsupported(arg)
    target = arg.removeprefix("#/$defs/")
    return lambda value: defs[target](value)


def _type(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    tests = [_TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]
    return lambda value: any(test(value) for test in tests)


def _pattern(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:

    search = re.compile(arg).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _items(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    each = _compile(arg, defs)
    return lambda value: not isinstance(value, list) or all(each(item) for item in value)


def _property_names(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    name_ok = _compile(arg, defs)
    return lambda value: not isinstance(value, dict) or all(name_ok(k) for k in value)


def _one_of(arg: Any, node: dict[str, Any], defs: dict[str, Check]) -> Check:
    branches = [_compile(branch, defs) for branch in arg]
    return lambda value: sum(1 for branch in branches if branch(value)) == 1


def _size(kind: type[str] | type[list[Any]] | type[dict[Any, Any]], least: int) -> Check:
    return lambda value: not isinstance(value, kind) or len(value) >= least


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any], dict[str, Check]], Check]] = {
    "$ref": _ref,
    "type": _type,
    "properties": lambda arg, node, defs: _object(node, defs),
    # without "properties" beside them
    "additionalProperties": lambda arg, node, defs: _object({**node, "properties": {}}, defs),
    "required": lambda arg, node, defs: _object({**node, "properties": {}}, defs),
    "const": lambda arg, node, defs: lambda value: _same(value, arg),
    "enum": lambda arg, node, defs: lambda value: any(_same(value, option) for option in arg),
    "items": _items,
    "pattern": _pattern,
    "minLength": lambda arg, node, defs: _size(str, arg),
    "maxLength": lambda arg, node, defs: lambda value: not isinstance(value, str) or len(value) <= arg,
    "minItems": lambda arg, node, defs: _size(list, arg),
    "minProperties": lambda arg, node, defs: _size(dict, arg),
    "propertyNames": _property_names,
    "oneOf": _one_of,
}


def _object(node: dict[str, Any], defs: dict[str, Check]) -> Check:
    properties = {key: _compile(sub, defs) for key, sub in node["properties"].items()}
    required = tuple(node.get("required", ()))
    extra = node.get("additionalProperties", True)
    other = _compile(extra, defs)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            test = properties.get(key) if isinstance(key, str) else None
            if not (test or other)(item):
                return False
        return True

    return check
