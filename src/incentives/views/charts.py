"""Chart builders: every chart of the course, in one shape and one style.

Each chart kind is a pair of steps and a builder that chains them:

- ``<kind>_frame(table, ...) -> (data, title)``, the data step: checks the (already
  aggregated) table's columns, prepares the rows to draw and states the finding as the title;
- ``<kind>_chart(data, title, ...)``, the chart step: the Altair chart in the course style
  (:func:`incentives.views.theme.course_theme`), with a description of what it shows;
- ``<kind>(table, ...)``, both steps at once, for a notebook.

The arguments after ``table`` in the data step (a grouping column, a switch) are the ones
after ``title`` in the chart step, in the same order and with the same names.

Every chart carries a ``description``: one or two sentences saying what kind of chart it is,
what its axes, marks and colours encode and what to look for. Vega puts it in the
chart's ``aria-label``, which a screen reader reads out before the title's finding.
It depends only on the chart kind and its fixed arguments, never on the data, because a
lab's :class:`~incentives.views.live.LiveChart` updates only the rows and the title.

A lab keeps one chart per view and, on a change, reruns only the data step
(:class:`incentives.views.live.LiveChart`). Builders never display anything. Their charts
are configured, so top-level: show them as they are or pass them to ``live_chart``; they
cannot be concatenated any further.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from incentives.views.live import load_altair, under_the_grader
from incentives.views.theme import HEIGHT, PALETTE, STATUS_COLOURS, WIDTH, course_theme

if TYPE_CHECKING:
    alt = load_altair()
MAX_ROWS = 5_000
DEPARTMENTS = ("marketing", "sales", "company")
FUNNEL_STAGES = ("leads", "contacted", "won")
PER_LEAD_METRICS = {
    "cost_per_lead_eur": "Cost per lead",
    "gross_profit_per_lead_eur": "Gross profit per lead",
}


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


def _draw(chart_step, data: pd.DataFrame, title: str, *args, **kwargs):
    """The chart step's chart, or under the grader a :class:`NotDrawn` with its title."""
    if under_the_grader():
        return NotDrawn(data, title)
    return chart_step(data, title, *args, **kwargs)


def _checked(table: pd.DataFrame, required, name: str, key: str | None = None) -> pd.DataFrame:
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


def _optional_tooltips(frame: pd.DataFrame, optional: dict) -> list[alt.Tooltip]:
    """Tooltips for the quantitative columns ``frame`` has, from ``{column: (title, format)}``."""
    alt = load_altair()
    return [
        alt.Tooltip(f"{c}:Q", title=t, format=f) for c, (t, f) in optional.items() if c in frame
    ]


