"""Alignment: how much of each department's bonus rests on its own metric, how much on profit.

    from incentives.model.alignment import align
    align().outcome.departments_met()        # the article's case: both paid on own metrics
    # {'marketing': True, 'sales': True, 'company': False}
    align(sales_own_weight=0.0, marketing_own_weight=0.0).outcome.departments_met()
    # {'marketing': True, 'sales': True, 'company': True}
    align(lead_source_info=True).choice      # every budget split marketing weighed

The article resolves the conflict by common criteria, by handing sales the full
information about each lead (which page and campaign brought it) and by tying both
departments' goals to the company's result. :func:`align` puts those three levers side by
side on Company X (``incentives.model.scenarios.company_x``); it is the multitask problem of
Holmstrom and Milgrom (1991) with two agents, each paid partly on a measured interim metric.
The AlignmentLab (``incentives.labs.alignment``) is its controls and views.

Model and assumptions (the figures are Company X's; see DOMAIN.md, "A teachable model"):

- [assume] Sales is paid ``Blend(((w_s, TieredRevenue()), (1 - w_s, TeamPool(pool_share))))``:
  a weight ``w_s`` (``sales_own_weight``, default 1.0) on the article's tiered revenue plan
  (1% on deals below EUR 500, 5% from EUR 500) and ``1 - w_s`` on a team pool of
  ``pool_share`` (default 10%) of company profit. The reps split their 3 x 120 hours to
  maximise that pay (``Company.outcome()``); at the margin the pool pays ``pool_share`` of
  each deal's gross margin.
- [assume] Marketing spends a fixed total ad budget, Company X's EUR 5,800 a month, on two
  campaigns at constant cost per lead: gate search at EUR 40 a lead and the parts promotion
  at EUR 6 a lead. It chooses the parts budget from EUR 0 to EUR 1,800 in steps of EUR 300
  (shares 0%, 5.2%, ..., 31.0% of the budget); the rest goes to gate search. EUR 1,800 is
  the article's campaign, so the top of the grid at defaults is the DOMAIN.md check run.
  The grid stops there on purpose: marketing's own score rises with every euro moved to
  the cheap parts leads, so a wider grid would let a marketing department paid on its own
  metric starve gate search (at a 40% parts share gate revenue falls below sales' target
  of EUR 70,000), which is another story than the article's.
- [assume] Marketing maximises ``w_m * own + (1 - w_m) * profit_score`` with ``w_m`` the
  ``marketing_own_weight`` (default 1.0), ``own = leads / 300 - cost per lead / EUR 20``
  (more and cheaper leads, against Company X's targets) and ``profit_score = profit /
  EUR 17,000`` (the company's profit target). Scoring profit, marketing anticipates how the
  reps will work the leads under the current sales plan and lead information. Ties go to
  the smaller parts budget. Marketing's own bonus is not modelled as a cost.
- [assume] Lead-source information (``lead_source_info``, default off): sales sees the
  landing page and campaign of each lead and can judge how hot it is. Modelled on part
  leads only: their time constant is multiplied by 0.7 (9 -> 6.3 minutes) and their minimum
  handling time by 0.5 (10 -> 5 minutes), because the rep knows which part the customer
  wants before calling. Gate leads are unchanged: they all come from one search campaign
  whose landing page tells the rep little new.
- [assume] ``pool_share`` may be set from 0 to 50%; it matters only when ``w_s < 1``.

At the defaults :func:`align` gives the article's case: marketing runs the EUR 1,800 parts
campaign (its targets met: 400 leads at EUR 14.50), the reps ignore part leads and give
216 minutes to each gate lead (sales' revenue target met), and profit is EUR 16,111, below
the company's EUR 17,000. With both weights at 0 (both paid on company profit) the reps
work the part leads (about 16.5 minutes each) and profit is about EUR 23,600.

Speed: marketing's foresight needs the reps' response to all 7 budget splits. It is solved
in one batched pass (:func:`incentives.model.sales.allocate_time_many`) and cached per
(company, ``w_s``, ``pool_share``, ``lead_source_info``) by :func:`foresee`, so a change of
``marketing_own_weight`` alone is a lookup and an argmax. The outcome shown is recomputed
with ``Company.outcome()`` itself (cached too). ``incentives.model.clear_caches`` empties both.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from incentives.model.company import Company, Outcome, Targets
from incentives.model.plans import Blend, Plan, TeamPool, TieredRevenue
from incentives.model.sales import allocate_time_many
from incentives.model.scenarios import GATE_CAMPAIGN, PARTS_CAMPAIGN, company_x

__all__ = [
    "TOTAL_BUDGET_EUR",
    "PARTS_BUDGET_STEP_EUR",
    "PARTS_BUDGET_GRID_EUR",
    "PARTS_SHARE_GRID",
    "INFO_TIME_CONSTANT_FACTOR",
    "INFO_MIN_HOURS_FACTOR",
    "INFO_LEAD_TYPES",
    "Alignment",
    "Foresight",
    "align",
    "campaigns_for",
    "choose_budget",
    "foresee",
    "grid_outcomes",
    "informed",
    "marketing_scores",
    "sales_plan",
]

TOTAL_BUDGET_EUR = GATE_CAMPAIGN.budget_eur + PARTS_CAMPAIGN.budget_eur  # EUR 5,800
PARTS_BUDGET_STEP_EUR = 300.0
PARTS_BUDGET_GRID_EUR = np.arange(0.0, PARTS_CAMPAIGN.budget_eur + 1.0, PARTS_BUDGET_STEP_EUR)
PARTS_SHARE_GRID = PARTS_BUDGET_GRID_EUR / TOTAL_BUDGET_EUR
PARTS_BUDGET_GRID_EUR.flags.writeable = False  # shared by every caller: read only
PARTS_SHARE_GRID.flags.writeable = False
INFO_TIME_CONSTANT_FACTOR = 0.7  # part leads' time constant with lead-source information
INFO_MIN_HOURS_FACTOR = 0.5  # part leads' minimum handling time with it
INFO_LEAD_TYPES = ("part",)  # lead types the information changes
POOL_SHARE_MAX = 0.5  # the highest profit pool share align accepts
_FORESIGHT_CACHE_SIZE = 512


def sales_plan(sales_own_weight: float, pool_share: float = 0.10) -> Plan:
    """Sales' pay: ``sales_own_weight`` on tiered revenue, the rest on a profit pool.

    Args:
        sales_own_weight: Weight on the article's tiered revenue plan, 0 to 1.
        pool_share: The team pool's share of company profit, 0 to 1.

    Returns:
        ``Blend(((w, TieredRevenue()), (1 - w, TeamPool(pool_share))))``.
    """
    return Blend(
        ((sales_own_weight, TieredRevenue()), (1.0 - sales_own_weight, TeamPool(pool_share)))
    )


def informed(lead_types, lead_source_info: bool) -> tuple:
    """The lead types as sales sees them, with or without lead-source information.

    Args:
        lead_types: The company's lead types (a sequence of ``LeadType``).
        lead_source_info: Whether sales sees each lead's landing page and campaign.

    Returns:
        A tuple of lead types: with the information, those named in ``INFO_LEAD_TYPES`` get
        their time constant times ``INFO_TIME_CONSTANT_FACTOR`` and their minimum handling
        time times ``INFO_MIN_HOURS_FACTOR``; the others are unchanged.
    """
    if not lead_source_info:
        return tuple(lead_types)
    return tuple(
        replace(
            kind,
            time_constant_hours=kind.time_constant_hours * INFO_TIME_CONSTANT_FACTOR,
            min_hours=kind.min_hours * INFO_MIN_HOURS_FACTOR,
        )
        if kind.name in INFO_LEAD_TYPES
        else kind
        for kind in lead_types
    )


def campaigns_for(parts_budget_eur: float) -> tuple:
    """Company X's two campaigns with ``parts_budget_eur`` on parts, the rest on gates.

    Args:
        parts_budget_eur: The parts campaign's budget, EUR 0 to ``TOTAL_BUDGET_EUR``.

    Returns:
        ``(gate campaign, parts campaign)``, their budgets adding up to ``TOTAL_BUDGET_EUR``.
    """
    return (
        replace(GATE_CAMPAIGN, budget_eur=TOTAL_BUDGET_EUR - parts_budget_eur),
        replace(PARTS_CAMPAIGN, budget_eur=parts_budget_eur),
    )


def grid_outcomes(company: Company, parts_budgets_eur) -> tuple[Outcome, ...]:
    """The outcome of each parts budget (the rest of the EUR 5,800 on gates) for ``company``.

    The reps' split of hours is solved for every budget in one batched pass; it equals
    ``Company.outcome()`` of each budget's company.

    Args:
        company: The company whose lead types, team and plan the reps work with; its
            campaigns are replaced by :func:`campaigns_for` each budget.
        parts_budgets_eur: The parts budgets to weigh, EUR.

    Returns:
        One outcome per budget, in the order given.
    """
    companies = [company.replace(campaigns=campaigns_for(b)) for b in parts_budgets_eur]
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
        outcomes: One outcome per budget in ``PARTS_BUDGET_GRID_EUR``.
        leads: Leads of each budget (a read-only array, as are the next two).
        cost_per_lead_eur: Blended cost per lead of each budget, EUR.
        profit_eur: Company profit of each budget, EUR.
    """

    company: Company
    outcomes: tuple[Outcome, ...]
    leads: np.ndarray
    cost_per_lead_eur: np.ndarray
    profit_eur: np.ndarray


