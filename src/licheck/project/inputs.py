"""One place that assembles a project for every command that reads one (`check`, `lock`, `scan`,
`explain --manifest`): its manifest, the rules it names, its context, policies and lock, the
models its code uses (`scan:`), and evidence for the models the rules do not list."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from licheck.core.errors import InputError
from licheck.core.model import BASES, Location
from licheck.evidence.lookup import gather
from licheck.evidence.mapping import hub_name
from licheck.evidence.types import Chain
from licheck.files.textin import read_text, shown_path
from licheck.project import lock as locking
from licheck.project import manifest as manifests
from licheck.project.context import ContextFlags, context_of, make_context
from licheck.project.gate import run, with_scanned
from licheck.project.manifest import (
    Manifest,
    ModelRef,
    Policy,
    load_policy,
    manifest_near,
)
from licheck.project.rulefolders import load_rules, rule_dirs
from licheck.rulesdb import RulesDir, rules_digest

if TYPE_CHECKING:
    from licheck.core.findings import Finding
    from licheck.core.model import Context, RuleSet
    from licheck.evidence.sbom import SbomDocument
    from licheck.project.lock import Lock
    from licheck.project.manifest import Manifest, Policy
    from licheck.project.report import CheckReport
    from licheck.rulesdb import RulesDir
    from licheck.scan.found import Reference, ScanResult

Scanner = Callable[[Path], "ScanResult"]  # a folder to the references its code makes


class Options(NamedTuple):
    """What the command line adds to a project: rule folders, context, policies, lock, network."""

    rules_dirs: tuple[Path, ...] = ()
    flags: ContextFlags = ContextFlags()
    policy_file: Path | None = None
    lock_file: Path | None = None
    strict: bool = False
    online: bool = False
    read_lock: bool = True  # `licheck lock` writes the lock anew: it does not read the old one


class Project(NamedTuple):
    """A project as a check sees it, assembled once."""

    manifest: Manifest
    rules: RuleSet
    rules_dirs: tuple[RulesDir, ...]
    context: Context
    policy: Policy
    organisation: Policy | None
    lock: Lock | None
    artifacts: dict[str, Chain]  # evidence of the models the rules do not list, with their bases'
    undeclared: tuple[Finding, ...] = ()
    references: tuple[Reference, ...] = ()
    notice: str | None = None  # the text of the manifest's notice file (None: absent, or none named)
    skipped: tuple[tuple[str, str], ...] | None = None  # what the scan did not read; None: no scan

    @classmethod
    def load(cls, target: Path, options: Options, scanner: Scanner | None = None) -> Project:
        """The project of a manifest (or of the folder that holds it). With a scanner, the models
        its code uses (`scan:` in the manifest) join its own, each undeclared one a finding."""

        manifest = manifests.load_manifest(manifests.find(target))
        directories = rule_dirs(options.rules_dirs, manifest.rules)
        rules = load_rules(directories)
        undeclared: list[Finding] = []
        references: tuple[Reference, ...] = ()
        skipped = None
        if scanner is not None and manifest.scan:
            own = own_inputs(manifest, options)
            manifest, undeclared, references, skipped = scanned_models(manifest, rules, scanner, own)
        lock = _lock(manifest, options.lock_file) if options.read_lock else _old_lock(manifest)
        return cls(
            manifest,
            rules,
            directories,
            context_of(manifest, rules, options.flags),
            _policy(manifest, options.strict),
            _organisation(options.policy_file),
            lock if options.read_lock else None,
            evidence_for(manifest, rules, options.online, lock),
            tuple(undeclared),
            references,
            _notice(manifest),
            skipped,
        )

    def check(self, today: date) -> CheckReport:
        """The check of the whole project: every model for its uses, through its policies, its
        agreements and its lock; with the references its code makes and the rules' digest."""

        report = run(
            self.rules,
            self.manifest,
            self.policy,
            self.context,
            today,
            self.lock,
            self.organisation,
            self.artifacts,
            self.undeclared,
            self.notice,
        )
        return report._replace(
            references=self.references, rules_digest=rules_digest(list(self.rules_dirs)), skipped=self.skipped
        )

    @classmethod
    def of_scan(
        cls, folder: Path, result: ScanResult, uses: tuple[str, ...], options: Options, rules: RuleSet
    ) -> Project:
        """The project `licheck scan` judges: the models a folder's code uses, with the context,
        policy, agreements, rule folders and `online` of the manifest of the folder (or above it)
        when it has one (flags win); what licheck's own inputs name is not code."""

        near = manifest_near(folder)
        shown = shown_path(folder)
        prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
        base = Manifest(folder / "licheck.yaml", shown, uses, (), near.context if near else {})
        if near is not None:  # its agreements count as in `check`; its own files are no code
            base = base._replace(agreements=near.agreements)
            result = _without(result, folder, own_inputs(near, options))
        scanned, _ = with_scanned(base, result.references, rules, prefix)
        references = tuple(r._replace(file=prefix + r.file) for r in result.references)
        skipped = tuple((prefix + file, why) for file, why in result.skipped)
        return cls(
            scanned,
            rules,
            rule_dirs(options.rules_dirs, near.rules if near else ()),
            context_of(near, rules, options.flags) if near else make_context(options.flags, rules),
            _policy(near, options.strict),
            _organisation(options.policy_file),
            None,
            evidence_for(scanned, rules, options.online or bool(near and near.online)),
            (),
            references,
            skipped=skipped,
        )

    @classmethod
    def of_sbom(
        cls, document: SbomDocument, near: Manifest | None, uses: tuple[str, ...], options: Options
    ) -> Project:
        """The project `licheck check --sbom` judges: the models another tool's BOM lists, each with
        what the document declares about it, under the uses, context, policy and agreements of the
        manifest beside it when there is one (flags win)."""

        directories = rule_dirs(options.rules_dirs, near.rules if near else ())
        rules = load_rules(directories)
        models: dict[str, ModelRef] = {}
        artifacts: dict[str, Chain] = {}
        for item in document.models:  # a model the document lists twice is checked once
            if item.name.lower() not in models:
                models[item.name.lower()] = ModelRef(item.name, Location(document.path, item.line))
                artifacts[item.name] = Chain((item.artifact,))
        manifest = Manifest(
            Path(document.path),
            document.path,
            uses,
            tuple(models.values()),
            near.context if near else {},
            near.rules if near else (),
            near.policy if near else None,
            near.agreements if near else (),
        )
        return cls(
            manifest,
            rules,
            directories,
            context_of(manifest, rules, options.flags),
            _policy(near, options.strict),
            _organisation(options.policy_file),
            None,
            artifacts,
        )


