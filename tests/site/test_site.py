"""`make site`: the lessons as static pages, offline, with no answers, and labs whose key
parameter is a Vega-Lite slider that works with no kernel (issue 15)."""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from colour import TEXT, WHITE, contrast_ratio
from conftest import ROOT, missing
from english_left import english_fragments, english_in, site_english

from incentives.labs import CloakroomLab, CommissionLab, CompanyExplorer, FirstLab
from incentives.model.parameters import Parameter
from incentives.site import builder, words
from incentives.views import charts
from incentives.views.live import STATIC_PAGE_ENV, live_chart
from incentives.views.page import PageParameter, page_parameter_view, stacked, text_lines

# Screenshots for a person to look at (build/ is git-ignored).
SCREENSHOTS = ROOT / "build" / "screenshots"
LESSON_IDS = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.is_dir())
SLIDER_LABS = {
    "CommissionLab": ("02b-commission-plans", "margin_rate_percent", range(0, 51)),
    "BudgetLab": ("02b-commission-plans", "parts_share_percent", range(0, 101, 5)),
    "CloakroomLab": ("04-cloakroom", "vip_share_percent", range(1, 51)),
    "AlignmentLab": ("05-common-criteria", "common_weight_percent", range(0, 101, 5)),
}


@pytest.fixture
def static_page(monkeypatch):
    """A kernel as the site runs a lesson in (``INCENTIVES_STATIC_PAGE=1``); Altair's
    renderer is put back afterwards."""
    renderer = alt.renderers.active
    monkeypatch.setenv(STATIC_PAGE_ENV, "1")
    yield
    alt.renderers.enable(renderer)


# --- the page parameter, on its own -------------------------------------------------------------


def leads(parts_eur: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign": ["gates", "parts"],
            "leads": [50.0, parts_eur / 6],
            "cost_per_lead_eur": [40.0, 6.0],
        }
    )


def test_a_page_parameter_view_filters_each_view_by_its_range_input_first():
    page = PageParameter("parts_eur", "Parts budget (EUR)", (0, 300, 600), 300)
    frames = {v: charts.leads_by_campaign_frame(leads(v)) for v in page.values}
    template = charts.leads_by_campaign_chart(*frames[300]).to_dict()
    spec = page_parameter_view(page, [(template, frames)], description="Leads as the budget moves.")

    (param, titles) = [p for p in spec["params"] if p["name"].startswith("parts_eur")]
    assert param["bind"] == {
        "input": "range",
        "min": 0,
        "max": 600,
        "step": 300,
        "name": "Parts budget (EUR)",
    }
    assert param["value"] == 300
    (view,) = spec["vconcat"]
    assert view["transform"][0] == {"filter": "datum['parts_eur'] == parts_eur"}
    (rows,) = spec["datasets"].values()
    assert [(r["parts_eur"], r["campaign"], r["leads"]) for r in rows] == [
        (0, "gates", 50.0),
        (0, "parts", 0.0),
        (300, "gates", 50.0),
        (300, "parts", 50.0),
        (600, "gates", 50.0),
        (600, "parts", 100.0),
    ]
    # The title follows the page parameter: gates lead at 0, parts at 600.
    assert titles["value"][0] == "Most leads come from the gates campaign"
    assert titles["value"][2] == "Most leads come from the parts campaign"
    assert view["title"]["text"] == {"expr": f"{titles['name']}[round((parts_eur - 0) / 300)]"}
    assert spec["description"] == "Leads as the budget moves."


def test_a_view_the_page_parameter_does_not_change_is_drawn_as_it_is():
    page = PageParameter("anything", "Anything", (0, 1), 0)
    frame = charts.leads_by_campaign_frame(leads(300))
    template = charts.leads_by_campaign_chart(*frame).to_dict()
    spec = page_parameter_view(page, [(template, {0: frame, 1: frame})], description="d")
    assert "transform" not in spec["vconcat"][0]
    assert spec["datasets"] == template["datasets"]


