"""A license text sentence by sentence, compared with a known text: which sentences were added or
removed, and whether the differences can change what the license allows.

A text is cut into sentences (after . ! or ? and a space, when what follows is not lower case or
is a clause's number; a heading in capitals that starts a sentence is one too), across line breaks
and blank lines. Each sentence is keyed by a digest of its words, lower-cased, punctuation dropped
and every year masked, so line wrapping, spacing, quotes, case and years make no difference. Copyright lines (the licensor's name and year) are left out of the comparison, and
so is a title line ("MIT License", "Modified MIT License"). What is left must match sentence for
sentence: an added, changed or removed sentence is a modification, and only removing an optional
tail (Apache-2.0's appendix after "END OF TERMS AND CONDITIONS") or filling in a placeholder for the
licensor's name ("the copyright holder") is immaterial. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from typing import NamedTuple

_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A copyright statement: "Copyright (c) 2024 Jane Doe", "Copyright [yyyy] [name]", "© 2024 Acme";
# never a wrapped line that happens to begin with the word ("copyright, to do the following").
_COPYRIGHT = re.compile(
    r"^\s*(?:(?:copyright|COPYRIGHT|Copyright)\s*(?:\([cC]\)|©|\d{4}|\[|<|[A-Z])|\([cC]\)\s*\d{4}|©)"
)
_RESERVED = re.compile(r"^\s*all rights reserved\.?\s*", re.IGNORECASE)
_BREAK = re.compile(r"[.!?][\"'”’)\]]?\s+(?=[^a-z\s]|(?:[ivx]{1,5}|[a-z])[.)]\s)")
_TITLE_WORDS = ("licen", "agreement", "terms")
MAX_TITLE_WORDS = 8
OPTIONAL_AFTER = "end of terms and conditions"  # Apache-2.0: the appendix that follows is optional
# The words of a placeholder for the licensor's name, as SPDX texts write it ("the copyright
# holder", "[fullname]"): filling one in is not a change of terms.
SLOT_WORDS = frozenset(
    [
        "the",
        "copyright",
        "holder",
        "holders",
        "owner",
        "owners",
        "author",
        "authors",
        "fullname",
        "name",
        "of",
        "organization",
        "licensor",
    ]
)
# Words a title may add or drop without naming other terms: "The MIT License (MIT)" is MIT's title.
TITLE_WORDS = frozenset(["the", "license", "licence", "agreement", "version", "terms", "of", "use"])
SHOWN = 1200  # characters of a sentence shown in a report (a license sentence is seldom longer)
MAX_NUMBER = 6  # "1.", "iv.", "(b)": a clause's number, not a sentence


class Sentence(NamedTuple):
    text: str  # as written, spacing collapsed
    key: str  # digest of its normalised words


class Text(NamedTuple):
    """A text cut for comparison: its title line (when it starts with one) and its sentences."""

    title: str | None
    body: tuple[Sentence, ...]


class Reference(NamedTuple):
    """A known text as licheck compares with it: its sentence keys in order, their texts when
    licheck may ship them (open-source texts), where an optional tail starts, and its title."""

    keys: tuple[str, ...]
    texts: tuple[str, ...] | None = None
    optional_from: int | None = None
    title: str | None = None  # the key of its title line, when it has one


class Difference(NamedTuple):
    added: tuple[str, ...]  # sentences of the file that the known text does not have, as written
    removed: tuple[str, ...]  # what of the known text the file lacks: the sentences, or where
    material: bool  # True: the terms may differ from the known text's


def words(text: str) -> list[str]:
    """The words of a text as compared: lower case, quotes and punctuation dropped, years masked."""
    return _WORD.findall(_YEAR.sub("0000", text.lower().replace("’", "").replace("'", "")))


def key(text: str) -> str:
    return hashlib.sha256(" ".join(words(text)).encode()).hexdigest()[:16]


def cut(text: str) -> Text:
    """The title and sentences of a text, without its copyright statements. Sentences run across
    line breaks and blank lines alike: copies of a license wrap and space their paragraphs in their
    own ways. A heading in capitals that starts a sentence is a sentence of its own."""
    lines = [" ".join(line.split()) for line in _without_copyright(text).split("\n")]
    lines = [line for line in lines if words(line)]
    title = lines.pop(0) if lines and _is_title(lines[0]) else None
    parts = [piece for part in _split(" ".join(lines)) for piece in _heading(part)]
    return Text(title, tuple(Sentence(part, key(part)) for part in parts if words(part)))


def _split(text: str) -> list[str]:
    """The sentences of a text; a clause's number ("1.", "iv.", "b.") stays with its sentence."""
    parts: list[str] = []
    start = 0
    for found in _BREAK.finditer(text):
        end = found.end() - (len(found.group()) - len(found.group().rstrip()))
        piece = text[start:end]
        if len(piece) <= MAX_NUMBER and len(words(piece)) <= 1:
            continue  # a clause's number: the sentence goes on
        parts.append(piece)
        start = found.end()
    return [*parts, text[start:]]


