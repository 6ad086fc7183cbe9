"""The human reports' layout, through the real CLI: tables that fit the width without splitting a
word, a URL or a rule path; each reason and source once; lineage pictures in Mermaid and SVG, safe
from whatever a model's name holds; and verdicts never carried by an emoji or a colour alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from conftest import Run

Licheck = Callable[..., Run]
WIDTHS = [80, 200]
AS_OF = ["--as-of", "2026-11-27"]
SIX = ["falcon-40b", "llama-2-70b", "mpt-7b", "mpt-7b-chat", "mistral-7b", "gemma-7b"]
BORDERS = re.compile(r"[\s│┃]+")

# A LoRA of a merge of a Llama fine-tune: the least obvious lineage. The fine-tune and the merge are
# published under licenses that do not bind derivatives; Llama 2 binds them all the same.
ACME_RULES = """\
schema-version: 1
models:
  - id: acme-llama-ft
    name: Acme Llama fine-tune
    publisher: Acme
    license: apache-2.0
    base: [llama-2-7b]
    sources: [{url: 'https://example.com/acme-llama-ft'}]
    checked: '2026-01-01'
  - id: acme-merge
    name: Acme merge
    publisher: Acme
    license: mit
    base: [acme-llama-ft, mistral-7b-v0.1]
    sources: [{url: 'https://example.com/acme-merge'}]
    checked: '2026-01-01'
"""
LINEAGE_MANIFEST = """\
uses: [commercial, fine-tune]
context:
  mau: 5000000
rules: [acme-rules]
models:
  - {id: acme/lora, license: apache-2.0, base: [acme-merge]}
  - lmsys/vicuna-7b-v1.5
  - alpaca-7b
  - tiiuae/falcon-40b
