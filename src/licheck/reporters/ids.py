"""Plain ids, one a line: for shell pipelines (`licheck list --format ids | xargs ...`)."""

from __future__ import annotations

from licheck.views.reports import ModelList


def render_list(view: ModelList, options: object = None) -> str:
    return "".join(f"{row.model.id}\n" for row in view.rows)
