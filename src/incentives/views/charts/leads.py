"""Where leads come from and what they are worth: leads per campaign, the funnel per group,
cost against gross profit per lead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import N_, _, number, percent
from incentives.views.charts.common import (
    amount_text,
    checked,
    draw,
    group_name,
    legend,
    styled,
)
from incentives.views.live import load_altair
from incentives.views.theme import HEIGHT, PALETTE, WIDTH

if TYPE_CHECKING:
    alt = load_altair()


FUNNEL_STAGES = ("leads", "contacted", "won")
_STAGE_WORDS = (N_("leads"), N_("contacted"), N_("won"))  # the legend's labels, translated
# The grouping columns the lessons chart by, in words (a title's and an axis's), translated.
_GROUP_WORDS = (
    N_("Campaign id"),
    N_("campaign id"),
    N_("Category"),
    N_("category"),
    N_("Channel"),
    N_("channel"),
    N_("Landing page"),
    N_("landing page"),
    N_("Half"),
    N_("half"),
    N_("Response"),
    N_("response"),
)
PER_LEAD_METRICS = {
    "cost_per_lead_eur": N_("Cost per lead"),
    "gross_profit_per_lead_eur": N_("Gross profit per lead"),
}


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
    return draw(leads_by_campaign_chart, frame, title if title is not None else found)


def leads_by_campaign_frame(leads: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`leads_by_campaign` (see there)."""
    frame = checked(leads, ["leads", "cost_per_lead_eur"], "leads_by_campaign", "campaign")
    if frame["leads"].max() == 0:
        return frame, _("No campaign brings any leads at this budget")
    top = frame.loc[frame["leads"].idxmax(), "campaign"]
    return frame, _("Most leads come from the {campaign} campaign").format(campaign=top)