"""
# A name anyone could write, built to break out of a Mermaid label, an SVG text or the HTML page.
EVIL = 'acme/x"]; click n0 href "javascript:alert(1)"; %% `**b**` <script>alert(2)</script> #quot; |x|'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme-rules").mkdir()
    (tmp_path / "acme-rules" / "acme.yaml").write_text(ACME_RULES, encoding="utf-8")
    (tmp_path / "licheck.yaml").write_text(LINEAGE_MANIFEST, encoding="utf-8")
    return tmp_path


def _at(licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> Run:
    monkeypatch.setenv("COLUMNS", str(width))
    return licheck(*args)


def _tokens(text: str) -> set[str]:
    return {token for line in text.splitlines() for token in BORDERS.split(line) if token}


def _assert_fits(text: str, width: int) -> None:
    """Every line within the width, but for a line holding one word longer than the room (a long
    URL gets a line to itself, and the terminal wraps it softly rather than licheck splitting it)."""
    for line in text.splitlines():
        if len(line) > width:
            words = [w for w in line.split() if w not in ("-", "•", "→")]
            assert len(words) == 1, f"{len(line)} > {width}: {line!r}"
            assert len(words[0]) > width - 4, f"{len(line)} > {width}: {line!r}"


def _assert_unbroken(text: str, words: Iterator[str]) -> None:
    """Each word of the data is whole on one line of the output (inside brackets or parentheses
    the output may have added)."""
    tokens = _tokens(text)
    for word in words:
        assert any(word in token for token in tokens), f"{word!r} is split or missing"


def _words(*texts: str) -> Iterator[str]:
    for text in texts:
        yield from text.split()


def _model_words(doc: dict[str, Any]) -> Iterator[str]:
    """The words of a `licheck model --format json` answer that the table prints."""
    for source in doc["sources"]:
        yield source["url"]
    for use in doc["uses"]:
        for reason in use["reasons"]:
            if reason.get("rule"):
                yield f"{reason['rule']['file']}:{reason['rule']['line']}"
            yield from _words(reason["text"], reason.get("note") or "")
        for condition in use["conditions"]:
            yield from _words(condition.get("detail", ""))
    for obligation in doc["obligations"]:
        yield from _words(obligation["text"] if isinstance(obligation, dict) else "")


MODELS = [
    ["lmsys/vicuna-7b-v1.5", "--use", "commercial", "--mau", "5M"],
    ["alpaca-7b", "--use", "commercial", "--use", "research"],
    ["llama-3.1-nemotron-70b-instruct", "--use", "hosted-service", "--use", "fine-tune"],
    ["falcon-40b", "--use", "commercial", "--as-of", "2023-05-28", "--revenue", "5000000"],
    ["ai21-jamba-1.5-mini", "--use", "commercial"],
]


class TestWidths:
    @pytest.mark.parametrize("width", WIDTHS)
    @pytest.mark.parametrize("args", MODELS, ids=[a[0] for a in MODELS])
    def test_model_table(
        self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int, args: list[str]
    ) -> None:
        """`licheck model` at 80 and 200 columns: every line fits, and no word, URL or rule path
        of the answer is split."""
        text = _at(licheck, monkeypatch, width, "model", *args).stdout
        doc = json.loads(licheck("model", *args, "--format", "json").stdout)
        _assert_fits(text, width)
        _assert_unbroken(text, _model_words(doc))
        assert "rules/" in text

    @pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
    def test_any_width(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
        """From 40 columns up, the table changes layout (rules in a column, after each reason, or
        no table at all) instead of splitting words."""
        args = MODELS[1]
        text = _at(licheck, monkeypatch, width, "model", *args).stdout
        doc = json.loads(licheck("model", *args, "--format", "json").stdout)
        _assert_fits(text, width)
        _assert_unbroken(text, _model_words(doc))

    @pytest.mark.parametrize("width", WIDTHS)
    def test_license_table(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
        text = _at(licheck, monkeypatch, width, "license", "llama2").stdout
        doc = json.loads(licheck("license", "llama2", "--format", "json").stdout)
        _assert_fits(text, width)
        rules = [f"{u['rule']['file']}:{u['rule']['line']}" for u in doc["uses"].values() if u.get("rule")]
        assert rules
        _assert_unbroken(text, iter([*rules, *(s["url"] for s in doc["sources"])]))

    @pytest.mark.parametrize("width", [40, *WIDTHS])
    @pytest.mark.parametrize("uses", [[], ["--use", "commercial"]], ids=["all-uses", "one-use"])
    def test_compare(
        self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int, uses: list[str]
    ) -> None:
        text = _at(licheck, monkeypatch, width, "compare", *SIX, "vicuna-7b-v1.5", *uses).stdout
        _assert_fits(text, width)
        doc = json.loads(licheck("compare", *SIX, "vicuna-7b-v1.5", *uses, "--format", "json").stdout)
        _assert_unbroken(
            text, iter([m["model"] for m in doc["models"]] + [m["license"] for m in doc["models"]])
        )

    @pytest.mark.parametrize("width", WIDTHS)
    def test_check(
        self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, project: Path, width: int
    ) -> None:
        text = _at(licheck, monkeypatch, width, "check", *AS_OF).stdout
        _assert_fits(text, width)
        doc = json.loads(licheck("check", *AS_OF, "--format", "json").stdout)
        words = [m["query"] for m in doc["models"]]
        words += [w for f in doc["findings"] for w in f["message"].split()]
        _assert_unbroken(text, iter(words))

    @pytest.mark.parametrize("width", [40, *WIDTHS])
    def test_list(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
        """`licheck list`: the long ids of distilled models stay whole."""
        text = _at(licheck, monkeypatch, width, "list", "--search", "llama").stdout
        _assert_fits(text, width)
        doc = json.loads(licheck("list", "--search", "llama", "--format", "json").stdout)
        assert "deepseek-r1-distill-llama-70b" in [m["model"] for m in doc["models"]]
        _assert_unbroken(text, iter([m["model"] for m in doc["models"]]))

    def test_colour_changes_no_layout(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch) -> None:
        """With colour forced, the text is the same once the escapes are taken out."""
        args = ["model", *MODELS[0]]
        plain = _at(licheck, monkeypatch, 80, *args).stdout
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
        coloured = _at(licheck, monkeypatch, 80, *args).stdout
        assert "\x1b[" in coloured
        assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain

    def test_compact_only_when_needed(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch) -> None:
        """Short headers and footnotes when the full table does not fit; full names when it does,
        whatever the width."""
        full = _at(
            licheck, monkeypatch, 80, "compare", "falcon-40b", "llama-2-70b", "--use", "commercial"
        ).stdout
        assert "commercial" in full.split("\n")[2]
        assert "columns:" not in full
        assert "¹" not in full
        assert "≤700M MAU" in full
        six = _at(licheck, monkeypatch, 80, "compare", *SIX).stdout
        header = next(line for line in six.splitlines() if line.strip().startswith("model"))
        assert header.split() == ["model", "license", "res", "comm", "host", "redist", "tune", "distl"]
        assert "columns: res = research" in six
        wide = _at(licheck, monkeypatch, 200, "compare", *SIX).stdout
        assert "hosted-service" in wide
        assert "columns:" not in wide

    def test_check_names_as_written(
        self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, project: Path
    ) -> None:
        """A check report names each model as the manifest wrote it, with the id it resolved to."""
        for fmt in ("table", "markdown", "html"):
            text = _at(licheck, monkeypatch, 200, "check", *AS_OF, "--format", fmt).stdout
            assert "lmsys/vicuna-7b-v1.5" in text
            assert "lmsys/vicuna-7b-v1.5: vicuna-7b-v1.5" in text  # the ids, in a note
            assert "lmsys/vicuna-7b-v1.5 (id vicuna-7b-v1.5): commercial is conditional" in text
            assert not re.search(r"(?<![/\w-])vicuna-7b-v1\.5: commercial", text)


class TestOnce:
    def test_inherited_reasons_once(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch) -> None:
        """A Llama 2 fine-tune under Llama 2 repeats its base's reasons word for word: shown once,
        the lineage step saying the terms are the same."""
        text = _at(licheck, monkeypatch, 200, "model", *MODELS[0]).stdout
        table = text.split("\nconditions\n")[0]
        assert table.count("additional commercial terms: commercial is allowed") == 1
        assert table.count("5M MAU is within the ceiling") == 1
        assert (
            "built on llama-2-7b, whose license llama2 binds derivatives (the same llama2 terms as above)"
            in table
        )
        assert "trained on sharegpt" in table  # a different reason stays

    def test_different_base_reasons_stay(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch) -> None:
        """A base under other terms keeps its own reasons, under its lineage step."""
        text = _at(licheck, monkeypatch, 200, "model", *MODELS[1]).stdout
        assert "↳ llama1 §2.a(i) Restrictions: commercial is denied" in text
        assert "same" not in text

    @pytest.mark.parametrize("args", MODELS, ids=[a[0] for a in MODELS])
    def test_each_url_once(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
        """Each source URL once, with every section cited from it."""
        text = _at(licheck, monkeypatch, 200, "model", *args).stdout
        doc = json.loads(licheck("model", *args, "--format", "json").stdout)
        sources = text.split("\nsources\n")[1]
        for source in doc["sources"]:
            assert sources.count(source["url"] + " ") + sources.count(source["url"] + "\n") == 1
            if source["section"]:
                assert source["section"] in sources

    def test_sections_of_one_url_merged(self, licheck: Licheck, monkeypatch: pytest.MonkeyPatch) -> None:
        text = _at(licheck, monkeypatch, 200, "model", "ai21-jamba-1.5-mini", "--use", "commercial").stdout
        assert "https://arxiv.org/abs/2408.12570 (Abstract; Abstract; Introduction)" not in text
        assert text.count("https://arxiv.org/abs/2408.12570") == 1


MERMAID_LINE = re.compile(
    r'  n\d+\["[A-Za-z0-9 .,:_#;<>/-]*"\]:::(allowed|conditional|unknown|denied)'
    r"|  n\d+ (-->|-\.->)\|(built on|trained on)\| n\d+"
    r"|  classDef (allowed|conditional|unknown|denied) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}"
    r"|flowchart TD"
)


def _mermaid_blocks(text: str) -> list[list[str]]:
    return [block.split("\n```")[0].splitlines() for block in text.split("```mermaid\n")[1:]]


class TestLineage:
    def test_markdown_check(
        self, licheck: Licheck, golden: Callable[[str, str], None], project: Path
    ) -> None:
        """The check's markdown draws each lineage as a Mermaid flowchart: the LoRA, the merge, the
        fine-tune and Llama 2, each with its license and the verdict in words and as a class."""
        text = licheck("check", *AS_OF, "--format", "markdown").stdout
        golden("check-lineage.md", text)
        blocks = _mermaid_blocks(text)
        assert len(blocks) == 3  # acme/lora, vicuna, alpaca; falcon is built on nothing
        for block in blocks:
            for line in block:
                assert MERMAID_LINE.fullmatch(line), line
        lora = "\n".join(blocks[0])
        for name in ("acme#47;lora", "acme-merge", "acme-llama-ft", "llama-2-7b"):
            assert name in lora
        assert "license llama2" in lora
        assert "license mit" in lora
        assert "commercial: allowed, fine-tune: allowed" in lora
        alpaca = "\n".join(blocks[2])
        assert 'llama-7b<br/>license llama1<br/>commercial: denied, fine-tune: allowed"]:::denied' in alpaca
        vicuna = "\n".join(blocks[1])
        assert "-.->|trained on|" in vicuna
        assert "sharegpt" in vicuna
        assert "lmsys#47;vicuna-7b-v1.5<br/>id vicuna-7b-v1.5" in vicuna

    def test_markdown_compare(self, licheck: Licheck, golden: Callable[[str, str], None]) -> None:
        text = licheck(
            "compare",
            "vicuna-7b-v1.5",
            "alpaca-7b",
            "falcon-40b",
            "--use",
            "commercial",
            *AS_OF,
            "--format",
            "markdown",
        ).stdout
        golden("compare-lineage.md", text)
        assert len(_mermaid_blocks(text)) == 2

    def test_html_check(self, licheck: Licheck, golden: Callable[[str, str], None], project: Path) -> None:
        """The HTML page draws each lineage as an inline SVG, a box per model coloured by verdict."""
        text = licheck("check", *AS_OF, "--format", "html").stdout
        golden("check-lineage.html", text)
        assert text.count("<svg ") == 3
        svg = text.split("<svg ")[3]
        assert '<g class="node denied">' in svg
        assert ">license llama1</text>" in svg
        assert 'fill="#ffebe9"' in svg  # the denied colour of the table's cells
        assert "href" not in "".join(text.split("<svg ")[1:]).split("</section>")[0]  # nothing linked

    def test_html_compare(self, licheck: Licheck, golden: Callable[[str, str], None]) -> None:
        text = licheck(
            "compare",
            "vicuna-7b-v1.5",
            "alpaca-7b",
            "falcon-40b",
            "--use",
            "commercial",
            *AS_OF,
            "--format",
            "html",
        ).stdout
        golden("compare-lineage.html", text)
        assert text.count("<svg ") == 2

    def test_no_injection(self, licheck: Licheck, project: Path) -> None:
        """A model named to break out of a Mermaid label, an SVG text or the page stays text."""
        manifest = (
            f"uses: [commercial]\nmodels:\n  - {{id: {json.dumps(EVIL)}, license: mit, base: [llama-2-7b]}}\n"
        )
        (project / "licheck.yaml").write_text(manifest, encoding="utf-8")
        markdown = licheck("check", *AS_OF, "--format", "markdown").stdout
        (block,) = _mermaid_blocks(markdown)
        for line in block:
            assert MERMAID_LINE.fullmatch(line), line
        assert "click" not in "\n".join(line for line in block if not line.startswith("  n0["))
        assert not re.search(r"(?<!\\)<script", markdown)  # markdown shows it as text: \\<script\\>
        page = licheck("check", *AS_OF, "--format", "html").stdout
        tags = _tags(page)
        assert tags.count("script") == 1  # the page's own
        assert "a" not in tags[tags.index("svg") :]
        assert "acme/x&quot;]; click n0 href &quot;javascript:alert(1)&quot;" in page
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def _tags(page: str) -> list[str]:
    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(tag)

    Tags().feed(page)
    return found


EMOJI = re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?")


class TestWords:
    def test_markdown_emoji_never_alone(self, licheck: Licheck, project: Path) -> None:
        """Every emoji of the markdown report comes with the word that carries its meaning, and the
        Mermaid pictures have none: each node says its verdict in words."""
        text = licheck("check", *AS_OF, "--format", "markdown").stdout
        text += licheck("compare", *SIX, "vicuna-7b-v1.5", "--format", "markdown").stdout
        assert EMOJI.search(text)
        for match in EMOJI.finditer(text):
            after = text[match.end() : match.end() + 12]
            assert re.match(r" (yes|no|if|unknown|pass|fail|failed|passed|excepted)\b", after), after
        for block in _mermaid_blocks(text):
            assert not EMOJI.search("\n".join(block))
            for line in block:
                if ":::" in line:
                    assert re.search(r": (allowed|conditional|unknown|denied)", line), line


# ---------------------------------------------------------------- the HTML page in a real browser

LAYOUT_JS = """
var width = document.documentElement.clientWidth, out = {width: width, overflow: [], split: []};
out.scroll = document.documentElement.scrollWidth;
document.querySelectorAll("td, li, p, h1, h2, figure, svg, footer").forEach(function (el) {
  var box = el.getBoundingClientRect();
  if (box.width && (box.left < -0.5 || box.right > width + 0.5)) {
    out.overflow.push(el.tagName + " " + Math.round(box.left) + ".." + Math.round(box.right) + ": "
      + el.textContent.slice(0, 60));
  }
});
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var node = walker.currentNode;
  if (node.parentNode.closest("script, style, thead")) continue;
  var words = /\\S+/g, match;
  while ((match = words.exec(node.data))) {
    var range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    var lines = {};
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width > 0) lines[Math.round(r.bottom)] = 1;
    });
    if (Object.keys(lines).length > 1) out.split.push(match[0]);
  }
}
return out;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium("--hide-scrollbars")


