"""The reading site: every lesson as a static web page, with sliders that need no kernel.

    make site        (or: course site [--out build/site] [--lesson ID ...])

Each lesson's student notebook (lessons/<id>/<id>.ipynb: no solutions, no hidden tests) runs
top to bottom in a temporary copy, in a kernel with ``INCENTIVES_STATIC_PAGE=1``
(:func:`incentives.views.live.static_page`): charts stay plain Vega-Lite specs and each lab
shows its page view, a slider for its key parameter or a picture of it as it is
(:meth:`incentives.labs.base.Lab.page_view`). Unanswered exercises fail, as they do for a
student: their errors are left out and the cell is marked as an exercise.

The pages are written with the course's own small templates (templates/), not
nbconvert's, which load MathJax and require.js from a CDN. Everything a page loads is in the
site: its stylesheet, and Vega, Vega-Lite and vega-embed bundled by vl-convert into
assets/vega.js, a classic script, so the pages also work opened from disk (file://). Links
to JupyterLab (``make lab``) and the explorer (``make app``) lead to the interactive version.

Both editions: :func:`build_editions` builds the English lessons into the site's folder and
the Romanian ones (``<lesson>-ro``, run in a Romanian kernel) into ``ro/``, each page with
``<html lang>`` its edition's and a link to the same page in the other edition (to that
edition's index where it has no such lesson). The site's own words, in each language, are
in :mod:`incentives.site.words`.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from nbclient import NotebookClient
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pygments.style import Style
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, String

from incentives.i18n import ENVIRONMENT_VARIABLE
from incentives.site.words import html_text, words
from incentives.views.live import DRAW_ANYWAY_ENV, GRADER_ENV, STATIC_PAGE_ENV, page_bundle
from incentives.views.theme import GRID_COLOUR, PALETTE, TEXT_COLOUR

TEMPLATES = Path(__file__).with_name("templates")
MARKER = ".incentives-site"
"""A file in the site's folder saying the site wrote it, so a rebuild may clear it."""
VEGALITE_MIME = re.compile(r"^application/vnd\.vegalite\.v\d+\+json$")
# HTML that would load something, or run a script: such an output is shown as plain text.
ACTIVE_HTML = re.compile(r"<\s*(script|link|iframe|img|object|embed|style\b[^>]*src)\b", re.I)
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="[^"]*">[^<]*</a>')
EDITIONS = ("en", "ro")
"""The site's editions, in order: English at the site's top, each other in its own folder
(``ro/``), its lessons named ``<lesson>-ro``."""


class CourseCodeStyle(Style):
    """Code colours from the course palette: each reads on white at 4.5:1 or more."""

    styles = {
        Comment: f"italic {PALETTE['neutral']}",
        Keyword: f"bold {PALETTE['sales']}",
        Operator.Word: f"bold {PALETTE['sales']}",
        Name.Builtin: PALETTE["sales"],
        Name.Decorator: PALETTE["marketing"],
        String: PALETTE["company"],
        Number: PALETTE["alert"],
        Error: PALETTE["alert"],
    }


@dataclass(frozen=True)
class Lesson:
    """A lesson of the site: its id (folder name), title and notebook."""

    id: str
    title: str
    notebook: Path

    @property
    def page(self) -> str:
        return f"{self.id}.html"


def lessons_in(folder: Path) -> list[Lesson]:
    """Every lesson under ``folder`` (lessons/<id>/<id>.ipynb), in order, titled by its first
    heading."""
    found = []
    for notebook in sorted(Path(folder).glob("*/*.ipynb")):
        if notebook.stem != notebook.parent.name:
            continue
        cells = nbformat.read(notebook, as_version=4).cells
        first = next((c.source for c in cells if c.cell_type == "markdown"), "")
        title = first.strip().splitlines()[0].lstrip("#").strip() if first.strip() else ""
        found.append(Lesson(notebook.parent.name, title or notebook.parent.name, notebook))
    if not found:
        raise FileNotFoundError(f"no lessons (<id>/<id>.ipynb) under {folder}")
    return found


def run_lesson(notebook: Path, timeout: int = 120, edition: str = "en") -> str:
    """Run a student notebook top to bottom in a temporary copy of its folder, as a student's
    "Run All" would but for the static page (``INCENTIVES_STATIC_PAGE=1``), in the kernel of
    its ``edition`` (``INCENTIVES_EDITION``: the labs', charts' and numbers' language);
    errors are allowed. Returns the executed notebook as JSON (it crosses a process
    boundary)."""
    notebook = Path(notebook).resolve()
    env = {k: v for k, v in os.environ.items() if k not in (GRADER_ENV, DRAW_ANYWAY_ENV)}
    env[STATIC_PAGE_ENV] = "1"
    env[ENVIRONMENT_VARIABLE] = edition
    with tempfile.TemporaryDirectory(prefix="incentives-site-") as temporary:
        folder = Path(temporary) / notebook.parent.name
        shutil.copytree(notebook.parent, folder, ignore=shutil.ignore_patterns(".ipynb_*"))
        nb = nbformat.read(folder / notebook.name, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            allow_errors=True,
            resources={"metadata": {"path": str(folder)}},
            extra_arguments=["--log-level=ERROR"],
        )
        client.execute(env=env)
    return nbformat.writes(nb)