def _policy(manifest: Manifest | None, strict: bool) -> Policy:
    """The project's policy; `--strict` fails on conditional verdicts and refuses a verdict by name."""
    policy = manifest.policy if manifest is not None and manifest.policy else Policy()
    if not strict:
        return policy
    weakest = min(policy.require_basis, "locked", key=BASES.index)
    return policy._replace(fail_on_conditional=True, require_basis=weakest)


def _organisation(policy_file: Path | None) -> Policy | None:
    return load_policy(policy_file) if policy_file is not None else None


def _old_lock(manifest: Manifest) -> Lock | None:
    """The lock `licheck lock` is about to replace, for the evidence it recorded; a damaged or
    missing one is simply not there (it is being written anew)."""
    try:
        return _lock(manifest, None)
    except InputError:
        return None


def _notice(manifest: Manifest) -> str | None:
    """The text of the notice file the manifest names; None when it names none or it is absent
    (a file that is there but cannot be read is bad input)."""
    if manifest.notice is None or not os.path.lexists(manifest.notice[0]):
        return None
    return read_text(manifest.notice[0], "notice")


def _lock(manifest: Manifest, lock_file: Path | None) -> Lock | None:

    lock_path = lock_file or manifest.path.parent / locking.LOCK_NAME
    if lock_file is None and not os.path.lexists(lock_path):
        return None
    return locking.parse(read_text(lock_path, "--lock"), shown_path(lock_path))


