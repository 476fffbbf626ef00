"""Alignment: how much of each department's bonus rests on its own metric, how much on a
company figure (profit, or revenue).

    from incentives.model.alignment import align
    align().outcome.departments_met()        # the article's case: both paid on own metrics
    # {'marketing': True, 'sales': True, 'company': False}
    align(sales_own_weight=0.0, marketing_own_weight=0.0).outcome.departments_met()
    # {'marketing': False, 'sales': True, 'company': True}
    align(lead_source_info=True).choice      # every budget split marketing weighed
    design_table()                           # every design of both pay plans on a grid
    hotness_table()                          # information's worth as leads differ more
    align(goal="revenue", sales_own_weight=0.0, marketing_own_weight=0.0)  # the article's rule

The article resolves the conflict by common criteria, by handing sales the full
information about each lead (which page and campaign brought it) and by tying both
departments' goals to the company's result. :func:`align` puts those three levers side by
side on Company X (``incentives.model.build.company_x``), or on any company given whose
targets set leads, cost per lead and profit; it is the multitask problem of Holmstrom and
Milgrom (1991) with two agents, each paid partly on a measured interim metric.
The AlignmentLab (``incentives.labs.alignment``) is its controls and views.

Model and assumptions (the figures are Company X's, read from data/company_x; the sales
model is that of :mod:`incentives.model.sales`; each assumed figure is an entry of the
registry ``incentives.model.assumptions``, listed with its source in docs/model.md):

- Sales is paid ``Blend(((w_s, own), (1 - w_s, TeamPool(pool_share))))``: a
  weight ``w_s`` (``sales_own_weight``, default 1.0) on the company's plan in force
  (Company X's is the article's tiered revenue plan: 1% on deals below EUR 500, 5% from
  EUR 500) and ``1 - w_s`` on a team pool of ``pool_share`` (default 10%) of company
  profit. The reps split their 3 x 120 hours to maximise that pay (``Company.outcome()``);
  at the margin the pool pays ``pool_share`` of each deal's gross margin.
- Marketing moves a fixed budget between its big-ticket and small-ticket
  campaigns (:func:`movable_budget_eur`): Company X's EUR 6,050 a month, the gate
  campaigns' EUR 3,000 (search, EUR 40 a lead) and EUR 1,250 (garage doors, EUR 50 a lead)
  and the parts promotion's EUR 1,800 (EUR 6 a lead). A campaign that brings both kinds of
  lead keeps its budget: the organic website, EUR 400 at EUR 20 a lead, is in every
  figure below. Marketing chooses the parts budget from EUR 0 to today's EUR 1,800 in
  ``BUDGET_STEPS`` = 6 steps of EUR 300 (:func:`budget_grid`; shares 0%, 5.0%, ..., 29.8%
  of EUR 6,050); the rest goes to the gate campaigns, which keep today's 3,000 : 1,250
  between them (:func:`campaigns_for`). EUR 1,800 is the article's campaign, so the top of
  the grid is the company as it runs. The grid stops there on purpose: marketing's own
  score rises with every euro moved to the cheap parts leads, so a wider grid would let a
  marketing department paid on its own metric starve the gate campaigns (at EUR 3,000 on
  parts, half the budget, revenue falls below sales' target of EUR 70,000), which is
  another story than the article's.
- Marketing maximises ``w_m * own + (1 - w_m) * profit_score`` with ``w_m`` the
  ``marketing_own_weight`` (default 1.0), ``own = leads / 300 - cost per lead / EUR 20``
  (more and cheaper leads, against Company X's targets) and ``profit_score = profit /
  EUR 17,000`` (the company's profit target). Scoring profit, marketing anticipates how the
  reps will work the leads under the current sales plan and lead information. Ties go to
  the smaller parts budget. Marketing's own bonus is not modelled as a cost. A company
  that sets no target for leads, cost per lead or profit is refused (ValueError).
- Lead-source information (``lead_source_info``, default off): sales sees the
  landing page and campaign of each lead and can judge how hot it is, as the article says.
  Leads of one type differ in how hot they are: in this model a quarter of every type's
  leads are hot (``HOT_SHARE``), with twice the type's ceiling win probability
  (``HOT_LIFT``, capped at 1), and the cold rest have what is left, so that the type's
  average chance is unchanged (a sliding-gate lead: 0.35 on average, 0.70 hot, 0.23
  cold; a gate motor kit lead: 0.50, 1.00 hot, 0.33 cold). These values are assumed for
  teaching. The idea behind them is published: lead scoring ranks leads by fit and
  engagement, and a lead's source tells a good part of both (Monat 2011); web leads
  differ, and are worth most while fresh (Oldroyd, McElheran & Elkington 2011).
  Without the information a rep cannot tell hot from cold, gives every lead of a type
  the same time, and the model is exactly the one without hotness. With it
  (:func:`informed`), each type splits into its hot and cold leads, the reps rank them
  and give each its own time, and a type's cold leads are worked only when its hot ones
  are: hot leads first, cold ones shortened or dropped. With every lead of a type
  equally hot (``hot_lift`` 1) the information changes nothing.
- ``pool_share`` may be set from 0 to 50%; it matters only when ``w_s < 1``.
- The common goal (``goal``, default ``"profit"``) is the company figure both
  departments' common part is tied to. Under ``"profit"``, as above: sales' common part is
  ``TeamPool(pool_share)`` and marketing's is profit / target profit. Under ``"revenue"``
  (the article's own rule, "tied to the company's revenue"): sales' common part is
  ``RevenueShare(revenue_rate)`` (default 3% of every deal's value, 0 to 20% accepted) and
  marketing's is revenue / target revenue (Company X: EUR 70,000). The defaults' results
  are those of the profit goal, unchanged.

At the defaults :func:`align` gives the article's case: marketing keeps the EUR 1,800
parts promotion (1,800 / 6,050, about 30% of the budget it moves; its targets met: 420
leads at about EUR 15.36), the reps ignore every part lead and spend their hours on gate
leads (about 232 minutes on each sliding-gate lead; sales' revenue target met), and profit
is about EUR 16,500, below the company's EUR 17,000. With lead-source information the
reps give a hot sliding-gate lead about 328 minutes and a cold one 196, work the hot gate
motor kit leads (about 22 minutes each) and drop the cold ones: wins rise from about 30.8
to 37.7 in the same 360 hours, revenue from about EUR 79,874 to 84,024 and profit to about
EUR 18,047, above the target (a result of the assumed hot share and lift). With both
weights at 0 (both paid on company profit) marketing puts EUR 0 on parts, because gate
leads earn more than part leads even when both are worked; the reps work the part leads
the organic campaign still brings, and profit is about EUR 23,510. The company and sales
meet their targets, but marketing misses its own (about 162 leads at EUR 39.73): its
scorecard, not its pay, is now out of line with profit. In between, 15% on marketing's
own score and 85% on profit picks EUR 1,200 on parts and meets all three targets (about
334 leads at EUR 19.30, profit about EUR 18,242). On Velora (data/velora) marketing moves EUR 4,900
between bike and service ads, and its grid is EUR 0 to 900 in steps of EUR 150.

With both weights at 0 the two common goals agree on the budget split: tied to revenue,
marketing also puts EUR 0 on parts (gate leads bring more revenue per euro too), and the
reps, paid 3% of revenue, work the part leads left a little differently: profit about
EUR 23,203 against the profit goal's EUR 23,510. The goals part when marketing also
chooses how much to spend: see :mod:`incentives.model.goals`.

Speed: marketing's foresight needs the reps' response to all 7 budget splits (with the
information, to 12 lead types: 729 sets of worked types each). It is solved
in one batched pass (:func:`incentives.model.sales.allocate_time_many`) and cached per
(company, ``w_s``, ``pool_share``, ``lead_source_info``) by :func:`foresee`, and under the
revenue goal per (company, ``w_s``, ``lead_source_info``, goal, ``revenue_rate``), so a change of
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

from incentives.model.assumptions import value
from incentives.model.build import company_x
from incentives.model.company import Company, Outcome, Targets
from incentives.model.plans import Blend, Plan, RevenueShare, TeamPool, TieredRevenue
from incentives.model.sales import LeadType, allocate_time_many

__all__ = [
    "BUDGET_STEPS",
    "DESIGN_COLUMNS",
    "DESIGN_WEIGHTS",
    "GOALS",
    "HOT_LIFT",
    "HOT_SHARE",
    "POOL_SHARE",
    "POOL_SHARE_MAX",
    "REVENUE_RATE",
    "REVENUE_RATE_MAX",
    "Alignment",
    "Foresight",
    "align",
    "budget_grid",
    "campaigns_for",
    "choose_budget",
    "common_plan",
    "foresee",
    "grid_outcomes",
    "design_table",
    "hot_and_cold",
    "hotness_table",
    "informed",
    "marketing_scores",
    "movable_budget_eur",
    "sales_plan",
]

# The assumed figures, from the registry (incentives.model.assumptions, docs/model.md).
BUDGET_STEPS = value("budget_steps")  # 7 small-ticket budgets: 0, 1/6, ..., all of today's
HOT_SHARE = value("hot_share")  # share of every lead type's leads that are hot
HOT_LIFT = value("hot_lift")  # a hot lead's ceiling win probability, times its type's, <= 1
POOL_SHARE = value("pool_share")  # the team pool's share of profit under the profit goal
POOL_SHARE_MAX = value("pool_share_max")  # the highest profit pool share align accepts
GOALS = ("profit", "revenue")  # the company figures a common goal can be tied to
REVENUE_RATE = value("revenue_rate")  # sales' share of revenue when the common goal is revenue
REVENUE_RATE_MAX = value("revenue_rate_max")  # the highest revenue share align accepts
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


def hot_and_cold(
    kind: LeadType, hot_share: float = HOT_SHARE, hot_lift: float = HOT_LIFT
) -> tuple[LeadType, LeadType]:
    """A lead type's hot share and cold remainder, as sales sees them with lead-source
    information.

    Args:
        kind: The lead type as sales sees it without the information.
        hot_share: The share of its leads that are hot, 0 to 1 (excluded).
        hot_lift: A hot lead's ceiling win probability as a multiple of the type's, at
            least 1; the hot ceiling is capped at 1.

    Returns:
        ``(hot, cold)``: two copies of ``kind`` named ``"<name> (hot)"`` and ``"<name>
        (cold)"`` that differ only in their ceiling win probability, chosen so that their
        average over the leads (``hot_share`` of them hot) is ``kind``'s own: a rep who
        gives both the same time wins as many deals as before. The cold one is
        ``worked_after`` the hot one.
    """
    hot_ceiling = min(1.0, kind.win_ceiling * hot_lift)
    cold_ceiling = max(0.0, (kind.win_ceiling - hot_share * hot_ceiling) / (1.0 - hot_share))
    hot = replace(kind, name=f"{kind.name} (hot)", win_ceiling=hot_ceiling)
    cold = replace(
        kind, name=f"{kind.name} (cold)", win_ceiling=cold_ceiling, worked_after=hot.name
    )
    return hot, cold


def informed(
    company: Company,
    lead_source_info: bool,
    *,
    hot_share: float = HOT_SHARE,
    hot_lift: float = HOT_LIFT,
) -> Company:
    """The company as sales sees it, with or without lead-source information.

    Without the information a rep cannot tell a hot lead from a cold one of the same type
    and gives every lead of a type the same time. With it, each lead type splits into its
    hot share and its cold remainder (:func:`hot_and_cold`), and each campaign brings
    ``hot_share`` of its leads of every type hot: the reps give each part its own time,
    and work the cold leads of a type only when they work its hot ones.

    Args:
        company: The company.
        lead_source_info: Whether sales sees each lead's landing page and campaign.
        hot_share: The share of every lead type's leads that are hot, 0 to 1 (excluded).
        hot_lift: A hot lead's ceiling win probability as a multiple of its type's, from
            1 to ``1 / hot_share``; 1 means every lead of a type is equally hot.

    Returns:
        ``company`` itself without the information, or when no lead is hotter than
        another (``hot_lift`` 1 or ``hot_share`` 0); else a copy with each lead type
        split in two and each campaign's mix split to match.

    Raises:
        ValueError: if ``hot_share`` or ``hot_lift`` is out of its range.
    """
    hot_share = check_range("hot_share", hot_share, 1.0)
    if hot_share >= 1.0:
        raise ValueError(f"hot_share must be below 1; got {hot_share!r}")
    if (
        isinstance(hot_lift, bool | np.bool_)
        or not isinstance(hot_lift, numbers.Real)
        or not 1.0 <= hot_lift <= (1.0 / hot_share if hot_share > 0 else math.inf)
    ):
        raise ValueError(f"hot_lift must be a number from 1 to 1 / hot_share; got {hot_lift!r}")
    if not lead_source_info or hot_share == 0.0 or hot_lift == 1.0:
        return company
    kinds = tuple(
        kind for base in company.lead_types for kind in hot_and_cold(base, hot_share, hot_lift)
    )
    campaigns = tuple(
        replace(
            campaign,
            mix=tuple(
                part
                for name, share in campaign.mix
                for part in (
                    (f"{name} (hot)", share * hot_share),
                    (f"{name} (cold)", share * (1.0 - hot_share)),
                )
            ),
        )
        for campaign in company.campaigns
    )
    return company.replace(lead_types=kinds, campaigns=campaigns)


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


def check_range(name: str, value, high: float) -> float:
    """``value`` as a float, if it is a number from 0 to ``high``; else a ValueError naming
    ``name`` (True/False and NaN are refused)."""
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
        raise ValueError(f"goal must be 'profit' or 'revenue'; got {goal!r}")
    if not isinstance(lead_source_info, bool | np.bool_):
        raise ValueError(f"lead_source_info must be True or False; got {lead_source_info!r}")
    lead_source_info = bool(lead_source_info)
    company = company_x() if company is None else company
    if not isinstance(company, Company):
        raise TypeError(f"company must be a Company; got {type(company).__name__}")

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