@pytest.mark.parametrize(
    ("values", "value", "problem"),
    [((0, 1, 3), 0, "equal steps"), ((0, 5), 3, "not in"), ((0.0, 0.5), 0.0, "whole numbers")],
)
def test_a_page_parameter_refuses_a_grid_it_cannot_index(values, value, problem):
    with pytest.raises(ValueError, match=problem):
        PageParameter("x", "X", values, value)


def test_a_page_parameter_starts_at_the_grid_value_nearest_the_setting():
    assert PageParameter.over("rate", "Rate (%)", 0, 50, 1, near=12.4).value == 12
    assert PageParameter.over("gifts", "Gifts", 0, 3000, 50, near=620).value == 600
    assert PageParameter.over("gifts", "Gifts", 0, 3000, 50, near=9999).value == 3000


def test_a_page_parameter_is_built_from_the_labs_declaration_of_its_parameter():
    share = Parameter("margin_rate", "Share of margin", 0.0, 0.5, 0.01, default=0.12, fmt=".0%")
    page = PageParameter.of(share, near=0.123)
    assert (page.name, page.label, page.values[0], page.values[-1], page.step, page.value) == (
        "margin_rate_percent",
        "Share of margin (%)",
        0,
        50,
        1,
        12,
    )
    assert page.setting(7) == 7 / 100
    vips = Parameter("vip_share_percent", "VIP parties (%)", 1, 50, 1, default=15)
    page = PageParameter.of(vips, near=15, label="VIPs first (%)")
    assert (page.name, page.label, page.values[-1], page.setting(20)) == (
        "vip_share_percent",
        "VIPs first (%)",
        50,
        20,
    )
    half_percent = Parameter("low_rate", "Rate below", 0.0, 0.1, 0.005, default=0.01, fmt=".1%")
    with pytest.raises(ValueError, match="takes whole numbers"):
        PageParameter.of(half_percent, near=0.01)


def test_status_html_becomes_wrapped_plain_lines():
    markup = (
        "<span style='x'><b>Sales</b> meets its targets</span>.<br>Profit <b>EUR 1</b> &amp; more"
    )
    assert text_lines(markup) == ["Sales meets its targets.", "Profit EUR 1 & more"]
    assert max(len(line) for line in text_lines("word " * 60)) <= 88


def test_stacked_charts_keep_their_own_colours_and_refuse_mixed_themes():
    a = charts.leads_by_campaign(leads(300)).to_dict()
    b = charts.leads_by_campaign(leads(600)).to_dict()
    spec = stacked([a, b], description="Two budgets.", title=["Now"])
    assert len(spec["vconcat"]) == 2 and len(spec["datasets"]) == 2
    assert spec["resolve"]["scale"]["color"] == "independent"
    b["config"] = {}
    with pytest.raises(ValueError, match="configs differ"):
        stacked([a, b], description="Two budgets.")


# --- labs and charts on a static page ------------------------------------------------------------


def test_on_a_static_page_a_lab_shows_one_vega_lite_spec_and_no_widget(static_page):
    lab = FirstLab()
    bundle = lab._repr_mimebundle_()
    (mime,) = [m for m in bundle if m.startswith("application/vnd.vegalite.")]
    assert mime.endswith("+json")  # nbformat keeps only "+json" types as JSON
    spec = bundle[mime]
    assert spec["usermeta"] == {"lab": "FirstLab", "page_parameter": None}
    assert spec["title"]["text"] == ["288 leads a month; blended cost per lead: EUR 10.43 per lead"]
    assert spec["title"]["subtitle"] == ["Settings: Budget (EUR): 3000; Share on parts: 50%"]
    assert "application/vnd.jupyter.widget-view+json" not in bundle


def test_on_a_static_page_a_chart_is_its_spec_as_json(static_page):
    chart = charts.leads_by_campaign(leads(300))
    assert live_chart(chart) is chart
    bundle = chart._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["application/json"]["description"].startswith("Bar chart")
    nbformat.v4.new_output("display_data", data=data)  # valid in a notebook