OwnInput = Callable[[Path, int], bool]  # whether a file (at a line) is one of licheck's inputs


def own_inputs(manifest: Manifest, options: Options) -> OwnInput:
    """licheck's own inputs in a project, which name models without using them: the manifest (of
    a pyproject.toml, only its [tool.licheck] table), its lock, the policy files, the notice file and
    the rule folders. A scan does not count what they name as used in the code."""
    files = {manifest.path, options.lock_file or manifest.path.parent / locking.LOCK_NAME}
    files |= {p for p in (options.policy_file, manifest.notice[0] if manifest.notice else None) if p}
    folders = [*options.rules_dirs, *manifest.rules]
    table = _tool_table(manifest.path) if manifest.path.name == "pyproject.toml" else None
    known = {_real(p) for p in files}
    within = [_real(p) for p in folders]
    manifest_file = _real(manifest.path)

    def own(path: Path, line: int) -> bool:
        real = _real(path)
        if real == manifest_file and table is not None:
            return line in table
        return real in known or any(real.is_relative_to(f) for f in within)

    return own


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _tool_table(pyproject: Path) -> range:
    """The lines of a pyproject.toml's [tool.licheck] table (with its sub-tables)."""
    lines = read_text(pyproject, "manifest").splitlines()
    start = end = 0
    for number, line in enumerate(lines, 1):
        header = line.strip()
        if header.startswith("["):
            inside = header.strip("[] ").startswith("tool.licheck")
            if inside and not start:
                start = number
            elif start and not inside:
                end = number
                break
    return range(start, end or len(lines) + 1) if start else range(0)


def _without(result: ScanResult, folder: Path, own: OwnInput) -> ScanResult:
    kept = tuple(r for r in result.references if not own(folder / r.file, r.line))
    return result._replace(references=kept)


def scanned_models(
    manifest: Manifest, rules: RuleSet, scanner: Scanner, own: OwnInput = lambda _p, _l: False
) -> tuple[Manifest, list[Finding], tuple[Reference, ...], tuple[tuple[str, str], ...]]:
    """With `scan:` in the manifest: the models its code uses (what licheck's own inputs name
    does not count), added to the manifest's, a model-undeclared finding for each one the manifest
    does not name, and what the scan skipped."""
    found: list[Finding] = []
    references: list[Reference] = []
    skipped: list[tuple[str, str]] = []
    for folder in manifest.scan:
        result = _without(scanner(folder), folder, own)
        shown = shown_path(folder)
        prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
        manifest, undeclared = with_scanned(manifest, result.references, rules, prefix)
        found += undeclared
        references += [r._replace(file=prefix + r.file) for r in result.references]
        skipped += [(prefix + file, why) for file, why in result.skipped]
    return manifest, found, tuple(references), tuple(skipped)


def evidence_for(
    manifest: Manifest, rules: RuleSet, online: bool, lock: Lock | None = None
) -> dict[str, Chain]:
    """Evidence for every manifest model the rules do not list, with its bases' up the chain: the
    Hub when the manifest or the command line says online (asked now), else the local HF cache,
    else what the lock recorded of it (a machine with no cache and no network judges the same)."""
    found = {}
    for ref in manifest.models:
        if ref.license is None and "/" in ref.name and rules.find_model(ref.name) is None:
            chain = gather(
                hub_name(ref.name), online or manifest.online, lambda base: rules.find_model(base) is not None
            )
            entry = lock.entry(ref.name) if lock is not None and chain is None else None
            chain = chain or (locking.chain_of(entry, lock.shown) if entry and lock else None)
            if chain is not None:
                found[ref.name] = chain
    return found
