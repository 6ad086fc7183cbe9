"""Hypothesis strategies for licheck's inputs: rule files, manifests, policies, command lines,
rule sets and contexts built in memory, and names that hit every edge of Unicode.

Generated data is kept small (a few entries per file) so that 500 examples of each property run
in seconds; the edges come from what the values are, not from how many there are.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from hypothesis import strategies as st

from licheck.core.ids import ORG_KINDS
from licheck.core.model import (
    Agreement,
    Ceiling,
    Condition,
    Context,
    Dataset,
    Family,
    License,
    LicensePeriod,
    Location,
    Model,
    OrgLimit,
    Region,
    RegionLimit,
    Royalty,
    RuleSet,
    Source,
    Use,
    UseRule,
    Verdict,
)

USES = ("research", "commercial", "hosted-service", "redistribute", "fine-tune", "distill")
FAMILIES = tuple(str(f) for f in Family)
DECISIONS = ("allowed", "conditional", "denied", "unknown")
FIRST_DAY = date(2019, 1, 1).toordinal()

# ---------------------------------------------------------------- text at the edges

# Every category but surrogates (Cs): no input licheck reads can carry a lone surrogate (YAML,
# TOML and UTF-8 decoding all refuse one), so it cannot reach a report.
ANY_CHAR = st.characters(exclude_categories=["Cs"])
NASTY = (
    "\x00",
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\r\n",
    "\n",
    "\t",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\x85",
    "\x7f",
    "<script>alert(1)</script>",
    "]]>",
    "&amp;",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/t.png)",
    "@everyone",
    "<b>",
    "`code`",
    "| a | b |",
    "::error::x",
    "%0A",
    '"',
    "'",
    "\\",
    "*_~#",
    "::",
    ",",
    "%",
)


@cache
def any_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text with any character (controls, bidi overrides, private use, unassigned), markup and
    escapes glued in, and now and then a very long name."""
    pieces = st.one_of(st.sampled_from(NASTY), st.text(ANY_CHAR, max_size=6))
    short = st.lists(pieces, max_size=max(1, max_size // 10)).map("".join)
    long = st.tuples(st.sampled_from(NASTY), st.integers(200, 3000)).map(lambda t: (t[0] + "x") * (t[1] // 8))
    return st.one_of(short, short, short, long)


@cache
def ids() -> st.SearchStrategy[str]:
    """Ids as rule files allow them: mostly from a list (one draw), now and then any."""
    return st.one_of(
        st.sampled_from(["0", "a", "x-1", "v1.0", "a+b", "a_b", "9", "mit", "z" * 40]),
        st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,10}", fullmatch=True),
    )


@cache
def bad_ids() -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"[A-Z_ .-][A-Za-z0-9 /:]{0,8}", fullmatch=True),
        st.sampled_from(["", "-x", "Foo", "a b", "ä", "a/b", "\u0430", "x\n"]),
    )


@cache
def real_dates() -> st.SearchStrategy[str]:
    first, last = date(1000, 1, 1).toordinal(), date(9999, 12, 31).toordinal()
    edges = st.sampled_from(["1000-01-01", "9999-12-31", "2024-02-29", "2023-05-31", "2026-11-27"])
    return st.one_of(edges, st.integers(first, last).map(lambda n: date.fromordinal(n).isoformat()))


@cache
def bad_dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            ["2023-02-30", "2023-13-01", "0000-01-01", "2023-1-1", "20230101", "2023-02-29", "yesterday", ""]
        ),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    )


# ---------------------------------------------------------------- plain YAML-ish values


@cache
def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(-(10**30), 10**30),
        st.floats(),
        st.text(max_size=10),
        real_dates(),
        bad_dates(),
        bad_ids(),
    )


@cache
def junk() -> st.SearchStrategy[Any]:
    """Any value of the wrong type, nested a little."""
    return st.recursive(
        scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=6,
    )


# ---------------------------------------------------------------- rule files


