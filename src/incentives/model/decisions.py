"""Decisions as people type them: a month of a company run on chosen budgets and hours.

    from incentives.model.decisions import Rules, model_decisions, play
    budgets, hours = model_decisions(company_x())      # today's budgets, the reps' best split
    month = play(company_x(), budgets, hours)           # phase 1: each paid on its own metric
    month.marketing_pay_eur, month.sales_pay_eur, month.profit_eur
    play(company_x(), budgets, hours, Rules(common_goal="profit"))   # phase 2

The rest of the model chooses the decisions itself (the reps split their hours to maximise
their pay, marketing picks the best budget on a grid). Here a player chooses them, as in the
classroom game: marketing types a budget per campaign (EUR), sales types the selling hours
it gives each lead type (at most the team's hours in all), and :func:`play` says what
follows: leads, deals, revenue, profit, each department's scorecard and pay. The outcome is
the model's own (``Company.outcome`` with the split typed in:
:func:`incentives.model.sales.allocation_of_hours`), so the model's decisions typed in give
the model's outcome.

How each department is paid (:class:`Rules`):

- phase 1, as in the article: sales on the company's plan in force (Company X: the tiered
  revenue commission), marketing on its own metrics: ``marketing_bonus_eur`` shared equally
  between its targets (leads at least the target, cost per lead at most the target), each
  paid when met;
- phase 2, common criteria: both on one company figure (``common_goal``, revenue or profit):
  sales on :func:`incentives.model.goals.goal_plan` (a share of revenue, or a team pool of
  profit), marketing ``marketing_bonus_eur`` times the figure over its target (the goal's
  score of :func:`incentives.model.alignment.marketing_scores`, at least 0); and, with
  ``lead_source_info``, sales sees each lead's source and tells hot leads from cold
  (:func:`incentives.model.alignment.informed`): its hours are then typed per hot and cold
  part of each lead type.

Profit is the model's: gross margin less sales' pay, ad spend and fixed costs; marketing's
bonus is reported beside it, not counted as a cost (as everywhere in the model).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.alignment import (
    POOL_SHARE,
    POOL_SHARE_MAX,
    REVENUE_RATE,
    REVENUE_RATE_MAX,
    check_range,
    informed,
    marketing_scores,
)
from incentives.model.assumptions import value
from incentives.model.company import Company, Outcome
from incentives.model.goals import GOALS, goal_plan
from incentives.model.plans import Plan
from incentives.model.sales import allocation_of_hours

__all__ = [
    "DEPARTMENTS",
    "FIGURES",
    "MARKETING_BONUS_EUR",
    "PHASE_ONE",
    "Month",
    "Rules",
    "best_hours",
    "campaign_names",
    "lead_type_names",
    "model_decisions",
    "play",
]

DEPARTMENTS = ("marketing", "sales")
# Marketing's bonus for a month on target (the registry's entry; lesson 07 reads its results).
MARKETING_BONUS_EUR = value("marketing_bonus_eur")


@dataclass(frozen=True)
class Rules:
    """How a month is paid: phase 1 (each department on its own metric) or phase 2.

    Attributes:
        common_goal: None in phase 1; in phase 2 the company figure both departments are
            paid on, ``"revenue"`` or ``"profit"``.
        lead_source_info: Whether sales sees each lead's source (hot and cold leads).
        revenue_rate: Sales' share of revenue under the revenue goal, 0 to 0.2.
        pool_share: Sales' share of profit under the profit goal, 0 to 0.5.
        marketing_bonus_eur: Marketing's bonus for a month on target, EUR, >= 0.
        max_budget_eur: The most marketing may spend in a month, in all; None: no limit.
    """

    common_goal: str | None = None
    lead_source_info: bool = False
    revenue_rate: float = REVENUE_RATE
    pool_share: float = POOL_SHARE
    marketing_bonus_eur: float = MARKETING_BONUS_EUR
    max_budget_eur: float | None = None

    def __post_init__(self):
        if self.common_goal is not None and self.common_goal not in GOALS:
            raise ValueError(
                f"common_goal must be None, 'revenue' or 'profit'; got {self.common_goal!r}"
            )
        if not isinstance(self.lead_source_info, bool | np.bool_):
            raise ValueError(
                f"lead_source_info must be True or False; got {self.lead_source_info!r}"
            )
        check_range("revenue_rate", self.revenue_rate, REVENUE_RATE_MAX)
        check_range("pool_share", self.pool_share, POOL_SHARE_MAX)
        check_range("marketing_bonus_eur", self.marketing_bonus_eur, math.inf)
        if self.max_budget_eur is not None:
            check_range("max_budget_eur", self.max_budget_eur, math.inf)

    @property
    def phase(self) -> int:
        """1 without a common goal, 2 with one."""
        return 1 if self.common_goal is None else 2

    def sales_plan(self, company: Company) -> Plan:
        """Sales' pay: the company's plan in force in phase 1, the goal's plan in phase 2."""
        if self.common_goal is None:
            return company.plan
        return goal_plan(
            self.common_goal, revenue_rate=self.revenue_rate, pool_share=self.pool_share
        )

    def company_seen(self, company: Company) -> Company:
        """The company on sales' plan, its lead types as sales sees them."""
        return informed(company.replace(plan=self.sales_plan(company)), bool(self.lead_source_info))