class PageWriter:
    """Turns one executed lesson into the HTML of its page's main part, and counts charts.

    Images go to ``assets`` (named after the lesson); charts become a ``<div>`` with their
    spec in a JSON script beside it, which assets/site.js draws.
    """

    def __init__(self, lesson_id: str, assets: Path, edition: str = "en"):
        self.lesson_id = lesson_id
        self.assets = assets
        self.words = words(edition)
        self.charts = 0
        self.images = 0
        self.formatter = HtmlFormatter(style=CourseCodeStyle)

    def page(self, nb: nbformat.NotebookNode) -> str:
        return "\n".join(self.cell(cell) for cell in nb.cells)

    def cell(self, cell) -> str:
        if cell.cell_type == "markdown":
            return f'<div class="cell markdown">{markdown_html(cell.source)}</div>'
        if cell.cell_type != "code":
            return ""
        meta = cell.get("metadata", {}).get("nbgrader", {})
        failed = any(output.output_type == "error" for output in cell.outputs)
        if meta.get("solution"):
            note = self.words["exercise_note"]
        elif failed and meta.get("grade"):
            note = self.words["check_note"]
        elif failed:
            note = self.words["failed_note"]
            print(
                f"  warning: {self.lesson_id}: a cell outside the exercises failed", file=sys.stderr
            )
        else:
            note = ""
        parts = [f'<div class="cell code{" exercise" if note else ""}">']
        if note:
            parts.append(f'<p class="exercise-note">{html.escape(note)}</p>')
        code = highlight(cell.source, PythonLexer(), self.formatter)
        parts.append(f'<div class="source">{code}</div>')
        parts += [self.output(output) for output in cell.outputs]
        parts.append("</div>")
        return "\n".join(part for part in parts if part)

    def output(self, output) -> str:
        kind = output.output_type
        if kind == "stream":
            if output.name != "stdout":
                return ""  # warnings and logs are not part of the lesson
            return self._text(output.text)
        if kind not in ("execute_result", "display_data"):
            return ""  # errors: the cell is marked instead
        data = output.get("data", {})
        spec = vegalite_spec(data)
        if spec is not None:
            return self.chart(spec)
        if "image/png" in data:
            return self.image(data["image/png"], data.get("text/plain", self.words["image_alt"]))
        if "text/html" in data and not ACTIVE_HTML.search(data["text/html"]):
            return f'<div class="output table-output" tabindex="0">{data["text/html"]}</div>'
        if "text/markdown" in data:
            return f'<div class="output">{markdown_html(data["text/markdown"])}</div>'
        if "text/plain" in data:
            shown = self._text(data["text/plain"])
            if "application/vnd.jupyter.widget-view+json" in data:
                shown += f'<p class="lab-note">{html.escape(self.words["control_note"])}</p>'
            return shown
        return ""

    def chart(self, spec: dict) -> str:
        self.charts += 1
        name = f"spec-{self.charts}"
        # "<" as \u003c: the JSON cannot close its script element early.
        text = json.dumps(spec, separators=(",", ":")).replace("<", "\\u003c")
        note = lab_note(spec.get("usermeta") or {}, self.words)
        return (
            '<figure class="output chart"><div class="chart-controls"></div>'
            f'<div class="vega-chart" data-spec="{name}"></div>'
            f'<script type="application/json" id="{name}">{text}</script>{note}</figure>'
        )

    def image(self, png_base64: str, alt_text: str) -> str:
        self.images += 1
        name = f"{self.lesson_id}-{self.images}.png"
        (self.assets / name).write_bytes(base64.b64decode(png_base64))
        return f'<div class="output"><img src="assets/{name}" alt="{html.escape(alt_text)}"></div>'

    @staticmethod
    def _text(text: str) -> str:
        return f'<div class="output"><pre>{html.escape(text)}</pre></div>'


def vegalite_spec(data: dict) -> dict | None:
    """The Vega-Lite spec in an output's data, if any: under its own MIME type (a lab's page
    view) or as JSON with a Vega-Lite ``$schema`` (a chart, by Altair's ``json`` renderer)."""
    for mime, value in data.items():
        if VEGALITE_MIME.match(mime):
            return value
    value = data.get("application/json")
    if isinstance(value, dict) and "/vega-lite/" in str(value.get("$schema", "")):
        return value
    return None