# Text a valid file may hold (one draw each: 500 examples cannot afford a draw per character).
SAFE_TEXT = st.sampled_from(
    ["0", "x", "A name", "Ünïcödé", "名前", "اسم", "Straße 1.0", "a: b", "- dash", "#hash", "'quoted'", "  pad  ",
     "yes", "null", "1e3", "2023-01-01", "@at", "*star", "&amp", "!bang", "{brace}", "[list]", "%pct", "x" * 300]
)  # fmt: skip
URLS = st.sampled_from(["https://example.com", "http://example.org/x", "https://licheck.invalid/a?b=c"])


def _source(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"url": draw(URLS)}
    if draw(st.booleans()):
        out["section"] = draw(SAFE_TEXT)
    return out


def _condition(draw: st.DrawFn, regions: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["ceiling", "royalty", "agreement", "region", "organisation", "purpose"]))
    if kind == "ceiling":
        out: dict[str, Any] = {
            "kind": kind,
            "metric": draw(st.sampled_from(["mau", "dau", "revenue"])),
            "max": draw(st.integers(0, 10**12)),
        }
        if draw(st.booleans()):
            out["otherwise"] = draw(st.sampled_from(["denied", "conditional"]))
        return out
    if kind == "royalty":
        return {
            "kind": kind,
            "rate": draw(st.floats(0.0001, 1.0)),
            "above": draw(st.integers(0, 10**12)),
        }
    if kind == "agreement":
        return {"kind": kind, "party": draw(SAFE_TEXT)}
    if kind == "region":
        codes = st.sampled_from(["US", "CN", "RU", "DE", *regions])
        return {"kind": kind, "excluded": draw(st.lists(codes, min_size=1, max_size=3))}
    if kind == "purpose":
        return {"kind": kind, "excluded": draw(SAFE_TEXT)}
    kinds = draw(st.lists(st.sampled_from(ORG_KINDS), min_size=1, max_size=3))
    return {"kind": kind, draw(st.sampled_from(["excluded", "only"])): kinds}


@st.composite
def rule_documents(draw: st.DrawFn, prefix: str = "g", vocabulary: bool = True) -> dict[str, Any]:
    """One valid rule file (a plain mapping): the use vocabulary (in the first file only), maybe
    a region, licenses, models, datasets, with ids that do not clash across files and references
    that resolve within the file."""
    uses = list(USES)
    doc: dict[str, Any] = {"schema-version": 1}
    if draw(st.booleans()):
        doc["requires-licheck"] = draw(st.sampled_from([">=0.1", ">=0.0,<99", "~=0.2"]))
    if vocabulary:
        doc["uses"] = [
            {"id": u, "description": draw(SAFE_TEXT), **({"commercial": True} if u == "commercial" else {})}
            for u in uses
        ]
    regions: list[str] = []
    if draw(st.booleans()):
        region_id = f"{prefix.upper()}R"
        regions.append(region_id)
        doc["regions"] = [
            {
                "id": region_id,
                "name": draw(SAFE_TEXT),
                "members": draw(st.lists(st.sampled_from(["FR", "DE", "IT"]), max_size=3)),
                "sources": [_source(draw)],
                "checked": draw(real_dates()),
            }
        ]
    licenses = []
    for i in range(draw(st.integers(1, 2))):
        decisions: dict[str, Any] = {}
        for use in draw(st.lists(st.sampled_from(uses), min_size=1, max_size=3, unique=True)):
            decision = draw(st.sampled_from(DECISIONS))
            entry: dict[str, Any] = {"decision": decision, "clause": draw(SAFE_TEXT)}
            if decision == "conditional":
                entry["conditions"] = [_condition(draw, regions) for _ in range(draw(st.integers(1, 2)))]
            if draw(st.integers(0, 3)) == 0:
                entry["note"] = draw(SAFE_TEXT)
            decisions[use] = entry
        lic: dict[str, Any] = {
            "id": f"{prefix}l{i}-{draw(ids())}",
            "name": draw(SAFE_TEXT),
            "url": draw(URLS),
            "family": draw(st.sampled_from(FAMILIES)),
            "derivatives": draw(st.sampled_from(["inherit", "free"])),
            "uses": decisions,
            "sources": [_source(draw)],
            "checked": draw(real_dates()),
        }
        if draw(st.booleans()):
            lic["aliases"] = [f"SPDX:{prefix}L{i}"]
        if draw(st.booleans()):
            lic["obligations"] = [
                {
                    "id": "keep-license",
                    "text": draw(SAFE_TEXT),
                    "clause": draw(SAFE_TEXT),
                    **({"when": [draw(st.sampled_from(uses))]} if draw(st.booleans()) else {}),
                    **(
                        {
                            "applies-above": [
                                {
                                    "metric": draw(st.sampled_from(["mau", "dau", "revenue"])),
                                    "above": draw(st.integers(0, 10**12)),
                                }
                            ]
                        }
                        if draw(st.booleans())
                        else {}
                    ),
                }
            ]
        licenses.append(lic)
    doc["licenses"] = licenses
    license_ids = [lic["id"] for lic in licenses]
    datasets = []
    if draw(st.booleans()):
        datasets.append(
            {
                "id": f"{prefix}d0",
                "name": draw(SAFE_TEXT),
                "license": draw(st.sampled_from(license_ids)),
                "sources": [_source(draw)],
                "checked": draw(real_dates()),
            }
        )
        doc["datasets"] = datasets
    models: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 3))):
        model: dict[str, Any] = {
            "id": f"{prefix}m{i}-{draw(ids())}",
            "name": draw(SAFE_TEXT),
            "publisher": draw(SAFE_TEXT),
        }
        if draw(st.booleans()):
            model["license"] = draw(st.sampled_from(license_ids))
            if draw(st.booleans()):
                model["released"] = draw(real_dates())
        else:
            days = sorted(set(draw(st.lists(real_dates(), min_size=1, max_size=3))))
            model["license"] = [
                {"license": draw(st.sampled_from(license_ids)), "from": day, "source": _source(draw)}
                for day in days
            ]
        model["sources"] = [_source(draw)]
        model["checked"] = draw(real_dates())
        if draw(st.booleans()):
            model["aliases"] = [f"Org-{prefix}/M{i}"]
        if len(models) > 0 and draw(st.booleans()):
            model["base"] = draw(
                st.lists(st.sampled_from([m["id"] for m in models]), min_size=1, max_size=2, unique=True)
            )
        if len(datasets) > 0 and draw(st.booleans()):
            model["datasets"] = [datasets[0]["id"]]
        if draw(st.booleans()):
            model["params-b"] = draw(st.sampled_from([0.5, 7, 70, 1e-9]))
        models.append(model)
    if models:
        doc["models"] = models
    return doc


