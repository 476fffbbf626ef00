"""Tables over many settings: every design of both pay plans (:func:`design_table`), and
what lead-source information is worth as leads differ more (:func:`hotness_table`)."""

from __future__ import annotations

import math

import pandas as pd

from incentives.model.alignment.choice import align
from incentives.model.alignment.information import HOT_SHARE, informed
from incentives.model.alignment.pay import GOALS, POOL_SHARE, REVENUE_RATE
from incentives.model.build import company_x
from incentives.model.company import Company

DESIGN_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # the weights design_table weighs by default
# One row per design: its settings, marketing's choice, the month's figures, who meets targets.
DESIGN_COLUMNS = (
    "goal",
    "sales_own_weight",
    "marketing_own_weight",
    "parts_budget_eur",
    "leads",
    "cost_per_lead_eur",
    "revenue_eur",
    "profit_eur",
    "marketing_met",
    "sales_met",
    "company_met",
)


def design_table(
    *,
    goals=GOALS,
    weights=DESIGN_WEIGHTS,
    lead_source_info: bool = True,
    pool_share: float = POOL_SHARE,
    revenue_rate: float = REVENUE_RATE,
    company: Company | None = None,
) -> pd.DataFrame:
    """Every design of both departments' pay on a grid, and what each gives (:func:`align`).

    Args:
        goals: The common goals to weigh (``"profit"``, ``"revenue"``).
        weights: The weights on each department's own metrics to weigh, each 0 to 1; every
            pair (sales' weight, marketing's weight) is a design.
        lead_source_info: Whether sales sees each lead's page and campaign, in every design.
        pool_share, revenue_rate, company: as for :func:`align`.

    Returns:
        One row per design (goal, then sales' weight, then marketing's, in the order
        given) with the columns of :data:`DESIGN_COLUMNS`: the settings, marketing's
        small-ticket budget, leads, cost per lead, revenue and profit (EUR) of the month,
        and whether marketing, sales and the company each meet every target.
    """
    company = company_x() if company is None else company  # read the files once
    rows = []
    for goal in goals:
        for sales_weight in weights:
            for marketing_weight in weights:
                design = align(
                    goal=goal,
                    sales_own_weight=sales_weight,
                    marketing_own_weight=marketing_weight,
                    lead_source_info=lead_source_info,
                    pool_share=pool_share,
                    revenue_rate=revenue_rate,
                    company=company,
                )
                outcome = design.outcome
                met = outcome.departments_met()
                rows.append(
                    {
                        "goal": goal,
                        "sales_own_weight": float(sales_weight),
                        "marketing_own_weight": float(marketing_weight),
                        "parts_budget_eur": design.parts_budget_eur,
                        "leads": outcome.leads,
                        "cost_per_lead_eur": outcome.cost_per_lead_eur,
                        "revenue_eur": outcome.revenue_eur,
                        "profit_eur": outcome.profit_eur,
                        **{f"{department}_met": ok for department, ok in met.items()},
                    }
                )
    return pd.DataFrame(rows, columns=list(DESIGN_COLUMNS))


def hotness_table(
    hot_lifts=(1.0, 1.5, 2.0, 3.0),
    *,
    hot_share: float = HOT_SHARE,
    company: Company | None = None,
) -> pd.DataFrame:
    """What lead-source information is worth, for several assumptions on how hot leads are.

    The company runs as it does today (its plan in force, its campaigns); sales has the
    information and ranks leads by hotness (:func:`informed`).

    Args:
        hot_lifts: The hot leads' ceiling win probability as multiples of their type's,
            each from 1 (every lead equally hot: the information tells nothing) to
            ``1 / hot_share``.
        hot_share: The share of every lead type's leads that are hot.
        company: The company (Company X by default).

    Returns:
        One row per lift (index ``hot_lift``) with ``wins`` (expected deals in the month),
        ``revenue_per_hour_eur`` (revenue over the reps' hours), ``profit_eur`` and
        ``company_met`` (whether profit meets the company's target).
    """
    company = company_x() if company is None else company
    rows = []
    for lift in hot_lifts:
        outcome = informed(company, True, hot_share=hot_share, hot_lift=lift).outcome()
        hours = company.team.hours
        rows.append(
            {
                "hot_lift": float(lift),
                "wins": outcome.wins,
                "revenue_per_hour_eur": outcome.revenue_eur / hours if hours else math.nan,
                "profit_eur": outcome.profit_eur,
                "company_met": outcome.departments_met()["company"],
            }
        )
    return pd.DataFrame(rows).set_index("hot_lift")