@functools.lru_cache(maxsize=_FORESIGHT_CACHE_SIZE)
def foresee(
    company: Company, sales_own_weight: float, pool_share: float, lead_source_info: bool
) -> Foresight:
    """Every parts budget's outcome under one sales plan, as marketing foresees it (cached).

    A pure function of hashable arguments, kept in an LRU cache (``foresee.cache_info()``,
    emptied by ``incentives.model.clear_caches``): the reps' response to the budgets depends on the
    sales plan and the lead information, not on marketing's weights. :func:`align` checks
    the arguments and calls it; called directly, they are not checked.

    Args:
        company: The company before the sales plan and lead information are applied.
        sales_own_weight: Sales' weight on its own revenue plan, 0 to 1.
        pool_share: The profit pool's share of profit, 0 to 0.5.
        lead_source_info: Whether sales sees each lead's page and campaign.

    Returns:
        A :class:`Foresight` for the budgets in ``PARTS_BUDGET_GRID_EUR``.
    """
    planned = company.replace(
        plan=sales_plan(sales_own_weight, pool_share),
        lead_types=informed(company.lead_types, lead_source_info),
    )
    outcomes = grid_outcomes(planned, PARTS_BUDGET_GRID_EUR)
    return Foresight(
        company=planned,
        outcomes=outcomes,
        leads=_read_only([o.leads for o in outcomes]),
        cost_per_lead_eur=_read_only([o.cost_per_lead_eur for o in outcomes]),
        profit_eur=_read_only([o.profit_eur for o in outcomes]),
    )


