"""One file's text as the finders see it, with what they ask of it computed once and in linear time.

A finder never scans the text again for each thing it found: lines, comments and assignments are
indexed in one pass the first time one is asked for, and the work spent looking at call arguments
is capped by the file's size. A 2 MB line of `f(model=` costs what one pass over it costs.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

# The string a Python name is given: "x", os.environ.get("X", "x"), os.getenv("X") or "x", a if b else "x"
_PY_VALUE = re.compile(
    r"""(?:os\.(?:environ\.get|getenv)\(\s*["'][^"'\n]{0,100}["']\s*(?:,\s*|\)\s*or\s+)"""
    r"""|[^"'\n]{0,200}?\b(?:else|or)\s+)?[rbu]?(["'])([^"'\n\\]{1,300})\1"""
)
_SH_VALUE = re.compile(r"""(["']?)([\w][\w.:/-]{0,300})\1(?=["'\s;]|\Z)""")
# Every assignment of a name, in one pass: `name = ...`, `name: type = ...` (Python); `name=...`,
# `name: ...`, `ENV name value` (shell, YAML, Dockerfiles). A name inside a longer word is not one.
# (characters that may not come just before the name, what follows the name, flags)
_PY_ASSIGN = ("\\w.", r"[ \t]*(?::[^=\n]{1,60})?=(?!=)\s*", 0)
_SH_ASSIGN = ("\\w${", r"(?:[ \t]*[=:][ \t]*|[ \t]+(?=\S+[ \t\r]*$))", re.MULTILINE)
_FEW = 16


_INDENT = re.compile(r"\s*")


_PY_FENCE, _SH_FENCE = "_.", "_${"  # besides letters and digits: what may not come before a name


@functools.lru_cache(maxsize=1024)
def _assignment(python: bool, name: str) -> re.Pattern[str]:
    """The pattern of every assignment, or of `name`'s (compiled once: names repeat from file to file)."""
    fence, tail, flags = _PY_ASSIGN if python else _SH_ASSIGN
    if name:
        return re.compile(f"({re.escape(name)})" + tail, flags)
    return re.compile(rf"(?<![{fence}])([A-Za-z_]\w*)" + tail, flags)


class Assigned(NamedTuple):
    at: int  # where the assignment starts
    value_at: int  # where its string value starts (-1: not a string)
    value: str


class Source:
    """A file's text, its style ("python", "text", "modelfile") and the words it holds."""

    def __init__(self, text: str, style: str, present: frozenset[str], markdown: bool = False) -> None:
        self.text = text
        self.style = style
        self.present = present
        self.markdown = markdown  # prose (README, docs, a notebook's markdown cells): style is "text"
        self._newlines: list[int] | None = None
        self._assigned: dict[bool, dict[str, list[Assigned]]] = {}  # every name, once many are asked for
        self._names: dict[tuple[bool, str], list[Assigned]] = {}  # the few names asked for, each in one pass
        self.budget = 4 * len(text) + 100_000  # characters the argument reader may still look at

    def line_start(self, offset: int) -> int:
        """The offset of the first character of the line that holds `offset`."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        index = bisect.bisect_left(self._newlines, offset)
        return self._newlines[index - 1] + 1 if index else 0

    def commented(self, offset: int) -> bool:
        """Whether the line holding `offset` is a comment up to there ("# from_pretrained(...)")."""
        near = self.text.rfind("\n", max(0, offset - 4096), offset)  # most lines: no index needed
        start = near + 1 if near >= 0 or offset <= 4096 else self.line_start(offset)
        indent = _INDENT.match(self.text, start, offset)
        assert indent is not None  # it matches the empty string
        return self.text.startswith(("#", "//"), indent.end(), offset)

    def assigned(self, name: str, until: int, shell: bool = False) -> tuple[int, str] | None:
        """The string last assigned to `name` before offset `until`: (its offset, the string), as
        the file's language assigns (`shell`: as a shell script or a config file does, whatever the file)."""
        python = self.style == "python" and not shell
        if python in self._assigned:
            found = self._assigned[python].get(name)
        elif (python, name) in self._names:
            found = self._names[python, name]
        elif len(self._names) < _FEW:  # a pass for the name alone: the regex engine skips to it
            found = self._names[python, name] = self._index(python, name).get(name, [])
        else:  # many names: one pass for all of them keeps the work linear
            self._assigned[python] = self._index(python)
            found = self._assigned[python].get(name)
        if not found:
            return None
        index = bisect.bisect_left(found, until, key=lambda a: a.at) - 1
        if index < 0 or found[index].value_at < 0:
            return None
        return found[index].value_at, found[index].value

    def python_value(self, at: int) -> tuple[int, str] | None:
        """The string a Python expression at `at` evaluates to when it is a literal, or a default
        (`os.getenv("X") or "x"`, `os.environ.get("X", "x")`, `a if b else "x"`)."""
        v = _PY_VALUE.match(self.text, at)
        return None if v is None else (v.start(2), v.group(2))

    def _index(self, python: bool, name: str = "") -> dict[str, list[Assigned]]:
        """Every assignment, or every assignment of `name`: a pattern that starts with the name is
        one the regex engine skips to; the character before it is then checked by hand."""
        fence = _PY_FENCE if python else _SH_FENCE
        assign, value = _assignment(python, name), _PY_VALUE if python else _SH_VALUE
        index: dict[str, list[Assigned]] = {}
        text = self.text
        for m in assign.finditer(text):
            if name and m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in fence):
                continue  # the name is the end of a longer one
            v = value.match(text, m.end())
            entry = Assigned(m.start(), -1, "") if v is None else Assigned(m.start(), v.start(2), v.group(2))
            index.setdefault(m.group(1), []).append(entry)
        return index
