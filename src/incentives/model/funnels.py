"""Funnel and profit figures from a leads table (one row per lead, as in ``load("leads")``).

    funnel(leads, by="month")          leads, contacted, won, rates, cost, revenue, margin
    profit_by(leads, plan, by="month") the same, plus sales pay and profit under ``plan``

Definitions used across the course: cost per lead = ad spend / leads; contact rate =
contacted / leads; close rate = won / leads; gross profit per lead = gross margin / leads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.plans import Plan

__all__ = ["funnel", "profit_by", "sales_pay_by"]

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
        raise ValueError(_("leads table lacks columns {missing}").format(missing=missing))
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


def sales_pay_by(
    leads: pd.DataFrame, plan: Plan, by, profit_before_pay_eur: pd.Series, *, reps: int = 0
) -> pd.Series:
    """What ``plan`` pays for each group's won deals: ``plan.payout`` group by group.

    Every plan is paid by its own rule: commission per won deal, salaries for ``reps``
    reps (BasePlusBonus), and a share of the group's ``profit_before_pay_eur`` for a plan
    that shares profit (TeamPool, or a Blend or BasePlusBonus holding one).

    Args:
        leads: A leads table.
        plan: The pay plan.
        by: The grouping column(s), as for :func:`funnel`.
        profit_before_pay_eur: Each group's profit before sales pay, indexed like
            ``funnel(leads, by)``.
        reps: Reps paid a salary in each group.
    """
    won = leads.loc[leads["outcome"] == "won"]
    deals = dict(tuple(won.groupby(by, observed=True, sort=True)))
    no_deals = won.iloc[:0]
    pay = [
        plan.payout(
            deals.get(group, no_deals)["deal_value_eur"].to_numpy(dtype=float),
            deals.get(group, no_deals)["gross_margin_eur"].to_numpy(dtype=float),
            reps=reps,
            profit_before_pay_eur=float(before_pay),
        )
        for group, before_pay in profit_before_pay_eur.items()
    ]
    return pd.Series(pay, index=profit_before_pay_eur.index, dtype=float)


def profit_by(
    leads: pd.DataFrame, plan: Plan, by="month", *, fixed_costs_eur: float = 0.0
) -> pd.DataFrame:
    """Funnel figures plus what sales is paid under ``plan`` and the profit that is left.

    ``profit_eur = gross_margin_eur - sales_pay_eur - ad_spend_eur - fixed_costs_eur`` per
    group; plans that share profit (TeamPool) see each group's profit before pay. Salaries
    of a BasePlusBonus plan are not included (they do not depend on leads; the replay,
    :func:`incentives.model.replay.replay`, adds them for a number of reps).
    """
    table = funnel(leads, by)
    before_pay = table["gross_margin_eur"] - table["ad_spend_eur"] - fixed_costs_eur
    table["sales_pay_eur"] = sales_pay_by(leads, plan, by, before_pay)
    table["profit_eur"] = before_pay - table["sales_pay_eur"]
    return table
