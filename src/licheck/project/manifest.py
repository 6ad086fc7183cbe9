"""Loading a project's manifest (licheck.yaml or [tool.licheck] in pyproject.toml) and policy files.

YAML in, plain typed values out, every problem with its file and line. Models of the project's own
(those that name a `license`) are resolved against the rules later, by the check.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from licheck.cache.serial import Types
from licheck.cache.store import cached, file_key
from licheck.core.errors import InputError, Problem, UsageError
from licheck.core.ids import BadName, model_id, name_key
from licheck.core.model import Family, Location
from licheck.files.textin import read_text, repository_root, shown_path
from licheck.rulesdb.entry import DOMAIN

MANIFEST_NAMES = ("licheck.yaml", "licheck.yml", ".licheck.yaml", ".licheck.yml")


class ModelRef(NamedTuple):
    """A model named in a manifest."""

    name: str
    location: Location
    uses: tuple[str, ...] | None = None  # instead of the manifest's uses
    license: str | None = None  # a model of the project's own
    base: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    overrides: bool = False  # a model of the project's own that deliberately replaces a known one


class AgreementRef(NamedTuple):
    """An agreement a team holds with a licensor: it grants uses the license itself does not."""

    counterparty: str
    reference: str
    location: Location
    model: str | None = None
    license: str | None = None
    expires: date | None = None
    uses: frozenset[str] | None = None
    licensee: str | None = None  # who holds it (for the BOM's licensing), when the manifest says
    kind: str | None = None  # the kind of license it grants, as CycloneDX names them (subscription...)
    approved_by: str | None = None  # who approved it, where a policy requires approval


class PolicyException(NamedTuple):
    model: str
    reason: str
    location: Location
    approved_by: str | None = None
    expires: date | None = None
    uses: frozenset[str] | None = None


class Policy(NamedTuple):
    allow_families: frozenset[Family] | None = None
    allow_licenses: frozenset[str] | None = None
    deny_families: frozenset[Family] = frozenset()
    deny_licenses: frozenset[str] = frozenset()
    fail_on_conditional: bool = False
    allow_unknown: bool = False
    exceptions: tuple[PolicyException, ...] = ()
    location: Location | None = None
    allow_overrides: bool | frozenset[str] = False
    require_approval: bool = False
    require_basis: str = "name"  # the weakest basis a verdict may rest on (core.model.BASES)
    # agreements relied on: any, none, or these (counterparty, reference or "" for any) lower-cased
    allow_agreements: bool | frozenset[tuple[str, str]] = True

    def may_override(self, model_id: str) -> bool:
        allowed = self.allow_overrides
        return allowed if isinstance(allowed, bool) else name_key(model_id) in allowed


class Manifest(NamedTuple):
    path: Path
    shown: str  # the path as reports name it (relative to the working folder when inside it)
    uses: tuple[str, ...]
    models: tuple[ModelRef, ...]
    context: dict[str, Any]
    rules: tuple[Path, ...] = ()
    policy: Policy | None = None
    agreements: tuple[AgreementRef, ...] = ()
    scan: tuple[Path, ...] = ()  # folders whose code is scanned for model references
    online: bool = False
    notice: tuple[Path, int | None] | None = None  # the committed notice file, and its line here


def manifest_near(folder: Path) -> Manifest | None:
    """The manifest of a folder (for `licheck scan`), or the nearest one above it up to the
    repository's root; None when there is none."""
    if not folder.is_dir():
        return None
    found = next((m for m in map(_manifest_in, upward(folder)) if m is not None), None)
    return load_manifest(found) if found is not None else None


