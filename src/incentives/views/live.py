"""Charts that stay on the page: offline rendering, and a chart a lab updates in place.

A chart a lesson shows once goes through :func:`live_chart`, which wraps an Altair chart in
a ``JupyterChart`` widget; a lab's charts are :class:`LiveChart` s, the course's own widget
(live_chart.js), which the lab updates by sending only new rows and a new title: the page
patches the drawn Vega view instead of embedding the chart again, much sooner than a new
embedding (docs/performance.md times it). The first chart switches Altair to offline
rendering, once per kernel: the Vega-Lite JavaScript then comes from vl-convert's bundle on
this machine, not from a CDN, and JupyterLab's own (older) Vega-Lite renderer is not used.
This is the course's one offline setting; no notebook needs a line of its own for it.

The bundles (Altair's and the live chart's) are built once per machine and kept in cache
files (:func:`bundle_path`), so a kernel reads them instead of rebuilding them.
Under the grader (:func:`under_the_grader`), where nobody looks at a chart, nothing is
drawn: no Altair, no bundle, no chart widget; the data steps still run, so every value a
test reads is the same.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

GRADER_ENV = "NBGRADER_EXECUTION"
"""nbgrader sets this in the kernels that grade a submission."""
DRAW_ANYWAY_ENV = "INCENTIVES_DRAW_UNDER_GRADER"
"""Set to 1 to draw charts under the grader too (the test that compares scores uses it)."""
STATIC_PAGE_ENV = "INCENTIVES_STATIC_PAGE"
"""Set to 1 in a kernel that runs a lesson for the static reading site (``make site``)."""
CACHE_ENV = "INCENTIVES_CACHE_DIR"
"""Where the offline bundle is kept; by default ``$XDG_CACHE_HOME/incentives`` or
``~/.cache/incentives``."""


def load_altair():
    """Import Altair (once per kernel) and return it.

    Altair imports jsonschema, which loads the optional ``rfc3987_syntax`` package, when it
    is installed, only to check strings of the "iri" format; building that package's
    grammar is a large part of every kernel's start, and no Vega-Lite schema uses "iri".
    So the first import runs with that package hidden: jsonschema then has no "iri" checker
    in this kernel, and nothing else changes (the package imports normally afterwards).
    """
    if "altair" in sys.modules:
        return sys.modules["altair"]
    hidden = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if hidden:
        sys.modules["rfc3987_syntax"] = None  # an import of it raises ImportError
    try:
        import altair
    finally:
        if hidden:
            del sys.modules["rfc3987_syntax"]
    return altair


def under_the_grader() -> bool:
    """Whether this kernel is grading a submission (nbgrader sets ``NBGRADER_EXECUTION``)."""
    return bool(os.environ.get(GRADER_ENV)) and os.environ.get(DRAW_ANYWAY_ENV) != "1"


def static_page() -> bool:
    """Whether this kernel runs a lesson for the static reading site (``make site`` sets
    ``INCENTIVES_STATIC_PAGE=1``): charts stay plain Altair charts, shown as Vega-Lite specs,
    and a lab shows its static page view; no widget is drawn."""
    return os.environ.get(STATIC_PAGE_ENV) == "1"


def bundle_path(kind: str = "altair-offline", source: str = "") -> Path:
    """The cache file of an offline JavaScript bundle for the installed Altair, vl-convert
    and Vega-Lite versions (a new version, or a new ``source`` of our own, gets a new file).

    ``kind`` names the bundle: ``altair-offline`` is Altair's ``JupyterChart``,
    ``live-chart`` the course's own :class:`LiveChart` widget, ``vega-embed`` the reading
    site's script (:func:`page_bundle`)."""
    from importlib.metadata import version

    alt = load_altair()
    versions = f"{alt.__version__}-{version('vl-convert-python')}-{alt.SCHEMA_VERSION}"
    folder = (
        os.environ.get(CACHE_ENV)
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "incentives"
    )
    key = hashlib.sha256((versions + source).encode()).hexdigest()[:16]
    return Path(folder) / f"{kind}-{key}.js"


def _cached(path: Path, build) -> str:
    """The text in the cache file ``path``, or ``build()``'s, then cached: written atomically
    so two kernels starting together never read half a file. A cache that cannot be written
    (a read-only home) only costs the rebuild next time."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as file:
            file.write(text)
        os.chmod(file.name, 0o644)
        os.replace(file.name, path)
    except OSError:
        pass
    return text


def offline_bundle() -> str:
    """The offline JavaScript of ``JupyterChart``: read from the cache file, or built with
    Altair's own recipe (``JupyterChart.enable_offline``) and cached."""
    alt = load_altair()

    def build() -> str:
        online = (alt.JupyterChart._esm, alt.JupyterChart._is_offline)
        alt.JupyterChart.enable_offline()
        bundle = alt.JupyterChart._esm
        alt.JupyterChart._esm, alt.JupyterChart._is_offline = online
        return bundle

    return _cached(bundle_path(), build)