def leads_by_campaign_chart(leads: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`leads_by_campaign` for prepared data."""
    alt = load_altair()
    chart = (
        alt.Chart(leads, title=title, width=WIDTH, height=HEIGHT)
        .mark_bar(color=PALETTE["marketing"])
        .encode(
            x=alt.X("leads:Q", title=_("Leads per month (count)"), scale=alt.Scale(domainMin=0)),
            y=alt.Y("campaign:N", title=_("Campaign"), sort=None),
            tooltip=[
                alt.Tooltip("campaign:N", title=_("Campaign")),
                alt.Tooltip("leads:Q", title=_("Leads"), format=",.0f"),
                alt.Tooltip("cost_per_lead_eur:Q", title=_("Cost per lead (EUR)"), format=",.2f"),
            ],
        )
    )
    return styled(
        chart,
        _(
            "Bar chart: leads per month from each marketing campaign, one bar per campaign; "
            "the longest bar is the campaign that brings the most leads."
        ),
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
    return draw(funnel_by_chart, frame, title, by, close_rate=close_rate)


def funnel_by_frame(
    table: pd.DataFrame, by: str, *, close_rate: bool = False
) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`funnel_by` (see there)."""
    if not isinstance(by, str):
        raise ValueError(_("funnel_by charts one grouping column; pass its name as a string"))
    stages = list(FUNNEL_STAGES)
    frame = checked(table, stages + (["close_rate"] if close_rate else []), "funnel_by", by)
    frame[by] = frame[by].astype(str)
    most_leads = frame.loc[frame["leads"].idxmax()]
    most_won = frame.loc[frame["won"].idxmax()]
    title = _("{group} brings the most leads ({leads})").format(
        group=most_leads[by], leads=number(most_leads["leads"])
    )
    if close_rate:
        best = frame.loc[frame["close_rate"].idxmax()]
        rate = percent(best["close_rate"], 1)
        if best[by] == most_leads[by]:
            title += _(" and closes best ({rate})").format(rate=rate)
        else:
            title += _(" but {group} closes best ({rate} won)").format(group=best[by], rate=rate)
    elif most_won[by] == most_leads[by]:
        title += _(" and the most wins ({won})").format(won=number(most_won["won"]))
    else:
        title += _(" but {group} wins the most deals ({won})").format(
            group=most_won[by], won=number(most_won["won"])
        )
    return frame, title


def funnel_by_chart(
    frame: pd.DataFrame, title: str, by: str, *, close_rate: bool = False
) -> alt.TopLevelMixin:
    """The chart of :func:`funnel_by` for prepared data."""
    alt = load_altair()
    stages = list(FUNNEL_STAGES)
    group = _(by.replace("_", " ").capitalize())
    order = list(frame[by])
    tooltip = [
        alt.Tooltip(f"{by}:N", title=group),
        alt.Tooltip("stage:N", title=_("Funnel stage")),
        alt.Tooltip("number:Q", title=_("Leads (count)"), format=",.0f"),
    ]
    base = alt.Chart(frame)
    counts = (
        base.transform_fold(stages, as_=["stage", "number"])
        .mark_bar()
        .encode(
            x=alt.X(
                "number:Q",
                title=_("Leads at each stage (count)"),
                scale=alt.Scale(domainMin=0),
                axis=alt.Axis(tickCount=5, labelOverlap=True),
            ),
            y=alt.Y(f"{by}:N", title=group, sort=order),
            yOffset=alt.YOffset("stage:N", sort=stages),
            color=alt.Color(
                "stage:N",
                title=_("Funnel stage"),
                sort=stages,
                legend=legend(stages),
                scale=alt.Scale(
                    domain=stages,
                    range=[PALETTE["marketing"], PALETTE["sales"], PALETTE["company"]],
                ),
            ),
            tooltip=tooltip,
        )
        .properties(width=WIDTH if not close_rate else WIDTH * 2 // 3, height=HEIGHT)
    )
    description = _(
        "Grouped bar chart: for each {group}, three bars count its leads, the "
        "leads sales contacted and the deals won, coloured by funnel stage; a long leads bar "
        "with a short won bar means many leads but few wins."
    ).format(group=_(group_name(by)))
    if not close_rate:
        return styled(counts.properties(title=title), description)
    rates = (
        base.mark_bar(color=PALETTE["company"])
        .encode(
            x=alt.X(
                "close_rate:Q",
                title=_("Close rate (won / leads, %)"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domainMin=0),
            ),
            y=alt.Y(f"{by}:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False)),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=group),
                alt.Tooltip("leads:Q", title=_("Leads (count)"), format=",.0f"),
                alt.Tooltip("won:Q", title=_("Won (count)"), format=",.0f"),
                alt.Tooltip("close_rate:Q", title=_("Close rate"), format=".1%"),
            ],
        )
        .properties(width=WIDTH // 3, height=HEIGHT)
    )
    description += _(" A second panel shows each {group}'s close rate, won / leads.").format(
        group=_(group_name(by))
    )
    return styled(alt.hconcat(counts, rates, title=title, spacing=8), description)


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
    return draw(cost_vs_profit_per_lead_chart, frame, title, by)


def cost_vs_profit_per_lead_frame(table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, str]:
    """The long data and title of :func:`cost_vs_profit_per_lead` (see there)."""
    if not isinstance(by, str):
        raise ValueError(_("cost_vs_profit_per_lead charts one grouping column; pass its name"))
    required = list(PER_LEAD_METRICS)
    frame = checked(table, required, "cost_vs_profit_per_lead", by)
    frame[by] = frame[by].astype(str)
    cheapest = frame.loc[frame["cost_per_lead_eur"].idxmin()]
    richest = frame.loc[frame["gross_profit_per_lead_eur"].idxmax()]
    cost = amount_text(cheapest["cost_per_lead_eur"], "EUR")
    profit = amount_text(richest["gross_profit_per_lead_eur"], "EUR")
    if cheapest[by] == richest[by]:
        title = _("{group} has the cheapest leads ({cost}) and earns most per lead ({profit})")
    else:
        title = _(
            "{group} has the cheapest leads ({cost}), "
            "but {richest} earns most per lead ({profit} gross profit)"
        )
    title = title.format(group=cheapest[by], richest=richest[by], cost=cost, profit=profit)
    long = frame[[by, *required]].melt(id_vars=by, var_name="metric", value_name="eur")
    long["metric"] = long["metric"].map({k: _(v) for k, v in PER_LEAD_METRICS.items()})
    return long, title


def cost_vs_profit_per_lead_chart(frame: pd.DataFrame, title: str, by: str) -> alt.TopLevelMixin:
    """The chart of :func:`cost_vs_profit_per_lead` for prepared (long) data."""
    alt = load_altair()
    group = _(by.replace("_", " ").capitalize())
    metrics = [_(metric) for metric in PER_LEAD_METRICS.values()]
    chart = (
        alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT)
        .mark_bar()
        .encode(
            x=alt.X("eur:Q", title=_("Amount per lead (EUR)"), scale=alt.Scale(domainMin=0)),
            y=alt.Y(f"{by}:N", title=group, sort=None),
            yOffset=alt.YOffset("metric:N", sort=metrics),
            color=alt.Color(
                "metric:N",
                title=_("Per lead (EUR)"),
                sort=metrics,
                scale=alt.Scale(domain=metrics, range=[PALETTE["marketing"], PALETTE["company"]]),
            ),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=group),
                alt.Tooltip("metric:N", title=_("Metric")),
                alt.Tooltip("eur:Q", title=_("EUR per lead"), format=",.2f"),
            ],
        )
    )
    description = _(
        "Grouped bar chart: for each {group}, what a lead costs beside the gross profit a "
        "lead earns, both in EUR; a {group} whose profit bar is shorter than its cost bar "
        "loses money on every lead."
    )
    return styled(chart, description.format(group=_(group_name(by))))