def _pages(licheck: Licheck, project: Path) -> list[Path]:
    assert licheck("check", *AS_OF, "--format", "html", "--output", "check.html").exit_code == 1
    compare = [
        "compare",
        *SIX,
        "vicuna-7b-v1.5",
        "--use",
        "commercial",
        "--use",
        "fine-tune",
        "--use",
        "distill",
    ]
    licheck(*compare, *AS_OF, "--format", "html", "--output", "compare.html")
    return [project / "check.html", project / "compare.html"]


class TestPage:
    @pytest.mark.parametrize("width", [420, 800, 1280])
    def test_fits_the_screen(self, licheck: Licheck, project: Path, browser: Any, width: int) -> None:
        """On a phone (420 px), a small tablet (800 px) and a laptop (1280 px): no cell, list or
        picture off-screen, no sideways scrolling, and no word or URL split across lines; each page
        screenshotted."""
        from selenium.webdriver.common.by import By

        for page in _pages(licheck, project):
            browser.set_window_size(width, 900)
            browser.get(page.as_uri())
            assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
            found = browser.execute_script(LAYOUT_JS)
            assert found["width"] == width
            assert found["scroll"] <= width, found
            assert found["overflow"] == []
            assert found["split"] == []
            cells = browser.find_elements(By.CSS_SELECTOR, "#matrix tbody td")
            assert cells
            for cell in cells:  # within the viewport, the result column too
                box = browser.execute_script("return arguments[0].getBoundingClientRect().toJSON()", cell)
                assert 0 <= box["left"] < box["right"] <= width, cell.text
            assert len(browser.find_elements(By.CSS_SELECTOR, "section.lineage svg")) >= 1
            display = cells[-1].value_of_css_property("display")
            assert display == ("flex" if width == 420 else "table-cell")  # a table wherever it fits
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(int(height) + 100, 6000))
            shot = project / f"{page.stem}-{width}.png"
            assert browser.save_screenshot(str(shot))
            assert shot.stat().st_size > 20_000
            print(f"screenshot: {shot}")
            assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []

    def test_phone_labels_each_cell(self, licheck: Licheck, project: Path, browser: Any) -> None:
        """At 420 px each row is a block whose cells say which column they are."""
        from selenium.webdriver.common.by import By

        browser.set_window_size(420, 900)
        browser.get(_pages(licheck, project)[0].as_uri())
        row = browser.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")[0]
        labels = [
            browser.execute_script("return getComputedStyle(arguments[0], '::before').content", td)
            for td in row.find_elements(By.TAG_NAME, "td")
        ]
        assert labels == ['"model"', '"license"', '"commercial"', '"fine-tune"', '"result"']
        assert row.find_elements(By.TAG_NAME, "td")[-1].value_of_css_property("display") == "flex"


@pytest.mark.parametrize(
    "given",
    [{}, {"mau": 5_000_000}, {"mau": 800_000_000, "revenue": 10**9}, {"region": "EU", "org": "military"}],
    ids=["nothing", "5M", "800M", "eu-military"],
)
def test_lineage_verdicts_agree_with_the_engine(given: dict[str, Any]) -> None:
    """The pictures derive each node's verdict from its license and the settled conditions; derived
    the same way for the asked model, it is the engine's verdict, for every model of the rules and
    every use."""
    from datetime import date

    from licheck.core.engine import assess_model
    from licheck.core.model import Context
    from licheck.rulesdb import bundled_dir, load_cached
    from licheck.views.matrix import lineage

    rules = load_cached([bundled_dir()])
    uses = tuple(rules.uses)
    context = Context(date(2026, 11, 27), **given)
    drawn = 0
    for model in rules.models.values():
        item = assess_model(rules, model, model.id, uses, context)
        graph = lineage(item, derive_root=True)
        if graph is None:
            continue
        drawn += 1
        assert dict(graph.nodes[0].uses) == {u.use: u.verdict for u in item.uses}, model.id
    assert drawn > 20
