"""Marketing's budget choice under one setting of the pay weights, and what follows:
:func:`align` and its result, an :class:`Alignment`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.alignment.foresight import budget_grid, foresee, movable_budget_eur
from incentives.model.alignment.pay import (
    GOALS,
    POOL_SHARE,
    POOL_SHARE_MAX,
    REVENUE_RATE,
    REVENUE_RATE_MAX,
    check_range,
    choose_budget,
    marketing_scores,
)
from incentives.model.build import company_x
from incentives.model.company import Company, Outcome


@dataclass(frozen=True, eq=False)
class Alignment:
    """What happens under one setting of the weights, the pool and the lead information.

    Compare alignments by their fields (``==`` is identity: the outcome and the table hold
    arrays).

    Attributes:
        sales_own_weight: Sales' weight on its own revenue plan (the rest on the pool).
        marketing_own_weight: Marketing's weight on its own score (the rest on profit).
        pool_share: The profit pool's share of profit.
        lead_source_info: Whether sales sees each lead's page and campaign.
        outcome: The outcome of marketing's choice, computed by ``Company.outcome()``.
        parts_budget_eur: Marketing's chosen small-ticket (parts) budget, EUR.
        parts_budget_share: That budget's share of the movable budget.
        total_budget_eur: The budget marketing splits (:func:`movable_budget_eur`), EUR.
        choice: One row per parts budget marketing weighed: ``parts_budget_eur``,
            ``parts_budget_share``, ``leads``, ``cost_per_lead_eur``, ``profit_eur``,
            ``own_score``, ``profit_score``, ``score`` and ``chosen`` (True on one row).
            Under the revenue goal ``revenue_eur`` comes before ``profit_eur`` and
            ``revenue_score`` (revenue / target revenue) replaces ``profit_score``.
        goal: The company figure both common parts are tied to: ``"profit"`` or
            ``"revenue"``.
        revenue_rate: Sales' share of revenue under the revenue goal.
    """

    sales_own_weight: float
    marketing_own_weight: float
    pool_share: float
    lead_source_info: bool
    outcome: Outcome
    parts_budget_eur: float
    parts_budget_share: float
    total_budget_eur: float
    choice: pd.DataFrame
    goal: str = "profit"
    revenue_rate: float = REVENUE_RATE

    @property
    def company(self) -> Company:
        """The company as it runs: the chosen campaigns, sales' plan, the lead types."""
        return self.outcome.company


def align(
    *,
    sales_own_weight: float = 1.0,
    marketing_own_weight: float = 1.0,
    pool_share: float = POOL_SHARE,
    lead_source_info: bool = False,
    goal: str = "profit",
    revenue_rate: float = REVENUE_RATE,
    company: Company | None = None,
) -> Alignment:
    """Marketing's budget choice and what follows, for one setting of the pay weights.

    Marketing weighs every small-ticket budget of :func:`budget_grid` (the rest of
    :func:`movable_budget_eur` on the big-ticket campaigns), foreseeing how the reps will
    work the leads (:func:`foresee`, cached), and picks the best by
    :func:`marketing_scores` (ties to the smaller budget); the reps then split their hours
    to maximise their pay.

    Args:
        sales_own_weight: Sales' weight on its own revenue plan, 0 to 1; the rest is on the
            common goal: a team pool of ``pool_share`` of company profit, or
            ``revenue_rate`` of revenue under the revenue goal.
        marketing_own_weight: Marketing's weight on its own score (leads and cost per lead
            against their targets), 0 to 1; the rest is on the common goal's figure
            (profit or revenue) against its target.
        pool_share: The team pool's share of company profit, 0 to 0.5 (profit goal).
        lead_source_info: Whether sales sees each lead's landing page and campaign.
        goal: The company figure both departments' common part is tied to: ``"profit"``
            (the default) or ``"revenue"`` (the article's rule).
        revenue_rate: Sales' share of revenue under the revenue goal, 0 to 0.2.
        company: The company (Company X by default): its lead types, team, fixed costs,
            targets, its plan in force (sales' own plan) and its campaigns, whose budgets
            this model splits. Its targets must set leads, cost per lead and the goal's
            figure (profit, or revenue).

    Returns:
        An :class:`Alignment`.

    Raises:
        ValueError: if a weight is not a number from 0 to 1, ``pool_share`` not one from 0
            to 0.5, ``revenue_rate`` not one from 0 to 0.2, ``goal`` neither ``"profit"``
            nor ``"revenue"``, ``lead_source_info`` not True or False, or the company sets
            no target for leads, cost per lead or the goal's figure (the message names
            those missing).
        TypeError: if ``company`` is not a :class:`Company`.
    """
    sales_own_weight = check_range("sales_own_weight", sales_own_weight, 1.0)
    marketing_own_weight = check_range("marketing_own_weight", marketing_own_weight, 1.0)
    pool_share = check_range("pool_share", pool_share, POOL_SHARE_MAX)
    revenue_rate = check_range("revenue_rate", revenue_rate, REVENUE_RATE_MAX)
    if not isinstance(goal, str) or goal not in GOALS:
        raise ValueError(_("goal must be 'profit' or 'revenue'; got {goal!r}").format(goal=goal))
    if not isinstance(lead_source_info, bool | np.bool_):
        raise ValueError(
            _("lead_source_info must be True or False; got {lead_source_info!r}").format(
                lead_source_info=lead_source_info
            )
        )
    lead_source_info = bool(lead_source_info)
    company = company_x() if company is None else company
    if not isinstance(company, Company):
        raise TypeError(
            _("company must be a Company; got {kind}").format(kind=type(company).__name__)
        )

    missing = [
        m
        for m in ("leads", "cost_per_lead_eur", f"{goal}_eur")
        if getattr(company.targets, m) is None
    ]
    if missing:
        raise ValueError(
            f"{company.name} sets no target for {', '.join(missing)}: marketing's score needs them"
        )
    if goal == "profit":  # the key as before the goal existed: revenue_rate plays no part
        seen = foresee(company, sales_own_weight, pool_share, lead_source_info)
    else:  # the pool plays no part in sales' plan: keyed as 0
        seen = foresee(company, sales_own_weight, 0.0, lead_source_info, goal, revenue_rate)
    grid = budget_grid(company)
    total = movable_budget_eur(company)
    figure = seen.profit_eur if goal == "profit" else seen.revenue_eur
    own, goal_score, score = marketing_scores(
        seen.leads,
        seen.cost_per_lead_eur,
        figure,
        company.targets,
        marketing_own_weight,
        goal,
    )
    best = choose_budget(score)
    columns = {
        "parts_budget_eur": grid,
        "parts_budget_share": grid / total,
        "leads": seen.leads,
        "cost_per_lead_eur": seen.cost_per_lead_eur,
    }
    if goal == "revenue":
        columns["revenue_eur"] = seen.revenue_eur
    columns |= {
        "profit_eur": seen.profit_eur,
        "own_score": own,
        f"{goal}_score": goal_score,
        "score": score,
        "chosen": np.arange(len(score)) == best,
    }
    choice = pd.DataFrame(columns)
    return Alignment(
        sales_own_weight=sales_own_weight,
        marketing_own_weight=marketing_own_weight,
        pool_share=pool_share,
        lead_source_info=lead_source_info,
        # What is shown comes from the course's own model (Company.outcome), not the batch.
        outcome=seen.outcomes[best].company.outcome(),
        parts_budget_eur=float(grid[best]),
        parts_budget_share=float(grid[best] / total),
        total_budget_eur=float(total),
        choice=choice,
        goal=goal,
        revenue_rate=revenue_rate,
    )