def marketing_scores(
    leads, cost_per_lead_eur, profit_eur, targets: Targets, marketing_own_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marketing's scores of each budget: its own, the profit score, and their blend.

    Args:
        leads: Leads of each budget.
        cost_per_lead_eur: Cost per lead of each budget, EUR.
        profit_eur: Company profit of each budget, EUR.
        targets: The targets scored against (leads, cost per lead and profit must be set).
        marketing_own_weight: Weight ``w_m`` on marketing's own score, 0 to 1.

    Returns:
        ``(own, profit_score, score)`` arrays: ``own = leads / target leads - cost per lead
        / target cost per lead``, ``profit_score = profit / target profit`` and ``score =
        w_m * own + (1 - w_m) * profit_score``.
    """
    own = np.asarray(leads, dtype=float) / targets.leads - (
        np.asarray(cost_per_lead_eur, dtype=float) / targets.cost_per_lead_eur
    )
    profit_score = np.asarray(profit_eur, dtype=float) / targets.profit_eur
    score = marketing_own_weight * own + (1.0 - marketing_own_weight) * profit_score
    return own, profit_score, score


def choose_budget(score) -> int:
    """The index of the best score; ties go to the first (the smaller parts budget).

    Args:
        score: Marketing's score of each budget, budgets in increasing order.

    Returns:
        The index of the first maximum.
    """
    return int(np.argmax(score))


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
        parts_budget_eur: Marketing's chosen parts budget, EUR.
        parts_budget_share: That budget's share of ``TOTAL_BUDGET_EUR``.
        choice: One row per parts budget marketing weighed: ``parts_budget_eur``,
            ``parts_budget_share``, ``leads``, ``cost_per_lead_eur``, ``profit_eur``,
            ``own_score``, ``profit_score``, ``score`` and ``chosen`` (True on one row).
    """

    sales_own_weight: float
    marketing_own_weight: float
    pool_share: float
    lead_source_info: bool
    outcome: Outcome
    parts_budget_eur: float
    parts_budget_share: float
    choice: pd.DataFrame

    @property
    def company(self) -> Company:
        """The company as it runs: the chosen campaigns, sales' plan, the lead types."""
        return self.outcome.company


def _check_range(name: str, value, high: float) -> float:
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, numbers.Real)
        or math.isnan(value)
        or not 0.0 <= value <= high
    ):
        raise ValueError(f"{name} must be a number from 0 to {high:g}; got {value!r}")
    return float(value)


