"""The Romanian edition in headless Chromium (issue 27): lesson 00 in JupyterLab started as
`make lab EDITION=ro` starts it, run top to bottom, shows no English in its lab's labels,
status line and chart titles. "No English" is checked against the catalogs: no English
text of a translated entry may show where its Romanian should (tests/english_left.py).

The site's Romanian page is checked in Chromium by tests/site/test_site.py. Screenshots of
both go to build/screenshots/ (git-ignored); docs/images/lab-ro.png and
docs/images/site-ro.png are copies of them, as the other pictures there are.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from english_left import english_fragments, english_in

from tests.harness import make_lab, run_all_in_jupyterlab

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
ROMANIAN = f"{LESSON}-ro"
SCREENSHOTS = ROOT / "build" / "screenshots"


def test_the_english_check_finds_an_untranslated_label():
    fragments = english_fragments()
    assert len(fragments) > 20
    assert "Reset" in fragments or "Share on parts" in fragments
    assert english_in(["Buget (euro): 3.000 · Share on parts: 50%"], fragments)
    assert not english_in(["Resetează · Cota pentru piese: 50%"], fragments)


@pytest.fixture(scope="module")
def romanian_lab(chromium, make, tmp_path_factory):
    """`make lab EDITION=ro` (lesson 00 built from its catalog) on a free port."""
    folder = tmp_path_factory.mktemp("lab-ro")
    with make_lab("lab", folder, "EDITION=ro", f"LESSON={LESSON}") as base:
        yield base, folder


# The lab's words as the page shows them: its controls' labels and buttons, its status
# line, and every chart's title and subtitle (Vega draws them as SVG text).
LAB_TEXTS = """
() => {
    const texts = [];
    const add = (selector, attribute) => document.querySelectorAll(selector).forEach(e => {
        const text = attribute ? e.getAttribute(attribute) : e.textContent;
        if (text && text.trim()) texts.push(text.trim());
    });
    add('.jp-OutputArea .widget-label');
    add('.jp-OutputArea .widget-button');
    add('.jp-OutputArea .widget-html-content');
    add('.jp-OutputArea .widget-dropdown option');
    add('.jp-OutputArea .vega-embed .role-title text');
    add('.jp-OutputArea .vega-embed .role-title-text text');
    add('.jp-OutputArea .vega-embed .role-title-subtitle text');
    add('.jp-OutputArea .vega-embed .role-axis-title text');
    add('.jp-OutputArea .vega-embed svg', 'aria-label');
    return texts;
}
"""


def test_lesson_00_in_romanian_jupyterlab_shows_no_english_in_its_lab(romanian_lab, browser_page):
    base, folder = romanian_lab
    page, off_machine = browser_page
    log = (folder / "make-lab.log").read_text()
    assert f"new lesson: {ROMANIAN}/{ROMANIAN}.ipynb" in log
    run_all_in_jupyterlab(page, f"{base}/lab/workspaces/ro/tree/{ROMANIAN}/{ROMANIAN}.ipynb")

    chart = page.locator(".vega-embed").first
    chart.wait_for(state="attached", timeout=90_000)
    chart.scroll_into_view_if_needed()
    page.locator(".vega-embed svg").first.wait_for(timeout=30_000)
    # The notebook set the lab to 5.000 de euro with 80% on parts: 692 leads, in Romanian.
    page.wait_for_function(
        "[...document.querySelectorAll('.widget-html-content')]"
        ".some(e => e.textContent.includes('692 de leaduri'))",
        timeout=60_000,
    )
    texts = page.evaluate(LAB_TEXTS)
    assert any("692 de leaduri" in text for text in texts)
    assert any(text.startswith("Reset") for text in texts)  # the button, in Romanian
    assert len(texts) >= 5, texts
    titles = page.locator(".jp-OutputArea .vega-embed .role-title text").all_text_contents()
    assert any("leaduri" in title for title in titles), titles  # the chart's title, read
    assert english_in(texts, english_fragments()) == []
    # the status line's numbers the Romanian way: no 1,234.5
    status = [t for t in texts if "leaduri" in t]
    assert not [t for t in status if re.search(r"\d,\d{3}\b|\d\.\d{1,2}\b", t)], status

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    status_line = page.locator(".widget-html-content", has_text="692 de leaduri").first
    status_line.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "lab-ro.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"