def _containers(value: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) pair inside a value, depth first."""
    if isinstance(value, dict):
        for key in list(value):
            out.append((value, key))
            _containers(value[key], out)
    elif isinstance(value, list):
        for index in range(len(value)):
            out.append((value, index))
            _containers(value[index], out)
    return out


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> tuple[Any, int]:
    """`doc` with a few random edits: a key removed, a value of the wrong type, a bad id or date,
    an unknown reference, a list item repeated (the same object: YAML writes it as an alias),
    a lineage cycle, an unknown key. Returns the document and how many edits were made."""
    edits = draw(st.integers(0, 3))
    for _ in range(edits):
        places = _containers(doc, [])
        if not places:
            return doc, edits
        container, key = draw(st.sampled_from(places))
        op = draw(
            st.sampled_from(
                ["delete", "junk", "bad-id", "bad-date", "unknown-ref", "repeat", "cycle", "extra", "huge"]
            )
        )
        if op == "delete":
            del container[key]
        elif op == "junk":
            container[key] = draw(junk())
        elif op == "bad-id":
            container[key] = draw(bad_ids())
        elif op == "bad-date":
            container[key] = draw(bad_dates())
        elif op == "unknown-ref":
            container[key] = draw(st.sampled_from(["nope", "apache-2.0", "falcon-40b", "research", "EU"]))
        elif op == "repeat" and isinstance(container, list):
            container.append(container[key])
        elif op == "cycle" and isinstance(doc, dict) and isinstance(doc.get("models"), list):
            found = [m for m in doc["models"] if isinstance(m, dict) and "id" in m]
            if found:
                first, second = draw(st.sampled_from(found)), draw(st.sampled_from(found))
                first["base"] = [second["id"]]
                second["base"] = [first["id"]]
        elif op == "extra" and isinstance(container, dict):
            container[draw(st.sampled_from(["idd", "licence", "x", "Uses", "schema_version"]))] = draw(junk())
        elif op == "huge":
            container[key] = draw(st.sampled_from([10**300, -(10**300), 2**64, 1e308, float("inf")]))
    return doc, edits


def dump_yaml(value: Any) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    return text


ALIAS_BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
)

NASTY_FILES = (
    "",
    "---\n",
    "schema-version: 1\n",
    "schema-version: 1\nschema-version: 1\n",
    "schema-version: 1\n---\nschema-version: 1\n",
    "\ufeffschema-version: 1\n",
    "schema-version: 1\nuses:\n\t- id: x\n",
    "schema-version: 1\nlicenses: !!python/object:os.system [echo]\n",
    "schema-version: 1\nmodels: !!binary aGVsbG8=\n",
    "schema-version: 1\n? [a, b]\n: c\n",
    "schema-version: 1\n? {a: b}\n: c\n",
    "&a [*a]\n",
    "a: &a {b: *a}\n",
    "schema-version: 1\nmodels: &m [*m]\n",
    "schema-version: 1\nn: " + "9" * 5000 + "\n",
    "schema-version: 1\nn: 0x" + "f" * 5000 + "\n",
    "schema-version: 1\nn: 1e99999\n",
    "deep: " + "[" * 3000 + "]" * 3000 + "\n",
    "deep: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
    "schema-version: 1\n" + ALIAS_BOMB + "\n",
    "schema-version: 1\nchecked: 2023-02-30\n",
    "%YAML 1.1\n%TAG ! tag:evil.com,2000:\n---\n!x 1\n",
    "schema-version: 1\nlicenses:\n  - id: x\n    uses: {research: {decision: allowed}}\n",
    "- 1\n- 2\n",
    "just a string\n",
    "[unclosed\n",
    "key: 'unclosed\n",
    "\x00\x01\x02",
    "schema-version: 1\n\x85x: 1\n",
)


@st.composite
def rule_files(draw: st.DrawFn, prefix: str, vocabulary: bool) -> tuple[bytes, bool]:
    """One rule file's bytes, and whether it is valid on its own terms."""
    choice = draw(st.integers(0, 9))
    if choice <= 5:
        doc, edits = draw(mutated(draw(rule_documents(prefix, vocabulary))))
        try:
            text = dump_yaml(doc)
        except (ValueError, TypeError, OverflowError):
            text = json.dumps(doc, default=str)
            edits += 1
        if choice == 5 and text:  # cut or splice it at a random place
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.one_of(st.just(""), st.text(max_size=5), st.sampled_from(NASTY)))
            edits += 1
        return text.encode("utf-8", "surrogatepass"), edits == 0
    if choice <= 7:
        return draw(st.sampled_from(NASTY_FILES)).encode("utf-8", "surrogatepass"), False
    if choice == 8:
        return draw(st.binary(max_size=40)), False
    return ("schema-version: 1\n" + dump_yaml(draw(junk()))).encode("utf-8"), False


