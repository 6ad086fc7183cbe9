"""What several commands share: the rules they load (and what is said about them), the scan with
its progress line, names and the exit code of a verdict. Context values are parsed in
project/context.py; the options themselves are declared in options.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from licheck.core.errors import UnknownName, UsageError
from licheck.core.ids import BadName

if TYPE_CHECKING:
    from licheck.core.model import Assessment, Context, License, RuleSet, Verdict
    from licheck.rulesdb import RulesDir
    from licheck.scan.found import ScanResult


def load_rules(extra: list[Path] | None, from_manifest: tuple[Path, ...] = ()) -> RuleSet:
    """The bundled rules with the user's rule folders on top, each override said once."""
    from licheck.project.rulefolders import load_rules as load
    from licheck.project.rulefolders import rule_dirs

    directories = rule_dirs(extra, from_manifest)
    rules = load(directories)
    announce(rules, directories)
    return rules


def must_exist(**paths: Path | None) -> None:
    """One message for every path option that names nothing, `--policy X: no such file` (a
    `..._dir` option: no such folder), exit 2, before any work."""
    for name, path in paths.items():
        if path is not None and not os.path.lexists(path):
            kind = "folder" if name.endswith("_dir") else "file"
            raise UsageError(f"--{name.replace('_', '-')} {path}: no such {kind}")


def announce(rules: RuleSet, directories: tuple[RulesDir, ...]) -> None:
    """What a run should say about the rules it loaded: where from (-v), and each override."""
    from licheck.commands.output import note, verbose

    verbose(f"licheck: rules from {', '.join(str(d.path) for d in directories)}")
    for override in rules.overrides:
        note(f"licheck: note: {override}")


def find_references(root: Path) -> ScanResult:
    """The scan of a folder, with a progress line on a terminal; Ctrl-C keeps what was found."""
    from licheck.commands.output import progress
    from licheck.scan import scan as walk

    if not root.exists():
        raise UsageError(f"{root}: no such file or folder")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    with progress(f"licheck: scanning {root} for model references"):
        return walk(root)


def rules_inputs(*folders: tuple[Path, ...] | list[Path] | None) -> list[Path]:
    """The rule folders a run reads, the bundled one included: --output may not write into them."""
    from licheck.rulesdb import bundled_dir

    return [bundled_dir().path, *(path for group in folders for path in group or ())]


def model_name(text: str) -> str:
    """A MODEL argument, checked: a mixed-script name is bad usage, not an unknown model."""
    from licheck.core.ids import model_id

    try:
        model_id(text)
    except BadName as error:
        raise UsageError(f"model {error}") from None
    return text


def assess_name(
    rules: RuleSet,
    name: str,
    uses: tuple[str, ...],
    context: Context,
    online: bool = False,
    strict: bool = False,
) -> Assessment:
    """A model by name: its reviewed entry (or the Ollama library's), else what it declares in the
    local Hugging Face cache (offline, always), else on the Hub when `online`, else by the name a
    converting publisher gave it (refused with `strict`); else unknown, with close names."""
    from licheck.core.engine import assess, assess_by_name, name_conflict, refuse_basis, with_alternatives

    item = assess(rules, model_name(name), uses, context)
    if item.model is None and "/" in name:
        from licheck.evidence.judge import judge_chain
        from licheck.evidence.lookup import gather
        from licheck.evidence.mapping import hub_name

        chain = gather(hub_name(name), online, lambda base: rules.find_model(base) is not None)
        if chain is not None:
            judged = judge_chain(chain, rules, uses, context).assessment
            if judged.basis is not None:
                item = name_conflict(rules, judged._replace(query=name, suggestions=()))
    if item.model is None:
        by_name = assess_by_name(rules, name, uses, context)
        item = by_name._replace(suggestions=()) if by_name is not None else item
    if strict:
        item = refuse_basis(item, "locked")
    return with_alternatives(rules, item)


def find_license(rules: RuleSet, name: str) -> License:
    """A license by id or alias; not in the rules is an `unknown` answer (exit 1), with the
    closest names when some are close."""
    import difflib

    lic = rules.find_license(name)
    if lic is None:
        close = difflib.get_close_matches(name.lower(), list(rules.license_names), n=3, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(dict.fromkeys(rules.license_names[c] for c in close))}?"
            if close
            else ""
        )
        raise UnknownName(f"license {name!r} is not in the rules{hint} (`licheck license --list` lists them)")
    return lic


def verdict_exit(verdict: Verdict, strict: bool) -> int:
    """0 allowed (or conditional), 1 denied, unknown, or conditional with --strict."""
    from licheck.core.model import Verdict

    if verdict is Verdict.ALLOWED or (verdict is Verdict.CONDITIONAL and not strict):
        return 0
    return 1
