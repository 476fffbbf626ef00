"""The first lab of the course: an ad budget split between two campaigns.

Lesson 00 uses it to show how a lab works: move a slider and the chart and the figures
below it update in place. It also hints at the course's theme: shifting budget to the
cheap campaign makes marketing's cost per lead look better.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from incentives.i18n import N_, _, money, ngettext, number
from incentives.labs.base import Lab
from incentives.model.marketing import blended_cost_per_lead, leads_from_budget
from incentives.model.parameters import Parameter
from incentives.views import charts
from incentives.views.live import LiveChart

# Cost per lead of the two campaigns in EUR (the model's check run, docs/model.md).
CAMPAIGN_COST_PER_LEAD_EUR = {"gates": 40.0, "parts": 6.0}
BUDGET = Parameter("budget_eur", N_("Budget (EUR)"), 0, 10_000, 100, default=3000)
PARTS_SHARE = Parameter("parts_share", N_("Share on parts"), 0.0, 1.0, 0.05, default=0.5, fmt=".0%")
DEFAULTS = {p.name: p.default for p in (BUDGET, PARTS_SHARE)}


class FirstLab(Lab):
    """A monthly ad budget and the share of it spent on the parts campaign.

    Args:
        budget_eur: Monthly ad budget in EUR, 0 to 10,000 in steps of 100.
        parts_share: Share of the budget spent on the parts campaign, 0 to 1.

    Attributes:
        settings: The lab's controls as a dict; assign a dict to change them.
        table: Leads per campaign for the current settings (a DataFrame).
        blended_cost_per_lead_eur: Total spend over total leads (EUR per lead).
        leads_chart: The chart of leads per campaign (``leads_chart.data`` is what it shows).
    """

    def __init__(
        self,
        budget_eur: int = BUDGET.default,
        parts_share: float = PARTS_SHARE.default,
    ):
        super().__init__()
        self.budget = self._add(BUDGET)
        self.parts_share = self._add(PARTS_SHARE)
        table = self.table
        self.leads_chart = LiveChart(
            charts.leads_by_campaign_frame, charts.leads_by_campaign_chart, table
        )
        self.summary = widgets.HTML(self._summary_text(table))
        self.settings = {"budget_eur": budget_eur, "parts_share": parts_share}
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.budget, self.parts_share, self.reset_button]),
                self.leads_chart.widget,
                self.summary,
                self.message,
            ]
        )

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
        return _blended(self.table)

    def _summary_text(self, table: pd.DataFrame) -> str:
        blended = _blended(table)
        leads = float(table["leads"].sum())
        if blended is None:
            cost_text = _("no leads yet")
        else:
            cost_text = _("{cost} per lead").format(cost=money(blended, "EUR", decimals=2))
        count = ngettext("{n} lead", "{n} leads", round(leads)).format(n=number(leads))
        text = _("<b>{leads}</b> a month; blended cost per lead: <b>{cost}</b>")
        return text.format(leads=count, cost=cost_text)

    def _status_html(self) -> str:
        """The summary under the chart, as the static site's status line."""
        return self.summary.value

    def _refresh(self, changed: set[str]) -> None:
        table = self.table  # built once per change, for the chart and the summary
        self.leads_chart.update(table)
        self.summary.value = self._summary_text(table)


def _blended(table: pd.DataFrame) -> float | None:
    """Total spend over total leads of a campaign table; None when it has no leads."""
    if table["leads"].sum() == 0:
        return None
    return blended_cost_per_lead(table["budget_eur"], table["leads"])