# ---------------------------------------------------------------- manifests and policies

KNOWN_MODELS = (
    "tiiuae/falcon-40b",
    "falcon-40b",
    "mosaicml/mpt-7b-chat",
    "meta-llama/Llama-2-7b-hf",
    "meta-llama/Llama-2-13b-hf",
    "https://huggingface.co/meta-llama/Llama-2-7b-hf",
    "gpt-5",
    "acme/unknown-model",
)
LICENSES = ("apache-2.0", "mit", "llama2", "cc-by-nc-4.0", "nope-1")


@cache
def model_names() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(KNOWN_MODELS),
        any_text(20).filter(bool),
        st.from_regex(r"[a-z]{1,6}/[a-z0-9-]{1,10}", fullmatch=True),
    )


@cache
def counts() -> st.SearchStrategy[Any]:
    """Values for mau, dau and revenue as manifests and flags write them."""
    return st.one_of(
        st.integers(0, 10**12),
        st.integers(-5, -1),
        st.sampled_from([10**400, 2**63, 10**30]),
        st.sampled_from(
            [
                "5M",
                "700k",
                "1.5B",
                "0.8B",
                "1.2345k",
                "5,000,000",
                "5_000",
                "-5",
                "lots",
                "9" * 40,
                "1e9",
                "٣",
                "５M",
                "",
            ]
        ),
        st.from_regex(r"[0-9][0-9,_]{0,6}(\.[0-9]{1,3})?\s?[kKmMbB]?", fullmatch=True),
    )


