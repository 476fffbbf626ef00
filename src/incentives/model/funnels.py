"""Funnel and profit figures from a leads table (one row per lead, as in ``load("leads")``).

    funnel(leads, by="month")          leads, contacted, won, rates, cost, revenue, margin
    profit_by(leads, plan, by="month") the same, plus sales pay and profit under ``plan``

Definitions used across the course: cost per lead = ad spend / leads; contact rate =
contacted / leads; close rate = won / leads; gross profit per lead = gross margin / leads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from incentives.model.plans import Plan

__all__ = ["funnel", "profit_by"]

REQUIRED = ("contacted", "outcome", "cost_eur", "deal_value_eur", "gross_margin_eur")


def funnel(leads: pd.DataFrame, by="month") -> pd.DataFrame:
    """Funnel figures per group.

    Args:
        leads: One row per lead with at least ``contacted``, ``outcome``, ``cost_eur``,
            ``deal_value_eur``, ``gross_margin_eur`` and the ``by`` column(s).
        by: Column name or list of names to group by.

    Returns:
        One row per group: leads, contacted, won, contact_rate, close_rate, ad_spend_eur,
        cost_per_lead_eur, revenue_eur, gross_margin_eur, revenue_per_lead_eur and
        gross_profit_per_lead_eur.
    """
    missing = [c for c in (*REQUIRED, *np.atleast_1d(by)) if c not in leads.columns]
    if missing:
        raise ValueError(f"leads table lacks columns {missing}")
    frame = leads.assign(
        _lead=1,
        _contacted=leads["contacted"].astype(int),
        _won=(leads["outcome"] == "won").astype(int),
    )
    table = frame.groupby(by, observed=True, sort=True).agg(
        leads=("_lead", "sum"),
        contacted=("_contacted", "sum"),
        won=("_won", "sum"),
        ad_spend_eur=("cost_eur", "sum"),
        revenue_eur=("deal_value_eur", "sum"),
        gross_margin_eur=("gross_margin_eur", "sum"),
    )
    table["contact_rate"] = table["contacted"] / table["leads"]
    table["close_rate"] = table["won"] / table["leads"]
    table["cost_per_lead_eur"] = table["ad_spend_eur"] / table["leads"]
    table["revenue_per_lead_eur"] = table["revenue_eur"] / table["leads"]
    table["gross_profit_per_lead_eur"] = table["gross_margin_eur"] / table["leads"]
    return table


def profit_by(
    leads: pd.DataFrame, plan: Plan, by="month", *, fixed_costs_eur: float = 0.0
) -> pd.DataFrame:
    """Funnel figures plus what sales is paid under ``plan`` and the profit that is left.

    ``profit_eur = gross_margin_eur - sales_pay_eur - ad_spend_eur - fixed_costs_eur`` per
    group; plans that share profit (TeamPool) see each group's profit before pay. Salaries
    of a BasePlusBonus plan are not included (they do not depend on leads).
    """
    table = funnel(leads, by)
    won = leads["outcome"] == "won"
    commission = np.zeros(len(leads))
    commission[won.to_numpy()] = plan.commission(
        leads.loc[won, "deal_value_eur"].to_numpy(), leads.loc[won, "gross_margin_eur"].to_numpy()
    )
    pay = leads.assign(_pay=commission).groupby(by, observed=True, sort=True)["_pay"].sum()
    before_pay = table["gross_margin_eur"] - table["ad_spend_eur"] - fixed_costs_eur
    if plan.shares_profit:
        pay = before_pay.apply(
            lambda profit: plan.payout([0.0], [0.0], wins=0, profit_before_pay_eur=profit)
        )
    table["sales_pay_eur"] = pay
    table["profit_eur"] = before_pay - table["sales_pay_eur"]
    return table
