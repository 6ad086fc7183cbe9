"""The HTML report in a real headless Chromium: it loads without errors, sorts, and looks right."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from conftest import Run


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium("--window-size=1200,900")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _first_column(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
    return [row.find_elements(By.TAG_NAME, "td")[0].text for row in rows]


def test_compare_report(licheck: Callable[..., Run], browser: Any, tmp_path: Path) -> None:
    """The compare report opens without console errors, sorts on a header click, and is screenshotted."""
    from selenium.webdriver.common.by import By

    page = tmp_path / "compare.html"
    result = licheck(
        "compare",
        "mpt-7b-chat",
        "falcon-40b",
        "llama-2-70b",
        "mistral-7b",
        "gemma-7b",
        "--use",
        "commercial",
        "--use",
        "fine-tune",
        "--use",
        "distill",
        "--format",
        "html",
        "--output",
        str(page),
    )
    assert result.exit_code == 1  # the worst verdict (a denied model) decides, as for `licheck model`
    text = page.read_text(encoding="utf-8")
    assert "http" not in text.split("<body>")[0].replace("http-equiv", "")  # nothing fetched by the head
    assert "<script src" not in text
    assert "<link" not in text

    browser.get(page.as_uri())
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
    assert _first_column(browser) == [
        "mpt-7b-chat",
        "falcon-40b",
        "llama-2-70b",
        "mistral-7b-v0.1",
        "gemma-7b",
    ]
    browser.find_elements(By.CSS_SELECTOR, "#matrix thead th")[0].click()
    assert _first_column(browser) == [
        "falcon-40b",
        "gemma-7b",
        "llama-2-70b",
        "mistral-7b-v0.1",
        "mpt-7b-chat",
    ]
    header = browser.find_elements(By.CSS_SELECTOR, "#matrix thead th")[0]
    assert header.get_attribute("aria-sort") == "ascending"
    denied = browser.find_elements(By.CSS_SELECTOR, "td.denied")
    assert denied
    assert denied[0].value_of_css_property("background-color") == "rgba(255, 235, 233, 1)"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []

    shot = tmp_path / "compare.png"
    assert browser.save_screenshot(str(shot))
    assert _png_size(shot) == (1200, 900) or _png_size(shot)[0] >= 1000
    assert shot.stat().st_size > 20_000  # a rendered table, not a blank page
    print(f"screenshot: {shot}")


def test_check_report(
    licheck: Callable[..., Run], browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --format html` gives the same kind of page, with the failing model marked."""
    from selenium.webdriver.common.by import By

    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [falcon-40b, mosaicml/mpt-7b-chat]\n", encoding="utf-8"
    )
    assert licheck("check", "--format", "html", "--output", "report.html").exit_code == 1
    browser.get((tmp_path / "report.html").as_uri())
    cells = [
        td.text.splitlines()[0]
        for td in browser.find_elements(By.CSS_SELECTOR, "#matrix tbody td:last-child")
    ]
    assert cells == ["pass", "fail"]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


NAME_OVERFLOW_JS = """
var width = document.documentElement.clientWidth, out = [];
document.querySelectorAll("#matrix td, #matrix td *").forEach(function (el) {
  var box = el.getBoundingClientRect();
  if (box.width && (box.left < -0.5 || box.right > width + 0.5 || el.scrollWidth > el.clientWidth + 1)) {
    out.push(el.tagName + " " + Math.round(box.left) + ".." + Math.round(box.right) + ": " + el.textContent.slice(0, 40));
  }
});
return {width: width, scroll: document.documentElement.scrollWidth, overflow: out};
"""


def test_long_model_names_wrap_on_a_phone(
    licheck: Callable[..., Run], browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 390 px (a phone), a model name longer than the line wraps inside the cell: nothing runs
    off the screen or out of its cell, in the check report and in compare's."""
    monkeypatch.chdir(tmp_path)
    long_id = "pierreguillou/lilt-xlm-roberta-base-finetuned-with-DocLayNet-base-at-linelevel-ml384"
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial, fine-tune]\nmodels:\n"
        "  - cards_bottom_left_swin-tiny-patch4-window7-224-finetuned-dough_100_epochs\n"
        f"  - {long_id}\n  - falcon-40b\n",
        encoding="utf-8",
    )
    assert licheck("check", "--format", "html", "--output", "check.html").exit_code == 0
    licheck(
        "compare",
        long_id,
        "falcon-40b",
        "--use",
        "commercial",
        "--format",
        "html",
        "--output",
        "compare.html",
    )
    try:
        for page in ("check.html", "compare.html"):
            browser.set_window_size(390, 900)
            browser.get((tmp_path / page).as_uri())
            found = browser.execute_script(NAME_OVERFLOW_JS)
            assert 360 <= found["width"] <= 390, found  # less a scroll bar, where one is drawn
            assert found["overflow"] == [], (page, found)
            assert found["scroll"] <= found["width"], (page, found)
    finally:
        browser.set_window_size(1200, 900)
