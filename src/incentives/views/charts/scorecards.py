"""Each department's scorecard: every metric against its target."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import N_, _, edition, pgettext
from incentives.views.charts.common import (
    amount_text,
    checked,
    draw,
    join_words,
    label_expression,
    legend,
    styled,
)
from incentives.views.live import load_altair
from incentives.views.theme import PALETTE, STATUS_COLOURS, WIDTH

if TYPE_CHECKING:
    alt = load_altair()


DEPARTMENTS = ("marketing", "sales", "company")
# Words the chart shows from its data, translated where shown: the departments (the facet's
# labels), the statuses (the legend) and the rules before a target.
_DATA_WORDS = (
    N_("marketing"),
    N_("sales"),
    N_("company"),
    N_("met"),
    N_("missed"),
    N_("no target"),
    N_("at least"),
    N_("at most"),
)


def scorecards(cards: pd.DataFrame) -> alt.TopLevelMixin:
    """Each department's scorecard: every metric against its target, met, missed or unjudged.

    Args:
        cards: ``Outcome.scorecards()``: one row per metric with ``department``, ``metric``,
            ``label``, ``value``, ``unit``, ``target`` (NaN where none), ``rule`` ("at least" /
            "at most") and ``met`` (nullable boolean).

    Returns:
        One small panel per department (marketing, sales, company): a bar per metric showing
        its value as a percentage of target (a dashed line at 100%), coloured met / missed /
        no target, labelled with the value in its unit. The title says who meets what.
    """
    return draw(scorecards_chart, *scorecards_frame(cards))


def scorecards_frame(cards: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`scorecards` (see there).

    Works row by row in plain Python: a scorecard has a handful of rows, and a lab calls
    this on every change, where pandas' per-operation overhead would dominate.
    """
    required = ["department", "metric", "label", "value", "unit", "target", "rule", "met"]
    checked(cards, required, "scorecards")
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    rows = sorted(cards.to_dict("records"), key=lambda r: order.get(r["department"], len(order)))
    for row in rows:
        met, value, target = row.pop("met"), float(row["value"]), float(row["target"])
        row["status"] = "no target" if pd.isna(met) else ("met" if met else "missed")
        has_target = not math.isnan(target) and target != 0
        row["percent_of_target"] = value / target if has_target else math.nan
        row["text_x"] = 0.0 if math.isnan(row["percent_of_target"]) else row["percent_of_target"]
        row["shown"] = amount_text(value, row["unit"])
        row["target_text"] = (
            _("no target")
            if math.isnan(target)
            else _(row["rule"]) + " " + amount_text(target, row["unit"])
        )

    meets, misses = [], []
    departments = list(dict.fromkeys(row["department"] for row in rows))
    for department in departments:
        judged = [r for r in rows if r["department"] == department and r["status"] != "no target"]
        missed = [_(r["label"]).lower() for r in judged if r["status"] == "missed"]
        who = {
            "marketing": pgettext("the subject of a sentence", "marketing"),
            "sales": pgettext("the subject of a sentence", "sales"),
            "company": _("the company"),
        }.get(department, department)
        if missed:
            if len(missed) == 1:
                text = _("{who} misses its {metrics} target")
            else:
                text = _("{who} misses its {metrics} targets")
            misses.append(text.format(who=who, metrics=join_words(missed)))
        elif judged:
            meets.append(who)
    parts = []
    if meets:
        text = _("{who} meets its targets") if len(meets) == 1 else _("{who} meet their targets")
        parts.append(text.format(who=join_words(meets)))
    parts += misses
    title = "; ".join(parts) if parts else _("No department has a target to meet")
    title = title[0].upper() + title[1:]
    if edition() != "en":  # the words shown, in the edition's language (keys stay English)
        for row in rows:
            row["label"] = _(row["label"])
            row["department_name"] = _(row["department"])
            row["status_text"] = _(row["status"])
    # Room on the right for the value labels: an invisible point per row stretches the axis.
    percents = [r["percent_of_target"] for r in rows if not math.isnan(r["percent_of_target"])]
    top = max([1.0, *percents])
    for row in rows:
        row["axis_end"] = top * 1.45
    return pd.DataFrame(rows), title


def scorecards_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`scorecards` for prepared data."""
    alt = load_altair()

    def shown(column: str, words: str | None = None) -> str:
        """The column that holds ``column``'s words in the edition's language, as a field."""
        words = words or f"{column}_name"
        return f"{words if words in frame else column}:N"

    x_scale = alt.Scale(domainMin=0, nice=False)
    x_title = _("Value as % of target (%)")
    tooltip = [
        alt.Tooltip(shown("department"), title=_("Department")),
        alt.Tooltip("label:N", title=_("Metric")),
        alt.Tooltip("shown:N", title=_("Value")),
        alt.Tooltip("target_text:N", title=_("Target")),
        alt.Tooltip(shown("status", "status_text"), title=_("Status")),
        alt.Tooltip("percent_of_target:Q", title=_("% of target"), format=".0%"),
    ]
    # The metric names label each bar; a "Metric" title beside every department only adds noise.
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=280))
    bars = (
        alt.Chart()
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("percent_of_target:Q", title=x_title, axis=alt.Axis(format="%"), scale=x_scale),
            y=y,
            color=alt.Color(
                "status:N",
                title=_("Target"),
                scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
                legend=legend(list(STATUS_COLOURS)),
            ),
            tooltip=tooltip,
        )
    )
    # The dashed line is named for screen readers: an SVG mark needs a name (axe: svg-img-alt).
    target = _("The target: a dashed line at 100%.")
    line = (
        alt.Chart()
        .mark_rule(color=PALETTE["neutral"], strokeDash=[4, 3], description=target)
        .encode(x=alt.datum(1.0))
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", dx=4, fontSize=11)
        .encode(
            x=alt.X("text_x:Q", title=x_title, scale=x_scale), y=y, text="shown:N", tooltip=tooltip
        )
    )
    room = (  # invisible points that make room for the labels; hidden from screen readers
        alt.Chart()
        .mark_point(opacity=0, aria=False)
        .encode(x=alt.X("axis_end:Q", title=x_title, scale=x_scale), y=y)
    )
    panel = alt.layer(bars, line, labels, room).properties(
        width=WIDTH * 3 // 4, height=alt.Step(22)
    )
    chart = (
        panel.facet(
            row=alt.Row(
                "department:N",
                title=_("Department"),
                sort=list(DEPARTMENTS),
                header=alt.Header(labelAngle=0, labelAlign="left", **header_words(DEPARTMENTS)),
            ),
            data=frame,
            title=title,
        )
        .resolve_scale(y="independent")
        .properties(spacing=6)
    )
    return styled(
        chart,
        _(
            "Bar chart per department: each metric's value as a percentage of its target, "
            "which a dashed line marks at 100%; the colour says whether the metric met its "
            "target, missed it or has none, and a label gives the value in its unit."
        ),
    )


def header_words(values) -> dict:
    """A facet header's ``labelExpr``: ``values`` in the edition's words (none in English)."""
    expression = label_expression(values)
    return {} if expression is None else {"labelExpr": expression}