def test_the_commission_slider_holds_what_the_lab_computes_and_leaves_it_as_it_was(static_page):
    lab = CommissionLab()
    before = lab.settings
    spec = lab.page_view()
    assert lab.settings == before and lab.plan_choice.value == "tiered_revenue"

    lab.settings = {"plan": "margin_share", "margin_rate": 0.20}
    time_view = spec["vconcat"][0]
    rows = spec["datasets"][time_view["data"]["name"]]
    at_20 = [{k: v for k, v in r.items() if k != "margin_rate_percent"} for r in rows]
    at_20 = [r for r, full in zip(at_20, rows, strict=True) if full["margin_rate_percent"] == 20]
    assert at_20 == alt.to_values(lab.time_chart.data)["values"]
    (status,) = [p for p in spec["params"] if p["name"] == "margin_rate_percent_status"]
    assert status["value"][20][1] == (
        "Profit EUR 18,067 · revenue EUR 85,040 · sales pay EUR 6,129 · 236 deals won"
    )
    assert f"Profit EUR {lab.outcome.profit_eur:,.0f}" in status["value"][20][1]


def test_the_cloakroom_slider_moves_the_share_of_vip_guests_under_the_scheme(static_page):
    lab = CloakroomLab()
    lab.settings = {"gift_budget_ron": 600}
    spec = lab.page_view()
    (param,) = [p for p in spec["params"] if "bind" in p]
    assert (param["name"], param["value"], param["bind"]["min"], param["bind"]["max"]) == (
        "vip_share_percent",
        15,
        1,
        50,
    )
    (status,) = [p for p in spec["params"] if p["name"] == "vip_share_percent_status"]
    # Lesson 04's numbers: VIPs first with 600 RON of gifts raises revenue 6.0% on evening 1,
    # with the usual 15% of VIP parties; a crowd with other shares gives other figures.
    assert "+6.0% against the same guests" in " ".join(status["value"][15 - 1])
    assert "+6.0% against the same guests" not in " ".join(status["value"][30 - 1])
    assert "Gift budget (RON): 600" in " ".join(spec["title"]["subtitle"])
    assert lab.settings["policy"] == "fifo"  # the lab is left as it was


def test_the_explorer_on_a_static_page_is_a_picture_of_its_three_labs(static_page):
    bundle = CompanyExplorer()._repr_mimebundle_()
    spec = next(v for k, v in bundle.items() if k.startswith("application/vnd.vegalite."))
    headings = [view["title"]["text"][0] for view in spec["vconcat"]]
    assert headings == [
        "Company X: how sales is paid",
        "The ad budget, on the same company",
        "Common criteria",
    ]
    assert spec["description"]


# --- the built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The whole site, built once into a temporary folder: its index page."""
    out = tmp_path_factory.mktemp("site") / "site"
    return builder.build(ROOT / "lessons", out)


