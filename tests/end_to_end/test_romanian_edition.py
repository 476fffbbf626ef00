"""The Romanian edition in headless Chromium (issue 27): lesson 00 in JupyterLab started as
`make lab EDITION=ro` starts it, run top to bottom, shows no English in its lab's labels,
status line and chart titles; a Romanian page of the reading site shows none in its words
and charts. "No English" is checked against the catalogs: no English text of a translated
entry may show where its Romanian should.

Screenshots of both go to build/screenshots/ (git-ignored); docs/images/lab-ro.png and
docs/images/site-ro.png are copies of them, as the other pictures there are.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from incentives.i18n import pofile
from incentives.site import builder, words
from tests.harness import make_lab, run_all_in_jupyterlab

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
ROMANIAN = f"{LESSON}-ro"
SCREENSHOTS = ROOT / "build" / "screenshots"
LIBRARY_CATALOG = ROOT / "src" / "incentives" / "i18n" / "locale" / "ro" / "LC_MESSAGES"
# Words the two languages share (the glossary's borrowed terms, units, names): never proof
# of an untranslated text on their own.
SHARED = re.compile(r"^(lead|leads|EUR|RON|%|JupyterLab|Python|marketing|bonus)$", re.I)


def english_fragments() -> list[str]:
    """The English of every translated entry of the library's catalog, cut at its
    placeholders into fragments of at least two words (or one word of 5 letters or more),
    leaving out those any Romanian translation also holds (a shared word is no sign of
    English)."""
    _header, entries = pofile.read(LIBRARY_CATALOG / "incentives.po")
    translated = [e for e in entries if e.translated]
    romanian = " ".join(text for e in translated for text in e.strings.values())
    found = set()
    for entry in translated:
        for english in filter(None, (entry.msgid, entry.plural)):
            for part in re.split(r"\{[^}]*\}|[():;,.!?·\n]", english):
                part = part.strip()
                words_in = re.findall(r"[A-Za-z]+", part)
                if not words_in or all(SHARED.match(w) for w in words_in):
                    continue
                if len(words_in) < 2 and len(part) < 5:
                    continue
                if re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", romanian):
                    continue
                found.add(part)
    return sorted(found, key=len, reverse=True)


def english_in(texts: list[str], fragments: list[str]) -> list[tuple[str, str]]:
    """``(fragment, text)`` for each English fragment found, as whole words, in a text."""
    found = []
    for text in texts:
        for part in fragments:
            if re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", text):
                found.append((part, text[:160]))
    return found


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


@pytest.fixture(scope="module")
def romanian_site(tmp_path_factory):
    """Lesson 00's pages in both editions (the Romanian built from its catalog)."""
    from incentives.instructor import translated_lessons

    folder = tmp_path_factory.mktemp("site-ro")
    translated_lessons.build(ROOT, [LESSON], folder / "build", "ro")
    sources = {"en": ROOT / "lessons", "ro": folder / "build" / "lessons"}
    return builder.build_editions(sources, folder / "site", [LESSON])[1].parent


def test_a_romanian_page_of_the_site_shows_no_english_and_switches_language(
    romanian_site, browser_page
):
    page, off_machine = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((romanian_site / f"{ROMANIAN}.html").as_uri())
    page.locator(".vega-chart svg").first.wait_for(timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "ro"

    charts = page.locator(".vega-chart svg").evaluate_all(
        "svgs => svgs.flatMap(s => [s.getAttribute('aria-label') || '',"
        " ...[...s.querySelectorAll('.role-title text, .role-axis-title text')]"
        ".map(t => t.textContent)])"
    )
    assert any("leaduri" in text.lower() for text in charts), charts  # titles, read
    frame = page.locator("header, aside.interactive, footer, .exercise-note, .lab-note")
    texts = [t for t in charts + frame.all_text_contents() if t.strip()]
    site_english = [
        part.strip()
        for key, text in words.WORDS["en"].items()
        if key not in ("switch_text", "language_name", "site_title")
        for part in re.split(r"<[^>]+>|\{\w+\}|[.;:,]", text)
        if len(part.strip()) > 12
    ]
    assert english_in(texts, english_fragments() + site_english) == []
    assert "Sari la lecție" in page.locator(".skip-link").text_content()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-ro.png"), full_page=False)
    # the switch leads to the same lesson in English, and back
    page.get_by_role("link", name="Read in English").click()
    page.wait_for_url(f"**/{LESSON}.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Citește în română").click()
    page.wait_for_url(f"**/ro/{ROMANIAN}.html")
    assert errors == []
    assert off_machine == []
