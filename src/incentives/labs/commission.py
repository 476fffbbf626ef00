"""CommissionLab: choose how sales is paid and watch where the reps' hours go.

from incentives.labs.commission import CommissionLab
lab = CommissionLab()          # the article's Company X, tiered revenue plan
lab                            # show it
lab.settings = {"plan": "margin_share", "margin_rate": 0.12}
lab.departments_met            # {'marketing': True, 'sales': True, 'company': True}
"""

from __future__ import annotations

import ipywidgets as widgets

from incentives.labs.base import Lab, OutcomeViews, status_html
from incentives.model.company import Company, Outcome
from incentives.model.plans import FlatFee, MarginShare, Plan, RevenueShare, TeamPool, TieredRevenue
from incentives.model.scenarios import company_x

PLANS = [
    ("Tiered share of revenue (the article)", "tiered_revenue"),
    ("Share of revenue", "revenue_share"),
    ("Share of gross margin", "margin_share"),
    ("Flat fee per deal", "flat_fee"),
    ("Team pool: share of company profit", "team_pool"),
]
# Which settings each plan uses, in the order they are shown.
PLAN_SETTINGS = {
    "tiered_revenue": ("low_rate", "threshold_eur", "high_rate"),
    "revenue_share": ("revenue_rate",),
    "margin_share": ("margin_rate",),
    "flat_fee": ("fee_eur",),
    "team_pool": ("pool_share",),
}


class CommissionLab(Lab):
    """A commission plan and its parameters -> the reps' time split, wins and scorecards.

    Args:
        company: The company to pay; Company X with its parts campaign by default. Its own
            plan is replaced by the lab's.

    Attributes:
        outcome: The :class:`incentives.model.company.Outcome` for the current settings.
        departments_met: Which department meets its targets, e.g. ``{"company": False}``.
    """

    def __init__(self, company: Company | None = None):
        super().__init__()
        self._company = company or company_x()
        self.plan_choice = self._control(
            "plan",
            widgets.Dropdown(
                options=PLANS,
                value="tiered_revenue",
                description="Sales is paid",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
        )
        # The plan parameters; PLAN_SETTINGS says which of them each plan shows.
        self._slider("low_rate", "Rate below", 0.01, 0.0, 0.1, 0.005, fmt=".1%")
        self._slider("threshold_eur", "Deal size (EUR)", 500, 0, 3_000, 50)
        self._slider("high_rate", "Rate from it", 0.05, 0.0, 0.2, 0.005, fmt=".1%")
        self._slider("revenue_rate", "Share of revenue", 0.05, 0.0, 0.2, 0.005, fmt=".1%")
        self._slider("margin_rate", "Share of margin", 0.12, 0.0, 0.5, 0.01, fmt=".0%")
        self._slider("fee_eur", "Fee per deal (EUR)", 30, 0, 200, 5)
        self._slider("pool_share", "Share of profit", 0.10, 0.0, 0.5, 0.01, fmt=".0%")

        self.outcome = self._outcome()
        self.views = OutcomeViews(self.outcome)
        self.time_chart = self.views.time_chart
        self.scorecard_chart = self.views.scorecard_chart
        self.status = widgets.HTML(self._status_text())
        self.parameters = widgets.VBox()
        self._show_parameters()
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.plan_choice, self.reset_button]),
                self.parameters,
                self.status,
                self.message,
                *self.views.widgets,
            ]
        )

    @property
    def company(self) -> Company:
        """The company the lab pays (with the lab's plan); assign one to change it."""
        return self._company.replace(plan=self.plan)

    @company.setter
    def company(self, company: Company) -> None:
        self._company = company
        self._changed({"company"})

    @property
    def plan(self) -> Plan:
        """The commission plan the controls describe."""
        s = self.settings
        kind = s["plan"]
        if kind == "tiered_revenue":
            if s["threshold_eur"] == 0:
                return TieredRevenue((0.0,), (s["high_rate"],))
            return TieredRevenue((0.0, s["threshold_eur"]), (s["low_rate"], s["high_rate"]))
        if kind == "revenue_share":
            return RevenueShare(s["revenue_rate"])
        if kind == "margin_share":
            return MarginShare(s["margin_rate"])
        if kind == "flat_fee":
            return FlatFee(s["fee_eur"])
        return TeamPool(s["pool_share"])

    @property
    def departments_met(self) -> dict[str, bool]:
        return self.outcome.departments_met()

    def _outcome(self) -> Outcome:
        return self.company.outcome()

    def _status_text(self) -> str:
        outcome = self.outcome
        return (
            f"{status_html(self.departments_met)}<br>"
            f"Profit <b>EUR {outcome.profit_eur:,.0f}</b> · revenue EUR {outcome.revenue_eur:,.0f}"
            f" · sales pay EUR {outcome.sales_pay_eur:,.0f} · {outcome.wins:,.0f} deals won"
        )

    def _show_parameters(self) -> None:
        shown = PLAN_SETTINGS[self.plan_choice.value]
        self.parameters.children = [self._controls[name] for name in shown]

    def _refresh(self, changed: set[str]) -> None:
        if "plan" in changed:
            self._show_parameters()
        active = {"plan", "company", *PLAN_SETTINGS[self.plan_choice.value]}
        if not changed & active:
            return  # a hidden parameter moved: nothing shown depends on it
        self.outcome = self._outcome()
        self.views.update(self.outcome)
        self.status.value = self._status_text()
