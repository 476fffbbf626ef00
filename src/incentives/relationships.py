"""Lesson 01's additions: the four marketing-sales relationships and a per-lead chart.

    relationship_types()                      Kotler, Rackham & Krishnaswamy's four types
    cost_vs_profit_per_lead(table, by)        cost per lead beside gross profit per lead

The relationship types follow Kotler, Rackham & Krishnaswamy, "Ending the War Between Sales
and Marketing", Harvard Business Review, July-August 2006; the wording
of the table is ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the chart's imports (Altair) load only when a chart is drawn
    import altair as alt

__all__ = ["RELATIONSHIP_TYPES", "FRICTIONS", "relationship_types", "cost_vs_profit_per_lead"]

#: The four types, from least to most joined-up: (name, how the two work, a sign of it).
RELATIONSHIP_TYPES = (
    (
        "Undefined",
        "Each department follows its own agenda; they meet mostly to settle conflicts.",
        "Each side blames the other when results are poor.",
    ),
    (
        "Defined",
        "Rules and a shared language exist, e.g. an agreed answer to 'what is a lead?'.",
        "Fewer quarrels, but each still plans and is measured on its own.",
    ),
    (
        "Aligned",
        "Boundaries are clear but flexible; the two plan and train together.",
        "Marketing people join key sales meetings; sales helps plan campaigns.",
    ),
    (
        "Integrated",
        "Shared systems, shared metrics and shared rewards; rarely seen.",
        "Both are judged on the same company result, such as profit.",
    ),
)

#: The two sources of friction between the departments: (name, what it is).
FRICTIONS = (
    (
        "economic",
        "One budget is split between the two, so each gain of one is a cost to the other.",
    ),
    ("cultural", "Different people with different habits and different use of time."),
)


def relationship_types() -> pd.DataFrame:
    """The four relationship types as a table, indexed by type, from least to most joined-up.

    Returns:
        Columns ``how_they_work`` and ``a_sign_of_it`` (text), index ``type``.
    """
    frame = pd.DataFrame(
        RELATIONSHIP_TYPES, columns=["type", "how_they_work", "a_sign_of_it"]
    ).set_index("type")
    return frame


def cost_vs_profit_per_lead_frame(table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, str]:
    """The long data and title of :func:`cost_vs_profit_per_lead` (see there)."""
    from incentives.charts import _amount, _checked

    if not isinstance(by, str):
        raise ValueError("cost_vs_profit_per_lead charts one grouping column; pass its name")
    required = ["cost_per_lead_eur", "gross_profit_per_lead_eur"]
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
    labels = {
        "cost_per_lead_eur": "Cost per lead",
        "gross_profit_per_lead_eur": "Gross profit per lead",
    }
    long = frame[[by, *required]].melt(id_vars=by, var_name="metric", value_name="eur")
    long["metric"] = long["metric"].map(labels)
    return long, title


def cost_vs_profit_per_lead(table: pd.DataFrame, by: str) -> alt.TopLevelMixin:
    """Each group's cost per lead beside the gross profit it earns per lead, in EUR.

    Args:
        table: The output of ``incentives.funnel.funnel(leads, by)``: one row per group,
            ``by`` as index or column, with ``cost_per_lead_eur`` and
            ``gross_profit_per_lead_eur`` (EUR per lead).
        by: The one grouping column, e.g. ``"channel"`` or ``"campaign_id"``.

    Returns:
        Grouped horizontal bars, titled with the cheapest group and the one that earns most
        gross profit per lead.
    """
    import altair as alt

    from incentives.charts import HEIGHT, PALETTE, WIDTH, course_theme

    frame, title = cost_vs_profit_per_lead_frame(table, by)
    group = by.replace("_", " ").capitalize()
    metrics = ["Cost per lead", "Gross profit per lead"]
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
    return course_theme(chart)