def _styled(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """``chart`` (the outermost one) in the course theme, with ``description`` at the top
    of its spec for screen readers."""
    return course_theme(chart.properties(description=description))


def _group_name(by: str) -> str:
    """A grouping column's name in words, e.g. ``"campaign_id"`` -> ``"campaign id"``."""
    return by.replace("_", " ").lower()


def _join(words: list[str]) -> str:
    words = [str(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _amount(value: float, unit: str) -> str:
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


def leads_by_campaign(leads: pd.DataFrame, *, title: str | None = None) -> alt.TopLevelMixin:
    """Bar chart of leads per campaign.

    Args:
        leads: One row per campaign with columns ``campaign`` (text), ``leads`` (count) and
            ``cost_per_lead_eur`` (EUR per lead); already aggregated.
        title: The chart's title; by default it states which campaign brings most leads.

    Returns:
        An Altair bar chart with a tooltip per bar.
    """
    frame, found = leads_by_campaign_frame(leads)
    return _draw(leads_by_campaign_chart, frame, title if title is not None else found)


def leads_by_campaign_frame(leads: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`leads_by_campaign` (see there)."""
    frame = _checked(leads, ["leads", "cost_per_lead_eur"], "leads_by_campaign", "campaign")
    if frame["leads"].max() == 0:
        return frame, "No campaign brings any leads at this budget"
    top = frame.loc[frame["leads"].idxmax(), "campaign"]
    return frame, f"Most leads come from the {top} campaign"


def leads_by_campaign_chart(leads: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`leads_by_campaign` for prepared data."""
    alt = load_altair()
    chart = (
        alt.Chart(leads, title=title, width=WIDTH, height=HEIGHT)
        .mark_bar(color=PALETTE["marketing"])
        .encode(
            x=alt.X("leads:Q", title="Leads per month (count)", scale=alt.Scale(domainMin=0)),
            y=alt.Y("campaign:N", title="Campaign", sort=None),
            tooltip=[
                alt.Tooltip("campaign:N", title="Campaign"),
                alt.Tooltip("leads:Q", title="Leads", format=",.0f"),
                alt.Tooltip("cost_per_lead_eur:Q", title="Cost per lead (EUR)", format=",.2f"),
            ],
        )
    )
    return _styled(
        chart,
        "Bar chart: leads per month from each marketing campaign, one bar per campaign; "
        "the longest bar is the campaign that brings the most leads.",
    )


def funnel_by(table: pd.DataFrame, by: str, *, close_rate: bool = False) -> alt.TopLevelMixin:
    """Leads, contacted and won per group, optionally with each group's close rate beside it.

    Args:
        table: The output of ``incentives.model.funnel(leads, by)``: one row per group, ``by``
            as index or column, with ``leads``, ``contacted`` and ``won`` (counts) and, for
            ``close_rate=True``, ``close_rate`` (won / leads, 0 to 1).
        by: The one grouping column, e.g. ``"channel"``.
        close_rate: Add a second panel with the close rate per group.

    Returns:
        Grouped bars (one bar per funnel stage and group), titled with the group that brings
        most leads and the one that wins most (or closes best, with ``close_rate=True``).
    """
    frame, title = funnel_by_frame(table, by, close_rate=close_rate)
    return _draw(funnel_by_chart, frame, title, by, close_rate=close_rate)


def funnel_by_frame(
    table: pd.DataFrame, by: str, *, close_rate: bool = False
) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`funnel_by` (see there)."""
    if not isinstance(by, str):
        raise ValueError("funnel_by charts one grouping column; pass its name as a string")
    stages = list(FUNNEL_STAGES)
    frame = _checked(table, stages + (["close_rate"] if close_rate else []), "funnel_by", by)
    frame[by] = frame[by].astype(str)
    most_leads = frame.loc[frame["leads"].idxmax()]
    most_won = frame.loc[frame["won"].idxmax()]
    title = f"{most_leads[by]} brings the most leads ({most_leads['leads']:,.0f})"
    if close_rate:
        best = frame.loc[frame["close_rate"].idxmax()]
        if best[by] == most_leads[by]:
            title += f" and closes best ({best['close_rate']:.1%})"
        else:
            title += f" but {best[by]} closes best ({best['close_rate']:.1%} won)"
    elif most_won[by] == most_leads[by]:
        title += f" and the most wins ({most_won['won']:,.0f})"
    else:
        title += f" but {most_won[by]} wins the most deals ({most_won['won']:,.0f})"
    return frame, title


def funnel_by_chart(
    frame: pd.DataFrame, title: str, by: str, *, close_rate: bool = False
) -> alt.TopLevelMixin:
    """The chart of :func:`funnel_by` for prepared data."""
    alt = load_altair()
    stages = list(FUNNEL_STAGES)
    group = by.replace("_", " ").capitalize()
    order = list(frame[by])
    tooltip = [
        alt.Tooltip(f"{by}:N", title=group),
        alt.Tooltip("stage:N", title="Funnel stage"),
        alt.Tooltip("number:Q", title="Leads (count)", format=",.0f"),
    ]
    base = alt.Chart(frame)
    counts = (
        base.transform_fold(stages, as_=["stage", "number"])
        .mark_bar()
        .encode(
            x=alt.X(
                "number:Q",
                title="Leads at each stage (count)",
                scale=alt.Scale(domainMin=0),
                axis=alt.Axis(tickCount=5, labelOverlap=True),
            ),
            y=alt.Y(f"{by}:N", title=group, sort=order),
            yOffset=alt.YOffset("stage:N", sort=stages),
            color=alt.Color(
                "stage:N",
                title="Funnel stage",
                sort=stages,
                scale=alt.Scale(
                    domain=stages,
                    range=[PALETTE["marketing"], PALETTE["sales"], PALETTE["company"]],
                ),
            ),
            tooltip=tooltip,
        )
        .properties(width=WIDTH if not close_rate else WIDTH * 2 // 3, height=HEIGHT)
    )
    description = (
        f"Grouped bar chart: for each {_group_name(by)}, three bars count its leads, the "
        "leads sales contacted and the deals won, coloured by funnel stage; a long leads bar "
        "with a short won bar means many leads but few wins."
    )
    if not close_rate:
        return _styled(counts.properties(title=title), description)
    rates = (
        base.mark_bar(color=PALETTE["company"])
        .encode(
            x=alt.X(
                "close_rate:Q",
                title="Close rate (won / leads, %)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domainMin=0),
            ),
            y=alt.Y(f"{by}:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False)),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=group),
                alt.Tooltip("leads:Q", title="Leads (count)", format=",.0f"),
                alt.Tooltip("won:Q", title="Won (count)", format=",.0f"),
                alt.Tooltip("close_rate:Q", title="Close rate", format=".1%"),
            ],
        )
        .properties(width=WIDTH // 3, height=HEIGHT)
    )
    description += f" A second panel shows each {_group_name(by)}'s close rate, won / leads."
    return _styled(alt.hconcat(counts, rates, title=title, spacing=8), description)


def time_per_lead_type(allocation_table: pd.DataFrame) -> alt.TopLevelMixin:
    """Minutes sales spends on each lead of each type; types sales ignores are marked.

    Args:
        allocation_table: ``Allocation.table()``: one row per lead type (index or column
            ``lead_type``) with ``minutes_per_lead`` and ``worked`` (bool); ``leads``,
            ``win_probability`` and ``expected_wins`` go into the tooltip when present.

    Returns:
        Bars of minutes per lead, grey and labelled "ignored" for types nobody works.
    """
    return _draw(time_per_lead_type_chart, *time_per_lead_type_frame(allocation_table))


def time_per_lead_type_frame(allocation_table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`time_per_lead_type` (see there)."""
    frame = _checked(
        allocation_table, ["minutes_per_lead", "worked"], "time_per_lead_type", "lead_type"
    )
    frame["lead_type"] = frame["lead_type"].astype(str)
    worked = frame["worked"].fillna(False).astype(bool)
    frame["status"] = worked.map({True: "worked", False: "ignored"})
    frame["note"] = [
        f"{m:,.0f} min" if w else "ignored"
        for m, w in zip(frame["minutes_per_lead"], worked, strict=True)
    ]
    frame["note_x"] = frame["minutes_per_lead"].where(worked, 0.0)
    busy = frame[worked]
    if busy.empty:
        title = "Sales works no lead type: every lead is ignored"
    else:
        top = busy.loc[busy["minutes_per_lead"].idxmax()]
        each = f"{top['minutes_per_lead']:,.0f} minutes on each {top['lead_type']} lead"
        title = f"Sales spends {each}" if len(busy) == 1 else f"Sales spends most time, {each}"
        ignored = _ignored_phrase(frame, worked)
        title += f" and ignores {ignored}" if ignored else ", and works every type"
    return frame, title


def _ignored_phrase(frame: pd.DataFrame, worked: pd.Series) -> str:
    """The lead types sales ignores, in words: a category whose every type is ignored is
    named by the company's word for it ("every part lead"), other types by name."""
    categories = frame["category"] if "category" in frame else frame["lead_type"]
    whole, names = [], []
    for category in dict.fromkeys(categories):
        group = categories == category
        ignored = frame.loc[group & ~worked, "lead_type"].tolist()
        if not ignored:
            continue
        if len(ignored) == int(group.sum()) and ignored != [category]:
            whole.append(f"every {category} lead")
        else:
            names += ignored
    phrases = whole + ([f"{_join(names)} leads"] if names else [])
    return " and ".join(phrases)


def time_per_lead_type_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`time_per_lead_type` for prepared data."""
    alt = load_altair()
    tooltip = [
        alt.Tooltip("lead_type:N", title="Lead type"),
        alt.Tooltip("status:N", title="Sales"),
        alt.Tooltip("minutes_per_lead:Q", title="Minutes per lead", format=",.0f"),
    ]
    tooltip += _optional_tooltips(
        frame,
        {
            "leads": ("Leads (count)", ",.0f"),
            "win_probability": ("Win probability", ".1%"),
            "expected_wins": ("Expected wins (count)", ",.1f"),
        },
    )
    y = alt.Y("lead_type:N", title="Lead type", sort=None)
    base = alt.Chart(frame)
    bars = base.mark_bar().encode(
        x=alt.X("minutes_per_lead:Q", title="Sales time per lead (minutes)"),
        y=y,
        color=alt.Color(
            "status:N",
            title="Sales",
            scale=alt.Scale(
                domain=["worked", "ignored"], range=[PALETTE["sales"], PALETTE["neutral"]]
            ),
        ),
        tooltip=tooltip,
    )
    notes = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("note_x:Q", title="Sales time per lead (minutes)"),
        y=y,
        text="note:N",
        color=alt.Color("status:N", legend=None),
        tooltip=tooltip,
    )
    layered = alt.layer(bars, notes, title=title).properties(width=WIDTH, height=HEIGHT // 2)
    return _styled(
        layered,
        "Bar chart: minutes of sales time spent on each lead, one bar per lead type, coloured "
        "by whether sales works that type; a type sales ignores gets no time and the label "
        "'ignored'.",
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
    return _draw(scorecards_chart, *scorecards_frame(cards))


def scorecards_frame(cards: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`scorecards` (see there).

    Works row by row in plain Python: a scorecard has a handful of rows, and a lab calls
    this on every change, where pandas' per-operation overhead would dominate.
    """
    required = ["department", "metric", "label", "value", "unit", "target", "rule", "met"]
    _checked(cards, required, "scorecards")
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    rows = sorted(cards.to_dict("records"), key=lambda r: order.get(r["department"], len(order)))
    for row in rows:
        met, value, target = row.pop("met"), float(row["value"]), float(row["target"])
        row["status"] = "no target" if pd.isna(met) else ("met" if met else "missed")
        has_target = not math.isnan(target) and target != 0
        row["percent_of_target"] = value / target if has_target else math.nan
        row["text_x"] = 0.0 if math.isnan(row["percent_of_target"]) else row["percent_of_target"]
        row["shown"] = _amount(value, row["unit"])
        row["target_text"] = (
            "no target" if math.isnan(target) else f"{row['rule']} {_amount(target, row['unit'])}"
        )

    meets, misses = [], []
    departments = list(dict.fromkeys(row["department"] for row in rows))
    for department in departments:
        judged = [r for r in rows if r["department"] == department and r["status"] != "no target"]
        missed = [r["label"].lower() for r in judged if r["status"] == "missed"]
        who = "the company" if department == "company" else department
        if missed:
            noun = "target" if len(missed) == 1 else "targets"
            misses.append(f"{who} misses its {_join(missed)} {noun}")
        elif judged:
            meets.append(who)
    parts = []
    if meets:
        parts.append(f"{_join(meets)} {'meets its' if len(meets) == 1 else 'meet their'} targets")
    parts += misses
    title = "; ".join(parts) if parts else "No department has a target to meet"
    title = title[0].upper() + title[1:]
    # Room on the right for the value labels: an invisible point per row stretches the axis.
    percents = [r["percent_of_target"] for r in rows if not math.isnan(r["percent_of_target"])]
    top = max([1.0, *percents])
    for row in rows:
        row["axis_end"] = top * 1.45
    return pd.DataFrame(rows), title


def scorecards_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`scorecards` for prepared data."""
    alt = load_altair()
    x_scale = alt.Scale(domainMin=0, nice=False)
    x_title = "Value as % of target (%)"
    tooltip = [
        alt.Tooltip("department:N", title="Department"),
        alt.Tooltip("label:N", title="Metric"),
        alt.Tooltip("shown:N", title="Value"),
        alt.Tooltip("target_text:N", title="Target"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("percent_of_target:Q", title="% of target", format=".0%"),
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
                title="Target",
                scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            ),
            tooltip=tooltip,
        )
    )
    # The dashed line is named for screen readers: an SVG mark needs a name (axe: svg-img-alt).
    target = "The target: a dashed line at 100%."
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
                title="Department",
                sort=list(DEPARTMENTS),
                header=alt.Header(labelAngle=0, labelAlign="left"),
            ),
            data=frame,
            title=title,
        )
        .resolve_scale(y="independent")
        .properties(spacing=6)
    )
    return _styled(
        chart,
        "Bar chart per department: each metric's value as a percentage of its target, which "
        "a dashed line marks at 100%; the colour says whether the metric met its target, "
        "missed it or has none, and a label gives the value in its unit.",
    )


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
    return _draw(profit_against_chart, frame, title, parameter, parameter_label, also=also)


def profit_against_frame(
    sweep: pd.DataFrame,
    parameter: str,
    parameter_label: str,
    *,
    also: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`profit_against` (see there)."""
    also = dict(also or {})
    frame = _checked(sweep, [parameter, "profit_eur", *also], "profit_against")
    known = frame.dropna(subset=["profit_eur"])
    if known.empty:
        raise ValueError("profit_against got no profit figures (profit_eur is all missing)")
    best = known.loc[known["profit_eur"].idxmax()]
    title = f"Profit is highest (EUR {best['profit_eur']:,.0f}) at {parameter_label} = "
    title += f"{best[parameter]:,.6g}"
    low = known.loc[known["profit_eur"].idxmin()]
    if low["profit_eur"] < best["profit_eur"]:
        title += f", lowest (EUR {low['profit_eur']:,.0f}) at {low[parameter]:,.6g}"
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
            y=alt.Y("profit_eur:Q", title="Profit (EUR)"),
            tooltip=[
                alt.Tooltip(f"{parameter}:Q", title=parameter_label, format=",.6g"),
                alt.Tooltip("profit_eur:Q", title="Profit (EUR)", format=",.0f"),
            ],
        )
    else:
        names = {"profit_eur": "Profit", **also}
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
                y=alt.Y("eur:Q", title="Amount (EUR)"),
                color=alt.Color(
                    "figure:N",
                    title="Figure",
                    sort=list(names.values()),
                    scale=alt.Scale(domain=list(names.values()), range=colours[: len(names)]),
                ),
                tooltip=[
                    alt.Tooltip(f"{parameter}:Q", title=parameter_label, format=",.6g"),
                    alt.Tooltip("figure:N", title="Figure"),
                    alt.Tooltip("eur:Q", title="Amount (EUR)", format=",.0f"),
                ],
            )
        )
    figures = f"each figure ({_join(['Profit', *also.values()])})" if also else "profit"
    description = (
        f"Line chart of {figures} in EUR against {parameter_label}, a point per value tried"
        + (", a colour per figure" if also else "")
        + "; the highest profit point is the best setting."
    )
    return _styled(chart.properties(title=title, width=WIDTH, height=HEIGHT), description)


def restaurant_segments(by_segment: pd.DataFrame) -> alt.TopLevelMixin:
    """Mean wait and spend per head for each guest segment, side by side.

    Args:
        by_segment: ``Evening.by_segment``: one row per segment (index or column
            ``segment``) with ``mean_wait_minutes`` and ``spend_per_head_ron``; ``parties``,
            ``guests`` and ``p90_wait_minutes`` go into the tooltip when present.

    Returns:
        Two bar panels (wait in minutes, spend in RON per guest), titled with who waits
        longest and who spends most.
    """
    return _draw(restaurant_segments_chart, *restaurant_segments_frame(by_segment))


def restaurant_segments_frame(by_segment: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`restaurant_segments` (see there)."""
    frame = _checked(
        by_segment, ["mean_wait_minutes", "spend_per_head_ron"], "restaurant_segments", "segment"
    )
    frame["segment"] = frame["segment"].astype(str)
    waits = frame.dropna(subset=["mean_wait_minutes"])
    spends = frame.dropna(subset=["spend_per_head_ron"])
    parts = []
    if not waits.empty:
        w = waits.loc[waits["mean_wait_minutes"].idxmax()]
        parts.append(
            f"Parties in the {w['segment']} segment wait longest "
            f"({w['mean_wait_minutes']:,.0f} min on average)"
        )
    if not spends.empty:
        s = spends.loc[spends["spend_per_head_ron"].idxmax()]
        amount = f"RON {s['spend_per_head_ron']:,.0f} per guest"
        if parts and s["segment"] == w["segment"]:
            parts.append(f"spend most ({amount})")
        else:
            parts.append(f"{s['segment']} guests spend most ({amount})")
    title = " and ".join(parts) if parts else "No party came this evening"
    return frame, title


def restaurant_segments_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`restaurant_segments` for prepared data."""
    alt = load_altair()
    tooltip = [alt.Tooltip("segment:N", title="Segment")]
    tooltip += _optional_tooltips(
        frame,
        {
            "parties": ("Parties (count)", ",.0f"),
            "guests": ("Guests (count)", ",.0f"),
            "mean_wait_minutes": ("Mean wait (minutes)", ",.1f"),
            "p90_wait_minutes": ("90th percentile wait (minutes)", ",.1f"),
            "spend_per_head_ron": ("Spend per head (RON)", ",.0f"),
        },
    )
    y = alt.Y("segment:N", title="Segment", sort=None)
    size = {"width": WIDTH // 2, "height": HEIGHT * 2 // 3}
    base = alt.Chart(frame)
    wait = (
        base.mark_bar(color=PALETTE["sales"])
        .encode(
            x=alt.X("mean_wait_minutes:Q", title="Mean wait for a table (minutes)"),
            y=y,
            tooltip=tooltip,
        )
        .properties(**size)
    )
    spend = (
        base.mark_bar(color=PALETTE["company"])
        .encode(
            x=alt.X("spend_per_head_ron:Q", title="Spend per guest (RON)"),
            y=alt.Y("segment:N", title=None, sort=None),
            tooltip=tooltip,
        )
        .properties(**size)
    )
    return _styled(
        alt.hconcat(wait, spend, title=title, spacing=12),
        "Two bar charts side by side, one bar per guest segment: the mean wait for a table "
        "in minutes and the spend per guest in RON; compare who waits longest with who "
        "spends most.",
    )


def cost_vs_profit_per_lead(table: pd.DataFrame, by: str) -> alt.TopLevelMixin:
    """Each group's cost per lead beside the gross profit it earns per lead, in EUR.

    Args:
        table: The output of ``incentives.model.funnel(leads, by)``: one row per group,
            ``by`` as index or column, with ``cost_per_lead_eur`` and
            ``gross_profit_per_lead_eur`` (EUR per lead).
        by: The one grouping column, e.g. ``"channel"`` or ``"campaign_id"``.

    Returns:
        Grouped horizontal bars, titled with the cheapest group and the one that earns most
        gross profit per lead.
    """
    frame, title = cost_vs_profit_per_lead_frame(table, by)
    return _draw(cost_vs_profit_per_lead_chart, frame, title, by)


def cost_vs_profit_per_lead_frame(table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, str]:
    """The long data and title of :func:`cost_vs_profit_per_lead` (see there)."""
    if not isinstance(by, str):
        raise ValueError("cost_vs_profit_per_lead charts one grouping column; pass its name")
    required = list(PER_LEAD_METRICS)
    frame = _checked(table, required, "cost_vs_profit_per_lead", by)
    frame[by] = frame[by].astype(str)
    cheapest = frame.loc[frame["cost_per_lead_eur"].idxmin()]
    richest = frame.loc[frame["gross_profit_per_lead_eur"].idxmax()]
    cost = _amount(cheapest["cost_per_lead_eur"], "EUR")
    profit = _amount(richest["gross_profit_per_lead_eur"], "EUR")
    if cheapest[by] == richest[by]:
        title = f"{cheapest[by]} has the cheapest leads ({cost}) and earns most per lead ({profit})"
    else:
        title = (
            f"{cheapest[by]} has the cheapest leads ({cost}), "
            f"but {richest[by]} earns most per lead ({profit} gross profit)"
        )
    long = frame[[by, *required]].melt(id_vars=by, var_name="metric", value_name="eur")
    long["metric"] = long["metric"].map(PER_LEAD_METRICS)
    return long, title


def cost_vs_profit_per_lead_chart(frame: pd.DataFrame, title: str, by: str) -> alt.TopLevelMixin:
    """The chart of :func:`cost_vs_profit_per_lead` for prepared (long) data."""
    alt = load_altair()
    group = by.replace("_", " ").capitalize()
    metrics = list(PER_LEAD_METRICS.values())
    chart = (
        alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT)
        .mark_bar()
        .encode(
            x=alt.X("eur:Q", title="Amount per lead (EUR)", scale=alt.Scale(domainMin=0)),
            y=alt.Y(f"{by}:N", title=group, sort=None),
            yOffset=alt.YOffset("metric:N", sort=metrics),
            color=alt.Color(
                "metric:N",
                title="Per lead (EUR)",
                sort=metrics,
                scale=alt.Scale(domain=metrics, range=[PALETTE["marketing"], PALETTE["company"]]),
            ),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=group),
                alt.Tooltip("metric:N", title="Metric"),
                alt.Tooltip("eur:Q", title="EUR per lead", format=",.2f"),
            ],
        )
    )
    group = _group_name(by)
    return _styled(
        chart,
        f"Grouped bar chart: for each {group}, what a lead costs beside the gross profit a "
        f"lead earns, both in EUR; a {group} whose profit bar is shorter than its cost bar "
        "loses money on every lead.",
    )