def has_pyproject_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml holds a [tool.licheck] table: a cheap text test, and a parse only
    when the text names licheck otherwise (`[tool . licheck]`, dotted keys). A file that names
    licheck and is not valid TOML is bad input, with its line, never "no manifest"."""
    try:
        text = read_text(pyproject, shown_path(pyproject)) if pyproject.is_file() else ""
    except InputError:
        return False
    if "[tool.licheck]" in text:
        return True
    return "licheck" in text and "licheck" in _toml(text, shown_path(pyproject)).get("tool", {})


def _toml(text: str, shown: str) -> dict[str, Any]:
    """A TOML document, or bad input naming the file, the line and the error."""
    import tomllib

    try:
        return tomllib.loads(text)
    except ValueError as error:  # TOMLDecodeError, or an integer too long to convert
        message = str(error)
        at = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        line = getattr(error, "lineno", None) or (int(at.group(1)) if at else None)
        if at:
            message = f"{message[: at.start()]} (column {at.group(2)})"
        raise InputError([Problem(shown, line, f"not valid TOML: {message}")], shown) from None
    except RecursionError:
        raise InputError([Problem(shown, None, "not valid TOML: nested too deeply")], shown) from None


def find(target: Path) -> Path:
    """The manifest for a path: the file itself, or licheck.yaml / pyproject.toml in a folder."""
    try:
        exists, folder = target.exists(), target.is_dir()
    except (OSError, ValueError) as error:
        raise UsageError(f"{target}: cannot be used: {getattr(error, 'strerror', None) or error}") from None
    if not exists:
        raise UsageError(f"{target}: no such file or folder")
    if not folder:
        return target  # read_text says so when it is not a regular file
    root = repository_root(target.resolve())
    for place in upward(target):
        found = _manifest_in(place)
        if found is not None:
            return found
    pyproject = target / "pyproject.toml"
    if pyproject.is_file():  # the only place left a manifest could be: a syntax error is named
        _toml(read_text(pyproject, shown_path(pyproject)), shown_path(pyproject))
    above = f" or above it up to the repository's root ({shown_path(root)})" if root else ""
    raise UsageError(
        f"no manifest in {shown_path(target)}{above}: expected {' or '.join(MANIFEST_NAMES[:1])} "
        "or a [tool.licheck] table in pyproject.toml; `licheck init` writes a commented one to start from"
    )


def upward(folder: Path) -> list[Path]:
    """A folder and, inside a git repository, each folder above it up to the repository's root
    (as ruff and pre-commit look for their configuration); outside one, the folder alone."""
    root = repository_root(folder.resolve())
    if root is None:
        return [folder]
    places = [folder]
    while places[-1].resolve() != root and places[-1].resolve().parent != places[-1].resolve():
        places.append(places[-1] / "..")
    return [Path(os.path.normpath(place)) for place in places]


def _manifest_in(folder: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        if (folder / name).is_file():
            return folder / name
    return folder / "pyproject.toml" if has_pyproject_table(folder / "pyproject.toml") else None


class _Lines:
    """Where things are in a file: from YAML's own marks, or searched for in a TOML table."""

    def __init__(self, data: Any, text: str | None, section: str | None) -> None:
        self.data, self.text, self.section = data, text, section

    def line(self, path: tuple[Any, ...]) -> int | None:
        if self.text is None:
            from licheck.files.yamlio import line_of

            return line_of(self.data, path)
        lines = self.text.splitlines()
        start = next((i for i, text in enumerate(lines) if text.strip().startswith(f"[{self.section}")), 0)
        needle: Any = self.data
        for step in path:
            needle = needle[step] if isinstance(needle, (dict, list)) else needle
        words = [str(step) for step in path if isinstance(step, str)]
        wanted = needle if isinstance(needle, str) else (words[-1] if words else None)
        if wanted is None:
            return start + 1
        for i in range(start, len(lines)):
            if wanted in lines[i]:
                return i + 1
        return start + 1


def _read(path: Path, shown: str) -> tuple[Any, _Lines]:
    if path.suffix == ".toml":
        text = read_text(path, shown)
        table = _toml(text, shown)
        data = _plain(table.get("tool", {}).get("licheck"))
        if data is None:
            raise InputError([Problem(shown, None, "has no [tool.licheck] table")], shown)
        return data, _Lines(data, text, "tool.licheck")
    from licheck.files import yamlio  # only when the cache is stale

    data, problems = yamlio.parse(read_text(path, shown), shown)
    if problems:
        raise InputError(problems, shown)
    if data is None:
        raise InputError([Problem(shown, None, "is empty")], shown)
    return data, _Lines(data, None, None)


def _plain(value: Any) -> Any:
    """TOML values as YAML would give them: native dates and times become ISO strings."""

    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _dates(
    raw: Any, shown: str, lines: _Lines, path: tuple[Any, ...], problems: list[Problem]
) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(shown, lines.line(path), f"{raw!r} is not a real date"))
        return None


