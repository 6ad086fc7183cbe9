"""Every finding code, with its default level and what it means.

The README's table of codes and the SARIF rules are generated from this one enum, so a code is
defined once. The level is the default: the policy can raise or lower some (see gate.py).
"""

from __future__ import annotations

import enum


class Level(enum.StrEnum):
    ERROR = "error"  # fails the check
    WARNING = "warning"  # reported, does not fail
    NOTE = "note"  # for the record (an exception that applied)


class Code(enum.StrEnum):
    """A finding's code: `Code.USE_DENIED == "use-denied"`."""

    USE_DENIED = "use-denied"
    USE_UNKNOWN = "use-unknown"
    USE_CONDITIONAL = "use-conditional"
    MODEL_UNKNOWN = "model-unknown"
    MODEL_UNDECLARED = "model-undeclared"
    MODEL_BY_NAME = "model-by-name"
    MODEL_DUPLICATE = "model-duplicate"
    LICENSE_DENIED = "license-denied"
    LICENSE_NOT_ALLOWED = "license-not-allowed"
    EVIDENCE_CONFLICT = "evidence-conflict"
    RULES_OVERRIDE = "rules-override"
    AGREEMENT_APPLIED = "agreement-applied"
    AGREEMENT_EXPIRED = "agreement-expired"
    AGREEMENT_NOT_COUNTED = "agreement-not-counted"
    EXCEPTION_APPLIED = "exception-applied"
    EXCEPTION_EXPIRED = "exception-expired"
    EXCEPTION_UNUSED = "exception-unused"
    LOCK_LICENSE_CHANGED = "lock-license-changed"
    LOCK_TERMS_CHANGED = "lock-terms-changed"
    LOCK_REVISION_CHANGED = "lock-revision-changed"
    LOCK_MISSING = "lock-missing"
    LOCK_LICENSE_TEXT_CHANGED = "lock-license-text-changed"
    NOTICE_MISSING = "notice-missing"
    NOTICE_STALE = "notice-stale"

    @property
    def level(self) -> Level:
        """The level a finding of this code has unless the policy says otherwise."""
        return _INFO[self][0]

    @property
    def level_text(self) -> str:
        """How the level reads in the README's table, with what changes it."""
        return _INFO[self][1] or str(self.level)

    @property
    def help(self) -> str:
        return _INFO[self][2]


_E, _W, _N = Level.ERROR, Level.WARNING, Level.NOTE

# code -> (default level, the level as the README says it when the policy can change it, meaning)
_INFO: dict[Code, tuple[Level, str, str]] = {
    Code.USE_DENIED: (_E, "", "the license does not allow a declared use"),
    Code.USE_UNKNOWN: (
        _E,
        "error (warning with `allow-unknown`)",
        "the rules do not say whether the license allows a declared use",
    ),
    Code.USE_CONDITIONAL: (
        _W,
        "warning (error with `fail-on-conditional` or `--strict`)",
        "the use is allowed only under conditions the context does not settle",
    ),
    Code.MODEL_UNKNOWN: (
        _E,
        "error (warning with `allow-unknown`)",
        "the model is neither in the rules nor declared by evidence licheck can read",
    ),
    Code.MODEL_UNDECLARED: (_E, "", "a model found in the code is not declared in the manifest"),
    Code.MODEL_BY_NAME: (
        _W,
        "",
        "the model is judged by its name only (a converting publisher's repository): confirm with --online, or refuse it with require-basis",
    ),
    Code.MODEL_DUPLICATE: (
        _W,
        "",
        "the manifest names a model it already named (in the same or another spelling); list it once",
    ),
    Code.LICENSE_DENIED: (_E, "", "the policy denies the model's license or its family"),
    Code.LICENSE_NOT_ALLOWED: (_E, "", "the policy has an allow-list and the license is not on it"),
    Code.EVIDENCE_CONFLICT: (
        _W,
        "",
        "the sources disagree about a model's license (card, rules, file header, base model); "
        "the verdict follows the stricter reading",
    ),
    Code.RULES_OVERRIDE: (
        _E,
        "error (note with `allow-overrides`)",
        "a rule folder or a manifest model replaces a bundled entry",
    ),
    Code.AGREEMENT_APPLIED: (_N, "", "an agreement the team holds grants a use the license does not"),
    Code.AGREEMENT_EXPIRED: (_E, "", "an agreement matched, but it has expired"),
    Code.AGREEMENT_NOT_COUNTED: (
        _E,
        "",
        "an agreement matched, but the policy does not count it: it lacks the `approved-by` that "
        "`require-approval` asks for, or is not on the policy's `allow-agreements`",
    ),
    Code.EXCEPTION_APPLIED: (_N, "", "a policy exception let a failing model pass"),
    Code.EXCEPTION_EXPIRED: (_E, "", "a policy exception matched, but it has expired"),
    Code.EXCEPTION_UNUSED: (_W, "", "a policy exception or agreement matches no model in the manifest"),
    Code.LOCK_LICENSE_CHANGED: (
        _E,
        "",
        "the license in effect differs from the one recorded in licheck.lock",
    ),
    Code.LOCK_TERMS_CHANGED: (_E, "", "the license's terms differ from those recorded in licheck.lock"),
    Code.LOCK_REVISION_CHANGED: (
        _E,
        "",
        "the Hub revision of a model judged from its card differs from the one in licheck.lock",
    ),
    Code.LOCK_MISSING: (_W, "", "the model is not in licheck.lock yet"),
    Code.LOCK_LICENSE_TEXT_CHANGED: (
        _E,
        "",
        "a LICENSE text a verdict rests on differs from the one licheck.lock recorded (upstream, or in the model's folder)",
    ),
    Code.NOTICE_MISSING: (
        _E,
        "",
        "the manifest names a notice file (`notice:`) that does not exist; `licheck notice` writes it",
    ),
    Code.NOTICE_STALE: (
        _E,
        "",
        "the notice file lacks what a model and its uses now require (its name, a notice its license "
        "fixes word for word, the name of a license whose text travels); `licheck notice` renews it",
    ),
}


def markdown_table() -> str:
    """The README's table of finding codes (tests/test_docs.py keeps the README equal to it)."""
    rows = ["| code | level | meaning |", "|---|---|---|"]
    rows += [f"| `{code}` | {code.level_text} | {code.help} |" for code in Code]
    return "\n".join(rows) + "\n"