REPLAY_FIGURES = {"sales_pay_eur": "Sales pay", "profit_eur": "Profit"}


def replay_by_month(table: pd.DataFrame) -> alt.TopLevelMixin:
    """Sales pay and profit month by month, a plan replayed on the deals won in a leads table.

    Args:
        table: ``incentives.model.replay(leads, plan)``: one row per month (index or column
            ``month``) with ``sales_pay_eur`` and ``profit_eur`` (EUR).

    Returns:
        A line per figure, titled with the year's totals.
    """
    return _draw(replay_by_month_chart, *replay_by_month_frame(table))


def replay_by_month_frame(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The long data and title of :func:`replay_by_month` (see there)."""
    frame = _checked(table, list(REPLAY_FIGURES), "replay_by_month", "month")
    frame["month"] = frame["month"].astype(str)
    pay, profit = frame["sales_pay_eur"].sum(), frame["profit_eur"].sum()
    months = f"{len(frame)} month" + ("s" if len(frame) != 1 else "")
    title = (
        f"On the leads table's deals of {months}, this plan pays sales {_amount(pay, 'EUR')} "
        f"and leaves {_amount(profit, 'EUR')} profit"
    )
    long = frame[["month", *REPLAY_FIGURES]].melt(
        id_vars="month", var_name="column", value_name="eur"
    )
    long["figure"] = long["column"].map(REPLAY_FIGURES)
    return long[["month", "figure", "eur"]], title


def replay_by_month_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`replay_by_month` for prepared data."""
    alt = load_altair()
    figures = list(REPLAY_FIGURES.values())
    chart = (
        alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT * 2 // 3)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title="Month (YYYY-MM)"),
            y=alt.Y("eur:Q", title="Amount per month (EUR)"),
            color=alt.Color(
                "figure:N",
                title="Replayed",
                sort=figures,
                scale=alt.Scale(domain=figures, range=[PALETTE["sales"], PALETTE["company"]]),
            ),
            tooltip=[
                alt.Tooltip("month:O", title="Month"),
                alt.Tooltip("figure:N", title="Figure"),
                alt.Tooltip("eur:Q", title="EUR", format=",.0f"),
            ],
        )
    )
    return _styled(
        chart,
        "Line chart: sales pay and profit in EUR month by month, one line each, for a pay "
        "plan replayed on the deals won in the leads table; look for months where pay rises while "
        "profit falls.",
    )
