"""What each department is paid on: sales' own plan blended with a common goal, and
marketing's score of a budget (its own metric blended with the goal's figure)."""

from __future__ import annotations

import math
import numbers

import numpy as np

from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.company import Targets
from incentives.model.plans import Blend, Plan, RevenueShare, TeamPool, TieredRevenue

# The assumed figures, from the registry (incentives.model.assumptions, docs/model.md).
POOL_SHARE = value("pool_share")  # the team pool's share of profit under the profit goal
POOL_SHARE_MAX = value("pool_share_max")  # the highest profit pool share align accepts
GOALS = ("profit", "revenue")  # the company figures a common goal can be tied to
REVENUE_RATE = value("revenue_rate")  # sales' share of revenue when the common goal is revenue
REVENUE_RATE_MAX = value("revenue_rate_max")  # the highest revenue share align accepts


def check_range(name: str, value, high: float) -> float:
    """``value`` as a float, if it is a number from 0 to ``high``; else a ValueError naming
    ``name`` (True/False and NaN are refused)."""
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, numbers.Real)
        or math.isnan(value)
        or not 0.0 <= value <= high
    ):
        raise ValueError(
            _("{name} must be a number from 0 to {high:g}; got {value!r}").format(
                name=name, high=high, value=value
            )
        )
    return float(value)


def common_plan(
    goal: str = "profit", pool_share: float = POOL_SHARE, revenue_rate: float = REVENUE_RATE
) -> Plan:
    """Sales' common part of pay, tied to one company figure.

    Args:
        goal: ``"profit"`` (a team pool of ``pool_share`` of company profit) or
            ``"revenue"`` (``revenue_rate`` of every deal's value, the company's revenue).
        pool_share: The pool's share of profit (used by the profit goal).
        revenue_rate: The share of revenue (used by the revenue goal).

    Returns:
        ``TeamPool(pool_share)`` or ``RevenueShare(revenue_rate)``.
    """
    return TeamPool(pool_share) if goal == "profit" else RevenueShare(revenue_rate)


def sales_plan(
    sales_own_weight: float,
    pool_share: float = POOL_SHARE,
    own: Plan | None = None,
    *,
    goal: str = "profit",
    revenue_rate: float = REVENUE_RATE,
) -> Plan:
    """Sales' pay: ``sales_own_weight`` on its own plan, the rest on the common goal.

    Args:
        sales_own_weight: Weight on the plan in force, 0 to 1.
        pool_share: The team pool's share of company profit, 0 to 1 (profit goal).
        own: The plan in force; the article's tiered revenue plan by default.
        goal: The company figure the common part is tied to, ``"profit"`` or ``"revenue"``.
        revenue_rate: Sales' share of revenue, 0 to 1 (revenue goal).

    Returns:
        ``Blend(((w, own), (1 - w, common)))`` with ``common`` the :func:`common_plan` of
        the goal: ``TeamPool(pool_share)`` or ``RevenueShare(revenue_rate)``.
    """
    own = TieredRevenue() if own is None else own
    common = common_plan(goal, pool_share, revenue_rate)
    return Blend(((sales_own_weight, own), (1.0 - sales_own_weight, common)))


def marketing_scores(
    leads,
    cost_per_lead_eur,
    profit_eur,
    targets: Targets,
    marketing_own_weight: float,
    goal: str = "profit",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marketing's scores of each budget: its own, the common goal's score, and their blend.

    Args:
        leads: Leads of each budget.
        cost_per_lead_eur: Cost per lead of each budget, EUR.
        profit_eur: The common goal's company figure of each budget, EUR: profit, or
            revenue when ``goal`` is ``"revenue"``.
        targets: The targets scored against (leads, cost per lead and the goal's figure
            must be set).
        marketing_own_weight: Weight ``w_m`` on marketing's own score, 0 to 1.
        goal: ``"profit"`` (scored against the profit target) or ``"revenue"`` (against
            the revenue target).

    Returns:
        ``(own, goal_score, score)`` arrays: ``own = leads / target leads - cost per lead
        / target cost per lead``, ``goal_score = figure / its target`` (profit / target
        profit by default) and ``score = w_m * own + (1 - w_m) * goal_score``.
    """
    own = np.asarray(leads, dtype=float) / targets.leads - (
        np.asarray(cost_per_lead_eur, dtype=float) / targets.cost_per_lead_eur
    )
    goal_score = np.asarray(profit_eur, dtype=float) / getattr(targets, f"{goal}_eur")
    score = marketing_own_weight * own + (1.0 - marketing_own_weight) * goal_score
    return own, goal_score, score


def choose_budget(score) -> int:
    """The index of the best score; ties go to the first (the smaller parts budget).

    Args:
        score: Marketing's score of each budget, budgets in increasing order.

    Returns:
        The index of the first maximum.
    """
    return int(np.argmax(score))