def _policy(
    raw: dict[str, Any], shown: str, lines: _Lines, prefix: tuple[Any, ...], problems: list[Problem]
) -> Policy:
    def families(key: str) -> frozenset[Family] | None:
        return frozenset(Family(f) for f in raw[key]) if key in raw else None

    exceptions = []
    for i, item in enumerate(raw.get("exceptions", ())):
        here = (*prefix, "exceptions", i)
        exceptions.append(
            PolicyException(
                model=item["model"],
                reason=item["reason"],
                location=Location(shown, lines.line(here)),
                approved_by=item.get("approved-by"),
                expires=_dates(item.get("expires"), shown, lines, (*here, "expires"), problems),
                uses=frozenset(item["uses"]) if "uses" in item else None,
            )
        )
    return Policy(
        allow_families=families("allow-families"),
        allow_licenses=frozenset(raw["allow-licenses"]) if "allow-licenses" in raw else None,
        deny_families=families("deny-families") or frozenset(),
        deny_licenses=frozenset(raw.get("deny-licenses", ())),
        fail_on_conditional=bool(raw.get("fail-on-conditional", False)),
        allow_unknown=bool(raw.get("allow-unknown", False)),
        exceptions=tuple(exceptions),
        location=Location(shown, lines.line(prefix) if prefix else 1),
        allow_overrides=_overrides(raw.get("allow-overrides", False)),
        require_approval=bool(raw.get("require-approval", False)),
        require_basis=str(raw.get("require-basis", "name")),
        allow_agreements=_agreements_allowed(raw.get("allow-agreements", True)),
    )


def _overrides(raw: bool | list[str]) -> bool | frozenset[str]:
    return raw if isinstance(raw, bool) else frozenset(name_key(str(item)) for item in raw)


def _agreements_allowed(raw: bool | list[Any]) -> bool | frozenset[tuple[str, str]]:
    """allow-agreements: true, false, or counterparties (a name, or {counterparty, reference})."""
    if isinstance(raw, bool):
        return raw
    pairs = [
        (item, "") if isinstance(item, str) else (item["counterparty"], item.get("reference", ""))
        for item in raw
    ]
    return frozenset((party.strip().lower(), ref.strip().lower()) for party, ref in pairs)


def load_manifest(path: Path) -> Manifest:
    """The manifest at `path`, parsed and validated (served from the cache while the file is unchanged)."""

    shown = shown_path(path)
    types = _types()
    manifest: Manifest = cached(
        "manifest",
        lambda: f"{file_key(path)}\nshown as {shown}",
        lambda: _load_manifest(path, shown),
        types.flatten,
        types.restore,
    )
    return manifest


def load_policy(path: Path) -> Policy:
    """A policy file, parsed and validated (served from the cache while the file is unchanged)."""

    shown = shown_path(path)
    types = _types()
    policy: Policy = cached(
        "policy",
        lambda: f"{file_key(path)}\nshown as {shown}",
        lambda: _load_policy(path, shown),
        types.flatten,
        types.restore,
    )
    return policy


def _types() -> Types:
    """What a cached manifest or policy may hold: the domain's types and the manifest's own."""

    return DOMAIN + Types(ModelRef, PolicyException, Policy, Manifest, AgreementRef)


def _load_manifest(path: Path, shown: str) -> Manifest:
    data, lines = _read(path, shown)
    _check_schema(data, shown, lines)
    problems: list[Problem] = []  # in the order of the file's sections
    models = _model_refs(data["models"], shown, lines, problems)
    context = _context(data.get("context", {}), shown, lines, problems)
    policy = _policy(data["policy"], shown, lines, ("policy",), problems) if "policy" in data else None
    agreements = _agreements(data.get("agreements", ()), shown, lines, problems)
    folders = _rules_folders(data.get("rules", ()), path, shown, lines, problems)
    scan_paths = _scan_paths(data.get("scan", False), path, shown, lines, problems)
    notice = (_inside(path.parent, data["notice"]), lines.line(("notice",))) if "notice" in data else None
    if notice is not None and notice[0] is None:
        problems.append(Problem(shown, notice[1], f"notice: {data['notice']!r} is outside the repository"))
    if problems:
        raise InputError(problems, shown)
    return Manifest(
        path,
        shown,
        tuple(data["uses"]),
        models,
        context,
        folders,
        policy,
        agreements,
        scan_paths,
        bool(data.get("online", False)),
        None if notice is None or notice[0] is None else (notice[0], notice[1]),
    )


