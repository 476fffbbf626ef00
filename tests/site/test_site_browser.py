"""The reading site in headless Chromium: a lesson's slider redraws its chart with no kernel,
by keyboard, with no console error and no request off this machine (issue 15)."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, free_port, running_server

from incentives.site import builder

pytestmark = pytest.mark.slow

LESSON = "02b-commission-plans"
SLIDER = "Share of gross margin paid to sales (%)"
# Screenshots for a person to look at (build/ is git-ignored).
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def site_folder(chromium, tmp_path_factory):
    """Lesson 02b's page (the commission and budget labs' sliders), built once."""
    out = tmp_path_factory.mktemp("site") / "site"
    return builder.build(ROOT / "lessons", out, [LESSON]).parent


@pytest.fixture(scope="module")
def site_url(site_folder):
    """The site served over HTTP on 127.0.0.1, as `make site` suggests serving it."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    log = site_folder.parent / "http.log"
    with running_server(command, port, log, cwd=site_folder, status_path="/index.html") as base:
        yield base


def problems(page) -> list[str]:
    """Start recording the console's errors and the page's uncaught exceptions."""
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def test_a_lessons_slider_redraws_its_chart_by_keyboard_offline(site_url, browser_page):
    page, off_machine = browser_page
    errors = problems(page)
    page.goto(f"{site_url}/{LESSON}.html")
    slider = page.get_by_label(SLIDER)  # the range input, found by its label
    figure = page.locator("figure.chart", has=slider)
    chart = figure.locator(".vega-chart svg")
    chart.wait_for(timeout=30_000)
    assert slider.get_attribute("type") == "range"
    assert slider.input_value() == "12"  # the lab's default rate
    assert "sales pay EUR 3,678" in chart.text_content()
    before = chart.inner_html()

    slider.focus()
    for _ in range(8):
        slider.press("ArrowRight")
    assert slider.input_value() == "20"
    page.wait_for_function(
        "e => e.textContent.includes('sales pay EUR 6,129')",
        arg=chart.element_handle(),
        timeout=10_000,
    )
    assert chart.inner_html() != before

    figure.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-lesson.png"))  # what a reader sees there
    assert page.locator(".vega-chart svg").count() == 2  # every chart of the lesson drew
    assert errors == []
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_the_skip_link_comes_first_and_leads_to_the_lesson(site_url, browser_page):
    page, off_machine = browser_page
    errors = problems(page)
    page.goto(f"{site_url}/{LESSON}.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent, document.activeElement.href]")
    assert focused[0].startswith("Skip to the lesson") and focused[1].endswith("#main")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{site_url}/index.html")
    page.get_by_role("link", name="02b · Commission plans").first.click()
    page.locator(".vega-chart svg").first.wait_for(timeout=30_000)
    assert errors == []
    assert off_machine == []


def test_a_page_opened_from_disk_draws_its_charts_too(site_folder, browser_page):
    page, off_machine = browser_page
    errors = problems(page)
    page.goto((site_folder / f"{LESSON}.html").as_uri())
    page.get_by_label(SLIDER).wait_for(timeout=30_000)
    page.wait_for_function("document.querySelectorAll('.vega-chart svg').length === 2")
    assert errors == []
    assert off_machine == []
