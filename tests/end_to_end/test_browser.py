"""Lesson 00 in a real JupyterLab, in headless Chromium: the lab renders and responds, offline."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, free_port, running_server

from tests.harness import make_lab, run_all_in_jupyterlab

pytestmark = pytest.mark.slow

# Screenshots of the pages under test, for a person to look at (build/ is git-ignored).
SCREENSHOTS = ROOT / "build" / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="module")
def lab_url(chromium, tmp_path_factory):
    """JupyterLab on a copy of lessons/, so the browser's saves never touch the repository."""
    work = tmp_path_factory.mktemp("browser")
    shutil.copytree(ROOT / "lessons", work / "lessons")
    shutil.copy(ROOT / "app" / "explorer.ipynb", work / "lessons" / "explorer.ipynb")
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={work / 'lessons'}",
        "--IdentityProvider.token=",
        "--ServerApp.allow_root=True",
        "--LabApp.expose_app_in_browser=True",
    ]
    with running_server(command, port, work / "lab.log") as base:
        yield base, work


def test_first_lab_renders_and_answers_a_slider_without_the_network(lab_url, browser_page):
    base, work = lab_url
    page, off_machine = browser_page
    run_all_in_jupyterlab(
        page, f"{base}/lab/workspaces/first-lab/tree/00-start-here/00-start-here.ipynb"
    )

    # JupyterLab hides cells outside the window: wait for the chart in the page, then
    # scroll to it.
    chart = page.locator(".vega-embed").first
    chart.wait_for(state="attached", timeout=90_000)
    chart.scroll_into_view_if_needed()
    page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=30_000)
    summary = page.locator(".widget-html-content", has_text="blended cost per lead").first
    summary.wait_for(timeout=30_000)
    # The notebook set the lab to EUR 5,000 with 80% on parts: 692 leads.
    page.wait_for_function(
        "[...document.querySelectorAll('.widget-html-content')]"
        ".some(e => e.textContent.includes('692 leads'))",
        timeout=30_000,
    )
    before = summary.text_content()

    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    page.wait_for_function(
        "before => [...document.querySelectorAll('.widget-html-content')]"
        ".some(e => e.textContent.includes('blended') && e.textContent !== before)",
        arg=before,
        timeout=30_000,
    )
    page.screenshot(path=str(work / "first-lab.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def switch_commission_plan_and_read_status(page) -> str:
    """Choose the margin plan in the first lab's dropdown; return the lab's status text."""
    plans = page.locator(
        ".widget-dropdown select", has=page.locator("option", has_text="gross margin")
    )
    plans.first.select_option("Share of gross margin")
    page.wait_for_function(
        "[...document.querySelectorAll('.widget-html-content')]"
        ".some(e => e.textContent.includes('The company meets its targets'))",
        timeout=30_000,
    )
    return page.locator(".widget-html-content", has_text="The company").first.text_content()


@pytest.fixture(scope="module")
def voila_url(chromium, tmp_path_factory):
    """The explorer app served by Voila with the course's template, as `make app` does."""
    work = tmp_path_factory.mktemp("voila")
    port = free_port()
    command = [
        "env",
        f"JUPYTER_PATH={ROOT / 'app' / 'share'}",
        str(Path(sys.executable).parent / "voila"),
        str(ROOT / "app" / "explorer.ipynb"),
        "--template=course",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--preheat_kernel=True",  # as `make app` runs it
        "--pool_size=1",
    ]
    # Ask for a missing static file: GET / would run the whole notebook.
    with running_server(command, port, work / "voila.log", status_path="/voila/static/") as base:
        yield base, work


def open_explorer(page, base: str) -> None:
    """Open the explorer in Voila and wait until every lab has drawn its charts: commission
    (3 charts), budget (2), alignment (2) and cloakroom (1)."""
    page.goto(f"{base}/", timeout=120_000)
    page.wait_for_function(
        "document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 8",
        timeout=120_000,
    )


def test_explorer_in_voila_shows_every_lab_and_answers_a_control(voila_url, browser_page):
    base, work = voila_url
    page, off_machine = browser_page
    open_explorer(page, base)
    assert "misses its target" in page.locator("body").text_content()
    status = switch_commission_plan_and_read_status(page)
    page.screenshot(path=str(work / "explorer.png"), full_page=True)
    assert "The company meets its targets" in status
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_every_lab_works_in_jupyterlab(lab_url, browser_page):
    base, work = lab_url
    page, off_machine = browser_page
    run_all_in_jupyterlab(page, f"{base}/lab/workspaces/explorer/tree/explorer.ipynb")
    # JupyterLab hides cells outside the window: count the charts in the page.
    page.wait_for_function("document.querySelectorAll('.vega-embed').length >= 6", timeout=120_000)
    page.locator(".widget-dropdown select").nth(1).scroll_into_view_if_needed()
    status = switch_commission_plan_and_read_status(page)
    assert "The company meets its targets" in status
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


# Every control a lab offers, as the page draws it: slider handles, dropdowns, toggle and
# push buttons, check boxes and the upload button.
CONTROLS = (
    ".widget-slider .noUi-handle, .widget-dropdown select, .widget-toggle-button, "
    ".widget-button, .widget-checkbox input, .widget-upload"
)
UNREACHABLE = f"""() => [...document.querySelectorAll({CONTROLS!r})]
    .filter(e => e.tabIndex < 0 || e.disabled)
    .map(e => e.className + ' ' + (e.textContent || '').trim())"""
# The time chart's title at Company X's margin plan, 12% of margin (the lab's default rate).
MARGIN_TITLE = "Sales spends most time, 193 minutes on each Automated sliding gate lead"


def answer_the_keyboard(page) -> None:
    """Every lab control is reachable by Tab, and each lab's key slider, moved with the arrow
    keys, redraws that lab's charts: the data patched in place, title and all."""
    from tests.harness import PROBES, time_presses

    assert page.evaluate(UNREACHABLE) == []
    assert page.locator(CONTROLS).count() >= 20
    for probe in PROBES:
        # One step away and one back: each press redraws at least one of the lab's charts.
        assert len(time_presses(page, probe, changes=2)) == 2, probe.lab
        if probe.lab == "commission":  # back at 12%: the patched title is the model's
            page.wait_for_function(
                "title => [...document.querySelectorAll('.vega-embed svg text')]"
                ".some(e => e.textContent.includes(title))",
                arg=MARGIN_TITLE,
                timeout=10_000,
            )


def test_every_lab_answers_the_keyboard_in_the_explorer(voila_url, browser_page):
    base, work = voila_url
    page, off_machine = browser_page
    open_explorer(page, base)
    answer_the_keyboard(page)
    # Back to the top (Voila scrolls a box, not the window): the page as a visitor first sees it.
    page.evaluate(
        "[...document.querySelectorAll('*')].forEach(e => { if (e.scrollTop) e.scrollTop = 0; });"
        " window.scrollTo(0, 0)"
    )
    page.screenshot(path=str(SCREENSHOTS / "explorer.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_every_lab_answers_the_keyboard_in_jupyterlab(lab_url, browser_page):
    base, work = lab_url
    page, off_machine = browser_page
    run_all_in_jupyterlab(page, f"{base}/lab/workspaces/keyboard/tree/explorer.ipynb")
    page.wait_for_function(
        "document.querySelectorAll('.vega-embed svg').length >= 8", timeout=120_000
    )
    answer_the_keyboard(page)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_explorer_names_a_malformed_upload_and_keeps_its_labs(voila_url, browser_page):
    base, work = voila_url
    page, off_machine = browser_page
    open_explorer(page, base)
    folder = ROOT / "data" / "company_x"
    files = []
    for path in sorted(folder.glob("*.csv")):
        content = path.read_bytes()
        if path.name == "products.csv":
            content = content.replace(b",gate,3200,", b",gate,lots,")
        files.append({"name": path.name, "mimeType": "text/csv", "buffer": content})
    # ipywidgets' upload button opens the browser's file chooser; answer it.
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").first.click()
    chooser.value.set_files(files)
    page.wait_for_function(
        "document.body.textContent.includes('These files cannot be used')", timeout=60_000
    )
    text = page.locator("body").text_content()
    assert "products.csv does not match its schema" in text
    assert "column 'price_eur', row 2: 'lots' is not a number" in text
    assert "The labs below still show Company X" in text
    page.screenshot(path=str(work / "explorer-upload.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def make_lab_url(target: str, tmp_path_factory):
    """``make lab`` or ``make instructor`` on a free port (the student's work folder in a
    temporary folder), with the app exposed to the page; yields (base URL, folder)."""
    folder = tmp_path_factory.mktemp(target)
    with make_lab(target, folder) as base:
        yield base, folder


@pytest.fixture(scope="module")
def student_lab_url(chromium, make, tmp_path_factory):
    yield from make_lab_url("lab", tmp_path_factory)


@pytest.fixture(scope="module")
def instructor_lab_url(chromium, make, tmp_path_factory):
    yield from make_lab_url("instructor", tmp_path_factory)


def open_jupyterlab(page, url: str) -> None:
    """Open JupyterLab and wait until every extension has started and the layout is back."""
    page.goto(url)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored")
    page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)


def has_command(page, command: str) -> bool:
    return page.evaluate("id => window.jupyterapp.commands.hasCommand(id)", command)


def test_student_lab_has_no_create_assignment_panel(student_lab_url, browser_page):
    base, folder = student_lab_url
    page, off_machine = browser_page
    open_jupyterlab(page, f"{base}/lab/workspaces/student/tree/00-start-here/00-start-here.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the Validate button's plugin and the Assignments tab's command are there...
    assert has_command(page, "nbgrader:open-assignment-list")
    page.locator(".validate-button").first.wait_for(timeout=30_000)
    # ...the instructor's panels and commands are not
    for command in (
        "nbgrader:open-create-assignment",
        "nbgrader:open-formgrader",
        "nbgrader:open-course-list",
    ):
        assert not has_command(page, command), command
    assert page.locator("#nbgrader-create_assignemnt").count() == 0
    sidebar_tabs = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => (t.title || '') + ' ' + t.textContent)"
    )
    assert not [t for t in sidebar_tabs if "Create Assignment" in t], sidebar_tabs
    # the Nbgrader menu offers the assignment list only
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    menu = page.locator("#jp-mainmenu-nbgrader")
    menu.wait_for(timeout=10_000)
    items = menu.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel").all_text_contents()
    assert items == ["Assignment List"], items
    page.screenshot(path=str(folder / "student-lab.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_instructor_lab_shows_the_formgrader(instructor_lab_url, browser_page):
    base, folder = instructor_lab_url
    page, off_machine = browser_page
    open_jupyterlab(page, f"{base}/lab/workspaces/instructor")
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    menu = page.locator("#jp-mainmenu-nbgrader")
    menu.wait_for(timeout=10_000)
    items = menu.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel").all_text_contents()
    assert "Formgrader" in items, items
    page.keyboard.press("Escape")
    page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-formgrader')")
    frame = page.frame_locator("iframe").first
    frame.locator("text=Manage Assignments").first.wait_for(timeout=60_000)
    frame.locator("text=00-start-here").first.wait_for(timeout=60_000)
    page.screenshot(path=str(folder / "instructor-lab.png"), full_page=False)
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"
