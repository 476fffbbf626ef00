"""What every chart builder shares: the table checks, the grader's stand-in, the style.

Every builder of :mod:`incentives.views.charts` checks its table with :func:`checked`, draws
with :func:`draw` (which under the grader returns a :class:`NotDrawn` instead) and styles
its chart with :func:`styled`; titles put numbers in words with :func:`amount_text` and
:func:`join_words`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.views.live import load_altair, under_the_grader
from incentives.views.theme import course_theme

if TYPE_CHECKING:
    alt = load_altair()

MAX_ROWS = 5_000
"""The most rows a builder takes: aggregate first (Altair refuses more by default)."""


class NotDrawn:
    """What a chart builder returns under the grader: the chart's finding, not the chart.

    nbgrader runs a submission where nobody looks at a chart, so the views skip Altair
    (see :func:`incentives.views.live.under_the_grader`); the data step still runs, so a
    table that is wrong raises the same error and the title states the same finding.

    Attributes:
        data: The data the chart would draw.
        title: The chart's title.
    """

    def __init__(self, data: pd.DataFrame, title: str):
        self.data, self.title = data, title

    def _repr_mimebundle_(self, **kwargs):
        return {"text/plain": f"(chart not drawn under the grader) {self.title}"}


def draw(chart_step, data: pd.DataFrame, title: str, *args, **kwargs):
    """The chart step's chart, or under the grader a :class:`NotDrawn` with its title."""
    if under_the_grader():
        return NotDrawn(data, title)
    return chart_step(data, title, *args, **kwargs)


def checked(table: pd.DataFrame, required, name: str, key: str | None = None) -> pd.DataFrame:
    """A copy of ``table`` with ``key`` as a column, after checking columns and size."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} needs a pandas DataFrame; got {type(table).__name__}")
    if len(table) > MAX_ROWS:
        raise ValueError(
            f"{name} got {len(table):,} rows, more than {MAX_ROWS:,}: aggregate first "
            "(one row per group) and chart the summary table"
        )
    frame = table.copy()
    if key is not None and key not in frame.columns and key in (frame.index.names or []):
        frame = frame.reset_index()
    missing = [c for c in ([key] if key is not None else []) + list(required) if c not in frame]
    if missing:
        raise ValueError(f"{name} needs columns {missing}; got {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{name} got an empty table; nothing to chart")
    return frame


def optional_tooltips(frame: pd.DataFrame, optional: dict) -> list[alt.Tooltip]:
    """Tooltips for the quantitative columns ``frame`` has, from ``{column: (title, format)}``."""
    alt = load_altair()
    return [
        alt.Tooltip(f"{c}:Q", title=t, format=f) for c, (t, f) in optional.items() if c in frame
    ]


def styled(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """``chart`` (the outermost one) in the course theme, with ``description`` at the top
    of its spec for screen readers."""
    return course_theme(chart.properties(description=description))


def group_name(by: str) -> str:
    """A grouping column's name in words, e.g. ``"campaign_id"`` -> ``"campaign id"``."""
    return by.replace("_", " ").lower()


def join_words(words: list[str]) -> str:
    """Words joined for a title: ``["a", "b", "c"]`` -> ``"a, b and c"``."""
    words = [str(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def amount_text(value: float, unit: str) -> str:
    """A value in its unit, in words for a title: ``EUR 1,234``, ``12.5%``, ``n/a``."""
    if pd.isna(value):
        return "n/a"
    if unit == "EUR":
        return f"EUR {value:,.2f}" if abs(value) < 100 else f"EUR {value:,.0f}"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:,.1f}"
    return f"{value:,.2f} {unit}"
