"""The YAML front matter of a model card (README.md), as the Hugging Face Hub defines it.

Real cards are messy: leading blank lines, a BOM, `\\r\\r\\n` line ends, `license` as a list,
tabs. A card without front matter declares nothing (not an error); a malformed block is a Problem
with its line. Only the head of the file is read, and a block whose aliases would expand past
MAX_NODES nodes is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import no_surrogates, read_head
from licheck.evidence.types import Declared, Fact, RawField, Source

MAX_BYTES = 512 * 1024  # the front matter must end within this many bytes of the start
MAX_NODES = 100_000
MAX_ITEMS = 1_000  # list items kept per field
KEPT = ("pipeline_tag", "library_name", "tags", "gated", "language", "model_name", "inference")
_LINE_END = re.compile(r"\r*\n|\r")


def read_card(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    """What a README.md declares in its front matter; empty when it has none."""
    shown = shown or str(path)
    data, _ = read_head(path, MAX_BYTES, shown, within)
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return parse_card(text, shown, revision)


def parse_card(text: str, shown: str, revision: str | None = None) -> Declared:
    block, first_line = front_matter(_LINE_END.sub("\n", text), shown)
    if block is None:
        return Declared()
    data, key_lines = _load(block, shown, first_line)
    if data is None:
        return Declared()
    return _declared(data, key_lines, shown, revision)


def front_matter(text: str, shown: str) -> tuple[str | None, int]:
    """The YAML between the opening `---` (after any blank lines) and the closing one, and the
    file line of its first line. (None, 0) when the card has no front matter."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].rstrip() != "---":
        return None, 0
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() == "---":
            return "\n".join(lines[start + 1 : end]), start + 2
    raise InputError(
        [
            Problem(
                shown, start + 1, f"front matter opened by --- is not closed within {MAX_BYTES // 1024} KiB"
            )
        ],
        shown,
    )


def _load(block: str, shown: str, first_line: int) -> tuple[Any, dict[str, int]]:
    import yaml

    from licheck.files.yamlio import expanded_size

    loader = _loader()(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if expanded_size(node, MAX_NODES) > MAX_NODES:
            raise InputError(
                [Problem(shown, first_line, f"front matter expands to more than {MAX_NODES} nodes")], shown
            )
        if not isinstance(node, yaml.MappingNode):
            raise InputError(
                [Problem(shown, first_line, "front matter is not a mapping of keys to values")], shown
            )
        key_lines: dict[str, int] = {}
        spelt: dict[str, str] = {}  # a key as folded -> as written: `License` and `license` are one
        for key_node, _ in node.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            first = spelt.setdefault(key.strip().lower(), key)
            if first in key_lines:
                same = "" if first == key else f", as {first!r}"
                message = f"duplicate key {key!r} (first on line {key_lines[first]}{same})"
                raise InputError([Problem(shown, line, message)], shown)
            key_lines[key] = line
        return no_surrogates(
            loader.construct_document(node)
        ), key_lines  # the pure-Python loader lets them by
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else first_line
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise InputError(
            [Problem(shown, line, f"front matter is not valid YAML: {message}")], shown
        ) from None
    except yaml.YAMLError as error:
        raise InputError(
            [Problem(shown, first_line, f"front matter is not valid YAML: {error}")], shown
        ) from None
    except RecursionError:
        raise InputError([Problem(shown, first_line, "front matter is nested too deeply")], shown) from None
    finally:
        loader.dispose()


_LOADER: Any = None


def _loader() -> Any:
    """yaml's C safe loader, with dates left as text (a card's values are reported as found)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _LOADER = type("CardLoader", (base,), {})
        _LOADER.yaml_implicit_resolvers = {
            first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
    return _LOADER


def _texts(value: Any, where: Source | None = None) -> list[str]:
    """A field that may be one value or a list of them, as text. Nested data is skipped, except
    in a field that declares a license or an origin (`where` given): there, what licheck would have
    to skip (a mapping, a nested list, more than MAX_ITEMS values) is refused with its line."""
    items = value if isinstance(value, list) else [value]
    if where is not None:
        odd = next((item for item in items if not isinstance(item, str | int | float | None)), None)
        if odd is not None or len(items) > MAX_ITEMS:
            what = f"holds {type(odd).__name__}" if odd is not None else f"lists more than {MAX_ITEMS} values"
            problem = Problem(
                where.file, where.line, f"{where.key} {what}; licheck reads a name or a list of names"
            )
            raise InputError([problem], where.file)
    return [
        str(item).strip()
        for item in items[:MAX_ITEMS]
        if isinstance(item, str | int | float) and str(item).strip()
    ]


def plain(value: Any, depth: int = 0) -> object:
    """JSON-like data, capped in depth and size, for raw fields."""
    if isinstance(value, str):
        return value[:4096]
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > 4:
        return "…"
    if isinstance(value, list):
        return [plain(item, depth + 1) for item in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
    return str(value)[:4096]


STRICT = ("license", "license_name", "license_link", "base_model", "base_model_relation", "datasets")


def _declared(data: dict[Any, Any], key_lines: dict[str, int], shown: str, revision: str | None) -> Declared:
    folded: dict[str, Any] = {str(key).strip().lower(): key for key in data}  # read in any case

    def facts(name: str) -> tuple[Fact, ...]:
        if name not in folded:
            return ()
        key = folded[name]
        source = Source(shown, str(key), key_lines.get(str(key)), revision)
        return tuple(Fact(text, source) for text in _texts(data[key], source if name in STRICT else None))

    raw = tuple(
        RawField(str(key), plain(value), Source(shown, str(key), key_lines.get(str(key)), revision))
        for key, value in data.items()
        if str(key).lower().startswith(("license", "base_model", "datasets", "extra_gated_")) or key in KEPT
    )
    return Declared(
        license=facts("license"),
        license_name=facts("license_name"),
        license_link=facts("license_link"),
        base_models=facts("base_model"),
        relation=facts("base_model_relation"),
        datasets=facts("datasets"),
        name=facts("model_name"),
        raw=raw,
    )
