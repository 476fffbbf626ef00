"""The company: profit, and the three scorecards that each department is judged by.

    profit = gross margin - sales pay - ad spend - fixed costs

Marketing is judged on leads and cost per lead, sales on revenue (and close rate and its
own pay), the company on profit and return on ad spend. Each figure is compared with its
target and marked met or missed; a figure without a target is reported, not judged.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from incentives.i18n import N_, _
from incentives.model.marketing import Campaign, campaign_table
from incentives.model.plans import Plan
from incentives.model.sales import (
    Allocation,
    LeadType,
    SalesTeam,
    allocate_time,
    profit_maximising_allocation,
)

__all__ = ["Targets", "Company", "Outcome", "METRICS", "clear_outcome_cache"]

# metric -> (department, label, unit, rule): "min" = at least the target, "max" = at most.
METRICS = {
    "leads": ("marketing", N_("Leads"), "count", "min"),
    "cost_per_lead_eur": ("marketing", N_("Cost per lead"), "EUR", "max"),
    "revenue_eur": ("sales", N_("Revenue"), "EUR", "min"),
    "close_rate": ("sales", N_("Close rate (won / leads)"), "share", "min"),
    "sales_pay_eur": ("sales", N_("Sales pay"), "EUR", "min"),
    "profit_eur": ("company", N_("Profit"), "EUR", "min"),
    "roas": ("company", N_("Return on ad spend (revenue / ad spend)"), "ratio", "min"),
}


@dataclass(frozen=True)
class Targets:
    """Target per scorecard metric; ``None`` means the metric is reported but not judged."""

    leads: float | None = None
    cost_per_lead_eur: float | None = None
    revenue_eur: float | None = None
    close_rate: float | None = None
    sales_pay_eur: float | None = None
    profit_eur: float | None = None
    roas: float | None = None


@dataclass(frozen=True)
class Company:
    """A company's lead types, campaigns, sales team, pay plan, fixed costs and targets.

    Change one part with :meth:`replace`, e.g. ``company.replace(plan=MarginShare(0.12))``.
    """

    lead_types: tuple[LeadType, ...]
    campaigns: tuple[Campaign, ...]
    team: SalesTeam
    plan: Plan
    fixed_costs_eur: float = 0.0
    targets: Targets = field(default_factory=Targets)
    name: str = "the company"

    def __post_init__(self):
        object.__setattr__(self, "lead_types", tuple(self.lead_types))
        object.__setattr__(self, "campaigns", tuple(self.campaigns))
        names = [k.name for k in self.lead_types]
        if len(set(names)) != len(names):
            raise ValueError(_("lead type names must be unique; got {names}").format(names=names))
        unknown = {name for c in self.campaigns for name, _share in c.mix} - set(names)
        if unknown:
            raise ValueError(
                _("campaigns bring unknown lead types {unknown}; known {names}").format(
                    unknown=sorted(unknown), names=names
                )
            )
        if not self.fixed_costs_eur >= 0:
            raise ValueError(
                _("fixed_costs_eur must be >= 0; got {fixed_costs_eur}").format(
                    fixed_costs_eur=self.fixed_costs_eur
                )
            )

    @property
    def categories(self) -> tuple[str, ...]:
        """The company's words for its kinds of lead, in the order of its lead types."""
        return tuple(dict.fromkeys(k.category for k in self.lead_types))

    def campaign_category(self, campaign: Campaign) -> str:
        """The category a campaign's leads are all in, or ``"mixed"`` when they are not."""
        kinds = {k.name: k.category for k in self.lead_types}
        found = {kinds[name] for name, share in campaign.mix if share > 0}
        return found.pop() if len(found) == 1 else "mixed"

    def replace(self, **changes) -> Company:
        """A copy with some parts changed."""
        return replace(self, **changes)

    def leads_per_type(self) -> np.ndarray:
        """Leads of each lead type that the campaigns bring, in ``lead_types`` order."""
        counts = dict.fromkeys((k.name for k in self.lead_types), 0.0)
        for campaign in self.campaigns:
            leads = campaign.leads
            for name, share in campaign.mix:
                counts[name] += leads * share
        return np.array(list(counts.values()))

    def outcome(self, *, chooser: str = "reps") -> Outcome:
        """What happens: ``chooser="reps"`` lets the reps split their time to maximise their
        pay; ``"company"`` splits it to maximise the company's profit, for comparison."""
        if chooser not in ("reps", "company"):
            raise ValueError(
                _("chooser must be 'reps' or 'company'; got {chooser!r}").format(chooser=chooser)
            )
        return _outcome(self, chooser)


