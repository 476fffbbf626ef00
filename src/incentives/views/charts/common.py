"""What every chart builder shares: the table checks, the grader's stand-in, the style.

Every builder of :mod:`incentives.views.charts` checks its table with :func:`checked`, draws
with :func:`draw` (which under the grader returns a :class:`NotDrawn` instead) and styles
its chart with :func:`styled`; titles put numbers in words with :func:`amount_text` and
:func:`join_words`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import _, money, number, percent
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
        return {
            "text/plain": _("(chart not drawn under the grader) {title}").format(title=self.title)
        }


def draw(chart_step, data: pd.DataFrame, title: str, *args, **kwargs):
    """The chart step's chart, or under the grader a :class:`NotDrawn` with its title."""
    if under_the_grader():
        return NotDrawn(data, title)
    return chart_step(data, title, *args, **kwargs)


def checked(table: pd.DataFrame, required, name: str, key: str | None = None) -> pd.DataFrame:
    """A copy of ``table`` with ``key`` as a column, after checking columns and size."""
    if not isinstance(table, pd.DataFrame):
        message = _("{name} needs a pandas DataFrame; got {kind}")
        raise TypeError(message.format(name=name, kind=type(table).__name__))
    if len(table) > MAX_ROWS:
        message = _(
            "{name} got {rows} rows, more than {most}: aggregate first "
            "(one row per group) and chart the summary table"
        )
        raise ValueError(message.format(name=name, rows=number(len(table)), most=number(MAX_ROWS)))
    frame = table.copy()
    if key is not None and key not in frame.columns and key in (frame.index.names or []):
        frame = frame.reset_index()
    missing = [c for c in ([key] if key is not None else []) + list(required) if c not in frame]
    if missing:
        message = _("{name} needs columns {missing}; got {columns}")
        raise ValueError(message.format(name=name, missing=missing, columns=list(frame.columns)))
    if frame.empty:
        raise ValueError(_("{name} got an empty table; nothing to chart").format(name=name))
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
    if len(words) == 1:
        return words[0]
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


def amount_text(value: float, unit: str) -> str:
    """A value in its unit, in words for a title: ``EUR 1,234``, ``12.5%``, ``n/a`` (in the
    edition's way: ``1.234 de euro``, ``12,5%``, ``n/a`` in Romanian)."""
    if pd.isna(value):
        return _("n/a")
    if unit in ("EUR", "RON"):
        return money(value, unit, decimals=2 if abs(value) < 100 else 0)
    if unit == "share":
        return percent(value, 1)
    if unit == "count":
        return number(value)
    if unit == "ratio":
        return number(value, 1)
    return f"{number(value, 2)} {unit}"


def label_expression(values) -> str | None:
    """A Vega expression showing each English data value in ``values`` in the edition's
    words, for a legend's or an axis's ``labelExpr``; None when none differs (English)."""
    words = {str(v): _(str(v)) for v in values}
    if all(word == value for value, word in words.items()):
        return None
    expression = "datum.label"
    for value, word in reversed(list(words.items())):
        expression = f"datum.label === {json.dumps(value)} ? {json.dumps(word)} : ({expression})"
    return expression


def legend(values, **options):
    """An Altair legend (``alt.Legend``) whose labels are ``values`` in the edition's words."""
    alt = load_altair()
    expression = label_expression(values)
    if expression is not None:
        options["labelExpr"] = expression
    return alt.Legend(**options) if options else alt.Undefined
