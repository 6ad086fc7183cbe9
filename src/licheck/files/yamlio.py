"""YAML in, plain data out, with the line of every mapping, key and list item kept beside it.

Timestamps are not resolved (dates stay strings, so they are parsed and reported by us), duplicate
keys are reported instead of silently overwritten, and a document whose aliases would expand past
MAX_NODES nodes is refused (an alias bomb would otherwise hang whatever walks the data).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from licheck.core.errors import Problem

MAX_BYTES = 16 * 1024 * 1024
MAX_NODES = 1_000_000
_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LDict(dict[Any, Any]):
    """A mapping from YAML, with its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LList(list[Any]):
    """A sequence from YAML, with its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader, minus timestamps, plus line numbers."""

    problems: list[Problem]
    file: str


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_STR = "tag:yaml.org,2002:str"
_TAGS: dict[str, str] = {}  # plain scalar -> its resolved tag: the same few words recur all over


def _resolve(loader: _Loader, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
    """The resolver, remembering each plain scalar's tag (it depends on the text alone here)."""
    if kind is yaml.ScalarNode and implicit[0]:
        tag = _TAGS.get(value)
        if tag is None:
            tag = _BASE.resolve(loader, kind, value, implicit)
            if len(_TAGS) < 65536 and len(value) < 64:
                _TAGS[value] = tag
        return tag
    resolved: str = _BASE.resolve(loader, kind, value, implicit)
    return resolved


_Loader.resolve = _resolve


def _child(loader: _Loader, node: yaml.Node) -> Any:
    """A node's value: a string as it is (most nodes are), anything else through the constructor."""
    if node.tag == _STR and type(node) is yaml.ScalarNode:
        return node.value
    return loader.construct_object(node, deep=True)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = _child(loader, key_node)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append(Problem(loader.file, line, "a mapping key must be a plain value"))
            continue
        if key in out:
            loader.problems.append(
                Problem(loader.file, line, f"duplicate key {key!r} (first on line {out.key_lines[key]})")
            )
            continue
        out[key] = _child(loader, value_node)
        out.key_lines[key] = line
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList([_child(loader, child) for child in node.value])
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def parse(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return the data (None when empty) and the problems found."""
    loader = _Loader(text)
    loader.problems = []
    loader.file = file
    try:
        node = loader.get_single_node()
        if node is None:
            return None, loader.problems
        if "*" in text and expanded_size(node, MAX_NODES) > MAX_NODES:  # no "*", no alias to expand
            raise yaml.MarkedYAMLError(
                problem=f"aliases expand to more than {MAX_NODES} nodes", problem_mark=node.start_mark
            )
        return loader.construct_document(node), loader.problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        return None, [*loader.problems, Problem(file, line, f"not valid YAML: {message}")]
    except yaml.YAMLError as error:
        return None, [*loader.problems, Problem(file, None, f"not valid YAML: {error}")]
    except RecursionError:
        return None, [*loader.problems, Problem(file, None, "nested too deeply")]
    except ValueError as error:  # e.g. an integer of thousands of digits
        mark = getattr(loader, "problem_mark", None)
        reason = "a number too long to read" if "digits" in str(error) else str(error)
        return None, [
            *loader.problems,
            Problem(file, mark.line + 1 if mark else None, f"not valid YAML: {reason}"),
        ]
    finally:
        loader.dispose()


def expanded_size(node: yaml.Node, limit: int, memo: dict[int, int] | None = None) -> int:
    """How many nodes the document holds once every alias is expanded, counted up to just past
    `limit` (linear time, memoised; a node that contains itself counts as past the limit)."""
    memo = {} if memo is None else memo
    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = limit + 1  # a node that contains itself expands without end
    size = 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            size += expanded_size(key, limit, memo) + expanded_size(value, limit, memo)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += expanded_size(child, limit, memo)
    size = min(size, limit + 1)
    memo[id(node)] = size
    return size


def read(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file; never raises for bad content, only returns problems. Only a
    regular file (or a link to one) is read: a FIFO, a socket, a device or a folder is a problem,
    never a wait (it is opened without blocking, then checked)."""
    try:
        mode = os.stat(path).st_mode  # before opening: a socket or a device is named, not opened
        fd = -1 if not stat.S_ISREG(mode) else os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as error:
        return None, [Problem(shown_as, None, f"cannot be read: {error.strerror or error}")]
    try:
        mode = os.fstat(fd).st_mode if fd >= 0 else mode  # what was opened, should it have changed
        if not stat.S_ISREG(mode):
            kind = "a folder (a link to one is not followed)" if stat.S_ISDIR(mode) else "not a regular file"
            return None, [Problem(shown_as, None, f"is {kind}; a rule folder holds only rule files")]
        raw = _read_all(fd, MAX_BYTES + 1)
    except OSError as error:
        return None, [Problem(shown_as, None, f"cannot be read: {error.strerror or error}")]
    finally:
        if fd >= 0:
            os.close(fd)
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown_as, None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, "not UTF-8 text")]
    return parse(text, shown_as)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)  # a FIFO swapped in never blocks


def _read_all(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the value at `path` (keys and indexes) inside parsed data, as close as known."""
    line: int | None = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, LDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