def lab_note(usermeta: dict, site_words: dict[str, str] | None = None) -> str:
    """The line under a lab's page view: what moves here, and where the rest does."""
    if not usermeta.get("lab"):
        return ""
    site_words = site_words or words("en")
    text = site_words["slider_note" if usermeta.get("page_parameter") else "picture_note"]
    return f'<figcaption class="lab-note">{html.escape(text)}</figcaption>'


def markdown_html(source: str) -> str:
    """A markdown cell as HTML (nbconvert's mistune renderer), without the "¶" links it adds
    to headings (the headings keep their ids)."""
    return ANCHOR_LINK.sub("", markdown2html_mistune(source))


def stylesheet() -> str:
    """The site's stylesheet: the theme's colours as variables, the code colours, then
    templates/site.css."""
    variables = {
        "text": TEXT_COLOUR,
        "link": PALETTE["sales"],
        "muted": PALETTE["neutral"],
        "alert": PALETTE["alert"],
        "rule": GRID_COLOUR,
    }
    root = ":root {\n" + "".join(f"  --{k}: {v};\n" for k, v in variables.items()) + "}\n"
    code = HtmlFormatter(style=CourseCodeStyle).get_style_defs(".highlight")
    return root + code + "\n" + (TEMPLATES / "site.css").read_text(encoding="utf-8")


def prepare(out: Path, clear: bool) -> None:
    """Make the site's folder, clearing an earlier build when ``clear``; refuse to clear a
    folder the site did not write."""
    if clear and out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} holds files the site did not write; choose another --out")
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by `make site`; a rebuild replaces this folder.\n")


@dataclass(frozen=True)
class Switch:
    """Where an edition's pages link to the other edition: its language, the way from this
    edition's folder to the other's (``ro/``, ``../``) and the pages it has."""

    lang: str
    prefix: str
    pages: frozenset[str]

    def href(self, page: str | None) -> str:
        """The same page in the other edition, or its index when it has no such page."""
        return self.prefix + (page if page in self.pages else "index.html")


def counterpart_page(lesson_id: str, edition: str, other: str) -> str:
    """A lesson's page in another edition: ``00-start-here`` is ``00-start-here-ro`` in
    Romanian, and back."""
    english = lesson_id.removesuffix(f"-{edition}") if edition != EDITIONS[0] else lesson_id
    return f"{english}.html" if other == EDITIONS[0] else f"{english}-{other}.html"


def build(
    lessons: Path,
    out: Path,
    only: list[str] | None = None,
    *,
    lab_port: int = 8888,
    app_port: int = 8866,
    jobs: int | None = None,
    edition: str = "en",
    switch: Switch | None = None,
) -> Path:
    """Build one edition of the site into ``out`` and return its index page.

    Args:
        lessons: The edition's lessons folder (lessons/, or build/ro/lessons/).
        out: The site's folder; a full build replaces an earlier one there.
        only: Lesson ids to (re)build; the others' pages are kept. All when None.
        lab_port, app_port: Where ``make lab`` and ``make app`` listen, for the links.
        jobs: Lessons run at once (by default up to 2, in separate processes).
        edition: The lessons' language: the pages' words, ``<html lang>``, and the kernel's
            ``INCENTIVES_EDITION``.
        switch: Where the language switch of every page leads (None: no switch).

    Raises:
        SystemExit: for an unknown lesson id, or an ``out`` the site did not write.
    """
    every = lessons_in(lessons)
    chosen = every
    if only:
        unknown = sorted(set(only) - {lesson.id for lesson in every})
        if unknown:
            raise SystemExit(f"no lesson {unknown}; the lessons: {[x.id for x in every]}")
        chosen = [lesson for lesson in every if lesson.id in only]
    out = Path(out)
    prepare(out, clear=not only)
    templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    links = {
        "lab_url": f"http://127.0.0.1:{lab_port}/lab",
        "app_url": f"http://127.0.0.1:{app_port}/",
    }
    frame = Frame(templates, edition, switch, links)

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs or min(2, os.cpu_count() or 1)) as pool:
        running = {
            lesson.id: pool.submit(run_lesson, lesson.notebook, 120, edition) for lesson in chosen
        }
        write_assets(out / "assets")
        for lesson in chosen:
            try:
                nb = nbformat.reads(running[lesson.id].result(), as_version=4)
            except Exception as error:
                raise SystemExit(f"{lesson.id} could not be run: {error}") from error
            charts = write_page(frame, out, lesson, nb, every)
            shown = f"{charts} chart" + ("s" if charts != 1 else "")
            print(f"  {lesson.page}: {shown}, at {time.perf_counter() - start:.0f} s")

    built = [lesson for lesson in every if (out / lesson.page).exists()]
    site_words = words(edition)
    listing = templates.get_template("index.html.j2").render(
        lessons=built, w=site_words, intro=html_text(edition, "index_html", **links)
    )
    index_page = frame.render(
        title=site_words["index_title"], lesson=None, body=Markup(listing), charts=0, page=None
    )
    (out / "index.html").write_text(index_page, encoding="utf-8")
    print(f"  index.html: {len(built)} lessons")
    return out / "index.html"


