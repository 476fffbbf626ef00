"""Common goals: both departments tied to one company figure, revenue or profit.

    from incentives.model.goals import common_goal, compare_goals
    common_goal("revenue").spend_factor      # 4.0: revenue rises with every euro spent
    common_goal("profit").spend_factor       # 2.0: profit peaks, then falls
    compare_goals()                          # the two goals' choices side by side

The article settles the conflict between marketing and sales by tying both departments'
main goal to the company's revenue rather than to each one's interim metrics (cost per
lead, close rate). The course tests that rule against a goal tied to profit. A *common
goal* here is one company figure both departments are paid on:

- sales is paid on it: ``RevenueShare(revenue_rate)`` (default 3% of every deal's value)
  under the revenue goal, ``TeamPool(pool_share)`` (default 10% of company profit) under
  the profit goal; the reps split their hours to maximise that pay (``Company.outcome()``);
- marketing chooses how much to spend: every campaign's budget is scaled by one *spend
  factor* (1 = today's budgets; Company X: EUR 6,450 a month), and marketing picks the
  factor of :data:`SPEND_FACTORS` that makes the goal's figure highest, ties going to the
  smaller spend.

Assumptions (listed with their sources in docs/model.md): every campaign keeps its cost per
lead at any budget (each extra euro buys the same leads; a campaign with diminishing
returns keeps its own curve), the reps' hours are fixed (Company X: 3 x 120), and
marketing foresees how the reps will work the leads. Marketing's own pay is not counted as a cost.

On Company X (``incentives.model.company_x()``) revenue keeps rising with the spend
(factor 0.5: EUR 53,242; 1: 85,187; 2: 115,944; 4: 141,411 under the revenue goal) because
more leads always bring some more deals; but the reps' 360 hours are the limit, so each
extra lead gets less time and the last euros of ads cost more than the margin they bring.
Profit peaks at factor 2 (profit goal: 1: EUR 21,777; 2: 24,898; 4: 21,766). A revenue
goal therefore spends four times today's budget and earns EUR 19,773 of profit; a profit
goal spends twice today's and earns EUR 24,898: the campaigns' cost slips through a
revenue goal. So do thin margins: revenue counts a deal at its price, whatever it earns
(:func:`campaign_figures` shows each campaign's revenue beside its margin and its cost).
With the budget fixed, the two goals agree instead: see ``align(goal=...)`` in
:mod:`incentives.model.alignment`, where both put EUR 0 of Company X's EUR 6,050 on parts.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.alignment import (
    POOL_SHARE_MAX,
    REVENUE_RATE,
    REVENUE_RATE_MAX,
    check_range,
)
from incentives.model.assumptions import value
from incentives.model.build import company_x
from incentives.model.company import Company, Outcome
from incentives.model.plans import Plan, RevenueShare, TeamPool

__all__ = [
    "GOALS",
    "POOL_SHARE",
    "REVENUE_RATE",
    "SPEND_FACTORS",
    "TABLE_COLUMNS",
    "CommonGoal",
    "campaign_figures",
    "common_goal",
    "compare_goals",
    "goal_plan",
    "scaled_campaigns",
]

GOALS = ("revenue", "profit")  # the company figures a common goal can be tied to
SPEND_FACTORS = value("spend_factors")  # today's budgets times these
POOL_SHARE = value("pool_share")  # sales' share of profit under the profit goal
# One row per spend factor: what the company does and earns at that spend.
TABLE_COLUMNS = (
    "spend_factor",
    "ad_spend_eur",
    "leads",
    "cost_per_lead_eur",
    "revenue_eur",
    "gross_margin_eur",
    "sales_pay_eur",
    "profit_eur",
    "chosen",
)
_FIGURE = {"revenue": "revenue_eur", "profit": "profit_eur"}


def _check_goal(goal) -> str:
    if not isinstance(goal, str) or goal not in GOALS:
        raise ValueError(_("goal must be 'revenue' or 'profit'; got {goal!r}").format(goal=goal))
    return goal


def _check_factors(spend_factors) -> tuple[float, ...]:
    if isinstance(spend_factors, str | bytes) or not isinstance(
        spend_factors, Sequence | np.ndarray
    ):
        raise ValueError(
            f"spend_factors must be a sequence of positive numbers; got {spend_factors!r}"
        )
    factors = []
    for factor in spend_factors:
        if (
            isinstance(factor, bool | np.bool_)
            or not isinstance(factor, numbers.Real)
            or not math.isfinite(factor)
            or factor <= 0
        ):
            raise ValueError(
                _("spend_factors must all be positive numbers; got {factor!r}").format(
                    factor=factor
                )
            )
        factors.append(float(factor))
    if not factors:
        raise ValueError(_("spend_factors is empty: give at least one positive factor"))
    if len(set(factors)) != len(factors):
        raise ValueError(
            _("spend_factors must not repeat a factor; got {factors}").format(factors=factors)
        )
    return tuple(sorted(factors))


def _check_company(company) -> Company:
    company = company_x() if company is None else company
    if not isinstance(company, Company):
        raise TypeError(
            _("company must be a Company; got {kind}").format(kind=type(company).__name__)
        )
    return company


def goal_plan(
    goal: str, *, revenue_rate: float = REVENUE_RATE, pool_share: float = POOL_SHARE
) -> Plan:
    """Sales' pay when it is tied to the common goal.

    Args:
        goal: ``"revenue"`` or ``"profit"``.
        revenue_rate: Share of every deal's value paid under the revenue goal, 0 to 0.2.
        pool_share: Share of company profit paid under the profit goal, 0 to 0.5.

    Returns:
        ``RevenueShare(revenue_rate)`` or ``TeamPool(pool_share)``.

    Raises:
        ValueError: for an unknown goal or a rate out of its range, naming it.
    """
    goal = _check_goal(goal)
    revenue_rate = check_range("revenue_rate", revenue_rate, REVENUE_RATE_MAX)
    pool_share = check_range("pool_share", pool_share, POOL_SHARE_MAX)
    return RevenueShare(revenue_rate) if goal == "revenue" else TeamPool(pool_share)


def scaled_campaigns(company: Company, spend_factor: float) -> tuple:
    """The company's campaigns with every budget times ``spend_factor``.

    Each campaign keeps its cost per lead curve: at a constant cost per lead (Company X's
    campaigns) the leads scale with the budget; a campaign with diminishing returns keeps
    its reference budget, so each extra euro buys fewer leads.

    Args:
        company: The company.
        spend_factor: A positive number; 1 is today's budgets.

    Returns:
        The campaigns, in the company's order.
    """
    (factor,) = _check_factors([spend_factor])
    return tuple(_scaled(campaign, factor) for campaign in company.campaigns)


def _scaled(campaign, factor: float):
    if campaign.returns_exponent == 1:  # a constant cost per lead: only the budget moves
        return replace(campaign, budget_eur=campaign.budget_eur * factor)
    reference = campaign.reference_budget_eur or campaign.budget_eur or None
    return replace(
        campaign, budget_eur=campaign.budget_eur * factor, reference_budget_eur=reference
    )


def _row(factor: float, outcome: Outcome) -> dict:
    return {"spend_factor": factor, "ad_spend_eur": outcome.ad_spend_eur, **outcome.table_row()}


@dataclass(frozen=True, eq=False)
class CommonGoal:
    """Both departments tied to one company figure: what marketing spends and what follows.

    Compare by fields (``==`` is identity: the table is a DataFrame).

    Attributes:
        goal: ``"revenue"`` or ``"profit"``.
        plan: Sales' pay, :func:`goal_plan` of the goal.
        spend_factor: The factor marketing chose: the one whose goal figure is highest
            (ties to the smaller spend).
        outcome: The company's outcome at that factor (``Company.outcome()``): sales on
            ``plan``, every campaign's budget times ``spend_factor``.
        table: One row per spend factor weighed, in increasing order, with the columns of
            :data:`TABLE_COLUMNS`: ``spend_factor``, ``ad_spend_eur``, ``leads``,
            ``cost_per_lead_eur``, ``revenue_eur``, ``gross_margin_eur``,
            ``sales_pay_eur``, ``profit_eur`` (all EUR but the first, leads and the last)
            and ``chosen`` (True on one row). Each caller gets its own copy.
    """

    goal: str
    plan: Plan
    spend_factor: float
    outcome: Outcome
    table: pd.DataFrame

    @property
    def company(self) -> Company:
        """The company as it runs at the chosen spend, on the goal's pay plan."""
        return self.outcome.company

    @property
    def figure(self) -> str:
        """The table's column the goal maximises: ``"revenue_eur"`` or ``"profit_eur"``."""
        return _FIGURE[self.goal]

    @property
    def chosen(self) -> pd.Series:
        """The chosen row of :attr:`table`."""
        return self.table.loc[self.table["chosen"]].iloc[0]

    @property
    def ad_spend_eur(self) -> float:
        """The chosen monthly ad spend, EUR."""
        return self.outcome.ad_spend_eur

    @property
    def revenue_eur(self) -> float:
        """Revenue at the chosen spend, EUR."""
        return self.outcome.revenue_eur

    @property
    def profit_eur(self) -> float:
        """Profit at the chosen spend, EUR (after ads and sales pay)."""
        return self.outcome.profit_eur


