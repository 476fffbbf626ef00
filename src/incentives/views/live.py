"""Charts that stay on the page: offline rendering, and a chart a lab updates in place.

Every chart the course shows in a lab goes through :func:`live_chart`, which wraps an
Altair chart in a ``JupyterChart`` widget. The first call switches Altair to offline
rendering, once per kernel: the Vega-Lite JavaScript then comes from vl-convert's bundle on
this machine, not from a CDN, and JupyterLab's own (older) Vega-Lite renderer is not used.
This is the course's one offline setting; no notebook needs a line of its own for it.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

_offline = False


def enable_offline() -> None:
    """Render every Altair chart in this kernel offline; safe to call many times.

    Sets ``JupyterChart`` to offline mode (a JavaScript bundle built by vl-convert the first
    time, about a second) and makes the ``jupyter`` renderer, offline, Altair's default so
    that a plain ``alt.Chart`` shown afterwards is also drawn without the network.
    """
    global _offline
    if _offline:
        return
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)
    _offline = True


def live_chart(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """Wrap ``chart`` in an offline ``JupyterChart`` that a lab can update in place.

    Args:
        chart: Any Altair chart.

    Returns:
        A ``JupyterChart`` widget; assign a new chart to its ``.chart`` to redraw it.
    """
    enable_offline()
    return alt.JupyterChart(chart)


class LiveChart:
    """One ``JupyterChart`` kept for a lab's life, updated in place when its data change.

    A chart kind is a pair of functions: ``frame(table) -> (data, title)`` prepares the data
    (pandas, fast) and ``chart(data, title)`` builds the Altair chart (slow: tens of ms). The
    chart is built once; :meth:`update` then swaps only the data and the title in the
    widget's Vega-Lite spec, which takes about a millisecond. The builders keep everything
    else in the spec independent of the data (tests check that an updated spec equals a
    freshly built one) and put the title at the top of the spec, as a text or a dict with a
    ``text`` (``alt.Title``); a theme's ``config.title`` is style and is left as it is.

    Args:
        frame: The data step, e.g. :func:`scorecards_frame`.
        chart: The chart step, e.g. :func:`scorecards_chart`.
        table: The first table to show.

    Attributes:
        widget: The ``JupyterChart`` to place in a layout.
        data: The prepared data now shown (a DataFrame).
        title: The title now shown.
    """

    def __init__(self, frame, chart, table: pd.DataFrame):
        self._frame = frame
        self.data, self.title = frame(table)
        self.widget = live_chart(chart(self.data, self.title))
        self._template = self.widget.spec
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

    def update(self, table: pd.DataFrame) -> None:
        """Show ``table``: recompute the data and title, then send the patched spec."""
        self.data, self.title = self._frame(table)
        spec = dict(self._template)
        spec["datasets"] = {self._dataset: _records(self.data)}
        if isinstance(spec.get("title"), dict):  # e.g. alt.Title(text, subtitle=...)
            spec["title"] = {**spec["title"], "text": self.title}
        else:
            spec["title"] = self.title
        self.widget.spec = spec

    @property
    def spec(self) -> dict:
        """The Vega-Lite spec the browser draws now."""
        return self.widget.spec


def _title_text(spec: dict):
    """The text of a spec's top-level title, whether a plain text or a dict with ``text``.

    A configured chart keeps its title style in ``config.title``; that is not the title.
    """
    title = spec.get("title")
    return title.get("text") if isinstance(title, dict) else title


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts, as Altair embeds a DataFrame (missing values as None).

    Altair's own conversion takes about 9 ms; this one, for the small tables of a lab, well
    under one.
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