class References(HTMLParser):
    """Every address a page loads (script, stylesheet, image, media, frame), its <html lang>,
    its chart specs, and its text."""

    LOADED = {
        "script": ("src",),
        "link": ("href",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "iframe": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
    }

    def __init__(self, text: str):
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.styles: list[str] = []
        self.lang = None
        self.ids: set[str] = set()
        self.specs: list[dict] = []
        self.words: list[str] = []
        self._json = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.loaded += [attrs[a] for a in self.LOADED.get(tag, ()) if attrs.get(a)]
        self.links += [attrs["href"]] if tag == "a" and attrs.get("href") else []
        self.styles += [attrs["style"]] if attrs.get("style") else []
        self.ids |= {attrs["id"]} if attrs.get("id") else set()
        self.lang = attrs.get("lang") if tag == "html" else self.lang
        self._json = tag == "script" and attrs.get("type") == "application/json"

    def handle_endtag(self, tag):
        self._json = False

    def handle_data(self, data):
        if self._json:
            self.specs.append(json.loads(data))
        else:
            self.words.append(data)

    @property
    def text(self) -> str:
        return html.unescape("".join(self.words))


def pages(index: Path) -> dict[str, References]:
    return {p.name: References(p.read_text(encoding="utf-8")) for p in index.parent.glob("*.html")}


def css_urls(css: str) -> list[str]:
    return [u.strip("'\" ") for u in re.findall(r"url\(([^)]*)\)", css)] + re.findall(
        r"@import\s+['\"]([^'\"]+)", css
    )


def is_outside(address: str) -> bool:
    return bool(re.match(r"^\s*(https?:|//|ftp:|wss?:)", address, re.I))


@pytest.mark.slow
def test_the_index_links_every_lesson(built):
    index = pages(built)["index.html"]
    assert [link for link in index.links if link.endswith(".html") and link != "index.html"] == [
        f"{lesson}.html" for lesson in LESSON_IDS
    ]
    for lesson in LESSON_IDS:
        assert (built.parent / f"{lesson}.html").exists()


def solution_only_lines(lesson: str) -> set[str]:
    """Lines of the solution notebook's solutions and hidden tests that the student notebook
    holds nowhere, not even inside a longer line (8 letters or digits at least)."""
    source = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", 4)
    student = nbformat.read(ROOT / "lessons" / lesson / f"{lesson}.ipynb", 4)
    student_text = "\n".join(cell.source for cell in student.cells)
    blocks = [("### BEGIN SOLUTION", "### END SOLUTION")]
    blocks.append(("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
    found = set()
    for cell in source.cells:
        for begin, end in blocks:
            for block in cell.source.split(begin)[1:]:
                for line in (x.strip() for x in block.split(end)[0].splitlines()):
                    if sum(ch.isalnum() for ch in line) >= 8 and line not in student_text:
                        found.add(line)
    return found


def leaked(text: str, lines: set[str]) -> list[str]:
    return sorted(line for line in lines if line in text)


def test_the_leak_check_finds_a_solution_line_on_a_page():
    lines = solution_only_lines("02-gates-and-parts")
    planted = sorted(lines)[0]
    assert leaked(f"some text\n{planted}\nmore", lines) == [planted]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_a_page_holds_no_solution_and_no_hidden_test(built, lesson):
    text = pages(built)[f"{lesson}.html"].text
    lines = solution_only_lines(lesson)
    assert lines, "expected solution lines to look for"
    assert leaked(text, lines) == []
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "Traceback (most recent call last)"):
        assert marker not in text
    assert "\x1b[" not in text  # no coloured traceback either


@pytest.mark.slow
def test_nothing_a_page_loads_comes_from_outside_the_site(built):
    folder = built.parent
    found = pages(built)
    assert set(found) == {"index.html", *(f"{lesson}.html" for lesson in LESSON_IDS)}
    for name, page in found.items():
        addresses = page.loaded + [u for style in page.styles for u in css_urls(style)]
        assert addresses, f"{name} loads nothing: the parse is wrong"
        for address in addresses:
            assert not is_outside(address), f"{name} loads {address}"
            if not address.startswith("data:"):
                assert (folder / address).is_file(), f"{name}: {address} is not in the site"
        for spec in page.specs:
            assert '"url"' not in json.dumps(spec), f"{name}: a chart loads data from a URL"
    css = (folder / "assets" / "site.css").read_text(encoding="utf-8")
    assert not [u for u in css_urls(css) if is_outside(u)]
    assert "@import" not in css and "@font-face" not in css


def test_the_outside_check_catches_a_cdn_and_a_protocol_relative_address():
    assert is_outside("https://cdn.jsdelivr.net/npm/vega@5")
    assert is_outside("//fonts.googleapis.com/css")
    assert not is_outside("assets/vega.js")
    assert css_urls("a { background: url('//x.org/a.png') }") == ["//x.org/a.png"]


def site_specs(built) -> dict[str, list[dict]]:
    return {name: page.specs for name, page in pages(built).items()}


@pytest.mark.slow
def test_every_chart_in_the_site_describes_itself(built):
    specs = [spec for found in site_specs(built).values() for spec in found]
    assert len(specs) >= 20
    for spec in specs:
        assert spec.get("description", "").strip(), json.dumps(spec)[:300]
        for view in spec.get("vconcat", []):
            assert view.get("description", "").strip(), json.dumps(view)[:300]


def lab_specs(built) -> dict[str, tuple[str, dict]]:
    """The page and spec of each lab's page view, by lab."""
    found = {}
    for name, specs in sorted(site_specs(built).items()):
        for spec in specs:
            lab = (spec.get("usermeta") or {}).get("lab")
            if lab and lab not in found:
                found[lab] = (name, spec)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lab", list(SLIDER_LABS))
def test_each_slider_lab_binds_its_parameter_to_a_range_and_holds_every_value(built, lab):
    lesson, name, grid = SLIDER_LABS[lab]
    page, spec = lab_specs(built)[lab]
    assert page == f"{lesson}.html"
    (param,) = [p for p in spec["params"] if "bind" in p]
    assert param["name"] == name and param["bind"]["input"] == "range"
    assert param["bind"]["name"], "the range input needs a label"
    bind = param["bind"]
    assert range(bind["min"], bind["max"] + 1, bind["step"]) == grid
    keyed = [rows for rows in spec["datasets"].values() if rows and name in rows[0]]
    assert keyed, f"no data keyed by {name}"
    for rows in keyed:
        assert sorted({row[name] for row in rows}) == list(grid)


@pytest.mark.slow
def test_the_commission_slider_in_the_site_holds_the_labs_numbers(built):
    _page, spec = lab_specs(built)["CommissionLab"]
    lab = CommissionLab()
    lab.settings = {"plan": "margin_share", "margin_rate": 0.20}
    scorecards = spec["datasets"][spec["vconcat"][1]["data"]["name"]]
    at_20 = [r for r in scorecards if r["margin_rate_percent"] == 20]
    profit = next(r for r in at_20 if r["metric"] == "profit_eur")
    assert profit["value"] == pytest.approx(lab.outcome.profit_eur)
    assert round(profit["value"]) == 18_067


@pytest.mark.slow
def test_a_lab_without_a_slider_is_a_picture_with_a_line_to_jupyterlab(built):
    page, spec = lab_specs(built)["FirstLab"]
    assert page == "00-start-here.html"
    assert "params" not in spec
    text = pages(built)[page].text
    assert "the interactive version, controls and all, is in JupyterLab" in text


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_a_lesson_page_links_to_jupyterlab_and_the_explorer(built, lesson):
    page = pages(built)[f"{lesson}.html"]
    assert f"http://127.0.0.1:8888/lab/tree/{lesson}/{lesson}.ipynb" in page.links
    assert "http://127.0.0.1:8866/" in page.links
    assert "Exercise: your answer goes here in JupyterLab." in page.text


@pytest.mark.slow
def test_pages_have_a_language_headings_and_a_skip_link(built):
    for name, page in pages(built).items():
        text = (built.parent / name).read_text(encoding="utf-8")
        assert page.lang == "en", name
        assert len(re.findall(r"<h1[ >]", text)) == 1, name
        assert re.search(r"<h2[ >]", text) or name == "index.html", name
        assert page.links[0] == "#main" and "main" in page.ids, name


def text_colours(css: str) -> dict[str, str]:
    """Each ``color:`` (not background) of a stylesheet, its variables resolved."""
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9A-Fa-f]{6})", css))
    found = {}
    for rule, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for value in re.findall(r"(?<![-\w])color:\s*([^;]+)", body):
            value = value.strip()
            match = re.fullmatch(r"var\(--([\w-]+)\)", value)
            found[f"{rule.strip()} {value}"] = variables[match[1]] if match else value
    return found