@functools.lru_cache(maxsize=128)
def _outcome(company: Company, chooser: str) -> Outcome:
    """Outcomes are pure functions of a (frozen, hashable) company: linked labs that show
    the same company share one computation."""
    leads = company.leads_per_type()
    choose = allocate_time if chooser == "reps" else profit_maximising_allocation
    return Outcome(company, choose(company.lead_types, leads, company.team, company.plan))


def clear_outcome_cache() -> None:
    """Empty the cache of :meth:`Company.outcome` (benchmarks use it; results do not change).

    ``incentives.model.clear_caches`` empties every model cache, this one included.
    """
    _outcome.cache_clear()


@dataclass(frozen=True)
class Outcome:
    """The result of one company's period: figures, profit and scorecards."""

    company: Company
    allocation: Allocation

    @property
    def campaigns(self) -> pd.DataFrame:
        return campaign_table(self.company.campaigns)

    @property
    def leads(self) -> float:
        return float(np.sum(self.allocation.leads))

    @property
    def ad_spend_eur(self) -> float:
        return float(sum(c.budget_eur for c in self.company.campaigns))

    @property
    def cost_per_lead_eur(self) -> float:
        return self.ad_spend_eur / self.leads if self.leads > 0 else float("nan")

    @property
    def wins(self) -> float:
        return float(np.sum(self.allocation.expected_wins))

    @property
    def revenue_eur(self) -> float:
        return float(np.sum(self.allocation.revenue_eur))

    @property
    def gross_margin_eur(self) -> float:
        return float(np.sum(self.allocation.gross_margin_eur))

    @property
    def close_rate(self) -> float:
        return self.wins / self.leads if self.leads > 0 else float("nan")

    @property
    def sales_pay_eur(self) -> float:
        company = self.company
        kinds = company.lead_types
        before_pay = self.gross_margin_eur - self.ad_spend_eur - company.fixed_costs_eur
        return company.plan.payout(
            [k.value_eur for k in kinds],
            [k.margin_eur for k in kinds],
            wins=self.allocation.expected_wins,
            reps=company.team.reps,
            profit_before_pay_eur=before_pay,
        )

    @property
    def profit_eur(self) -> float:
        return (
            self.gross_margin_eur
            - self.sales_pay_eur
            - self.ad_spend_eur
            - self.company.fixed_costs_eur
        )

    @property
    def roas(self) -> float:
        return self.revenue_eur / self.ad_spend_eur if self.ad_spend_eur > 0 else float("nan")

    def table_row(self) -> dict:
        """The figures a table of outcomes shows, one per column: leads, cost per lead,
        revenue, gross margin, sales pay and profit (the grids of ``goals`` and
        ``capstone`` put these beside their own settings)."""
        return {
            "leads": self.leads,
            "cost_per_lead_eur": self.cost_per_lead_eur,
            "revenue_eur": self.revenue_eur,
            "gross_margin_eur": self.gross_margin_eur,
            "sales_pay_eur": self.sales_pay_eur,
            "profit_eur": self.profit_eur,
        }

    def figures(self) -> dict:
        """Every scorecard metric's value, by metric name."""
        return {name: getattr(self, name) for name in METRICS}

    def scorecards(self) -> pd.DataFrame:
        """One row per metric: department, value, unit, target, rule and whether it is met.

        ``met`` is True or False where there is a target, and missing (``pd.NA``) where not.
        """
        return self._scorecards.copy()

    @functools.cached_property
    def _scorecards(self) -> pd.DataFrame:
        targets = self.company.targets
        rows = []
        for name, (department, label, unit, rule) in METRICS.items():
            value = getattr(self, name)
            target = getattr(targets, name)
            if target is None:
                met = pd.NA
            elif np.isnan(value):
                met = False
            else:
                met = bool(value >= target) if rule == "min" else bool(value <= target)
            rows.append(
                {
                    "department": department,
                    "metric": name,
                    "label": label,
                    "value": value,
                    "unit": unit,
                    "target": np.nan if target is None else float(target),
                    "rule": "at least" if rule == "min" else "at most",
                    "met": met,
                }
            )
        table = pd.DataFrame(rows)
        table["met"] = table["met"].astype("boolean")
        return table

    def departments_met(self, cards: pd.DataFrame | None = None) -> dict[str, bool]:
        """Per department: True when every judged metric meets its target.

        Pass ``cards`` (this outcome's :meth:`scorecards`) to save computing them again.
        """
        cards = self.scorecards() if cards is None else cards
        judged = cards.dropna(subset=["met"])
        return {
            department: bool(judged.loc[judged["department"] == department, "met"].all())
            for department in ("marketing", "sales", "company")
        }
