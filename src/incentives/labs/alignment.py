"""AlignmentLab: how much of each department's bonus rests on its own metric, how much on profit.

from incentives.labs.alignment import AlignmentLab
lab = AlignmentLab()            # the article's case: both paid on their own metrics
lab.departments_met             # {'marketing': True, 'sales': True, 'company': False}
lab.settings = {"sales_own_weight": 0.0, "marketing_own_weight": 0.0}
lab.departments_met             # {'marketing': True, 'sales': True, 'company': True}
lab.parts_budget_share          # marketing's choice: share of the ad budget on parts
lab.marketing_choice            # every budget split marketing weighed, with its scores

The article resolves the conflict by common criteria, by handing sales the full
information about each lead (which page and campaign brought it) and by tying both
departments' goals to the company's result. This lab puts those three levers side by side
on Company X (``incentives.model.scenarios.company_x``); it is the multitask problem of Holmstrom
and Milgrom (1991) with two agents, each paid partly on a measured interim metric.

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

At the defaults the lab shows the article's case: marketing runs the EUR 1,800 parts
campaign (its targets met: 400 leads at EUR 14.50), the reps ignore part leads and give
216 minutes to each gate lead (sales' revenue target met), and profit is EUR 16,111, below
the company's EUR 17,000. With both weights at 0 (both paid on company profit) the reps
work the part leads (about 16.5 minutes each) and profit is about EUR 23,600.

Speed: marketing's foresight needs the reps' response to all 7 budget splits. It is solved
in one batched pass (:func:`incentives.model.sales.allocate_time_many`) and cached per
(``w_s``, ``pool_share``, ``lead_source_info``), so a change of ``marketing_own_weight`` is
a lookup. The outcome shown is recomputed with ``Company.outcome()`` itself.
"""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets
import numpy as np
import pandas as pd

from incentives.labs.base import Lab, OutcomeViews, slider, status_html
from incentives.model.company import Company, Outcome
from incentives.model.plans import Blend, Plan, TeamPool, TieredRevenue
from incentives.model.sales import allocate_time_many
from incentives.model.scenarios import GATE_CAMPAIGN, PARTS_CAMPAIGN, company_x

TOTAL_BUDGET_EUR = GATE_CAMPAIGN.budget_eur + PARTS_CAMPAIGN.budget_eur  # EUR 5,800
PARTS_BUDGET_STEP_EUR = 300.0
PARTS_BUDGET_GRID_EUR = np.arange(0.0, PARTS_CAMPAIGN.budget_eur + 1.0, PARTS_BUDGET_STEP_EUR)
PARTS_SHARE_GRID = PARTS_BUDGET_GRID_EUR / TOTAL_BUDGET_EUR
INFO_TIME_CONSTANT_FACTOR = 0.7  # part leads' time constant with lead-source information
INFO_MIN_HOURS_FACTOR = 0.5  # part leads' minimum handling time with it
INFO_LEAD_TYPES = ("part",)  # lead types the information changes
_CACHE_SIZE = 512


def sales_plan(sales_own_weight: float, pool_share: float = 0.10) -> Plan:
    """Sales' pay: ``sales_own_weight`` on tiered revenue, the rest on a profit pool."""
    return Blend(
        ((sales_own_weight, TieredRevenue()), (1.0 - sales_own_weight, TeamPool(pool_share)))
    )


def informed(lead_types, lead_source_info: bool):
    """The lead types as sales sees them, with or without lead-source information."""
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


def campaigns_for(parts_budget_eur: float):
    """Company X's two campaigns with ``parts_budget_eur`` on parts, the rest on gates."""
    return (
        replace(GATE_CAMPAIGN, budget_eur=TOTAL_BUDGET_EUR - parts_budget_eur),
        replace(PARTS_CAMPAIGN, budget_eur=parts_budget_eur),
    )


def grid_outcomes(company: Company, parts_budgets_eur) -> tuple[Outcome, ...]:
    """The outcome of each parts budget (the rest of the EUR 5,800 on gates) for ``company``."""
    companies = [company.replace(campaigns=campaigns_for(b)) for b in parts_budgets_eur]
    leads = np.array([c.leads_per_type() for c in companies])
    allocations = allocate_time_many(company.lead_types, leads, company.team, company.plan)
    return tuple(Outcome(c, a) for c, a in zip(companies, allocations, strict=True))


# Each slider: default, highest value (the lowest is 0), step, label.
WEIGHTS = {
    "sales_own_weight": (1.0, 1.0, 0.05, "Sales bonus on own revenue"),
    "marketing_own_weight": (1.0, 1.0, 0.05, "Marketing bonus on own leads and cost"),
    "pool_share": (0.10, 0.5, 0.01, "Profit pool (share of profit)"),
}