@pytest.mark.slow
def test_every_text_colour_of_the_site_reads_on_white(built):
    colours = text_colours((built.parent / "assets" / "site.css").read_text(encoding="utf-8"))
    checked = {k: v for k, v in colours.items() if v.startswith("#")}
    assert len(checked) >= 8  # the theme's and the code's colours
    for where, colour in checked.items():
        assert contrast_ratio(colour, WHITE) >= TEXT, f"{where}: {colour}"
    assert set(colours.values()) - set(checked.values()) <= {"inherit"}


# --- axe-core on every page, in Chromium ----------------------------------------------------

# axe-core from npm, at requirements/npm's locked version: `make test` installs it into the
# environment (.venv/npm), never at test time.
AXE = Path(sys.prefix) / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_2_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2 A and AA violations on the page as it is drawn now, one line each:
    the rule, how serious, and the first few elements it found."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_2_A_AA
    )
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {[n['target'] for n in v['nodes'][:3]]}"
        for v in found["violations"]
    ]


@pytest.mark.slow
def test_axe_finds_no_wcag_2_a_or_aa_violation_on_any_page(built, browser_page):
    """Every page of the site, its charts drawn (SVG), checked by axe-core: the charts and
    their marks carry accessible names, the sliders labels, the text enough contrast."""
    if not AXE.exists():
        missing(f"axe-core is not installed at {AXE} (`make test` installs it with npm)")
    page, off_machine = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for path in sorted(built.parent.glob("*.html")):
        page.goto(path.as_uri())
        charts_on_page = page.locator(".vega-chart").count()
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-chart svg').length === n",
            arg=charts_on_page,
            timeout=30_000,
        )
        found[path.name] = axe_violations(page)
    assert len(found) == len(LESSON_IDS) + 1  # every lesson and the index
    assert {name: v for name, v in found.items() if v} == {}
    assert errors == []
    assert off_machine == []


