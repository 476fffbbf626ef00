"""Marketing: from an ad budget to leads, and marketing's own scorecard figures.

A campaign ``j`` with budget ``B_j`` (EUR) and cost per lead ``CPL_j`` (EUR per lead) brings
``N_j = B_j / CPL_j`` leads. Marketing is judged on the number of leads and on the blended
cost per lead, ``sum(B_j) / sum(N_j)`` (DOMAIN.md, "A teachable model").
"""

from __future__ import annotations

import numpy as np


def leads_from_budget(budget_eur, cost_per_lead_eur):
    """Number of leads a budget buys at a constant cost per lead.

    Args:
        budget_eur: Ad spend in EUR, a number or an array; must be >= 0.
        cost_per_lead_eur: Price of one lead in EUR, same shape or a scalar; must be > 0.

    Returns:
        Leads as a float (or a float array), ``budget_eur / cost_per_lead_eur``.

    Raises:
        ValueError: if a budget is negative or a cost per lead is not positive.
    """
    budget = np.asarray(budget_eur, dtype=float)
    cost = np.asarray(cost_per_lead_eur, dtype=float)
    if np.any(budget < 0) or np.any(np.isnan(budget)):
        raise ValueError(f"budget_eur must be >= 0; got {budget_eur!r}")
    if np.any(cost <= 0) or np.any(np.isnan(cost)):
        raise ValueError(f"cost_per_lead_eur must be > 0; got {cost_per_lead_eur!r}")
    leads = budget / cost
    return float(leads) if leads.ndim == 0 else leads


def blended_cost_per_lead(budgets_eur, leads):
    """Total spend divided by total leads, in EUR per lead: marketing's efficiency figure.

    Args:
        budgets_eur: Spend per campaign in EUR.
        leads: Leads per campaign, same length.

    Returns:
        The blended cost per lead as a float.

    Raises:
        ValueError: if the lengths differ or there are no leads at all.
    """
    spend = np.asarray(budgets_eur, dtype=float).ravel()
    count = np.asarray(leads, dtype=float).ravel()
    if spend.shape != count.shape:
        raise ValueError(
            f"budgets_eur and leads must have the same length; got {spend.size} and {count.size}"
        )
    total_leads = count.sum()
    if total_leads <= 0:
        raise ValueError("blended cost per lead is undefined with no leads")
    return float(spend.sum() / total_leads)