class AlignmentLab(Lab):
    """Weights on own metrics vs company profit, and lead information -> behaviour, scorecards.

    Attributes:
        outcome: The :class:`incentives.model.company.Outcome` for the current settings.
        departments_met: Which department meets its targets, e.g. ``{"company": False}``.
        parts_budget_share: Marketing's chosen share of the ad budget on the parts campaign.
        company: The company as it runs now: marketing's campaigns, sales' plan and leads.
        marketing_choice: Every budget split marketing weighed and its scores (a table).
    """

    def __init__(self):
        super().__init__()
        self._base = company_x()
        self._grid_cache: dict[tuple, tuple[Outcome, ...]] = {}
        self._shown_cache: dict[tuple, Outcome] = {}
        for name, (value, high, step, label) in WEIGHTS.items():
            self._control(
                name,
                slider(
                    "float",
                    value=value,
                    low=0.0,
                    high=high,
                    step=step,
                    description=label,
                    fmt=".0%",
                ),
            )
        self._control(
            "lead_source_info",
            widgets.Checkbox(
                value=False,
                description="Sales sees each lead's page and campaign",
                indent=False,
                layout=widgets.Layout(width="auto"),
            ),
        )

        self._compute()
        self.views = OutcomeViews(self.outcome)
        self.time_chart = self.views.time_chart
        self.scorecard_chart = self.views.scorecard_chart
        self.status = widgets.HTML(self._status_text())
        self.widget = widgets.VBox(
            [
                widgets.HBox([self._controls["sales_own_weight"], self.reset_button]),
                self._controls["marketing_own_weight"],
                self._controls["pool_share"],
                self._controls["lead_source_info"],
                self.status,
                self.message,
                *self.views.widgets,
            ]
        )

    # --- the model -------------------------------------------------------------------

    @staticmethod
    def _key(settings: dict) -> tuple:
        """What the reps' behaviour depends on: the sales plan and the lead information."""
        return (
            float(settings["sales_own_weight"]),
            float(settings["pool_share"]),
            bool(settings["lead_source_info"]),
        )

    def _grid_outcomes(self, settings: dict) -> tuple[Outcome, ...]:
        """Every parts budget's outcome under one sales plan, as marketing foresees it (cached)."""
        key = self._key(settings)
        sales_own_weight, pool_share, lead_source_info = key
        cached = self._grid_cache.get(key)
        if cached is None:
            company = self._base.replace(
                plan=sales_plan(sales_own_weight, pool_share),
                lead_types=informed(self._base.lead_types, lead_source_info),
            )
            cached = grid_outcomes(company, PARTS_BUDGET_GRID_EUR)
            if len(self._grid_cache) >= _CACHE_SIZE:
                self._grid_cache.pop(next(iter(self._grid_cache)))
            self._grid_cache[key] = cached
        return cached

    def _compute(self) -> None:
        s = self.settings
        outcomes = self._grid_outcomes(s)
        targets = self._base.targets
        leads = np.array([o.leads for o in outcomes])
        cost_per_lead = np.array([o.cost_per_lead_eur for o in outcomes])
        profit = np.array([o.profit_eur for o in outcomes])
        own = leads / targets.leads - cost_per_lead / targets.cost_per_lead_eur
        profit_score = profit / targets.profit_eur
        weight = s["marketing_own_weight"]
        score = weight * own + (1.0 - weight) * profit_score
        best = int(np.argmax(score))  # first maximum: ties go to the smaller parts budget
        self._scores = (own, profit_score, score, profit, leads, cost_per_lead)
        self._choice = best
        # What is shown comes from the course's own model (Company.outcome), not the batch.
        shown_key = (*self._key(s), best)
        shown = self._shown_cache.get(shown_key)
        if shown is None:
            shown = outcomes[best].company.outcome()
            if len(self._shown_cache) >= _CACHE_SIZE:
                self._shown_cache.pop(next(iter(self._shown_cache)))
            self._shown_cache[shown_key] = shown
        self.outcome = shown
        self._met = self.outcome.departments_met()

    # --- what exercises and tests read ------------------------------------------------

    @property
    def company(self) -> Company:
        """The company as it runs now (read only): chosen campaigns, sales plan, lead types."""
        return self.outcome.company

    @property
    def departments_met(self) -> dict[str, bool]:
        return dict(self._met)

    @property
    def parts_budget_share(self) -> float:
        """Marketing's chosen share of the EUR 5,800 ad budget on the parts campaign."""
        return float(PARTS_SHARE_GRID[self._choice])

    @property
    def parts_budget_eur(self) -> float:
        """Marketing's chosen parts budget, EUR."""
        return float(PARTS_BUDGET_GRID_EUR[self._choice])

    @property
    def marketing_choice(self) -> pd.DataFrame:
        """One row per parts budget marketing weighed: leads, cost, profit and its scores."""
        own, profit_score, score, profit, leads, cost_per_lead = self._scores
        return pd.DataFrame(
            {
                "parts_budget_eur": PARTS_BUDGET_GRID_EUR,
                "parts_budget_share": PARTS_SHARE_GRID,
                "leads": leads,
                "cost_per_lead_eur": cost_per_lead,
                "profit_eur": profit,
                "own_score": own,
                "profit_score": profit_score,
                "score": score,
                "chosen": np.arange(len(score)) == self._choice,
            }
        )

    # --- views ----------------------------------------------------------------------

    def _status_text(self) -> str:
        outcome = self.outcome
        info = "on" if self.settings["lead_source_info"] else "off"
        return (
            f"{status_html(self.departments_met)}<br>"
            f"Profit <b>EUR {outcome.profit_eur:,.0f}</b> · marketing puts "
            f"<b>{self.parts_budget_share:.0%}</b> of the EUR {TOTAL_BUDGET_EUR:,.0f} ad budget"
            f" on parts (EUR {self.parts_budget_eur:,.0f}) · lead-source information for sales:"
            f" <b>{info}</b>"
        )

    def _refresh(self, changed: set[str]) -> None:
        self._compute()
        self.views.update(self.outcome)
        self.status.value = self._status_text()
