"""licheck's own error types. The CLI maps each to an exit code in one place."""

from __future__ import annotations

from typing import NamedTuple

# The exit codes, the same for every command (README "Exit codes"): 0 allowed or passing, 1 denied,
# unknown or failing, 2 bad usage or bad input, 3 an internal error, 130 interrupted.
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class Problem(NamedTuple):
    """One thing wrong with an input file, with where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class LicheckError(Exception):
    """Base of every error licheck reports as bad input or bad usage (exit code 2)."""

    exit_code = EXIT_USAGE


class UsageError(LicheckError):
    """A flag or argument the user gave is wrong."""


class InputError(LicheckError):
    """One or more input files (rules, manifests, policies) are invalid; every problem is listed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], what: str = "input") -> None:
        self.problems = tuple(problems)
        self.what = what
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {what}"
        super().__init__("\n".join([head + ":", *(f"  {p}" for p in self.problems)]))


class RulesError(InputError):
    """The rule files are invalid."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        super().__init__(problems, "the rules")


class UnknownName(LicheckError):
    """A name on the command line is not in the rules: an `unknown` answer, not bad usage."""

    exit_code = 1