@cache
def regions() -> st.SearchStrategy[str]:
    return st.sampled_from(["EU", "eu", "US", "GB", "UK", "XX", "ЕU", "E U", "de", ""])


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("allow-families", "deny-families"):
        if draw(st.booleans()):
            out[key] = draw(st.lists(st.sampled_from(FAMILIES), max_size=2))
    for key in ("allow-licenses", "deny-licenses"):
        if draw(st.booleans()):
            out[key] = draw(st.lists(st.sampled_from(LICENSES), max_size=2))
    for key in ("fail-on-conditional", "allow-unknown", "require-approval"):
        if draw(st.booleans()):
            out[key] = draw(st.booleans())
    if draw(st.booleans()):
        out["allow-overrides"] = draw(
            st.one_of(st.booleans(), st.lists(st.sampled_from(KNOWN_MODELS), max_size=2))
        )
    if draw(st.booleans()):
        out["exceptions"] = [
            {
                "model": draw(model_names()),
                "reason": draw(SAFE_TEXT),
                **({"expires": draw(real_dates())} if draw(st.booleans()) else {}),
                **({"approved-by": "legal@example.com"} if draw(st.booleans()) else {}),
                **(
                    {"uses": draw(st.lists(st.sampled_from(USES), min_size=1, max_size=2))}
                    if draw(st.booleans())
                    else {}
                ),
            }
            for _ in range(draw(st.integers(1, 2)))
        ]
    return out


@st.composite
def manifest_documents(draw: st.DrawFn) -> dict[str, Any]:
    models: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            models.append(draw(model_names()))
        else:
            entry: dict[str, Any] = {"id": draw(model_names())}
            if draw(st.booleans()):
                entry["license"] = draw(st.sampled_from(LICENSES))
                if draw(st.booleans()):
                    entry["base"] = draw(st.lists(st.sampled_from(KNOWN_MODELS), max_size=2))
                if draw(st.booleans()):
                    entry["datasets"] = [draw(st.sampled_from(["tatsu-lab/alpaca", "alpaca-data", "nope"]))]
            if draw(st.booleans()):
                entry["uses"] = draw(st.lists(st.sampled_from(USES), min_size=1, max_size=2))
            if draw(st.booleans()):
                entry["overrides"] = draw(st.booleans())
            models.append(entry)
    doc: dict[str, Any] = {
        "uses": draw(st.lists(st.sampled_from([*USES, "comercial"]), min_size=1, max_size=3)),
        "models": models,
    }
    if draw(st.booleans()):
        context: dict[str, Any] = {}
        for key in ("mau", "dau", "revenue"):
            if draw(st.booleans()):
                context[key] = draw(counts())
        if draw(st.booleans()):
            context["region"] = draw(regions())
        if draw(st.booleans()):
            context["org"] = draw(st.sampled_from([*ORG_KINDS, "bank"]))
        if draw(st.booleans()):
            context["as-of"] = draw(st.one_of(real_dates(), bad_dates()))
        doc["context"] = context
    if draw(st.booleans()):
        doc["policy"] = draw(policies())
    if draw(st.booleans()):
        doc["agreements"] = [
            {
                "counterparty": draw(SAFE_TEXT),
                "reference": draw(SAFE_TEXT),
                draw(st.sampled_from(["model", "license"])): draw(
                    st.sampled_from([*KNOWN_MODELS, *LICENSES])
                ),
                **({"expires": draw(real_dates())} if draw(st.booleans()) else {}),
            }
        ]
    if draw(st.integers(0, 2)) == 0:
        folders = ["my-rules", "../x", "/", ".", "missing", "x\x00y", "a\nb", "~", "C:\\x", "x" * 300]
        doc["rules"] = draw(st.lists(st.sampled_from(folders), max_size=2))
    if draw(st.integers(0, 5)) == 0:
        doc["scan"] = draw(
            st.one_of(st.booleans(), st.lists(st.sampled_from(["src", "nowhere", "x\x00"]), max_size=1))
        )
    return doc