def build_editions(
    sources: dict[str, Path],
    out: Path,
    only: list[str] | None = None,
    **options,
) -> list[Path]:
    """Build every edition of the site: English in ``out``, each other in ``out/<edition>/``,
    every page with a link to the same page in the other edition (to its index when it has
    no such lesson).

    Args:
        sources: Each edition's lessons folder, by edition ("en", "ro"); an edition left
            out is not built.
        out: The site's folder.
        only: Lesson ids to (re)build, in either edition's spelling (``00-start-here`` builds
            both editions' page of it, ``00-start-here-ro`` only the Romanian one).
        **options: Passed on to :func:`build` (ports, jobs).

    Returns:
        Each edition's index page, in the order of :data:`EDITIONS`.

    Raises:
        SystemExit: no edition to build, or no lesson of either edition named in ``only``.
    """
    editions = [e for e in EDITIONS if e in sources]
    if not editions:
        raise SystemExit("no lessons to build the site from")
    folders = {e: Path(out) if e == EDITIONS[0] else Path(out) / e for e in editions}
    ids = {e: [lesson.id for lesson in lessons_in(sources[e])] for e in editions}
    chosen = {e: None for e in editions}
    if only:
        for e in editions:
            wanted = {x for x in only} | {
                f"{x}-{e}" for x in only if e != EDITIONS[0] and not x.endswith(f"-{e}")
            }
            chosen[e] = [x for x in ids[e] if x in wanted]
        if not any(chosen.values()):
            raise SystemExit(f"no lesson {sorted(only)}; the lessons: {sum(ids.values(), [])}")
    indexes = []
    for edition in editions:
        if only and not chosen[edition]:
            continue
        others = [e for e in editions if e != edition]
        switch = None
        if others:
            other = others[0]
            if edition == EDITIONS[0]:
                prefix = f"{other}/"
            elif other == EDITIONS[0]:
                prefix = "../"
            else:
                prefix = f"../{other}/"
            pages = frozenset(f"{x}.html" for x in ids[other])
            switch = Switch(other, prefix, pages)
        indexes.append(
            build(
                sources[edition],
                folders[edition],
                chosen[edition],
                edition=edition,
                switch=switch,
                **options,
            )
        )
    return indexes


@dataclass(frozen=True)
class Frame:
    """What every page of one edition shares: its templates, words, switch and links."""

    templates: Environment
    edition: str
    switch: Switch | None
    links: dict[str, str]

    def render(self, page: str | None, **values) -> str:
        """A page in the edition's frame; ``page`` is the lesson's id (None: the index)."""
        switch = None
        if self.switch is not None:
            target = (
                counterpart_page(page, self.edition, self.switch.lang) if page else "index.html"
            )
            switch = {"lang": self.switch.lang, "href": self.switch.href(target)}
        return self.templates.get_template("page.html.j2").render(
            lang=self.edition,
            w=words(self.edition),
            switch=switch,
            footer=html_text(self.edition, "footer_html"),
            **values,
        )


def write_assets(assets: Path) -> None:
    """The files every page loads: the Vega bundle, the script that draws the charts and
    the stylesheet."""
    (assets / "vega.js").write_text(page_bundle(), encoding="utf-8")
    (assets / "site.js").write_text((TEMPLATES / "site.js").read_text(), encoding="utf-8")
    (assets / "site.css").write_text(stylesheet(), encoding="utf-8")


def write_page(frame: Frame, out: Path, lesson: Lesson, nb, every: list[Lesson]) -> int:
    """Write a lesson's page from its executed notebook; return how many charts it has."""
    writer = PageWriter(lesson.id, out / "assets", frame.edition)
    body = writer.page(nb)
    place = every.index(lesson)
    lab_url = f"{frame.links['lab_url']}/tree/{lesson.id}/{lesson.id}.ipynb"
    page = frame.render(
        lesson.id,
        title=lesson.title,
        lesson=lesson,
        body=Markup(body),
        charts=writer.charts,
        previous=every[place - 1] if place > 0 else None,
        next=every[place + 1] if place + 1 < len(every) else None,
        interactive=html_text(
            frame.edition, "interactive_html", lab_url=lab_url, app_url=frame.links["app_url"]
        ),
    )
    (out / lesson.page).write_text(page, encoding="utf-8")
    return writer.charts
