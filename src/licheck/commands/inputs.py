"""What a check reads besides its manifest: evidence for the models the rules do not list (the
local Hugging Face cache, the Hub when online), and the models its code uses (`scan:`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from licheck.core.findings import Finding
    from licheck.core.model import RuleSet
    from licheck.evidence.types import Artifact
    from licheck.project.manifest import Manifest
    from licheck.scan.found import Reference


def scanned_models(
    manifest: Manifest, rules: RuleSet
) -> tuple[Manifest, list[Finding], tuple[Reference, ...]]:
    """With `scan:` in the manifest: the models its code uses, added to the manifest's, and a
    model-undeclared finding for each one the manifest does not name."""
    if not manifest.scan:
        return manifest, [], ()
    from licheck.commands.scan import find_references
    from licheck.project import gate as checking
    from licheck.project.manifest import shown_path

    found: list[Finding] = []
    references: list[Reference] = []
    for folder in manifest.scan:
        result = find_references(folder)
        shown = shown_path(folder)
        prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
        manifest, undeclared = checking.with_scanned(manifest, result.references, rules, prefix)
        found += undeclared
        references += [r._replace(file=prefix + r.file) for r in result.references]
    return manifest, found, tuple(references)


def evidence_for(manifest: Manifest, rules: RuleSet, online: bool) -> dict[str, Artifact]:
    """Evidence for every manifest model the rules do not list: the local HF cache, then the Hub
    when the manifest or the command line says online."""
    from licheck.evidence.judge import hub_name
    from licheck.evidence.lookup import find

    found = {}
    for ref in manifest.models:
        if ref.license is None and "/" in ref.name and rules.find_model(ref.name) is None:
            artifact = find(hub_name(ref.name), online or manifest.online)
            if artifact is not None:
                found[ref.name] = artifact
    return found
