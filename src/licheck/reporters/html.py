"""One self-contained HTML page: the matrix with colours and sortable columns, the obligations, and
links to the license texts. No network: no CDN, no fonts, a Content-Security-Policy that loads
nothing from outside the page.
"""

from __future__ import annotations

from html import escape

from licheck import __version__
from licheck.findings import CheckReport, Comparison, LicenseComparison
from licheck.matrix import Matrix
from licheck.model import Verdict

CLASSES = {
    Verdict.ALLOWED: "allowed",
    Verdict.CONDITIONAL: "conditional",
    Verdict.DENIED: "denied",
    Verdict.UNKNOWN: "unknown",
}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.35rem;margin:0 0 .25rem}p.meta{color:#59636e;margin:0 0 1rem}
table{border-collapse:collapse;min-width:40rem}
th,td{border:1px solid #d1d9e0;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td small{display:block;color:#59636e}
td.allowed{background:#dafbe1}td.conditional{background:#fff8c5}td.denied{background:#ffebe9}
td.unknown{background:#eaeef2}
section{margin-top:1.25rem}h2{font-size:1rem;margin:0 0 .25rem}ul{margin:.25rem 0;padding-left:1.25rem}
footer{margin-top:2rem;color:#59636e;font-size:.85rem}
"""

SCRIPT = """
(function () {
  var table = document.getElementById("matrix");
  var body = table.tBodies[0];
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-sort"), y = b.cells[index].getAttribute("data-sort");
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  document.body.setAttribute("data-ready", "1");
})();
"""


def render_matrix(matrix: Matrix, subtitle: str = "") -> str:
    head = "".join(f"<th scope=col>{escape(column)}</th>" for column in matrix.columns)
    rows = []
    for row in matrix.rows:
        cells = []
        for cell in row:
            css = f' class="{CLASSES[cell.verdict]}"' if cell.verdict is not None else ""
            text = escape(cell.text)
            if cell.link and cell.link.startswith(("https://", "http://")):
                text = f'<a href="{escape(cell.link)}" rel="noreferrer">{text}</a>'
            detail = f"<small>{escape(cell.detail)}</small>" if cell.detail else ""
            sort = escape(cell.sort or cell.text.lower())
            cells.append(f'<td{css} data-sort="{sort}">{text}{detail}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(
        f"<section><h2>{escape(title)}</h2><ul>{''.join(f'<li>{escape(item)}</li>' for item in items)}</ul></section>"
        for title, items in matrix.notes
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(matrix.title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{escape(matrix.title)}</h1>
<p class="meta">{escape(subtitle)}</p>
<table id="matrix">
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="meta">{escape(matrix.legend)}. Click a column header to sort.</p>
{notes}
<footer>licheck {escape(__version__)}: verdicts from licheck's rules, each citing its source; not legal advice.</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""


def render_check(report: CheckReport, options: object = None) -> str:
    from licheck.matrix import from_check
    from licheck.reporters import summary

    return render_matrix(from_check(report), summary(report))


def render_comparison(comparison: Comparison, options: object = None) -> str:
    from licheck.matrix import from_comparison

    context = comparison.context
    given = [
        f"{k} {v}"
        for k, v in (
            ("MAU", context.mau),
            ("DAU", context.dau),
            ("revenue $", context.revenue),
            ("region", context.region),
            ("organisation", context.org),
        )
        if v is not None
    ]
    return render_matrix(from_comparison(comparison), "context: " + (", ".join(given) or "none given"))


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    from licheck.matrix import from_licenses

    return render_matrix(from_licenses(comparison), "licenses side by side")