PHASE_ONE = Rules()

# A month's figures, one number each, in the order Month.figures() gives them (the game
# stores them per firm and month).
FIGURES = (
    "leads",
    "ad_spend_eur",
    "cost_per_lead_eur",
    "deals",
    "revenue_eur",
    "gross_margin_eur",
    "hours_used",
    "profit_eur",
    "marketing_pay_eur",
    "sales_pay_eur",
)


def campaign_names(company: Company) -> tuple[str, ...]:
    """The campaigns marketing budgets, in the company's order."""
    return tuple(c.name for c in company.campaigns)


def lead_type_names(company: Company, rules: Rules = PHASE_ONE) -> tuple[str, ...]:
    """The lead types sales gives hours to under ``rules`` (hot and cold parts with the
    lead-source information)."""
    return tuple(k.name for k in rules.company_seen(company).lead_types)


def _amounts(field: str, typed, known: tuple[str, ...]) -> np.ndarray:
    """The figures typed per name, in ``known``'s order (a name not typed: 0)."""
    if not isinstance(typed, Mapping):
        raise ValueError(
            _("{field} must map names to numbers; got {kind}").format(
                field=field, kind=type(typed).__name__
            )
        )
    unknown = sorted(set(typed) - set(known))
    if unknown:
        raise ValueError(
            _("{field}: unknown name(s) {unknown}; known {known}").format(
                field=field, unknown=unknown, known=list(known)
            )
        )
    for name, amount in typed.items():
        if (
            isinstance(amount, bool | np.bool_)
            or not isinstance(amount, numbers.Real)
            or not math.isfinite(amount)
            or amount < 0
        ):
            raise ValueError(
                _("{field}[{name!r}] must be a number >= 0; got {amount!r}").format(
                    field=field, name=name, amount=amount
                )
            )
    return np.array([float(typed.get(name, 0.0)) for name in known])


def _campaigns(company: Company, budgets, rules: Rules) -> tuple:
    amounts = _amounts("budgets", budgets, campaign_names(company))
    if rules.max_budget_eur is not None and amounts.sum() > rules.max_budget_eur * (1 + 1e-12):
        raise ValueError(
            f"budgets add up to EUR {amounts.sum():,.0f}, over the limit of "
            f"EUR {rules.max_budget_eur:,.0f}"
        )
    return tuple(_with_budget(c, b) for c, b in zip(company.campaigns, amounts, strict=True))


def _with_budget(campaign, budget: float):
    """A campaign at another budget, on its own cost per lead curve."""
    reference = campaign.reference_budget_eur or campaign.budget_eur or None
    if campaign.returns_exponent == 1:
        reference = campaign.reference_budget_eur
    return replace(campaign, budget_eur=float(budget), reference_budget_eur=reference)


def _check_company(company) -> Company:
    if not isinstance(company, Company):
        raise TypeError(
            _("company must be a Company; got {kind}").format(kind=type(company).__name__)
        )
    return company


def play(company: Company, budgets: Mapping, hours: Mapping, rules: Rules = PHASE_ONE) -> Month:
    """A month of ``company`` run on the budgets and hours typed.

    Args:
        company: The company (``company_x()``, ``velora()``); its targets must set leads,
            cost per lead and, in phase 2, the goal's figure.
        budgets: EUR per campaign, by campaign name (:func:`campaign_names`); a campaign
            not named gets EUR 0.
        hours: Selling hours per lead type, by name (:func:`lead_type_names` of the
            rules); a type not named gets none. At most the team's hours in all.
        rules: How the month is paid (phase 1 by default).

    Returns:
        A :class:`Month`.

    Raises:
        ValueError: naming the field: an unknown campaign or lead type, a negative or
            non-numeric figure, more hours than the team has, budgets over the limit, or a
            target the pay needs that the company does not set.
        TypeError: if ``company`` is not a :class:`Company`.
    """
    company = _check_company(company)
    if not isinstance(rules, Rules):
        raise TypeError(_("rules must be Rules; got {kind}").format(kind=type(rules).__name__))
    needed = ["leads", "cost_per_lead_eur"] + (
        [f"{rules.common_goal}_eur"] if rules.phase == 2 else []
    )
    missing = [m for m in needed if getattr(company.targets, m) is None]
    if missing:
        raise ValueError(
            f"{company.name} sets no target for {', '.join(missing)}: the pay needs them"
        )
    seen = rules.company_seen(company.replace(campaigns=_campaigns(company, budgets, rules)))
    typed = _amounts("hours", hours, tuple(k.name for k in seen.lead_types))
    if typed.sum() > seen.team.hours * (1 + 1e-9):
        raise ValueError(
            f"hours add up to {typed.sum():g}, more than the team's {seen.team.hours:g} "
            f"({seen.team.reps} reps x {seen.team.hours_per_rep:g})"
        )
    allocation = allocation_of_hours(
        seen.lead_types, seen.leads_per_type(), typed, seen.team, seen.plan
    )
    return Month(rules, Outcome(seen, allocation))


