"""`licheck notice`: the attribution a release of its models needs, as one file or a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import announce, assess_name, load_rules, must_exist, rules_inputs
from licheck.commands.options import (
    AsOfOpt,
    DauOpt,
    MauOpt,
    OnlineOpt,
    OrgOpt,
    RegionOpt,
    RevenueOpt,
    RulesOpt,
    format_option,
    uses_option,
)
from licheck.commands.output import deliver, note
from licheck.core.errors import UsageError
from licheck.project.context import ContextFlags, check_uses, make_context

if TYPE_CHECKING:
    from licheck.core.model import Assessment, RuleSet
    from licheck.views.notice import NoticeDocument

SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}

_NamesArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[MODEL]...",
        help="Models to write the notice for (with --use); without them, the manifest's models.",
        show_default=False,
    ),
]
_ManifestOpt = Annotated[
    Path | None,
    typer.Option(
        "--manifest", "-m", metavar="FILE", help="The manifest (default: the one in the current folder)."
    ),
]
_OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE|DIR/",
        help="Write the notice to FILE (atomically; - is stdout), or into a folder (an existing one, or "
        "a path ending in /): NOTICE.md (.txt, .html) with the license texts in licenses/ and the "
        "models' own NOTICE files in notices/.",
    ),
]


def notice(
    names: _NamesArg = None,
    manifest_file: _ManifestOpt = None,
    use: Annotated[list[str] | None, uses_option("with MODEL...; without them, the manifest's uses")] = None,
    output_format: Annotated[str, format_option("notice")] = "markdown",
    output: _OutputOpt = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    online: OnlineOpt = False,
) -> int:
    """Write the notices, license texts and to-do list a release of its models needs.

    For a manifest's models and uses (or models named with --use): per model, the notices its
    license and its base models' licenses require word for word, the license texts and upstream
    NOTICE files that travel with it (read from the model's files in the Hugging Face cache, or a
    pinned address with the text's digest), the naming rule for derivatives, and the things to do
    as a checklist. The same inputs give the same bytes. Exit 1 when a model is unknown.
    """
    from licheck.core.notice import notices
    from licheck.evidence.shipped import materials
    from licheck.reporters import Options, reporter
    from licheck.views.notice import document

    flags = ContextFlags(as_of, mau, dau, revenue, region, org)
    inputs = rules_inputs(rules_dirs)
    if names:
        rules, items, source = _named(names, use, flags, rules_dirs, online)
    else:
        rules, items, source, manifest = _manifest(manifest_file, use, flags, rules_dirs, online)
        inputs.append(manifest)  # never written over, even when found in the folder
    if output not in (None, "-"):
        from licheck.files.write import refuse_inputs

        refuse_inputs(output, inputs)
    found = notices(rules, items)
    folder = _folder(output)
    uses = tuple(dict.fromkeys(v.use for item in items for v in item.uses))
    doc = document(found, materials(rules, found), source, uses, folder is not None)
    text = reporter("notice", output_format)(doc, Options())
    if folder is None:
        deliver(text, output, inputs)
    else:
        _write_folder(folder, doc, text, SUFFIX[output_format])
    if output not in (None, "-"):
        note(f"licheck: wrote {output}")
    unknown = [section.name for section in doc.sections if not section.known]
    if unknown:
        note(f"licheck: not in the rules, nothing said for: {', '.join(unknown)}")
    return 1 if unknown else 0


def _named(
    names: list[str], use: list[str] | None, flags: ContextFlags, rules_dirs: list[Path] | None, online: bool
) -> tuple[RuleSet, list[Assessment], str]:
    if not use:
        raise UsageError("notice: with models named on the command line, say their uses with --use")
    rules = load_rules(rules_dirs)
    uses = check_uses(rules, use)
    context = make_context(flags, rules)
    return rules, [assess_name(rules, name, uses, context, online) for name in names], "the command line"


def _manifest(
    manifest_file: Path | None,
    use: list[str] | None,
    flags: ContextFlags,
    rules_dirs: list[Path] | None,
    online: bool,
) -> tuple[RuleSet, list[Assessment], str, Path]:
    from licheck.project.gate import assess_all
    from licheck.project.inputs import Options, Project

    if use:
        raise UsageError(
            "notice: the manifest says the uses; --use goes with models named on the command line"
        )
    must_exist(manifest=manifest_file)
    project = Project.load(manifest_file or Path("."), Options(tuple(rules_dirs or ()), flags, online=online))
    announce(project.rules, project.rules_dirs)
    items = assess_all(project.rules, project.manifest, project.context, project.artifacts)
    return project.rules, items, project.manifest.shown, project.manifest.path


def _folder(output: str | None) -> Path | None:
    """The folder to write into, when --output names one (an existing folder, or a path ending in /)."""
    if output is None or output == "-":
        return None
    path = Path(output)
    return path if output.endswith(("/", "\\")) or path.is_dir() else None


def _write_folder(folder: Path, doc: NoticeDocument, text: str, suffix: str) -> None:
    """The notice, the license texts and the upstream files, each written atomically."""
    from licheck.files.write import write_atomic
    from licheck.views.notice import license_texts, text_file, upstream_file, upstream_files

    files = {f"NOTICE.{suffix}": text}
    files.update({text_file(t.license): t.text for t in license_texts(doc) if t.text is not None})
    files.update({upstream_file(item): item.text for item in upstream_files(doc)})
    for name, content in files.items():
        target = folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(
                f"--output {folder}: cannot make {target.parent}: {error.strerror or error}"
            ) from None
        write_atomic(target, content, f"--output {target}")