def _heading(sentence: str) -> list[str]:
    """A heading in capitals at the start of a sentence, split from it: "END OF TERMS AND
    CONDITIONS APPENDIX: How to ..." -> the heading, then the sentence."""
    tokens = sentence.split(" ")
    first = next((i for i, token in enumerate(tokens) if any(c.islower() for c in token)), None)
    if first is None:
        return [sentence]
    at = first
    while at > 0 and (not any(c.isalpha() for c in tokens[at - 1]) or tokens[at - 1].endswith(":")):
        at -= 1  # a clause's number, or a word that introduces the sentence ("APPENDIX:"), goes with it
    if sum(any(c.isalpha() for c in token) for token in tokens[:at]) < 2:
        return [sentence]
    return [" ".join(tokens[:at]), " ".join(tokens[at:])]


def _without_copyright(text: str) -> str:
    """Each copyright line without its statement (the holder and year); what follows it on the
    line from a new sentence on (a restriction written after the holder's name) is kept."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _COPYRIGHT.match(line):
            rest = next(
                (
                    line[m.end() :]
                    for m in re.finditer(r"\.\s+", line)
                    if line[m.end() : m.end() + 1].isupper()
                ),
                "",
            )
            line = _RESERVED.sub("", rest)
        elif _RESERVED.fullmatch(line):
            line = ""
        lines.append(line)
    return "\n".join(lines)


def _is_title(paragraph: str) -> bool:
    found = words(paragraph)
    lower = paragraph.lower()
    return (
        len(found) <= MAX_TITLE_WORDS
        and paragraph[-1:] not in ".!?:;"
        and any(word in lower for word in _TITLE_WORDS)
    )


def reference(text: str, with_texts: bool = True) -> Reference:
    """A known text as a Reference (with its sentences' texts only when licheck may ship them)."""
    found = cut(text)
    keys = tuple(s.key for s in found.body)
    optional = next(
        (i + 1 for i, s in enumerate(found.body) if " ".join(words(s.text)) == OPTIONAL_AFTER), None
    )

    texts = tuple(s.text for s in found.body) if with_texts else None
    return Reference(keys, texts, optional, key(found.title) if found.title else None)


def containment(known: Reference, found: Text) -> float:
    """The share of the known text's sentences that the text has (its required part only)."""
    required = set(known.keys[: known.optional_from])
    if not required:
        return 0.0
    return len(required & {s.key for s in found.body}) / len(required)


def compare(known: Reference, text: Text, name: str = "") -> Difference | None:
    """How the text differs from the known one (`name`: its id, which a title may repeat: "The MIT
    License (MIT)"); None when it is the same sentence for sentence."""
    found = text.body
    matcher = difflib.SequenceMatcher(None, known.keys, [s.key for s in found], autojunk=False)
    added: list[str] = []
    removed: list[str] = []
    material = False
    if (
        text.title is not None
        and key(text.title) != known.title
        and not set(words(text.title)) <= TITLE_WORDS | set(words(name))
    ):
        added.append(_shown(text.title))
        material = True
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        mine = [s.text for s in found[j1:j2]]
        theirs = list(known.texts[i1:i2]) if known.texts is not None else None
        if op == "replace" and theirs is not None and _fills_slot(theirs, mine):
            continue
        added += [_shown(text) for text in mine]
        if i2 > i1:
            removed += _removed(known, i1, i2, found[j1 - 1].text if j1 else None)
        optional = known.optional_from is not None and i1 >= known.optional_from and not mine
        material = material or not optional
    if not added and not removed:
        return None
    return Difference(tuple(added), tuple(removed), material)


def _removed(known: Reference, i1: int, i2: int, before: str | None) -> list[str]:
    if known.texts is not None:
        return [_shown(text) for text in known.texts[i1:i2]]
    count = i2 - i1
    where = f"after «{_shown(before, 80)}»" if before else "at the start"
    return [f"{count} sentence{'s' * (count != 1)} of the known text, {where}"]


def _fills_slot(theirs: list[str], mine: list[str]) -> bool:
    """A sentence that differs from the known one only where that names a placeholder for the
    licensor ("the copyright holder" -> "Acme Corp"): the same terms."""
    if len(theirs) != len(mine):
        return False
    for known_text, text in zip(theirs, mine, strict=True):
        a, b = words(known_text), words(text)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            if op == "insert" or not set(a[i1:i2]) <= SLOT_WORDS or j2 - j1 > 2 * (i2 - i1) + 2:
                return False
    return True


def _shown(text: str, limit: int = SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
