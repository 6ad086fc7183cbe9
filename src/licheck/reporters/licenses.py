"""`licheck license --list`: every license of the rules, a line each: id, family, name and how
many models are under it."""

from __future__ import annotations

from licheck import __version__
from licheck.reporters import Options
from licheck.reporters.jsonout import SCHEMA_VERSION, dump
from licheck.reporters.text import Plain, render, wrap
from licheck.views.reports import LicenseList


def render_table(view: LicenseList, options: Options) -> str:
    rows = view.rows
    lines = [f"{len(rows)} licenses (licheck license ID shows one's terms, use by use)"]
    id_width = min(max((len(row[0]) for row in rows), default=2), 24)  # a longer id: a line of its own
    if id_width + 2 > options.width - 30:  # too narrow for a column of ids: the name under the id
        id_width = 0
    for license_id, family, name, models in rows:
        if len(license_id) > id_width:
            lines.append(license_id)
            license_id = ""
        text = f"{name} ({family}; {models} model{'s' * (models != 1)})"
        lines += wrap(
            text, options.width, max(id_width + 2, 4), f"{license_id:<{id_width}}  " if id_width else ""
        )
    return render([Plain("\n".join(lines))], options.color, options.width)


def render_json(view: LicenseList, options: object = None) -> str:
    return dump(
        {
            "schema_version": SCHEMA_VERSION,
            "licheck_version": __version__,
            "count": len(view.rows),
            "licenses": [
                {"license": license_id, "family": family, "name": name, "models": models}
                for license_id, family, name, models in view.rows
            ],
        }
    )
