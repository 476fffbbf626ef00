"""The first lab of the course: an ad budget split between two campaigns.

Lesson 00 uses it to show how a lab works: move a slider and the chart and the figures
below it update in place. It also hints at the course's theme: shifting budget to the
cheap campaign makes marketing's cost per lead look better.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from incentives import charts
from incentives.marketing import blended_cost_per_lead, leads_from_budget

# Cost per lead of the two campaigns in EUR (DOMAIN.md, check run of the model).
CAMPAIGN_COST_PER_LEAD_EUR = {"gates": 40.0, "parts": 6.0}
DEFAULTS = {"budget_eur": 3000, "parts_share": 0.5}


class FirstLab:
    """A monthly ad budget and the share of it spent on the parts campaign.

    Args:
        budget_eur: Monthly ad budget in EUR, 0 to 10,000 in steps of 100.
        parts_share: Share of the budget spent on the parts campaign, 0 to 1.

    Attributes:
        settings: The lab's controls as a dict; assign a dict to change them.
        table: Leads per campaign for the current settings (a DataFrame).
        blended_cost_per_lead_eur: Total spend over total leads (EUR per lead).
    """

    def __init__(self, budget_eur: int = DEFAULTS["budget_eur"], parts_share: float = 0.5):
        self.budget = widgets.IntSlider(
            value=DEFAULTS["budget_eur"],
            min=0,
            max=10_000,
            step=100,
            description="Budget (EUR)",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.parts_share = widgets.FloatSlider(
            value=DEFAULTS["parts_share"],
            min=0.0,
            max=1.0,
            step=0.05,
            description="Share on parts",
            readout_format=".0%",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.summary = widgets.HTML()
        self.message = widgets.HTML()
        self.settings = {"budget_eur": budget_eur, "parts_share": parts_share}
        self.chart = charts.live_chart(self._chart())
        self._update_summary()

        self.budget.observe(self._on_change, names="value")
        self.parts_share.observe(self._on_change, names="value")
        self.reset_button.on_click(lambda _button: self.reset())
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.budget, self.parts_share, self.reset_button]),
                self.chart,
                self.summary,
                self.message,
            ]
        )

    @property
    def settings(self) -> dict:
        return {"budget_eur": self.budget.value, "parts_share": self.parts_share.value}

    @settings.setter
    def settings(self, values: dict) -> None:
        unknown = set(values) - set(DEFAULTS)
        if unknown:
            raise KeyError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(DEFAULTS)}")
        budget = values.get("budget_eur", self.budget.value)
        share = values.get("parts_share", self.parts_share.value)
        if not self.budget.min <= budget <= self.budget.max:
            raise ValueError(f"budget_eur must be between 0 and 10,000 EUR; got {budget}")
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"parts_share must be between 0 and 1; got {share}")
        with self.budget.hold_trait_notifications(), self.parts_share.hold_trait_notifications():
            self.budget.value = budget
            self.parts_share.value = share

    def reset(self) -> None:
        """Put every control back to its default."""
        self.settings = DEFAULTS

    @property
    def table(self) -> pd.DataFrame:
        budget = float(self.budget.value)
        share = float(self.parts_share.value)
        spend = {"gates": budget * (1 - share), "parts": budget * share}
        rows = [
            {
                "campaign": name,
                "budget_eur": spend[name],
                "cost_per_lead_eur": cost,
                "leads": leads_from_budget(spend[name], cost),
            }
            for name, cost in CAMPAIGN_COST_PER_LEAD_EUR.items()
        ]
        return pd.DataFrame(rows)

    @property
    def blended_cost_per_lead_eur(self) -> float | None:
        table = self.table
        if table["leads"].sum() == 0:
            return None
        return blended_cost_per_lead(table["budget_eur"], table["leads"])

    def _chart(self):
        return charts.leads_by_campaign(self.table)

    def _update_summary(self) -> None:
        table = self.table
        blended = self.blended_cost_per_lead_eur
        cost_text = "no leads yet" if blended is None else f"EUR {blended:,.2f} per lead"
        self.summary.value = (
            f"<b>{table['leads'].sum():,.0f} leads</b> a month; "
            f"blended cost per lead: <b>{cost_text}</b>"
        )

    def _on_change(self, _change) -> None:
        try:
            self.chart.chart = self._chart()
            self._update_summary()
            self.message.value = ""
        except Exception as error:  # shown in the lab, not lost in the browser console
            self.message.value = f"<span style='color:#D55E00'>Error: {error}</span>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