# --- the Romanian edition (lesson 00, lean: one lesson in each edition) -----------------------

ROMANIAN_LESSON = "00-start-here"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    """Lesson 00's page in both editions: English in site/, Romanian in site/ro/ (built
    from the catalog into a temporary folder, as `make site` builds it into build/ro/)."""
    from incentives.instructor import translated_lessons

    folder = tmp_path_factory.mktemp("bilingual")
    translated_lessons.build(ROOT, [ROMANIAN_LESSON], folder / "ro-build", "ro")
    sources = {"en": ROOT / "lessons", "ro": folder / "ro-build" / "lessons"}
    english, romanian = builder.build_editions(sources, folder / "site", [ROMANIAN_LESSON])
    return english, romanian


def romanian_pages(bilingual) -> dict[str, References]:
    return pages(bilingual[1])


def english_words_of_the_site() -> list[str]:
    """Each English word entry of the site, as plain text (HTML and placeholders left out),
    but the switch's own, which is English on purpose."""
    found = []
    for key, text in words.WORDS["en"].items():
        if key in ("switch_text", "language_name", "site_title"):
            continue
        plain = html.unescape(re.sub(r"<[^>]+>|\{\w+\}", "", text))
        found += [part.strip() for part in re.split(r"[.;:,]", plain) if len(part.strip()) > 12]
    return found


@pytest.mark.slow
def test_the_romanian_pages_speak_romanian_and_switch_to_the_same_english_page(bilingual):
    english_index, romanian_index = bilingual
    found = romanian_pages(bilingual)
    assert set(found) == {"index.html", f"{ROMANIAN_LESSON}-ro.html"}
    leftovers = english_words_of_the_site()
    assert len(leftovers) > 10
    for name, page in found.items():
        text = (romanian_index.parent / name).read_text(encoding="utf-8")
        assert page.lang == "ro", name
        assert len(re.findall(r"<h1[ >]", text)) == 1, name
        assert page.links[0] == "#main" and "main" in page.ids, name
        assert [english for english in leftovers if english in page.text] == [], name
        switch = '<a href="../{}" hreflang="en" lang="en">Read in English</a>'
        same = "index.html" if name == "index.html" else f"{ROMANIAN_LESSON}.html"
        assert switch.format(same) in text, name
    lesson = found[f"{ROMANIAN_LESSON}-ro.html"]
    assert "Sari la lecție" in lesson.text and "Exercițiu: răspunsul tău" in lesson.text
    assert f"http://127.0.0.1:8888/lab/tree/{ROMANIAN_LESSON}-ro/{ROMANIAN_LESSON}-ro.ipynb" in (
        lesson.links
    )
    english = pages(english_index)[f"{ROMANIAN_LESSON}.html"]
    assert f"ro/{ROMANIAN_LESSON}-ro.html" in english.links
    assert "ro/index.html" in pages(english_index)["index.html"].links