def align(
    *,
    sales_own_weight: float = 1.0,
    marketing_own_weight: float = 1.0,
    pool_share: float = 0.10,
    lead_source_info: bool = False,
    company: Company | None = None,
) -> Alignment:
    """Marketing's budget choice and what follows, for one setting of the pay weights.

    Marketing weighs every parts budget in ``PARTS_BUDGET_GRID_EUR`` (the rest of
    ``TOTAL_BUDGET_EUR`` on gate search), foreseeing how the reps will work the leads
    (:func:`foresee`, cached), and picks the best by :func:`marketing_scores` (ties to the
    smaller budget); the reps then split their hours to maximise their pay.

    Args:
        sales_own_weight: Sales' weight on its own revenue plan, 0 to 1; the rest is on a
            team pool of ``pool_share`` of company profit.
        marketing_own_weight: Marketing's weight on its own score (leads and cost per lead
            against their targets), 0 to 1; the rest is on profit against its target.
        pool_share: The team pool's share of company profit, 0 to 0.5.
        lead_source_info: Whether sales sees each lead's landing page and campaign.
        company: The company whose lead types, team, fixed costs and targets are used
            (Company X by default); its plan and campaigns are set by this model. Its
            targets must set leads, cost per lead and profit.

    Returns:
        An :class:`Alignment`.

    Raises:
        ValueError: if a weight is not a number from 0 to 1, ``pool_share`` not one from 0
            to 0.5, or ``lead_source_info`` not True or False.
        TypeError: if ``company`` is not a :class:`Company`.
    """
    sales_own_weight = _check_range("sales_own_weight", sales_own_weight, 1.0)
    marketing_own_weight = _check_range("marketing_own_weight", marketing_own_weight, 1.0)
    pool_share = _check_range("pool_share", pool_share, POOL_SHARE_MAX)
    if not isinstance(lead_source_info, bool | np.bool_):
        raise ValueError(f"lead_source_info must be True or False; got {lead_source_info!r}")
    lead_source_info = bool(lead_source_info)
    company = company_x() if company is None else company
    if not isinstance(company, Company):
        raise TypeError(f"company must be a Company; got {type(company).__name__}")

    seen = foresee(company, sales_own_weight, pool_share, lead_source_info)
    own, profit_score, score = marketing_scores(
        seen.leads, seen.cost_per_lead_eur, seen.profit_eur, company.targets, marketing_own_weight
    )
    best = choose_budget(score)
    choice = pd.DataFrame(
        {
            "parts_budget_eur": PARTS_BUDGET_GRID_EUR,
            "parts_budget_share": PARTS_SHARE_GRID,
            "leads": seen.leads,
            "cost_per_lead_eur": seen.cost_per_lead_eur,
            "profit_eur": seen.profit_eur,
            "own_score": own,
            "profit_score": profit_score,
            "score": score,
            "chosen": np.arange(len(score)) == best,
        }
    )
    return Alignment(
        sales_own_weight=sales_own_weight,
        marketing_own_weight=marketing_own_weight,
        pool_share=pool_share,
        lead_source_info=lead_source_info,
        # What is shown comes from the course's own model (Company.outcome), not the batch.
        outcome=seen.outcomes[best].company.outcome(),
        parts_budget_eur=float(PARTS_BUDGET_GRID_EUR[best]),
        parts_budget_share=float(PARTS_SHARE_GRID[best]),
        choice=choice,
    )