NASTY_TOML = (
    "x = " + "[" * 3000 + "]" * 3000,
    "x = " + "{a = " * 600 + "1" + "}" * 600,
    "a = 1\na = 2",
    "d = 2023-02-30",
    "d = 1979-05-27T07:32:00Z",
    "t = 07:32:00",
    "n = " + "9" * 5000,
    "n = 0x" + "f" * 5000,
    "n = 1e99999",
    "f = nan",
    's = "\\ud800"',
    "[tool.licheck]",
    "[tool.licheck.context]\nmau = " + "9" * 400,
    "[tool.licheck.context]\nas-of = 2023-05-28",
    "[[tool.licheck.models]]\nid = 'x'",
)


def toml_value(value: Any) -> str:
    """A value as TOML writes it (inline tables and arrays); None has no TOML form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items() if v is not None)
            + "}"
        )
    return json.dumps(str(value))


def dump_toml(doc: Any) -> str:
    """A pyproject.toml with `doc` as its [tool.licheck] table."""
    lines = ['[project]\nname = "demo"\n', "[tool.licheck]"]
    if isinstance(doc, dict):
        lines += [f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in doc.items() if v is not None]
    else:
        lines.append(f'"value" = {toml_value(doc)}')
    return "\n".join(lines) + "\n"


@st.composite
def manifest_files(draw: st.DrawFn, policy: bool = False) -> tuple[str, bytes]:
    """(file name, bytes) of a manifest (or a policy file): YAML or pyproject.toml, valid,
    damaged, or no manifest at all."""
    doc: Any = draw(policies()) if policy else draw(manifest_documents())
    doc, _ = draw(mutated(doc))
    as_toml = draw(st.integers(0, 2)) == 0
    choice = draw(st.integers(0, 9))
    if choice == 8:
        return ("pyproject.toml" if as_toml else "licheck.yaml"), draw(st.binary(max_size=40))
    if choice == 9:
        text = draw(st.sampled_from(NASTY_FILES))
        return ("pyproject.toml" if as_toml else "licheck.yaml"), text.encode("utf-8", "surrogatepass")
    if as_toml:
        try:
            text = dump_toml(doc)
        except (ValueError, TypeError):
            text = "[tool.licheck]\n"
        if choice >= 6:
            text = draw(st.sampled_from([text, "[tool.licheck]\n"])) + draw(st.sampled_from(NASTY_TOML))
        return "pyproject.toml", text.encode("utf-8", "surrogatepass")
    try:
        text = dump_yaml(doc)
    except (ValueError, TypeError, OverflowError):
        text = json.dumps(doc, default=str)
    if choice == 7 and text:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(st.text(max_size=5), st.sampled_from(NASTY)))
    return "licheck.yaml", text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- rule sets in memory


@cache
def contexts(regions_known: tuple[str, ...] = ("EU",)) -> st.SearchStrategy[Context]:
    small = st.one_of(
        st.none(),
        st.integers(0, 10**10),
        st.sampled_from([0, 700_000_000, 1_000_000, 10**9, 10**30, 10**400]),
    )
    return st.builds(
        Context,
        as_of=st.integers(0, 4400).map(lambda n: date.fromordinal(FIRST_DAY + n)),
        mau=small,
        dau=small,
        revenue=small,
        region=st.one_of(st.none(), st.sampled_from(["US", "CN", "DE", "FR", "GB", *regions_known])),
        org=st.one_of(st.none(), st.sampled_from(ORG_KINDS)),
    )


@cache
def conditions() -> st.SearchStrategy[Condition]:
    return st.one_of(
        st.builds(
            Ceiling,
            metric=st.sampled_from(["mau", "dau", "revenue"]),
            max=st.integers(0, 10**10),
            otherwise=st.sampled_from([Verdict.DENIED, Verdict.CONDITIONAL]),
        ),
        st.builds(Royalty, rate=st.floats(0.001, 1.0), above=st.integers(0, 10**10)),
        st.builds(Agreement, party=SAFE_TEXT),
        st.builds(
            RegionLimit,
            excluded=st.lists(st.sampled_from(["EU", "US", "CN"]), min_size=1, max_size=2).map(tuple),
        ),
        st.builds(OrgLimit, excluded=st.lists(st.sampled_from(ORG_KINDS), min_size=1, max_size=2).map(tuple)),
    )


CONDITION_POOL: tuple[Condition, ...] = (
    Ceiling("mau", 0),
    Ceiling("mau", 700_000_000),
    Ceiling("mau", 1_000_000, Verdict.CONDITIONAL),
    Ceiling("dau", 10**9),
    Ceiling("revenue", 1_000_000),
    Ceiling("revenue", 0, Verdict.CONDITIONAL),
    Royalty(0.1, 1_000_000),
    Royalty(1.0, 0),
    Agreement("Acme (legal)"),
    RegionLimit(("EU",)),
    RegionLimit(("US", "CN")),
    RegionLimit(("DE",)),
    OrgLimit(("military",)),
    OrgLimit(("company", "cloud-provider")),
)
# A license's decision on each of the six uses, packed in one integer (one draw, not six):
# digit k in base 5 is the decision on USES[k]; 4 means the license has no rule for it.
PLAIN = (Verdict.ALLOWED, Verdict.CONDITIONAL, Verdict.DENIED, Verdict.UNKNOWN)


@st.composite
def licenses(draw: st.DrawFn, license_id: str) -> License:
    packed = draw(st.integers(0, 5 ** len(USES) - 1))
    rules: dict[str, UseRule] = {}
    for use in USES:
        packed, digit = divmod(packed, 5)
        if digit == 4:
            continue  # an unlisted use is unknown
        decision = PLAIN[digit]
        found: tuple[Condition, ...] = ()
        if decision is Verdict.CONDITIONAL:
            found = tuple(draw(st.lists(st.sampled_from(CONDITION_POOL), min_size=1, max_size=2)))
        rules[use] = UseRule(use, decision, f"§{use}", found, location=Location(f"{license_id}.yaml", 2))
    return License(
        id=license_id,
        name=license_id.upper(),
        url="https://example.com",
        family=draw(st.sampled_from(list(Family))),
        inherit=draw(st.booleans()),
        uses=rules,
        obligations=(),
        sources=(Source("https://example.com"),),
        checked=date(2026, 1, 1),
        location=Location(f"{license_id}.yaml", 1),
    )


EU = Region("EU", "European Union", frozenset({"DE", "FR"}))
VOCABULARY = {u: Use(u, u, commercial=(u == "commercial")) for u in USES}


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    """A small RuleSet, as the loader would accept it: licenses, datasets, models whose license
    history is in date order and whose lineage has no cycles."""
    license_ids = [f"lic{i}" for i in range(draw(st.integers(1, 4)))]
    found = {lid: draw(licenses(lid)) for lid in license_ids}
    datasets = {
        f"data{i}": Dataset(f"data{i}", f"data {i}", draw(st.sampled_from(license_ids)), (), date(2026, 1, 1))
        for i in range(draw(st.integers(0, 2)))
    }
    models: dict[str, Model] = {}
    for i in range(draw(st.integers(1, 5))):
        offsets = sorted(set(draw(st.lists(st.integers(0, 4000), min_size=1, max_size=3))))
        periods = [
            LicensePeriod(draw(st.sampled_from(license_ids)), date.fromordinal(FIRST_DAY + offset))
            for offset in offsets
        ]
        if draw(st.booleans()):
            periods[0] = periods[0]._replace(start=None)
        model_id = f"model{i}"
        bases = (
            tuple(draw(st.lists(st.sampled_from(list(models)), unique=True, max_size=2))) if models else ()
        )
        models[model_id] = Model(
            id=model_id,
            name=model_id,
            publisher="p",
            licenses=tuple(periods),
            sources=(),
            checked=date(2026, 1, 1),
            aliases=(f"org/{model_id}",),
            base=bases,
            datasets=(draw(st.sampled_from(list(datasets))),)
            if len(datasets) > 0 and draw(st.booleans())
            else (),
            location=Location("models.yaml", i + 1),
        )
    names = {name.lower(): m.id for m in models.values() for name in (m.id, *m.aliases)}
    return RuleSet(
        uses=dict(VOCABULARY),
        regions={"EU": EU},
        licenses=found,
        models=models,
        datasets=datasets,
        names=names,
        license_names={lid: lid for lid in license_ids},
    )