LIVE_CHART_JS = Path(__file__).with_name("live_chart.js")
"""The browser side of :class:`LiveChart`'s widget."""
TITLE_PARAM = "incentives_title"
"""The Vega-Lite param that holds a live chart's title (live_chart.js's ``TITLE``)."""


def live_chart_bundle() -> str:
    """live_chart.js bundled with Vega, Vega-Lite and vega-embed by vl-convert, offline (the
    way Altair bundles ``JupyterChart``), from the cache after the first time."""
    from altair.utils._importers import vl_version_for_vl_convert
    from vl_convert import javascript_bundle

    source = LIVE_CHART_JS.read_text(encoding="utf-8")
    return _cached(
        bundle_path("live-chart", source),
        lambda: javascript_bundle(source, vl_version=vl_version_for_vl_convert()),
    )


def page_bundle() -> str:
    """Vega, Vega-Lite (the version Altair writes) and vega-embed in one classic script that
    sets ``window.vegaEmbed``, bundled by vl-convert, offline: the reading site's
    assets/vega.js (``make site``), from the cache after the first time."""
    from altair.utils._importers import vl_version_for_vl_convert
    from vl_convert import javascript_bundle

    return _cached(
        bundle_path("vega-embed"),
        lambda: javascript_bundle(vl_version=vl_version_for_vl_convert()),
    )


_LIVE_WIDGET = None


def live_widget_class():
    """The widget class of :class:`LiveChart` (an ``anywidget.AnyWidget``), made once per
    kernel: anywidget is imported, and the bundle read, only when a lab first draws."""
    global _LIVE_WIDGET
    if _LIVE_WIDGET is None:
        import anywidget
        import traitlets

        class LiveChartWidget(anywidget.AnyWidget):
            """A Vega-Lite chart whose rows and title are patched in the page, not re-embedded."""

            _esm = live_chart_bundle()
            spec = traitlets.Dict().tag(sync=True)
            dataset = traitlets.Unicode().tag(sync=True)
            rows = traitlets.List().tag(sync=True)
            title = traitlets.Any().tag(sync=True)
            embed_options = traitlets.Dict().tag(sync=True)

        _LIVE_WIDGET = LiveChartWidget
    return _LIVE_WIDGET


def browser_spec(spec: dict, dataset: str) -> dict:
    """``spec`` as :class:`LiveChart`'s widget holds it: without the rows of ``dataset`` (sent
    on their own) and with its title's text read from the param :data:`TITLE_PARAM`."""
    spec = {key: value for key, value in spec.items() if key != "datasets"}
    title = spec.get("title")
    style = title if isinstance(title, dict) else {}
    spec["title"] = {**style, "text": {"expr": TITLE_PARAM}}
    spec["params"] = [*spec.get("params", []), {"name": TITLE_PARAM, "value": None}]
    return spec


def enable_offline() -> None:
    """Render every Altair chart in this kernel offline; safe to call many times.

    Gives ``JupyterChart`` the offline bundle (:func:`offline_bundle`: read from this
    machine's cache, built the first time) and makes the ``jupyter`` renderer, offline,
    Altair's default so that a plain ``alt.Chart`` shown afterwards is also drawn without
    the network. Does nothing under the grader. On a static page (:func:`static_page`) a
    chart is shown as its Vega-Lite spec, for the site to draw: as ``application/json``, since
    Altair 6's ``mimetype`` renderer names a type nbformat refuses (``...vegalite.v6.json``).
    """
    if under_the_grader():
        return
    alt = load_altair()
    if static_page():
        alt.renderers.enable("json")
        return
    if alt.JupyterChart._is_offline:
        return
    alt.JupyterChart._esm = offline_bundle()
    alt.JupyterChart._is_offline = True
    alt.renderers.enable("jupyter", offline=True)


def live_chart(chart):
    """Wrap ``chart`` in an offline ``JupyterChart`` that a lab can update in place.

    Args:
        chart: Any Altair chart (or, under the grader, what a builder returned instead).

    Returns:
        A ``JupyterChart`` widget; assign a new chart to its ``.chart`` to redraw it. Under
        the grader, ``chart`` itself: nothing is drawn; on a static page, ``chart`` itself,
        shown as its Vega-Lite spec.
    """
    if under_the_grader():
        return chart
    alt = load_altair()
    enable_offline()
    if static_page():
        return chart
    return alt.JupyterChart(chart)