def common_goal(
    goal: str,
    *,
    company: Company | None = None,
    spend_factors=SPEND_FACTORS,
    revenue_rate: float = REVENUE_RATE,
    pool_share: float = POOL_SHARE,
) -> CommonGoal:
    """Tie both departments to ``goal``: sales paid on it, marketing spending to maximise it.

    Args:
        goal: ``"revenue"`` (the article's rule) or ``"profit"``.
        company: The company (Company X by default); its campaigns' budgets are scaled,
            its plan is replaced by the goal's.
        spend_factors: The spend levels marketing weighs, as factors of today's budgets
            (positive, no repeats; :data:`SPEND_FACTORS` by default).
        revenue_rate: Sales' share of revenue under the revenue goal, 0 to 0.2.
        pool_share: Sales' share of profit under the profit goal, 0 to 0.5.

    Returns:
        A :class:`CommonGoal`.

    Raises:
        ValueError: for an unknown goal, a factor that is not a positive number (or none,
            or one repeated), or a rate out of its range; the message names it.
        TypeError: if ``company`` is not a :class:`Company`.
    """
    plan = goal_plan(goal, revenue_rate=revenue_rate, pool_share=pool_share)
    factors = _check_factors(spend_factors)
    company = _check_company(company).replace(plan=plan)
    outcomes = [
        company.replace(campaigns=scaled_campaigns(company, factor)).outcome() for factor in factors
    ]
    table = pd.DataFrame([_row(f, o) for f, o in zip(factors, outcomes, strict=True)])
    best = int(np.argmax(table[_FIGURE[goal]].to_numpy()))  # the first maximum: smaller spend
    table["chosen"] = np.arange(len(table)) == best
    return CommonGoal(
        goal=goal,
        plan=plan,
        spend_factor=factors[best],
        outcome=outcomes[best],
        table=table[list(TABLE_COLUMNS)],
    )


