"""The command line: the Typer app, the global options, and the one place where outcomes and
licheck's own errors become exit codes.

Each command lives in its own module under `licheck.commands`; only the module of the command
being run is imported and built, so start-up stays flat as commands are added.

Exit codes, the same for every command: 0 allowed / passed, 1 denied, unknown or failed (or
conditional with --strict), 2 bad usage or bad input, 3 an internal error (a bug), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Annotated, Any

import typer
from typer import _click as click
from typer._types import TyperChoice
from typer.core import TyperCommand, TyperGroup

from licheck import __version__
from licheck.core.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LicheckError

# command -> (module, attribute): a command function, or a Typer app for a group of commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "model": ("licheck.commands.model", "model"),
    "explain": ("licheck.commands.model", "explain"),
    "inspect": ("licheck.commands.inspect", "inspect"),
    "check": ("licheck.commands.check", "check"),
    "scan": ("licheck.commands.scan", "scan"),
    "lock": ("licheck.commands.check", "lock"),
    "init": ("licheck.commands.check", "init"),
    "notice": ("licheck.commands.notice", "notice"),
    "compare": ("licheck.commands.compare", "compare"),
    "list": ("licheck.commands.catalog", "list_models"),
    "license": ("licheck.commands.catalog", "license_terms"),
    "rules": ("licheck.commands.rules", "app"),
}


EPILOG = "Global options (-q, -v, --color WHEN) go before or after the command."
GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose"})


def _global(word: str) -> bool:
    """A global flag: -q, -v, their long names, or short ones run together (-qv)."""
    return word in GLOBAL_FLAGS or (
        len(word) > 2 and word[0] == "-" and word[1] != "-" and set(word[1:]) <= {"q", "v"}
    )


def hoisted(args: list[str]) -> list[str]:
    """The global options (-q, -v, --color WHEN) moved in front of the command when they are given
    after it (`licheck model X --use commercial -q`), as pip-audit and cargo-deny accept them;
    nothing after `--` is touched."""
    name = _command_name(args)
    if name is None:
        return args
    start = args.index(name)
    front, rest, skip = args[:start], [], False
    for i, word in enumerate(args[start:], start):
        if skip:
            front.append(word)
            skip = False
        elif word == "--":
            rest.extend(args[i:])
            break
        elif _global(word) or word.startswith("--color="):
            front.append(word)
        elif word == "--color" and i + 1 < len(args):
            front.append(word)
            skip = True
        else:
            rest.append(word)
    return front + rest


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


class _Group(TyperGroup):
    """Runs the app and maps every way it can end to one exit code and, for errors, one line.

    Typer would draw usage errors as boxed panels; CI logs want one plain line, as licheck's own
    errors are written. Tests (CliRunner) and the console script both come through here.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoisted(args))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            _err(error.ctx.get_help())
            sys.exit(EXIT_USAGE)
        except click.exceptions.UsageError as error:
            path = error.ctx.command_path if error.ctx is not None else "licheck"
            command = path.removeprefix("licheck").strip()
            where = f"{command}: " if command else ""
            _err(f"licheck: error: {where}{error.format_message()} (see `{path} --help`)")
            sys.exit(EXIT_USAGE)
        except click.exceptions.ClickException as error:
            _err(f"licheck: error: {error.format_message()}")
            sys.exit(error.exit_code)
        except typer.Abort:
            _err("licheck: interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except LicheckError as error:
            _err(f"licheck: error: {error}")
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            _err("licheck: interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as error:  # a bug: say so plainly, no traceback unless asked
            if os.environ.get("LICHECK_DEBUG"):
                raise
            _err(
                f"licheck: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in licheck; please report it (set LICHECK_DEBUG=1 for a traceback)."
            )
            sys.exit(EXIT_INTERNAL)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class _Command(TyperCommand):
    """A command whose usage line names a required argument as `MODEL`, not Typer's `{MODEL}`."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_unbraced(piece) for piece in super().collect_usage_pieces(ctx)]


def _unbraced(piece: str) -> str:
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece


APP_SETTINGS: dict[str, Any] = {
    "name": "licheck",
    "cls": _Group,
    "help": "Does the license of an open-weight AI model allow what you are about to do with it?",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"licheck {__version__}\n")
        raise typer.Exit(EXIT_OK)


def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the report: no notes, summary or progress.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say more on stderr: where the rules came from.")
    ] = False,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="Colour: auto (on a terminal, unless NO_COLOR), always, never.",
            click_type=TyperChoice(["auto", "always", "never"]),
        ),
    ] = "auto",
) -> None:
    """Check open-weight model licenses against what you are about to do."""
    from licheck.commands import output

    output.configure(quiet=quiet, verbose=verbose, color=color)


def build(names: list[str] | None = None) -> typer.Typer:
    """The app with the named commands (default: all of them), in the registry's order."""
    app = typer.Typer(**APP_SETTINGS)
    app.callback()(main_options)
    for name in names or list(COMMANDS):
        module, attribute = COMMANDS[name]
        found = getattr(import_module(module), attribute)
        if isinstance(found, typer.Typer):
            for info in found.registered_commands:  # `licheck rules validate --help` says it too
                info.epilog = info.epilog or EPILOG
                info.cls = info.cls or _Command
            app.add_typer(found, name=name, epilog=EPILOG)
        else:
            app.command(name, cls=_Command, epilog=EPILOG)(found)
    return app


def __getattr__(name: str) -> Any:
    """`licheck.cli.app`: the whole app, built on first use (tests, documentation)."""
    if name == "app":
        return build()
    raise AttributeError(name)


def _command_name(argv: list[str]) -> str | None:
    """The command a command line runs: the first word that is not a global option."""
    takes_value = {"--color"}
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in takes_value:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def main() -> None:
    argv = sys.argv[1:]
    if len(argv) == 2 and argv[0] == "--show-completion" and argv[1] in SHELLS:
        # Typer detects the running shell; asked for one by name, print that one's script.
        from typer._completion_shared import get_completion_script

        sys.stdout.write(
            get_completion_script(prog_name="licheck", complete_var="_LICHECK_COMPLETE", shell=argv[1]) + "\n"
        )
        sys.exit(EXIT_OK)
    name = _command_name(argv)
    single = name if name in COMMANDS and "_LICHECK_COMPLETE" not in os.environ else None
    build([single] if single else None)(prog_name="licheck")
