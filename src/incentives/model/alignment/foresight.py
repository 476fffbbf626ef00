"""The budgets marketing weighs and what it foresees for each: the reps' response to every
small-ticket budget on the grid, under one sales plan (solved in one batched pass, cached)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from incentives.model.alignment.information import informed
from incentives.model.alignment.pay import REVENUE_RATE, sales_plan
from incentives.model.assumptions import value
from incentives.model.company import Company, Outcome
from incentives.model.sales import allocate_time_many

# The assumed figures, from the registry (incentives.model.assumptions, docs/model.md).
BUDGET_STEPS = value("budget_steps")  # 7 small-ticket budgets: 0, 1/6, ..., all of today's
_FORESIGHT_CACHE_SIZE = 512


def _small(company: Company) -> str:
    """The company's word for its small-ticket kind (``"part"``, ``"service"``)."""
    return company.categories[-1]


def _budgets(company: Company, category: str) -> float:
    return sum(c.budget_eur for c in company.campaigns if company.campaign_category(c) == category)


def movable_budget_eur(company: Company) -> float:
    """The ad budget marketing splits: its big-ticket and small-ticket campaigns' budgets
    (campaigns that bring both kinds of lead keep theirs)."""
    return sum(_budgets(company, category) for category in company.categories)


def budget_grid(company: Company) -> np.ndarray:
    """The small-ticket budgets marketing weighs: from 0 to today's, in ``BUDGET_STEPS``
    equal steps (Company X: EUR 0, 300, ..., 1,800), read only."""
    grid = np.linspace(0.0, _budgets(company, _small(company)), BUDGET_STEPS + 1)
    grid.flags.writeable = False
    return grid


def campaigns_for(company: Company, parts_budget_eur: float) -> tuple:
    """The company's campaigns with ``parts_budget_eur`` on its small-ticket campaigns and
    the rest of :func:`movable_budget_eur` on its big-ticket ones.

    Each side's campaigns keep their shares of that side's budget today (equal shares when
    it is 0); campaigns that bring both kinds of lead keep their budgets.

    Args:
        company: The company.
        parts_budget_eur: The small-ticket budget, EUR 0 to ``movable_budget_eur(company)``.

    Returns:
        The campaigns, in the company's order.
    """
    big, small = company.categories[0], _small(company)
    side_budget = {small: parts_budget_eur, big: movable_budget_eur(company) - parts_budget_eur}
    campaigns = []
    for campaign in company.campaigns:
        category = company.campaign_category(campaign)
        if category not in side_budget:
            campaigns.append(campaign)
            continue
        side = [c for c in company.campaigns if company.campaign_category(c) == category]
        today = _budgets(company, category)
        weight = campaign.budget_eur / today if today > 0 else 1.0 / len(side)
        campaigns.append(replace(campaign, budget_eur=side_budget[category] * weight))
    return tuple(campaigns)


def grid_outcomes(company: Company, parts_budgets_eur) -> tuple[Outcome, ...]:
    """The outcome of each small-ticket budget (the rest of the movable budget on the
    big-ticket campaigns) for ``company``.

    The reps' split of hours is solved for every budget in one batched pass; it equals
    ``Company.outcome()`` of each budget's company.

    Args:
        company: The company whose lead types, team and plan the reps work with; its
            campaigns' budgets are set by :func:`campaigns_for` each budget.
        parts_budgets_eur: The small-ticket budgets to weigh, EUR.

    Returns:
        One outcome per budget, in the order given.
    """
    companies = [company.replace(campaigns=campaigns_for(company, b)) for b in parts_budgets_eur]
    leads = np.array([c.leads_per_type() for c in companies])
    allocations = allocate_time_many(company.lead_types, leads, company.team, company.plan)
    return tuple(Outcome(c, a) for c, a in zip(companies, allocations, strict=True))


def _read_only(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Foresight:
    """What marketing foresees for every parts budget on the grid, under one sales plan.

    Attributes:
        company: The company under that sales plan and lead information (its campaigns as
            given; each outcome's company has the budget's campaigns).
        outcomes: One outcome per budget of :func:`budget_grid`.
        leads: Leads of each budget (a read-only array, as are the next two).
        cost_per_lead_eur: Blended cost per lead of each budget, EUR.
        profit_eur: Company profit of each budget, EUR.
        revenue_eur: Company revenue of each budget, EUR.
    """

    company: Company
    outcomes: tuple[Outcome, ...]
    leads: np.ndarray
    cost_per_lead_eur: np.ndarray
    profit_eur: np.ndarray
    revenue_eur: np.ndarray


@functools.lru_cache(maxsize=_FORESIGHT_CACHE_SIZE)
def foresee(
    company: Company,
    sales_own_weight: float,
    pool_share: float,
    lead_source_info: bool,
    goal: str = "profit",
    revenue_rate: float = REVENUE_RATE,
) -> Foresight:
    """Every parts budget's outcome under one sales plan, as marketing foresees it (cached).

    A pure function of hashable arguments, kept in an LRU cache (``foresee.cache_info()``,
    emptied by ``incentives.model.clear_caches``): the reps' response to the budgets depends on the
    sales plan and the lead information, not on marketing's weights. The common goal is
    part of the key because it sets sales' plan: :func:`align` calls ``foresee(company,
    w_s, pool_share, info)`` for the profit goal (``revenue_rate`` plays no part) and
    ``foresee(company, w_s, 0.0, info, "revenue", revenue_rate)`` for the revenue goal
    (``pool_share`` plays no part, so it is keyed as 0). :func:`align` checks the
    arguments; called directly, they are not checked.

    Args:
        company: The company before the sales plan and lead information are applied.
        sales_own_weight: Sales' weight on its own revenue plan, 0 to 1.
        pool_share: The profit pool's share of profit, 0 to 0.5 (profit goal).
        lead_source_info: Whether sales sees each lead's page and campaign.
        goal: The company figure sales' common part is tied to, ``"profit"`` or
            ``"revenue"`` (:func:`sales_plan`).
        revenue_rate: Sales' share of revenue (revenue goal).

    Returns:
        A :class:`Foresight` for the budgets of :func:`budget_grid`.
    """
    planned = informed(
        company.replace(
            plan=sales_plan(
                sales_own_weight, pool_share, company.plan, goal=goal, revenue_rate=revenue_rate
            )
        ),
        lead_source_info,
    )
    outcomes = grid_outcomes(planned, budget_grid(company))
    return Foresight(
        company=planned,
        outcomes=outcomes,
        leads=_read_only([o.leads for o in outcomes]),
        cost_per_lead_eur=_read_only([o.cost_per_lead_eur for o in outcomes]),
        profit_eur=_read_only([o.profit_eur for o in outcomes]),
        revenue_eur=_read_only([o.revenue_eur for o in outcomes]),
    )