def compare_goals(
    *,
    company: Company | None = None,
    spend_factors=SPEND_FACTORS,
    revenue_rate: float = REVENUE_RATE,
    pool_share: float = POOL_SHARE,
) -> pd.DataFrame:
    """The revenue goal and the profit goal side by side, each at the spend it chooses.

    Args:
        company, spend_factors, revenue_rate, pool_share: as for :func:`common_goal`.

    Returns:
        One row per goal (index ``goal``: ``"revenue"``, ``"profit"``) with the chosen
        row's columns of :data:`TABLE_COLUMNS` but ``chosen``.
    """
    rows = {
        goal: common_goal(
            goal,
            company=company,
            spend_factors=spend_factors,
            revenue_rate=revenue_rate,
            pool_share=pool_share,
        ).chosen.drop("chosen")
        for goal in GOALS
    }
    table = pd.DataFrame(rows).T.astype(float)
    table.index.name = "goal"
    return table


def campaign_figures(outcome: Outcome) -> pd.DataFrame:
    """Each campaign's share of an outcome: its leads, cost, revenue and gross margin.

    A campaign's leads of each lead type are worked like every lead of that type (the
    reps' minutes per lead of ``outcome.allocation``), so its expected wins are its leads
    times each type's win probability; revenue and margin follow. The campaigns' figures
    add up to the outcome's.

    Args:
        outcome: An outcome (``Company.outcome()``).

    Returns:
        One row per campaign (index ``campaign``) with ``category`` (the kind of lead it
        brings, or ``"mixed"``), ``ad_spend_eur``, ``leads``, ``cost_per_lead_eur``,
        ``revenue_eur``, ``gross_margin_eur``, ``margin_rate`` (gross margin / revenue;
        NaN when nothing is sold) and ``margin_after_ads_eur`` (gross margin minus the
        campaign's ad spend, before sales pay).
    """
    company = outcome.company
    kinds = company.lead_types
    index = {kind.name: i for i, kind in enumerate(kinds)}
    probability = outcome.allocation.win_probability
    value = np.array([kind.value_eur for kind in kinds])
    margin = np.array([kind.margin_eur for kind in kinds])
    rows = []
    for campaign in company.campaigns:
        leads = np.zeros(len(kinds))
        for name, share in campaign.mix:
            leads[index[name]] += campaign.leads * share
        wins = leads * probability
        rows.append(
            {
                "campaign": campaign.name,
                "category": company.campaign_category(campaign),
                "ad_spend_eur": float(campaign.budget_eur),
                "leads": float(leads.sum()),
                "revenue_eur": float(wins @ value),
                "gross_margin_eur": float(wins @ margin),
            }
        )
    table = pd.DataFrame(rows).set_index("campaign")
    with np.errstate(divide="ignore", invalid="ignore"):
        table.insert(
            3,
            "cost_per_lead_eur",
            np.where(table["leads"] > 0, table["ad_spend_eur"] / table["leads"], np.nan),
        )
        table["margin_rate"] = np.where(
            table["revenue_eur"] > 0, table["gross_margin_eur"] / table["revenue_eur"], np.nan
        )
    table["margin_after_ads_eur"] = table["gross_margin_eur"] - table["ad_spend_eur"]
    return table
