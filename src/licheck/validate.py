"""Structural validation of YAML inputs against licheck's shipped JSON Schemas.

The schemas are the single description of each file format: editors use them for completion, and
this module reports each violation with the file, the line (from yamlio) and a plain message.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from licheck import yamlio
from licheck.errors import Problem


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
    # A misspelt key shows up twice: as unknown, and as the missing key it was meant to be.
    # Report it once, as the unknown key with its "did you mean".
    meant = set()
    for leaf in leaves:
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            known = list(leaf.schema.get("properties", {}))
            for key in leaf.instance:
                if key not in known:
                    for close in difflib.get_close_matches(str(key), known, n=1):
                        meant.add((tuple(leaf.absolute_path), close))
    problems = []
    paths = [tuple(leaf.absolute_path) for leaf in leaves]
    for leaf in leaves:
        path = tuple(leaf.absolute_path)
        if leaf.validator == "oneOf" and any(len(p) > len(path) and p[: len(path)] == path for p in paths):
            continue  # a more precise error inside the same entry says it better
        if leaf.validator == "required" and isinstance(leaf.instance, dict):
            missing = [k for k in leaf.validator_value if k not in leaf.instance]
            if all((path, k) in meant for k in missing):
                continue
        line = yamlio.line_of(data, path)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            extra = [k for k in leaf.instance if k not in leaf.schema.get("properties", {})]
            if extra:
                line = yamlio.line_of(data, (*path, extra[0]))
        problems.append(Problem(file, line, f"{_path_text(path)}: {_describe(leaf)}"))
    return list(dict.fromkeys(problems))  # one message per problem, in order


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


def _describe(error: Any) -> str:
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known]
        hints = []
        for key in extra[:3]:
            shown = repr(key) if len(str(key)) <= 40 else repr(f"{str(key)[:37]}...")
            close = difflib.get_close_matches(str(key), known, n=1)
            hints.append(shown + (f" (did you mean {close[0]!r}?)" if close else ""))
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        return f"unknown key {', '.join(hints)}{more}; allowed: {', '.join(known)}"
    if validator == "required":
        missing = [k for k in value if not isinstance(instance, dict) or k not in instance]
        return f"missing key {', '.join(repr(k) for k in missing)}"
    if validator == "enum":
        return f"{instance!r} is not one of: {', '.join(map(str, value))}"
    if validator == "const":
        return f"must be {value!r}, not {instance!r}"
    if validator == "pattern" and isinstance(instance, str):
        if value.startswith("^[0-9]{4}"):
            return f"{instance!r} is not a date (YYYY-MM-DD)"
        if value.startswith("^https?"):
            return f"{instance!r} is not an http(s) address"
        return f"{instance!r} does not match {value}"
    if validator == "type":
        return f"{instance!r} should be of type {value}"
    if validator == "oneOf" and isinstance(instance, dict) and "kind" in instance:
        return f"condition kind {instance['kind']!r} is not known"
    return str(error.message)


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
    schema uses a keyword it does not implement. tests/test_index_validate.py holds it to
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
    import re

    if key == "$ref":
        if not isinstance(arg, str) or not arg.startswith("#/$defs/"):
            raise Unsupported(arg)
        target = arg.removeprefix("#/$defs/")
        return lambda value: defs[target](value)
    if key == "type":
        tests = [_TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]
        return lambda value: any(test(value) for test in tests)
    if key == "properties":
        return _object(node, defs)
    if key in ("additionalProperties", "required"):  # without "properties" beside them
        return _object({**node, "properties": {}}, defs)
    if key == "const":
        return lambda value: _same(value, arg)
    if key == "enum":
        return lambda value: any(_same(value, option) for option in arg)
    if key == "items":
        each = _compile(arg, defs)
        return lambda value: not isinstance(value, list) or all(each(item) for item in value)
    if key == "pattern":
        search = re.compile(arg).search
        return lambda value: not isinstance(value, str) or search(value) is not None
    if key == "minLength":
        return lambda value: not isinstance(value, str) or len(value) >= arg
    if key == "minItems":
        return lambda value: not isinstance(value, list) or len(value) >= arg
    if key == "minProperties":
        return lambda value: not isinstance(value, dict) or len(value) >= arg
    if key == "propertyNames":
        name_ok = _compile(arg, defs)
        return lambda value: not isinstance(value, dict) or all(name_ok(k) for k in value)
    if key in _BOUNDS:
        compare = _BOUNDS[key]
        return lambda value: not _TYPES["number"](value) or compare(value, arg)
    if key == "oneOf":
        branches = [_compile(branch, defs) for branch in arg]
        return lambda value: sum(1 for branch in branches if branch(value)) == 1
    raise Unsupported(key)


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
