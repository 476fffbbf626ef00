"""CommissionLab: choose how sales is paid and watch where the reps' hours go.

from incentives.labs.commission import CommissionLab
lab = CommissionLab()          # the article's Company X, tiered revenue plan
lab                            # show it
lab.settings = {"plan": "margin_share", "margin_rate": 0.12}
lab.departments_met            # {'marketing': True, 'sales': True, 'company': True}
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from incentives.labs.base import Lab, OutcomeViews, ReplayView, company_and_leads, status_html
from incentives.model.company import Company, Outcome
from incentives.model.plans import FlatFee, MarginShare, Plan, RevenueShare, TeamPool, TieredRevenue
from incentives.views.sliders import Slider

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


# The controls' values when the company's plan in force does not set them.
DEFAULTS = {
    "plan": "tiered_revenue",
    "low_rate": 0.01,
    "threshold_eur": 500,
    "high_rate": 0.05,
    "revenue_rate": 0.05,
    "margin_rate": 0.12,
    "fee_eur": 30,
    "pool_share": 0.10,
}


def settings_of(plan: Plan) -> dict:
    """The lab's settings that describe ``plan`` (empty for a plan the lab cannot show,
    such as a blend: the lab then starts from its defaults)."""
    if isinstance(plan, TieredRevenue) and len(plan.rates) == 2:
        low, high = plan.rates
        return {
            "plan": "tiered_revenue",
            "low_rate": low,
            "threshold_eur": int(round(plan.thresholds_eur[1])),
            "high_rate": high,
        }
    if isinstance(plan, TieredRevenue) and len(plan.rates) == 1:
        return {"plan": "tiered_revenue", "threshold_eur": 0, "high_rate": plan.rates[0]}
    simple = {
        RevenueShare: ("revenue_share", "revenue_rate", "rate"),
        MarginShare: ("margin_share", "margin_rate", "rate"),
        TeamPool: ("team_pool", "pool_share", "share"),
    }
    if type(plan) in simple:
        kind, setting, attribute = simple[type(plan)]
        return {"plan": kind, setting: getattr(plan, attribute)}
    if isinstance(plan, FlatFee):
        return {"plan": "flat_fee", "fee_eur": int(round(plan.fee_eur))}
    return {}


class CommissionLab(Lab):
    """A commission plan and its parameters -> the reps' time split, wins and scorecards.

    Args:
        company: The company to pay: Company X by default, a shipped company's name
            (``"velora"``), a folder of your own company's files, or a model ``Company``.
            The lab starts from the plan in force there and replaces it with the plan its
            controls describe.
        leads: The leads table to replay the plan on, instead of the company's own.

    Attributes:
        outcome: The :class:`incentives.model.company.Outcome` for the current settings.
        departments_met: Which department meets its targets, e.g. ``{"company": False}``.
    """

    def __init__(self, company: Company | str | Path | None = None, *, leads=None):
        super().__init__()
        self._company, self.leads = company_and_leads(company, leads)
        start = {**DEFAULTS, **settings_of(self._company.plan)}
        self.plan_choice = self._control(
            "plan",
            widgets.Dropdown(
                options=PLANS,
                value=start["plan"],
                description="Sales is paid",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
        )
        # The plan parameters; PLAN_SETTINGS says which of them each plan shows.
        self._slider("low_rate", "Rate below", start["low_rate"], 0.0, 0.1, 0.005, fmt=".1%")
        self._slider("threshold_eur", "Deal size (EUR)", start["threshold_eur"], 0, 3_000, 50)
        self._slider("high_rate", "Rate from it", start["high_rate"], 0.0, 0.2, 0.005, fmt=".1%")
        self._slider(
            "revenue_rate", "Share of revenue", start["revenue_rate"], 0.0, 0.2, 0.005, fmt=".1%"
        )
        self._slider(
            "margin_rate", "Share of margin", start["margin_rate"], 0.0, 0.5, 0.01, fmt=".0%"
        )
        self._slider("fee_eur", "Fee per deal (EUR)", start["fee_eur"], 0, 200, 5)
        self._slider(
            "pool_share", "Share of profit", start["pool_share"], 0.0, 0.5, 0.01, fmt=".0%"
        )

        self.outcome = self._outcome()
        self.views = OutcomeViews(self.outcome)
        self.replay = ReplayView(self.leads, self.plan)
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
                *self.replay.widgets,
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

    def page_view(self) -> dict:
        """The lab on the static site (``make site``): sales paid a share of gross margin,
        the share on a slider in whole percent, every other setting as it is now."""
        rate = self._controls["margin_rate"]
        slider = Slider.over(
            "margin_rate_percent",
            "Share of gross margin paid to sales (%)",
            100 * rate.min,
            100 * rate.max,
            100 * rate.step,
            near=100 * rate.value,
        )
        return self._slider_page_view(
            slider,
            lambda percent: {"plan": "margin_share", "margin_rate": percent / 100},
            "The commission lab with sales paid a share of gross margin, the share set by a "
            "slider: the minutes sales gives each lead type, each department's scorecard "
            "and, where the company has a leads table, the plan replayed on the deals won "
            "in that table, all at the share chosen.",
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
        if changed != {"company"}:  # a new budget split changes the model, not the past
            self.replay.update(self.plan)
        self.status.value = self._status_text()
