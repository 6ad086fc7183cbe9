"""One self-contained HTML page: the matrix with colours and sortable columns, the obligations, and
links to the license texts. No network: no CDN, no fonts, a Content-Security-Policy that loads
nothing from outside the page.
"""

from __future__ import annotations

from html import escape

from licheck import __version__
from licheck.core.model import Verdict
from licheck.project.report import CheckReport
from licheck.reporters import summary
from licheck.views.matrix import Lineage, Matrix
from licheck.views.notice import (
    INTRO,
    NoticeDocument,
    Section,
    described,
    file_status,
    license_texts,
    text_status,
    through,
    upstream_files,
)
from licheck.views.reports import Comparison, LicenseComparison

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
.w{white-space:nowrap}
section{margin-top:1.25rem}h2{font-size:1rem;margin:0 0 .25rem}ul{margin:.25rem 0;padding-left:1.25rem}
figure{margin:.75rem 0}figcaption{color:#59636e;margin-bottom:.25rem}
svg{max-width:100%;height:auto}
footer{margin-top:2rem;color:#59636e;font-size:.85rem}
"""

# The table as a block per row, each cell labelled with its column: for screens narrower than the
# table. The script applies it (class "stack") exactly when the table would not fit; without the
# script, a media query does, at a width estimated from the longest words of each column.
STACKED = (
    ("", "margin:1rem"),
    (" table", "min-width:0;width:100%"),
    (" thead", "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"),
    (" table, {p} tbody, {p} tr, {p} td", "display:block"),
    (" tr", "border:1px solid #d1d9e0;border-radius:6px;margin:0 0 .75rem;overflow:hidden"),
    (" td", "border:0;border-top:1px solid #d1d9e0;display:flex;gap:.75rem"),
    (" td:first-child", "border-top:0;font-weight:600"),
    (" td::before", "content:attr(data-label);flex:0 0 6.5rem;color:#59636e;font-weight:400"),
    # a name longer than a phone's line (a Hub id of 80 characters) wraps inside itself rather than
    # running off the screen; a word that fits is never split (it stays whole on its line)
    (" td>div", "min-width:0;flex:1 1 auto"),
    (" .w", "display:inline-block;max-width:100%;white-space:normal;overflow-wrap:anywhere"),
)


def stacked_style(matrix: Matrix) -> str:
    def rules(prefix: str) -> str:
        return "".join(f"{prefix}{sel.format(p=prefix)}{{{decl}}}" for sel, decl in STACKED)

    def column(header: str, texts: list[str], details: list[str]) -> float:
        words = [max((len(w) for w in t.split()), default=0) for t in texts]
        small = [max((len(w) for w in t.split()), default=0) for t in details]
        return max([len(header) * 8.6 + 16, *(n * 8.2 for n in words), *(n * 7.0 for n in small)]) + 21

    columns = list(zip(*matrix.rows, strict=True)) if matrix.rows else [() for _ in matrix.columns]
    need = 64 + sum(
        column(h, [c.text for c in cells], [c.detail for c in cells])
        for h, cells in zip(matrix.columns, columns, strict=True)
    )
    breakpoint = max(768, int(need) + 1)
    return f"@media (max-width:{breakpoint}px){{{rules('body:not(.measured)')}}}{rules('body.stack')}"


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
  // Lines break only at spaces: a word with punctuation inside (a model id, "non-commercial", a
  // path, "§2(a)(1)") goes in a no-wrap span, where a browser would break after a hyphen or a ")".
  var INNER = /\\S[^\\w\\s]+\\S/;  // punctuation inside a word: a place browsers may break
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var texts = [];
  while (walker.nextNode()) {
    var parent = walker.currentNode.parentNode;
    if (!/^(SCRIPT|STYLE|TITLE|text|title)$/.test(parent.nodeName) && INNER.test(walker.currentNode.data)) {
      texts.push(walker.currentNode);
    }
  }
  texts.forEach(function (node) {
    var parts = node.data.split(/(\\s+)/), fragment = document.createDocumentFragment();
    parts.forEach(function (part) {
      if (INNER.test(part)) {
        var span = document.createElement("span");
        span.className = "w";
        span.textContent = part;
        fragment.appendChild(span);
      } else if (part) {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    node.parentNode.replaceChild(fragment, node);
  });
  function layout() {  // rows as blocks exactly when the table would not fit the screen
    document.body.classList.add("measured");
    document.body.classList.remove("stack");
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
      document.body.classList.add("stack");
    }
  }
  layout();
  window.addEventListener("resize", layout);
  document.body.setAttribute("data-ready", "1");
})();
"""


def render_matrix(matrix: Matrix, subtitle: str = "", graphs: tuple[Lineage, ...] = ()) -> str:
    head = "".join(f"<th scope=col>{escape(column)}</th>" for column in matrix.columns)
    rows = []
    for row in matrix.rows:
        cells = []
        for column, cell in zip(matrix.columns, row, strict=True):
            css = f' class="{CLASSES[cell.verdict]}"' if cell.verdict is not None else ""
            text = escape(cell.text)
            if cell.link and cell.link.startswith(("https://", "http://")):
                text = f'<a href="{escape(cell.link)}" rel="noreferrer">{text}</a>'
            detail = f"<small>{escape(cell.detail)}</small>" if cell.detail else ""
            sort = escape(cell.sort or cell.text.lower())
            label = escape(column)
            cells.append(f'<td{css} data-label="{label}" data-sort="{sort}"><div>{text}{detail}</div></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(
        f"<section><h2>{escape(title)}</h2><ul>{''.join(f'<li>{escape(item)}</li>' for item in items)}</ul></section>"
        for title, items in matrix.notes
    )
    notes += render_lineages(graphs)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(matrix.title)}</title>
<style>{STYLE}{stacked_style(matrix)}</style>
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
    from licheck.views.matrix import from_check, lineages

    return render_matrix(from_check(report), summary(report), lineages(report.assessments, as_written=True))


def render_comparison(comparison: Comparison, options: object = None) -> str:
    from licheck.views.matrix import from_comparison

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
    from licheck.views.matrix import lineages

    subtitle = "context: " + (", ".join(given) or "none given")
    return render_matrix(from_comparison(comparison), subtitle, lineages(comparison.assessments))


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    from licheck.views.matrix import from_licenses

    return render_matrix(from_licenses(comparison), "licenses side by side")


# Box colours per verdict (the table's), with a darker edge; each box also says its verdict in words.
FILLS = {
    Verdict.ALLOWED: ("#dafbe1", "#1a7f37"),
    Verdict.CONDITIONAL: ("#fff8c5", "#9a6700"),
    Verdict.UNKNOWN: ("#eaeef2", "#59636e"),
    Verdict.DENIED: ("#ffebe9", "#cf222e"),
}
CHAR = 7.25  # the advance of a 12px monospace character, to size boxes without measuring text
LINE, PAD, GAP, SPACE = 16, 8, 44, 16  # line height, box padding, rows apart, boxes apart


def node_lines(graph: Lineage) -> dict[str, list[str]]:
    return {
        node.key: [*node.label(), *(f"{use}: {verdict.label}" for use, verdict in node.uses)]
        for node in graph.nodes
    }


def svg(graph: Lineage, index: int) -> str:
    """One lineage as an inline SVG: the asked model on top, each model it is built on (and data
    it is trained on) a row below, joined by labelled arrows. Every text from the data is escaped;
    nothing is fetched."""
    lines = node_lines(graph)
    depth: dict[str, int] = {graph.nodes[0].key: 0}
    for _ in graph.nodes:  # longest path from the top: a base sits below every model built on it
        for edge in graph.edges:
            if edge.parent in depth and depth.get(edge.child, -1) < depth[edge.parent] + 1 <= len(
                graph.nodes
            ):
                depth[edge.child] = depth[edge.parent] + 1
    rows: dict[int, list[str]] = {}
    for node in graph.nodes:
        rows.setdefault(depth.get(node.key, 0), []).append(node.key)
    size = {
        key: (max(len(t) for t in text) * CHAR + 2 * PAD, len(text) * LINE + 2 * PAD - 4)
        for key, text in lines.items()
    }
    widths = {n: sum(size[k][0] for k in keys) + SPACE * (len(keys) - 1) for n, keys in rows.items()}
    total = max(widths.values())
    place: dict[str, tuple[float, float]] = {}
    top = 2.0
    for n in sorted(rows):
        x = (total - widths[n]) / 2 + 2
        for key in rows[n]:
            place[key] = (x, top)
            x += size[key][0] + SPACE
        top += max(size[k][1] for k in rows[n]) + GAP
    height = top - GAP + 2
    marker = f"arrow-{index}"
    parts = [
        f'<svg role="img" aria-labelledby="{marker}-title" '
        f'width="{total + 4:.0f}" height="{height:.0f}" viewBox="0 0 {total + 4:.0f} {height:.0f}" '
        'font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,monospace" font-size="12">',
        f'<title id="{marker}-title">{escape(graph.title)}</title>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#59636e"/></marker></defs>',
    ]
    for edge in graph.edges:
        (px, py), (cx, cy) = place[edge.parent], place[edge.child]
        x1, y1 = px + size[edge.parent][0] / 2, py + size[edge.parent][1]
        x2, y2 = cx + size[edge.child][0] / 2, cy
        dash = ' stroke-dasharray="4 3"' if edge.label == "trained on" else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#59636e"{dash} '
            f'marker-end="url(#{marker})"/>'
        )
        left = x2 < x1 - 1  # the label on the outer side of the arrow, two thirds of the way down
        lx, ly = x1 + (x2 - x1) * 0.66 + (-6 if left else 6), y1 + (y2 - y1) * 0.66
        anchor = ' text-anchor="end"' if left else ""
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" fill="#59636e"{anchor}>{escape(edge.label)}</text>')
    for node in graph.nodes:
        x, y = place[node.key]
        width, height_ = size[node.key]
        fill, stroke = FILLS[node.verdict]
        parts.append(
            f'<g class="node {CLASSES[node.verdict]}"><rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{height_:.1f}" rx="6" fill="{fill}" stroke="{stroke}"/>'
        )
        for i, text in enumerate(lines[node.key]):
            weight = ' font-weight="bold"' if i == 0 else ""
            parts.append(
                f'<text x="{x + PAD:.1f}" y="{y + PAD + 10 + i * LINE:.1f}" fill="#1f2328"{weight}>{escape(text)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def render_lineages(graphs: tuple[Lineage, ...]) -> str:
    if not graphs:
        return ""
    figures = "".join(
        f"<figure><figcaption>{escape(graph.title)}</figcaption>{svg(graph, i)}</figure>"
        for i, graph in enumerate(graphs)
    )
    return (
        '<section class="lineage"><h2>lineage</h2><p class="meta">Each box: the model, its license and the '
        "verdict that reaches the model asked about.</p>"
        f"{figures}</section>"
    )


# ---------------------------------------------------------------- licheck notice

NOTICE_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:56rem;
padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-top:1px solid #d1d9e0;padding-top:1rem}
h3{font-size:.95rem;margin:1rem 0 .25rem}p.meta,small{color:#59636e}
blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:4px solid #1a7f37;background:#f6f8fa}
ul{padding-left:1.25rem}li.todo{list-style:"\\2610  "}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.75rem;border-radius:6px;font-size:.85rem}
"""


def render_notice(doc: NoticeDocument, options: object = None) -> str:
    """The notice as one self-contained page (the HTML cargo-about users know): a section per model,
    then the texts that travel; nothing loaded, no script."""
    written = f"Written by licheck from {doc.source} for the uses: {', '.join(doc.uses)}."
    body = [f"<p>{escape(INTRO)}</p>", f'<p class="meta">{escape(written)}</p>']
    body += [_notice_section(section, doc.folder) for section in doc.sections]
    if not doc.folder:
        for text in license_texts(doc):
            if text.text is not None:
                body.append(
                    f'<h2 id="license-{escape(text.license)}">License text: {escape(text.license)}</h2>'
                    f'<p class="meta">From {escape(text.where)}.</p><pre>{escape(text.text.strip(chr(10)))}</pre>'
                )
        for item in upstream_files(doc):
            body.append(
                f"<h2>{escape(item.name)} of {escape(item.holder)}</h2>"
                f'<p class="meta">From {escape(item.where)}.</p><pre>{escape(item.text.strip(chr(10)))}</pre>'
            )
    joined = "\n".join(body)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Third-party model notices</title>
<style>{NOTICE_STYLE}</style>
</head>
<body>
<h1>Third-party model notices</h1>
{joined}
</body>
</html>
"""


def _notice_section(section: Section, folder: bool) -> str:
    out = [f"<section><h2>{escape(section.name)}</h2><p>{escape(section.title)}</p>"]
    if section.known:
        items = "".join(
            f"<li>License: {escape(name)} ({escape(lic)}){escape(_through_bases(via))}</li>"
            for lic, name, via in section.licenses
        )
        out.append(f"<ul>{items}</ul>")
    if section.notices:
        out.append("<h3>Notices, to be reproduced word for word</h3>")
        out += [
            f"<blockquote>{escape(line.verbatim or '')}</blockquote><small>{escape(through(line))}</small>"
            for line in section.notices
        ]
    if section.texts or section.files:
        rows = [f"{line.text} [{through(line)}]: {text_status(text, folder)}" for line, text in section.texts]
        rows += [
            f"{line.text} [{through(line)}]: {file_status(item, folder)}" for line, item in section.files
        ]
        out.append("<h3>Texts that travel with the model</h3><ul>")
        out += [f"<li>{escape(row)}</li>" for row in rows]
        out.append("</ul>")
    for title, lines, css in (
        ("Naming derivatives", section.naming, ""),
        ("To do", section.actions, ' class="todo"'),
        ("Also required", section.terms, ""),
    ):
        if lines:
            out.append(f"<h3>{title}</h3><ul>")
            out += [f"<li{css}>{escape(described(line))}</li>" for line in lines]
            out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _through_bases(via: tuple[str, ...]) -> str:
    return f", through {' -> '.join(via)}" if via else ""
