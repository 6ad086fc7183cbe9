"""config.json (transformers) and adapter_config.json (PEFT): the model type, and an adapter's base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import no_surrogates, read_small
from licheck.evidence.types import Declared, Fact, RawField, Source

MAX_BYTES = 4 * 1024 * 1024


def load_json(path: Path, shown: str, limit: int = MAX_BYTES, within: Path | None = None) -> Any:
    """A small JSON file, parsed; a bad one is an InputError with the line."""
    data = read_small(path, limit, shown, within)
    try:
        return no_surrogates(json.loads(data.decode("utf-8-sig"), object_pairs_hook=_unique))
    except UnicodeDecodeError:
        raise InputError([Problem(shown, None, "is not UTF-8 text")], shown) from None
    except json.JSONDecodeError as error:
        raise InputError([Problem(shown, error.lineno, f"is not valid JSON: {error.msg}")], shown) from None
    except RecursionError:
        raise InputError([Problem(shown, None, "is nested too deeply")], shown) from None
    except _Duplicate as error:
        raise InputError(
            [
                Problem(
                    shown,
                    None,
                    f"the key {error.args[0]!r} appears twice in one object; licheck will not pick one",
                )
            ],
            shown,
        ) from None


class _Duplicate(ValueError):
    pass


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once: json's own `last one wins` would let a
    second `base_model_name_or_path` hide the first."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


def _object(data: Any, shown: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError([Problem(shown, 1, "is not a JSON object")], shown)
    return data


def read_config(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    """config.json: `_name_or_path`, `architectures`, `model_type` are kept as found (raw). The
    `_name_or_path` of a saved fine-tune names the model it was loaded from, not itself: an
    origin, which the judge takes for a base when it names a model (never when it is a path)."""
    shown = shown or str(path)
    data = _object(load_json(path, shown, within=within), shown)
    raw = tuple(
        RawField(key, data[key], Source(shown, key, None, revision))
        for key in ("_name_or_path", "architectures", "model_type")
        if isinstance(data.get(key), str | list)
    )
    origins = _origin(data, "_name_or_path", shown, revision)
    return Declared(raw=raw, origins=origins)


def _origin(data: dict[str, Any], key: str, shown: str, revision: str | None) -> tuple[Fact, ...]:
    """The model a field names (none when it is absent, null or empty); a field that names a model
    in another form (a list, an object, a number) is refused, never skipped: it may name a base
    whose license binds."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    if not isinstance(value, str):
        kind = {list: "a list", dict: "an object", bool: "true or false"}.get(type(value), "a number")
        raise InputError(
            [
                Problem(
                    shown, None, f"{key} is {kind}, not a model's name; licheck will not guess what it names"
                )
            ],
            shown,
        )
    return (Fact(value.strip(), Source(shown, key, None, revision)),)


def read_adapter_config(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    """adapter_config.json: a PEFT adapter of `base_model_name_or_path`."""
    shown = shown or str(path)
    data = _object(load_json(path, shown, within=within), shown)
    peft = data.get("peft_type")
    raw = tuple(
        RawField(key, data[key], Source(shown, key, None, revision))
        for key in ("base_model_name_or_path", "peft_type", "task_type")
        if isinstance(data.get(key), str)
    )
    bases = _origin(data, "base_model_name_or_path", shown, revision)
    relation = Fact(
        "adapter",
        Source(shown, "peft_type" if isinstance(peft, str) else "adapter_config.json", None, revision),
    )
    return Declared(base_models=bases, relation=(relation,), raw=raw)