@pytest.mark.slow
def test_the_romanian_pages_load_only_their_own_files_and_write_numbers_the_romanian_way(
    bilingual,
):
    folder = bilingual[1].parent
    for name, page in romanian_pages(bilingual).items():
        for address in page.loaded:
            assert not is_outside(address), f"{name} loads {address}"
            if not address.startswith("data:"):
                assert (folder / address).is_file(), f"{name}: {address} is not in the site"
    specs = romanian_pages(bilingual)[f"{ROMANIAN_LESSON}-ro.html"].specs
    assert specs
    for spec in specs:
        # the kernel ran in Romanian: Vega writes the axes' numbers 1.234,5
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        title = " ".join(spec["title"]["text"])
        assert not re.search(r"\d,\d{3}\b|\d\.\d{1,2}\b", title), title
    text = romanian_pages(bilingual)[f"{ROMANIAN_LESSON}-ro.html"].text
    assert "1.120 de euro" in text and "EUR 1,120" not in text


def test_a_page_switches_to_the_same_lesson_or_else_the_other_editions_index():
    switch = builder.Switch("ro", "ro/", frozenset({"00-start-here-ro.html"}))
    assert switch.href(builder.counterpart_page("00-start-here", "en", "ro")) == (
        "ro/00-start-here-ro.html"
    )
    assert switch.href(builder.counterpart_page("02-gates-and-parts", "en", "ro")) == (
        "ro/index.html"
    )
    back = builder.Switch("en", "../", frozenset({"00-start-here.html"}))
    assert back.href(builder.counterpart_page("00-start-here-ro", "ro", "en")) == (
        "../00-start-here.html"
    )


def test_every_edition_of_the_site_has_every_word_with_the_same_placeholders():
    english = words.WORDS["en"]
    for edition, found in words.WORDS.items():
        assert set(found) == set(english), edition
        for key, text in found.items():
            assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", english[key]))
            if edition == "ro":
                assert "ş" not in text and "ţ" not in text, key  # comma below: ș ț
    romanian = words.WORDS["ro"]
    same = [key for key in english if english[key] == romanian[key]]
    assert same == [], same
    with pytest.raises(ValueError, match="has en, ro"):
        words.words("fr")


@pytest.mark.slow
def test_axe_finds_no_wcag_2_a_or_aa_violation_on_the_romanian_pages(bilingual, browser_page):
    if not AXE.exists():
        missing(f"axe-core is not installed at {AXE} (`make test` installs it with npm)")
    page, off_machine = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for path in sorted(bilingual[1].parent.glob("*.html")):
        page.goto(path.as_uri())
        charts_on_page = page.locator(".vega-chart").count()
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-chart svg').length === n",
            arg=charts_on_page,
            timeout=30_000,
        )
        assert page.evaluate("document.documentElement.lang") == "ro"
        found[path.name] = axe_violations(page)
    assert len(found) == 2
    assert {name: v for name, v in found.items() if v} == {}
    assert errors == []
    assert off_machine == []


@pytest.mark.slow
def test_a_romanian_page_of_the_site_shows_no_english_and_switches_language(
    bilingual, browser_page
):
    page, off_machine = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    romanian_site = bilingual[1].parent
    page.goto((romanian_site / f"{ROMANIAN_LESSON}-ro.html").as_uri())
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
    assert english_in(texts, english_fragments() + site_english()) == []
    assert "Sari la lecție" in page.locator(".skip-link").text_content()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site-ro.png"), full_page=False)
    # the switch leads to the same lesson in English, and back
    page.get_by_role("link", name="Read in English").click()
    page.wait_for_url(f"**/{ROMANIAN_LESSON}.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Citește în română").click()
    page.wait_for_url(f"**/ro/{ROMANIAN_LESSON}-ro.html")
    assert errors == []
    assert off_machine == []
