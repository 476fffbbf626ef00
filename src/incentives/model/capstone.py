"""The capstone's decision on Velora: a commission plan, its rate, and the monthly ad budget.

    from incentives.model.capstone import grid_table, pay_floor_eur
    grid = grid_table()                                  # every grid point, from the model
    keeps_promise = grid["sales_pay_eur"] >= pay_floor_eur()
    grid[keeps_promise].sort_values("profit_eur").tail(3)

Lessons 06-capstone and 06b-capstone-memo ask what Velora (data/velora, synthetic files made
by the course's model from stated assumptions; :func:`incentives.model.build.velora`)
should change: how its two reps are paid and how much it spends on ads. The options form a
stated grid:

- ``PLANS``: a share of revenue, a share of gross margin, or a flat fee per won deal, each at
  one of the five levels of ``RATES`` (a rate for the two shares, EUR per deal for the fee),
  as the CommissionLab's ``plan`` and ``revenue_rate`` / ``margin_rate`` / ``fee_eur``
  settings set them;
- ``BUDGETS_EUR``: the total monthly ad budget, from half of today's EUR 5,200 to twice it in
  steps of EUR 1,300, split between the four campaigns in today's proportions (the
  BudgetLab's ``total_budget_eur`` with its default shares: the *frozen split*).

That is 3 x 5 x 7 = 105 points (:func:`grid_table`; ``rates`` and ``budgets_eur`` give
another grid, as the lessons' hidden tests use).

The pay promise. In the model the reps work their hours whatever the rate, so a lower rate
always leaves more profit: the model alone would pay them nothing. Real reps leave, so
Velora's manager promises them (an assumption: ``pay_promise`` in docs/model.md) at least
the commission they expect today, under today's plan (10% of gross margin) at today's
budget: :func:`pay_floor_eur`, EUR 1,876 a month for the two. A grid point whose expected
sales pay is below it is ruled out.

The lessons' exercises are functions of such a table (the student writes them; the hidden
tests run them on grids the student has not seen): the plan and rate with the most profit
that keeps the promise at one budget, and the careful recommendation: among the choices
that keep the promise and come within a tolerance (2%) of the best such profit, the one with
the smallest budget (:func:`accepted` marks that set).

Why the size of the budget and not its split between bike and service ads? In this model a
service reminder lead costs EUR 9 whatever the number bought (a constant cost per lead,
although the reminders reach a limited pool of past customers). So at today's budget, under
a share of revenue or of margin, profit rises at every step (a tenth of the bike and service
ads' money at a time) moved from bike ads to service ads, up to all of it, and no lead type
is dropped; at bigger budgets it does not: at EUR 9,100 and 10,400 under a margin share, near
the top of the split the reps cannot give every lead type its minimum time, whole types are
dropped and the last steps lose profit (:func:`split_summary` computes both). A split decided by
that lever rests on the constant-cost assumption alone, so the grid keeps today's split and
asks about the size of the budget, where more leads cost more ads and the reps' 220 hours
run short.

Assumption the model makes: every campaign buys leads at today's cost per lead at any budget
(``returns_exponent`` 1). :func:`grid_table` takes another exponent to test that
(``DIMINISHING_RETURNS_EXPONENT``, 0.8, is a common choice for diminishing returns); it is a
sensitivity check, not the grid graded. docs/model.md lists these assumptions with their
sources.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.alignment import grid_outcomes, movable_budget_eur
from incentives.model.assumptions import value
from incentives.model.build import velora
from incentives.model.company import Company, Outcome
from incentives.model.plans import FlatFee, MarginShare, Plan, RevenueShare
from incentives.model.sales import allocate_time_many

__all__ = [
    "BUDGETS_EUR",
    "DIMINISHING_RETURNS_EXPONENT",
    "PLANS",
    "RATES",
    "TOLERANCE",
    "accepted",
    "company_at",
    "grid_table",
    "pay_floor_eur",
    "plan_for",
    "split_summary",
    "split_table",
    "today_budget_eur",
]

PLANS = ("revenue_share", "margin_share", "flat_fee")
# The levels of each plan: a share of revenue or of gross margin, or EUR per won deal.
RATES = dict(value("capstone_rates"))
# Total monthly ad budget, EUR: 50% to 200% of Velora's EUR 5,200, in steps of 25%.
BUDGETS_EUR = value("capstone_budgets_eur")
# A choice within 2% of the best profit (that keeps the pay promise) passes.
TOLERANCE = value("capstone_tolerance")
RETURNS_EXPONENT = value("returns_exponent")  # the graded grid: a constant cost per lead
# The sensitivity check's exponent: leads grow as the budget to this power (campaigns tire).
DIMINISHING_RETURNS_EXPONENT = value("diminishing_returns_exponent")

_KINDS = {"revenue_share": RevenueShare, "margin_share": MarginShare, "flat_fee": FlatFee}


def plan_for(plan: str, rate: float) -> Plan:
    """The commission plan a grid point names, e.g. ``plan_for("margin_share", 0.09)``.

    Args:
        plan: One of ``PLANS``.
        rate: Its level: a share from 0 to 1, or EUR per won deal for ``"flat_fee"``.

    Raises:
        ValueError: for an unknown plan or a bad rate.
    """
    if plan not in _KINDS:
        raise ValueError(
            _("plan must be one of {plans}; got {plan!r}").format(plans=list(PLANS), plan=plan)
        )
    return _KINDS[plan](float(rate))


def today_budget_eur(company: Company | None = None) -> float:
    """The company's monthly ad budget today: the sum of its campaigns' budgets, EUR."""
    company = velora() if company is None else company
    return float(sum(c.budget_eur for c in company.campaigns))


def company_at(
    plan: str,
    rate: float,
    budget_eur: float,
    *,
    company: Company | None = None,
    returns_exponent: float = RETURNS_EXPONENT,
) -> Company:
    """The company paying ``plan`` at ``rate`` and spending ``budget_eur`` a month on ads,
    split between its campaigns as today.

    Args:
        plan: One of ``PLANS``.
        rate: The plan's level (see :func:`plan_for`).
        budget_eur: The total monthly ad budget, EUR, >= 0.
        company: Velora by default.
        returns_exponent: Each campaign's ``beta`` in ``leads = a * budget**beta``, with
            today's cost per lead at today's budget; 1 (the model's) keeps it constant.
    """
    company = velora() if company is None else company
    if not budget_eur >= 0:
        raise ValueError(
            _("budget_eur must be >= 0; got {budget_eur!r}").format(budget_eur=budget_eur)
        )
    scale = float(budget_eur) / today_budget_eur(company)
    campaigns = tuple(
        replace(
            c,
            budget_eur=c.budget_eur * scale,
            returns_exponent=returns_exponent,
            reference_budget_eur=c.budget_eur if returns_exponent != 1 else None,
        )
        for c in company.campaigns
    )
    return company.replace(campaigns=campaigns, plan=plan_for(plan, rate))


def pay_floor_eur(company: Company | None = None) -> float:
    """The pay promise: the reps' expected commission today (the company's plan in force at
    its budget) rounded down to whole EUR, a month for the whole team; Velora: EUR 1,876.

    Rounded down so that today's own plan and budget keep the promise whatever the last
    digits of a computation."""
    company = velora() if company is None else company
    return float(math.floor(company.outcome().sales_pay_eur))


def _ignored(outcome: Outcome) -> str:
    table = outcome.allocation.table()
    return ", ".join(table.index[~table["worked"].astype(bool)])


def grid_table(
    company: Company | None = None,
    *,
    budgets_eur=BUDGETS_EUR,
    rates=None,
    returns_exponent: float = RETURNS_EXPONENT,
) -> pd.DataFrame:
    """Every grid point's outcome: the reps split their hours to maximise their pay.

    Args:
        company: Velora by default.
        budgets_eur: The total budgets to weigh (``BUDGETS_EUR`` by default).
        rates: The levels of each plan to weigh, ``{plan: (level, ...)}`` (``RATES`` by
            default); plans left out are left out of the table.
        returns_exponent: See :func:`company_at`; 1 is the model (the lesson's grid).

    Returns:
        One row per (plan, rate, budget), in the order of ``PLANS``, the rates and the
        budgets: ``plan``, ``rate``, ``total_budget_eur``, ``leads``,
        ``cost_per_lead_eur``, ``revenue_eur``, ``gross_margin_eur``, ``sales_pay_eur``,
        ``profit_eur`` (EUR a month) and ``ignored`` (the lead types nobody works, comma
        separated, or empty). A fresh copy each call (the computation is cached).
    """
    company = velora() if company is None else company
    budgets = tuple(float(b) for b in budgets_eur)
    rates = RATES if rates is None else rates
    for plan in rates:
        plan_for(plan, 0.0)  # refuses an unknown plan
    levels = tuple((p, tuple(float(r) for r in rates[p])) for p in PLANS if p in rates)
    return _grid(company, budgets, levels, float(returns_exponent)).copy()


@functools.lru_cache(maxsize=16)
def _grid(
    company: Company,
    budgets_eur: tuple[float, ...],
    levels: tuple[tuple[str, tuple[float, ...]], ...],
    returns_exponent: float,
):
    """The table of :func:`grid_table`, cached: a pure function of hashable arguments. The
    reps' split is solved for a plan's budgets in one batched pass, as
    ``incentives.model.alignment.grid_outcomes`` does; it equals ``Company.outcome()``."""
    rows = []
    for plan, plan_rates in levels:
        for rate in plan_rates:
            companies = [
                company_at(plan, rate, b, company=company, returns_exponent=returns_exponent)
                for b in budgets_eur
            ]
            leads = np.array([c.leads_per_type() for c in companies])
            allocations = allocate_time_many(
                company.lead_types, leads, company.team, companies[0].plan
            )
            for budget, c, allocation in zip(budgets_eur, companies, allocations, strict=True):
                outcome = Outcome(c, allocation)
                rows.append(
                    {
                        "plan": plan,
                        "rate": float(rate),
                        "total_budget_eur": float(budget),
                        **outcome.table_row(),
                        "ignored": _ignored(outcome),
                    }
                )
    return pd.DataFrame(rows)


def accepted(table: pd.DataFrame, pay_floor: float, *, tolerance: float = TOLERANCE) -> pd.Series:
    """Which rows of a grid table are accepted choices: they keep the pay promise
    (``sales_pay_eur >= pay_floor``) and their profit is within ``tolerance`` of the best
    such row's.

    Args:
        table: A :func:`grid_table`, or any part of it (e.g. one budget's rows).
        pay_floor: The promised pay, EUR (:func:`pay_floor_eur`).
        tolerance: The share of the best profit a choice may fall short by.

    Returns:
        A boolean Series indexed like ``table``.
    """
    keeps = table["sales_pay_eur"] >= pay_floor
    if not keeps.any():
        return keeps
    best = table.loc[keeps, "profit_eur"].max()
    return keeps & (table["profit_eur"] >= best - tolerance * abs(best))


def split_table(
    plan: str,
    rate: float,
    budget_eur: float,
    *,
    company: Company | None = None,
    steps: int = 10,
) -> pd.DataFrame:
    """What moving ad money between bike and service ads does, at one total budget.

    The total budget is split between the campaigns as today (:func:`company_at`); then the
    money of the single-category campaigns (bike ads and service ads; the referrals keep
    theirs) is split again, from nothing on service ads to all of it, in ``steps`` equal
    steps (:func:`incentives.model.alignment.campaigns_for`). Each service lead costs the
    same at any budget: the model's constant cost per lead.

    Args:
        plan: One of ``PLANS``.
        rate: The plan's level.
        budget_eur: The total monthly ad budget, EUR.
        company: Velora by default.
        steps: How many equal steps from no service ads to all (at least 1).

    Returns:
        One row per step: ``total_budget_eur``, ``service_ads_eur`` (EUR a month on the
        small-ticket campaigns), ``leads``, ``profit_eur`` and ``ignored`` (the lead types
        nobody works, comma separated, or empty).
    """
    if int(steps) < 1:
        raise ValueError(_("steps must be at least 1; got {steps!r}").format(steps=steps))
    base = company_at(plan, rate, budget_eur, company=company)
    service = np.linspace(0.0, movable_budget_eur(base), int(steps) + 1)
    outcomes = grid_outcomes(base, service)
    return pd.DataFrame(
        {
            "total_budget_eur": float(budget_eur),
            "service_ads_eur": service,
            "leads": [o.leads for o in outcomes],
            "profit_eur": [o.profit_eur for o in outcomes],
            "ignored": [_ignored(o) for o in outcomes],
        }
    )


def split_summary(
    plan: str,
    rate: float,
    budgets_eur=(5_200.0, 9_100.0, 10_400.0),
    *,
    company: Company | None = None,
    steps: int = 10,
) -> pd.DataFrame:
    """Whether moving money to service ads raises profit at every step, budget by budget.

    Args:
        plan: One of ``PLANS``.
        rate: The plan's level.
        budgets_eur: The total budgets to look at, EUR a month.
        company: Velora by default.
        steps: As in :func:`split_table`.

    Returns:
        One row per budget, indexed by ``total_budget_eur``: ``service_ads_today_eur``
        (today's share of the movable money), ``profit_today_split_eur``,
        ``profit_all_service_eur`` (all the movable money on service ads),
        ``best_service_ads_eur`` (the step with the most profit), ``rises_every_step``
        (True when every step towards service ads adds profit) and ``dropped`` (the lead
        types nobody works at some step, comma separated, or empty).
    """
    company = velora() if company is None else company
    moved = movable_budget_eur(company)
    service_today = sum(
        c.budget_eur
        for c in company.campaigns
        if company.campaign_category(c) == company.categories[-1]
    )
    rows = []
    for budget in budgets_eur:
        table = split_table(plan, rate, budget, company=company, steps=steps)
        at_today = company_at(plan, rate, budget, company=company).outcome()
        dropped = sorted({t for found in table["ignored"] if found for t in found.split(", ")})
        rows.append(
            {
                "total_budget_eur": float(budget),
                "service_ads_today_eur": service_today / moved * table["service_ads_eur"].iloc[-1],
                "profit_today_split_eur": at_today.profit_eur,
                "profit_all_service_eur": float(table["profit_eur"].iloc[-1]),
                "best_service_ads_eur": float(
                    table.loc[table["profit_eur"].idxmax(), "service_ads_eur"]
                ),
                "rises_every_step": bool((table["profit_eur"].diff().dropna() > 0).all()),
                "dropped": ", ".join(dropped),
            }
        )
    return pd.DataFrame(rows).set_index("total_budget_eur")