def _check_schema(data: Any, shown: str, lines: _Lines) -> None:
    """Raise the manifest schema's problems, if any (for TOML, with the lines searched for)."""
    from licheck.files.schema import schema_problems

    problems = schema_problems(data, shown, "manifest")
    if problems:
        if lines.text is not None:  # TOML: find the lines by searching the table
            problems = [p._replace(line=p.line or lines.line(())) for p in problems]
        raise InputError(problems, shown)


def _model_refs(raw: list[Any], shown: str, lines: _Lines, problems: list[Problem]) -> tuple[ModelRef, ...]:
    """The manifest's models: a name alone, or a table (a model of the project's own, or one with
    uses of its own); a name that cannot be a model id is a problem."""
    models = []
    for i, item in enumerate(raw):
        where = Location(shown, lines.line(("models", i)))
        name = item if isinstance(item, str) else item["id"]
        try:
            model_id(name)
        except BadName as error:
            problems.append(Problem(shown, where.line, str(error)))
        models.append(_model_ref(item, where))
    return tuple(models)


def _model_ref(item: str | dict[str, Any], where: Location) -> ModelRef:
    if isinstance(item, str):
        return ModelRef(item, where)
    return ModelRef(
        item["id"],
        where,
        tuple(item["uses"]) if "uses" in item else None,
        item.get("license"),
        tuple(item.get("base", ())),
        tuple(item.get("datasets", ())),
        bool(item.get("overrides", False)),
    )


def _context(raw: dict[str, Any], shown: str, lines: _Lines, problems: list[Problem]) -> dict[str, Any]:
    """The manifest's context, its `as-of` read as a date."""
    context = dict(raw)
    if "as-of" in context:
        context["as-of"] = _dates(context["as-of"], shown, lines, ("context", "as-of"), problems)
    return context


def _agreements(
    raw: list[dict[str, Any]], shown: str, lines: _Lines, problems: list[Problem]
) -> tuple[AgreementRef, ...]:
    return tuple(
        AgreementRef(
            counterparty=item["counterparty"],
            reference=item["reference"],
            location=Location(shown, lines.line(("agreements", i))),
            model=item.get("model"),
            license=item.get("license"),
            expires=_dates(item.get("expires"), shown, lines, ("agreements", i, "expires"), problems),
            uses=frozenset(item["uses"]) if "uses" in item else None,
            licensee=item.get("licensee"),
            kind=item.get("type"),
            approved_by=item.get("approved-by"),
        )
        for i, item in enumerate(raw)
    )


def _rules_folders(
    raw: list[str], path: Path, shown: str, lines: _Lines, problems: list[Problem]
) -> tuple[Path, ...]:
    """The manifest's rules folders, each of which must be inside the manifest's folder."""
    folders = []
    for i, folder in enumerate(raw):
        inside = _inside(path.parent, folder)
        if inside is None:
            problems.append(
                Problem(
                    shown,
                    lines.line(("rules", i)),
                    f"rules: {folder!r} is not a folder inside the repository ({path.parent})",
                )
            )
        else:
            folders.append(inside)
    return tuple(folders)


def _scan_paths(
    scan: bool | list[str], path: Path, shown: str, lines: _Lines, problems: list[Problem]
) -> tuple[Path, ...]:
    """The folders whose code is scanned: the manifest's folder (`scan: true`), or those listed,
    each of which must be inside it."""
    scan_paths: tuple[Path, ...] = (path.parent,) if scan is True else ()
    for i, folder in enumerate(scan if isinstance(scan, list) else ()):
        inside = _inside(path.parent, folder)
        if inside is None:
            line = lines.line(("scan", i))
            problems.append(Problem(shown, line, f"scan: {folder!r} is not a folder inside the repository"))
        else:
            scan_paths += (inside,)
    return scan_paths


def _inside(root: Path, folder: str) -> Path | None:
    """`folder` (relative to the manifest) resolved, or None when it leaves the manifest's folder
    or cannot be a path at all (a NUL in it, a name too long)."""
    try:
        base = root.resolve()
        target = (root / folder).resolve()
    except (OSError, ValueError):
        return None
    return target if target == base or base in target.parents else None


def _load_policy(path: Path, shown: str) -> Policy:
    from licheck.files.schema import schema_problems

    data, lines = _read(path, shown)
    problems = schema_problems(data, shown, "manifest#policy-file")
    if problems:
        raise InputError(problems, shown)
    found: list[Problem] = []
    policy = _policy(data, shown, lines, (), found)
    if found:
        raise InputError(found, shown)
    return policy
