"""Structural validation of YAML inputs against licheck's shipped JSON Schemas.

The schemas are the single description of each file format: editors use them for completion, and
this module reports each violation with the file, the line (from yamlio) and a plain message.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
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
    """Every way `data` (parsed by yamlio, so it knows its lines) breaks the named schema."""
    import jsonschema  # only when rules are (re)built: it is not on the hot path

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