def best_hours(
    company: Company, budgets: Mapping, rules: Rules = PHASE_ONE, *, chooser: str = "reps"
) -> dict[str, float]:
    """The model's split of sales' hours for these budgets, as hours to type.

    Args:
        company, budgets, rules: as for :func:`play`.
        chooser: ``"reps"``: the split that maximises sales' pay under the rules;
            ``"company"``: the one that maximises profit.

    Returns:
        Hours per lead type (:func:`lead_type_names`), ready for :func:`play`.
    """
    company = _check_company(company)
    seen = rules.company_seen(company.replace(campaigns=_campaigns(company, budgets, rules)))
    allocation = seen.outcome(chooser=chooser).allocation
    return {
        k.name: float(n * t)
        for k, n, t in zip(
            seen.lead_types, allocation.leads, allocation.hours_per_lead, strict=True
        )
    }


def model_decisions(
    company: Company, rules: Rules = PHASE_ONE, *, chooser: str = "reps"
) -> tuple[dict[str, float], dict[str, float]]:
    """The company's budgets today and the model's split of hours for them.

    Typed into :func:`play`, they give the model's own outcome,
    ``rules.company_seen(company).outcome(chooser=chooser)``.

    Returns:
        ``(budgets, hours)``, by campaign and lead type names.
    """
    budgets = {c.name: float(c.budget_eur) for c in _check_company(company).campaigns}
    return budgets, best_hours(company, budgets, rules, chooser=chooser)


@dataclass(frozen=True, eq=False)
class Month:
    """A month as the players' decisions made it.

    Attributes:
        rules: How it is paid.
        outcome: The model's outcome: the company as run (the budgets typed, sales' plan,
            the lead types as sales sees them) and the split of hours typed.
    """

    rules: Rules
    outcome: Outcome

    @property
    def company(self) -> Company:
        return self.outcome.company

    @property
    def leads(self) -> float:
        return self.outcome.leads

    @property
    def deals(self) -> float:
        """Expected won deals."""
        return self.outcome.wins

    @property
    def revenue_eur(self) -> float:
        return self.outcome.revenue_eur

    @property
    def profit_eur(self) -> float:
        return self.outcome.profit_eur

    @property
    def sales_pay_eur(self) -> float:
        return self.outcome.sales_pay_eur

    @property
    def marketing_pay_eur(self) -> float:
        """Marketing's bonus: per own target met in phase 1, the goal's score in phase 2."""
        rules, targets = self.rules, self.company.targets
        if rules.phase == 1:
            met = self.scorecard("marketing")["met"].dropna()
            return rules.marketing_bonus_eur * float(met.sum()) / len(met) if len(met) else 0.0
        figure = getattr(self.outcome, f"{rules.common_goal}_eur")
        _own, goal_score, _score = marketing_scores(
            self.leads, self.outcome.cost_per_lead_eur, figure, targets, 0.0, rules.common_goal
        )
        return rules.marketing_bonus_eur * max(float(goal_score), 0.0)

    def pay_eur(self, department: str) -> float:
        """A department's pay, EUR."""
        return getattr(self, f"{_department(department)}_pay_eur")

    def scorecard(self, department: str) -> pd.DataFrame:
        """The rows of ``Outcome.scorecards()`` a department is shown: its own metrics, and
        in phase 2 the common goal's figure too (profit stays hidden in phase 1)."""
        cards = self.outcome.scorecards()
        shown = cards["department"] == _department(department)
        if self.rules.phase == 2:
            shown |= cards["metric"] == f"{self.rules.common_goal}_eur"
        return cards.loc[shown].reset_index(drop=True)

    def figures(self) -> Mapping[str, float]:
        """The month's figures, one number each (what the game stores per firm and round)."""
        outcome = self.outcome
        values = (
            self.leads,
            outcome.ad_spend_eur,
            outcome.cost_per_lead_eur,
            self.deals,
            self.revenue_eur,
            outcome.gross_margin_eur,
            outcome.allocation.hours_used,
            self.profit_eur,
            self.marketing_pay_eur,
            self.sales_pay_eur,
        )
        return MappingProxyType(dict(zip(FIGURES, values, strict=True)))


def _department(department: str) -> str:
    if department not in DEPARTMENTS:
        raise ValueError(
            _("department must be 'marketing' or 'sales'; got {department!r}").format(
                department=department
            )
        )
    return department
