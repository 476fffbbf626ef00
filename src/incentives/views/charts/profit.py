"""Money as something changes: profit against a plan parameter, and a plan's pay and
profit month by month on a leads table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import N_, _, formatted, money, ngettext, number
from incentives.views.charts.common import amount_text, checked, draw, join_words, styled
from incentives.views.live import load_altair
from incentives.views.theme import HEIGHT, PALETTE, WIDTH

if TYPE_CHECKING:
    alt = load_altair()


def profit_against(
    sweep: pd.DataFrame,
    parameter: str,
    parameter_label: str,
    *,
    also: dict[str, str] | None = None,
) -> alt.TopLevelMixin:
    """Profit (and optionally other EUR figures) as a plan parameter changes.

    Args:
        sweep: One row per parameter value with columns ``parameter`` (numeric) and
            ``profit_eur`` (EUR).
        parameter: The column that varies, e.g. ``"parts_budget_eur"``.
        parameter_label: The x-axis title with its unit, e.g. ``"Parts budget (EUR)"``.
        also: Further EUR columns to draw as lines, column name -> legend label, e.g.
            ``{"revenue_eur": "Sales revenue", "sales_pay_eur": "Sales pay"}``.

    Returns:
        A line chart with a point per row, titled with where profit peaks.
    """
    frame, title = profit_against_frame(sweep, parameter, parameter_label, also=also)
    return draw(profit_against_chart, frame, title, parameter, parameter_label, also=also)


def profit_against_frame(
    sweep: pd.DataFrame,
    parameter: str,
    parameter_label: str,
    *,
    also: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`profit_against` (see there)."""
    also = dict(also or {})
    frame = checked(sweep, [parameter, "profit_eur", *also], "profit_against")
    known = frame.dropna(subset=["profit_eur"])
    if known.empty:
        raise ValueError(_("profit_against got no profit figures (profit_eur is all missing)"))
    best = known.loc[known["profit_eur"].idxmax()]
    title = _("Profit is highest ({profit}) at {label} = {value}").format(
        profit=money(best["profit_eur"], decimals=0),
        label=parameter_label,
        value=formatted(best[parameter], ",.6g"),
    )
    low = known.loc[known["profit_eur"].idxmin()]
    if low["profit_eur"] < best["profit_eur"]:
        title += _(", lowest ({profit}) at {value}").format(
            profit=money(low["profit_eur"], decimals=0), value=formatted(low[parameter], ",.6g")
        )
    return frame, title


def profit_against_chart(
    frame: pd.DataFrame,
    title: str,
    parameter: str,
    parameter_label: str,
    *,
    also: dict[str, str] | None = None,
) -> alt.TopLevelMixin:
    """The chart of :func:`profit_against` for prepared data."""
    alt = load_altair()
    also = dict(also or {})
    x = alt.X(f"{parameter}:Q", title=parameter_label)
    base = alt.Chart(frame)
    if not also:
        chart = base.mark_line(color=PALETTE["company"], point=True).encode(
            x=x,
            y=alt.Y("profit_eur:Q", title=_("Profit (EUR)")),
            tooltip=[
                alt.Tooltip(f"{parameter}:Q", title=parameter_label, format=",.6g"),
                alt.Tooltip("profit_eur:Q", title=_("Profit (EUR)"), format=",.0f"),
            ],
        )
    else:
        names = {"profit_eur": _("Profit"), **also}
        expression = "datum.column"
        for column, label in reversed(list(names.items())):
            expression = f"datum.column === {column!r} ? {label!r} : ({expression})"
        colours = [PALETTE[k] for k in ("company", "sales", "marketing", "alert", "neutral")]
        chart = (
            base.transform_fold(list(names), as_=["column", "eur"])
            .transform_calculate(figure=expression)
            .mark_line(point=True)
            .encode(
                x=x,
                y=alt.Y("eur:Q", title=_("Amount (EUR)")),
                color=alt.Color(
                    "figure:N",
                    title=_("Figure"),
                    sort=list(names.values()),
                    scale=alt.Scale(domain=list(names.values()), range=colours[: len(names)]),
                ),
                tooltip=[
                    alt.Tooltip(f"{parameter}:Q", title=parameter_label, format=",.6g"),
                    alt.Tooltip("figure:N", title=_("Figure")),
                    alt.Tooltip("eur:Q", title=_("Amount (EUR)"), format=",.0f"),
                ],
            )
        )
    if also:
        description = _(
            "Line chart of each figure ({figures}) in EUR against {label}, a point per value "
            "tried, a colour per figure; the highest profit point is the best setting."
        )
    else:
        description = _(
            "Line chart of profit in EUR against {label}, a point per value tried; the "
            "highest profit point is the best setting."
        )
    figures = join_words([_("Profit"), *also.values()])
    description = description.format(figures=figures, label=parameter_label)
    return styled(chart.properties(title=title, width=WIDTH, height=HEIGHT), description)


REPLAY_FIGURES = {"sales_pay_eur": N_("Sales pay"), "profit_eur": N_("Profit")}


def replay_by_month(table: pd.DataFrame) -> alt.TopLevelMixin:
    """Sales pay and profit month by month, a plan replayed on the deals won in a leads table.

    Args:
        table: ``incentives.model.replay(leads, plan)``: one row per month (index or column
            ``month``) with ``sales_pay_eur`` and ``profit_eur`` (EUR).

    Returns:
        A line per figure, titled with the year's totals.
    """
    return draw(replay_by_month_chart, *replay_by_month_frame(table))


def replay_by_month_frame(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The long data and title of :func:`replay_by_month` (see there)."""
    frame = checked(table, list(REPLAY_FIGURES), "replay_by_month", "month")
    frame["month"] = frame["month"].astype(str)
    pay, profit = frame["sales_pay_eur"].sum(), frame["profit_eur"].sum()
    months = ngettext("{n} month", "{n} months", len(frame)).format(n=number(len(frame)))
    title = _(
        "On the leads table's deals of {months}, this plan pays sales {pay} "
        "and leaves {profit} profit"
    ).format(months=months, pay=amount_text(pay, "EUR"), profit=amount_text(profit, "EUR"))
    long = frame[["month", *REPLAY_FIGURES]].melt(
        id_vars="month", var_name="column", value_name="eur"
    )
    long["figure"] = long["column"].map({k: _(v) for k, v in REPLAY_FIGURES.items()})
    return long[["month", "figure", "eur"]], title


def replay_by_month_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`replay_by_month` for prepared data."""
    alt = load_altair()
    figures = [_(figure) for figure in REPLAY_FIGURES.values()]
    chart = (
        alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT * 2 // 3)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=_("Month (YYYY-MM)")),
            y=alt.Y("eur:Q", title=_("Amount per month (EUR)")),
            color=alt.Color(
                "figure:N",
                title=_("Replayed"),
                sort=figures,
                scale=alt.Scale(domain=figures, range=[PALETTE["sales"], PALETTE["company"]]),
            ),
            tooltip=[
                alt.Tooltip("month:O", title=_("Month")),
                alt.Tooltip("figure:N", title=_("Figure")),
                alt.Tooltip("eur:Q", title=_("EUR"), format=",.0f"),
            ],
        )
    )
    return styled(
        chart,
        _(
            "Line chart: sales pay and profit in EUR month by month, one line each, for a pay "
            "plan replayed on the deals won in the leads table; look for months where pay "
            "rises while profit falls."
        ),
    )
