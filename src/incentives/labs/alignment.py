"""AlignmentLab: how much of each department's bonus rests on its own metric, how much on a
company figure (profit, or revenue).

from incentives.labs.alignment import AlignmentLab
lab = AlignmentLab()            # the article's case: both paid on their own metrics
lab.departments_met             # {'marketing': True, 'sales': True, 'company': False}
lab.settings = {"sales_own_weight": 0.0, "marketing_own_weight": 0.0}
lab.departments_met             # {'marketing': False, 'sales': True, 'company': True}
lab.parts_budget_share          # marketing's choice: share of the budget it splits, on parts
lab.marketing_choice            # every budget split marketing weighed, with its scores
lab.settings = {"goal": "revenue"}  # the common part tied to revenue (the article's rule)

The article resolves the conflict by common criteria, by handing sales the full
information about each lead (which page and campaign brought it) and by tying both
departments' goals to the company's result. The common goal is profit by default (sales'
common part a team pool, marketing's profit against its target); set ``goal`` to
``"revenue"`` for the article's own rule (sales' common part a share of revenue, marketing's
revenue against its target). This lab puts those levers side by side
on Company X (``incentives.model.build.company_x``) by default, or on any company whose
targets set leads, cost per lead and profit::

    from incentives.model import Targets, velora
    AlignmentLab(company=velora().replace(
        targets=Targets(leads=200, cost_per_lead_eur=25, profit_eur=12_000)))

The lab is controls and views only: the model, its assumptions and its decision rules
(sales' blended plan, marketing's budget choice, lead-source information) are in
:mod:`incentives.model.alignment`, whose :func:`~incentives.model.alignment.align` it calls
on every change. A change of ``marketing_own_weight`` alone is a cache lookup there.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from incentives.i18n import N_, _, formatted, money, percent
from incentives.labs.base import Lab
from incentives.labs.shared_views import OutcomeViews, status_html
from incentives.model.alignment import (
    POOL_SHARE_MAX,
    REVENUE_RATE,
    REVENUE_RATE_MAX,
    Alignment,
    align,
)
from incentives.model.build import company_and_leads
from incentives.model.company import Company, Outcome
from incentives.model.parameters import Parameter
from incentives.views.page import PageParameter

# Each department's bonus: the weight on its own metric; the rest is on the common goal,
# for sales a share of profit (the profit goal) or of revenue (the revenue goal).
SALES_OWN_WEIGHT = Parameter(
    "sales_own_weight", N_("Sales bonus on its own plan"), 0.0, 1.0, 0.05, default=1.0, fmt=".0%"
)
MARKETING_OWN_WEIGHT = Parameter(
    "marketing_own_weight",
    N_("Marketing bonus on own leads and cost"),
    0.0,
    1.0,
    0.05,
    default=1.0,
    fmt=".0%",
)
POOL_SHARE = Parameter(
    "pool_share", N_("Profit pool (share of profit)"), 0.0, POOL_SHARE_MAX, 0.01, default=0.10,
    fmt=".0%",
)  # fmt: skip
REVENUE_SHARE = Parameter(
    "revenue_rate", N_("Revenue share (share of revenue)"), 0.0, REVENUE_RATE_MAX, 0.005,
    default=REVENUE_RATE, fmt=".1%",
)  # fmt: skip


class AlignmentLab(Lab):
    """Weights on own metrics vs a company figure, and lead information -> behaviour, scorecards.

    Args:
        company: The company the levers act on: Company X by default, a shipped company's
            name (``"velora"``), a folder of your own company's files, or a ``Company``. Its
            targets must set leads, cost per lead and profit (``align`` raises ValueError
            naming those it lacks), and revenue for the revenue goal.

    Settings: ``sales_own_weight``, ``marketing_own_weight``, ``pool_share`` (profit goal),
    ``lead_source_info``, ``goal`` (``"profit"`` or ``"revenue"``) and ``revenue_rate``
    (revenue goal); see :func:`incentives.model.alignment.align`.

    Attributes:
        alignment: The model's :class:`incentives.model.alignment.Alignment` for the
            current settings; the properties below read it.
        outcome: The :class:`incentives.model.company.Outcome` for the current settings.
        departments_met: Which department meets its targets, e.g. ``{"company": False}``.
        parts_budget_share: Marketing's chosen share of the budget it splits
            (``alignment.total_budget_eur``) on the small-ticket (parts) campaigns.
        parts_budget_eur: Marketing's chosen small-ticket (parts) budget, EUR.
        company: The company as it runs now: marketing's campaigns, sales' plan and leads.
        marketing_choice: Every budget split marketing weighed and its scores (a table).
    """

    def __init__(self, company: Company | str | Path | None = None):
        super().__init__()
        self._base, _leads = company_and_leads(company)
        for parameter in (SALES_OWN_WEIGHT, MARKETING_OWN_WEIGHT, POOL_SHARE, REVENUE_SHARE):
            self._add(parameter)
        self._control(
            "goal",
            widgets.Dropdown(
                options=[(_("company profit"), "profit"), (_("company revenue"), "revenue")],
                value="profit",
                description=_("Common goal of both departments"),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="440px"),
            ),
        )
        self._control(
            "lead_source_info",
            widgets.Checkbox(
                value=False,
                description=_("Sales sees each lead's page and campaign (how hot it is)"),
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
                widgets.HBox([self._controls["goal"], self.reset_button]),
                self._controls["sales_own_weight"],
                self._controls["marketing_own_weight"],
                self._controls["pool_share"],
                self._controls["revenue_rate"],
                self._controls["lead_source_info"],
                self.status,
                self.message,
                *self.views.widgets,
            ]
        )

    # --- the model -------------------------------------------------------------------

    def _compute(self) -> None:
        """Ask the model (incentives.model.alignment.align) for the current settings."""
        self._alignment = align(**self.settings, company=self._base)
        self._met = self._alignment.outcome.departments_met()
        # A goal's rate acts only under that goal and only when some of sales' pay is on
        # it: otherwise its control is hidden (and disabled, so no summary lists it).
        common = self._alignment.sales_own_weight < 1.0
        for name, goal in (("pool_share", "profit"), ("revenue_rate", "revenue")):
            acts = common and self._alignment.goal == goal
            self._controls[name].disabled = not acts
            self._controls[name].layout.display = None if acts else "none"

    # --- what exercises and tests read ------------------------------------------------

    @property
    def alignment(self) -> Alignment:
        """The model's result for the current settings (read only)."""
        return self._alignment

    @property
    def outcome(self) -> Outcome:
        """The outcome of marketing's choice and the reps' split, by ``Company.outcome()``."""
        return self._alignment.outcome

    @property
    def company(self) -> Company:
        """The company as it runs now (read only): chosen campaigns, sales plan, lead types."""
        return self.outcome.company

    @property
    def departments_met(self) -> dict[str, bool]:
        return dict(self._met)

    @property
    def parts_budget_share(self) -> float:
        """Marketing's chosen share of the budget it splits (Company X: EUR 6,050) on the
        small-ticket (parts) campaigns."""
        return self._alignment.parts_budget_share

    @property
    def parts_budget_eur(self) -> float:
        """Marketing's chosen small-ticket (parts) budget, EUR."""
        return self._alignment.parts_budget_eur

    @property
    def marketing_choice(self) -> pd.DataFrame:
        """One row per parts budget marketing weighed: leads, cost, profit and its scores."""
        return self._alignment.choice.copy()

    # --- views ----------------------------------------------------------------------

    def _status_text(self) -> str:
        outcome = self.outcome
        info = _("on: hot leads first") if self._alignment.lead_source_info else _("off")
        chosen = self._alignment.choice.loc[self._alignment.choice["chosen"]].iloc[0]
        if self._alignment.goal == "profit":
            goal = _("company <b>profit</b>")
        else:
            goal = _("company <b>revenue</b>")
        total = self._alignment.total_budget_eur
        big, small = self.company.categories[0], self.company.categories[-1]
        # The budget marketing splits, not the whole ad spend: mixed campaigns keep theirs.
        text = _(
            "Profit <b>{profit}</b> · marketing puts <b>{share}</b> of the {total} it splits "
            "between {big} and {small} ads on {small} ads ({small_budget}) · marketing's score "
            "{score} · common goal: {goal} (revenue {revenue}, sales pay {pay}) · "
            "lead-source information for sales: <b>{info}</b>"
        ).format(
            profit=money(outcome.profit_eur, decimals=0),
            share=percent(self.parts_budget_share),
            total=money(total, decimals=0),
            big=_(big),
            small=_(small),
            small_budget=money(self.parts_budget_eur, decimals=0),
            score=formatted(chosen["score"], ".3f"),
            goal=goal,
            revenue=money(outcome.revenue_eur, decimals=0),
            pay=money(outcome.sales_pay_eur, decimals=0),
            info=info,
        )
        return f"{status_html(self.departments_met)}<br>{text}"

    def page_view(self) -> dict:
        """The lab on the static site (``make site``): the weight both bonuses put on the
        common goal as its page parameter, each department's own plan weighted the rest
        (``1 - w``); every other setting as it is now."""
        goal = _("company profit") if self.settings["goal"] == "profit" else _("company revenue")
        page = PageParameter.over(
            "common_weight_percent",
            _("Weight of both bonuses on {goal} (%)").format(goal=goal),
            0,
            100,
            5,
            near=100 * (1 - self.settings["sales_own_weight"]),
        )

        def settings_at(percent: int) -> dict:
            own = (100 - percent) / 100
            return {"sales_own_weight": own, "marketing_own_weight": own}

        return self._page_view(
            page,
            settings_at,
            _(
                "The alignment lab with the weight of both departments' bonuses on {goal} "
                "set by a slider, the rest on their own metrics: the minutes sales gives each "
                "lead type and each department's scorecard at the weight chosen."
            ).format(goal=goal),
        )

    def _refresh(self, changed: set[str]) -> None:
        self._compute()
        self.views.update(self.outcome)
        self.status.value = self._status_text()