class LiveChart:
    """One chart kept for a lab's life, updated in place when its data change.

    A chart kind is a pair of functions: ``frame(table) -> (data, title)`` prepares the data
    (pandas, cheap) and ``chart(data, title)`` builds the Altair chart (costly). The chart is
    built once; :meth:`update` then sends only the new rows and title to the widget
    (live_chart.js), which patches the drawn view (docs/performance.md times a change, here and
    in the page). The spec goes to the page once, with the title's text read from the param
    :data:`TITLE_PARAM` (:func:`browser_spec`); :attr:`spec` is the Vega-Lite spec of what is
    drawn now, as the builders would make it. The builders keep everything else in the spec
    independent of the data (tests check that an updated spec equals a freshly built one) and
    put the title at the top of the spec, as a text or a dict with a ``text`` (``alt.Title``); a
    theme's ``config.title`` is style and is left as it is.

    Args:
        frame: The data step, e.g. :func:`scorecards_frame`.
        chart: The chart step, e.g. :func:`scorecards_chart`.
        table: The first table to show.

    Attributes:
        widget: The widget to place in a layout (``LiveChartWidget``, drawn as SVG).
        data: The prepared data now shown (a DataFrame).
        title: The title now shown.
    """

    def __init__(self, frame, chart, table: pd.DataFrame):
        self._frame = frame
        self._chart = chart
        self.data, self.title = frame(table)
        if under_the_grader() or static_page():  # no widget: keep the data and title
            import ipywidgets

            self.widget = ipywidgets.HTML()
            self._template = None
            return
        enable_offline()  # plain charts shown later in this kernel draw offline too
        self._template = chart(self.data, self.title).to_dict()
        name = getattr(chart, "__name__", repr(chart))
        names = list(self._template.get("datasets", {}))
        if len(names) != 1:
            raise ValueError(f"a live chart needs exactly one dataset; {name} has {names}")
        self._dataset = names[0]
        if _title_text(self._template) != self.title:
            raise ValueError(
                f"a live chart needs its title at the top of the spec (a text, or a dict with "
                f"the text); {name} puts {self.title!r} elsewhere"
            )
        self.widget = live_widget_class()(
            spec=browser_spec(self._template, self._dataset),
            dataset=self._dataset,
            rows=_records(self.data),
            title=self.title,
            embed_options={"renderer": "svg"},
        )

    def update(self, table: pd.DataFrame) -> None:
        """Show ``table``: recompute the data and title, then send only those to the page."""
        self.data, self.title = self._frame(table)
        if self._template is None:
            return
        with self.widget.hold_sync():  # one message: the page redraws once
            self.widget.rows = _records(self.data)
            self.widget.title = self.title

    @property
    def spec(self) -> dict:
        """The Vega-Lite spec the browser draws now (under the grader, the one it would)."""
        if self._template is None:
            return self._chart(self.data, self.title).to_dict()
        spec = dict(self._template)
        spec["datasets"] = {self._dataset: list(self.widget.rows)}
        if isinstance(spec.get("title"), dict):  # e.g. alt.Title(text, subtitle=...)
            spec["title"] = {**spec["title"], "text": self.widget.title}
        else:
            spec["title"] = self.widget.title
        return spec


def _title_text(spec: dict):
    """The text of a spec's top-level title, whether a plain text or a dict with ``text``.

    A configured chart keeps its title style in ``config.title``; that is not the title.
    """
    title = spec.get("title")
    return title.get("text") if isinstance(title, dict) else title


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts, as Altair embeds a DataFrame (missing values as None).

    Faster than Altair's own conversion for the small tables of a lab.
    """
    columns = []
    for _name, column in frame.items():
        dtype = column.dtype
        if pd.api.types.is_bool_dtype(dtype) and not column.isna().any():
            values = [bool(v) for v in column.to_numpy()]
        elif pd.api.types.is_integer_dtype(dtype) and not column.isna().any():
            values = [int(v) for v in column.to_numpy()]
        elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            numbers = column.to_numpy(dtype=float, na_value=np.nan)
            values = [None if not np.isfinite(v) else float(v) for v in numbers]
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            values = [None if pd.isna(v) else v.isoformat() for v in column]
        else:
            values = [None if pd.isna(v) else str(v) for v in column.astype(object)]
        columns.append(values)
    names = [str(name) for name in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
