"""A class's results in the classroom game: who met which target, and each firm's phases.

The game's export (:func:`incentives.data.class_results.load_class_results`) has one row
per firm and month; a firm is a pair (``session``, ``firm``), since each oTree session
numbers its firms from 1. These helpers read it as lesson 07 does::

    from incentives.data.class_results import load_class_results
    from incentives.model.class_results import by_month, phase_summary, targets_met

    results = load_class_results()
    met = targets_met(results)          # marketing_met, sales_met, company_met per row
    phase_summary(results)              # per firm and phase: monthly averages, months met
    by_month(results)                   # the class's average month by month

Who met what (the targets are the export's own columns, so a class on Velora is judged on
Velora's): marketing when its leads reach ``target_leads`` *and* its cost per lead is at most
``target_cost_per_lead_eur`` (a month without leads has no cost per lead, and misses);
sales when revenue reaches ``target_revenue_eur``; the company when profit reaches
``target_profit_eur``.
"""

from __future__ import annotations

import pandas as pd

from incentives.i18n import _

__all__ = ["FIRM", "MET", "by_month", "phase_summary", "targets_met"]

FIRM = ["session", "firm"]
"""The columns that name a firm: each session numbers its firms from 1."""

MET = ("marketing_met", "sales_met", "company_met")
"""The columns of :func:`targets_met`."""

AVERAGED = (
    "ad_spend_eur",
    "small_ticket_ad_spend_eur",
    "leads",
    "deals",
    "revenue_eur",
    "gross_margin_eur",
    "profit_eur",
    "marketing_pay_eur",
    "sales_pay_eur",
)
"""The figures :func:`phase_summary` and :func:`by_month` average (EUR or counts a month)."""


def _checked(results: pd.DataFrame, needed, name: str) -> pd.DataFrame:
    if not isinstance(results, pd.DataFrame):
        raise TypeError(
            _("{name} needs the export as a pandas DataFrame; got {kind}").format(
                name=name, kind=type(results)
            )
        )
    missing = [c for c in needed if c not in results.columns]
    if missing:
        raise ValueError(
            f"{name}: the table lacks column(s) {', '.join(missing)}; pass the export as "
            "load_class_results() returns it"
        )
    return results


def targets_met(results: pd.DataFrame) -> pd.DataFrame:
    """Whether each department, and the company, met its targets in each firm's month.

    Args:
        results: The export, one row per firm and month.

    Returns:
        A table with the rows (and index) of ``results`` and three bool columns:
        ``marketing_met`` (leads at least ``target_leads`` and cost per lead at most
        ``target_cost_per_lead_eur``), ``sales_met`` (revenue at least
        ``target_revenue_eur``) and ``company_met`` (profit at least ``target_profit_eur``).
    """
    needed = [
        "leads",
        "cost_per_lead_eur",
        "revenue_eur",
        "profit_eur",
        "target_leads",
        "target_cost_per_lead_eur",
        "target_revenue_eur",
        "target_profit_eur",
    ]
    r = _checked(results, needed, "targets_met")
    cheap = r["cost_per_lead_eur"] <= r["target_cost_per_lead_eur"]  # NaN: no leads, missed
    return pd.DataFrame(
        {
            "marketing_met": (r["leads"] >= r["target_leads"]) & cheap,
            "sales_met": r["revenue_eur"] >= r["target_revenue_eur"],
            "company_met": r["profit_eur"] >= r["target_profit_eur"],
        },
        index=r.index,
    ).astype(bool)


def phase_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Each firm's phases side by side: monthly averages and the months each target was met.

    Args:
        results: The export, one row per firm and month.

    Returns:
        One row per firm and phase (columns ``session``, ``firm``, ``phase``), in that order,
        with ``months`` (months played), ``common_goal`` (the phase's goal, ``""`` in phase
        1), the average a month of each figure of :data:`AVERAGED`, and for each column of
        :data:`MET` the number of months it was True.
    """
    needed = [*FIRM, "phase", "common_goal", *AVERAGED]
    r = _checked(results, needed, "phase_summary")
    frame = pd.concat([r[[*FIRM, "phase", "common_goal", *AVERAGED]], targets_met(r)], axis=1)
    grouped = frame.groupby([*FIRM, "phase"], sort=True)
    summary = grouped[list(AVERAGED)].mean()
    summary.insert(0, "common_goal", grouped["common_goal"].first())
    summary.insert(0, "months", grouped.size())
    for column in MET:
        summary[column] = grouped[column].sum().astype("int64")
    return summary.reset_index()


def by_month(results: pd.DataFrame) -> pd.DataFrame:
    """The class's average firm, month by month.

    Args:
        results: The export, one row per firm and month.

    Returns:
        One row per month and phase (columns ``month``, ``phase``: sessions that play
        different months per phase give a month a row per phase), with ``firms`` (firms
        that played it) and the average over those firms of each figure of
        :data:`AVERAGED`.
    """
    r = _checked(results, ["month", "phase", *FIRM, *AVERAGED], "by_month")
    grouped = r.groupby(["month", "phase"], sort=True)
    table = grouped[list(AVERAGED)].mean()
    table.insert(0, "firms", grouped.size())
    return table.reset_index()
