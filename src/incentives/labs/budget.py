"""BudgetLab: the ad budget and its split across campaigns -> leads, cost per lead, profit.

from incentives.labs.budget import BudgetLab
budget = BudgetLab(link=commission_lab)   # both labs act on one company
budget.settings = {"total_budget_eur": 8_000, "share_spare_parts_summer_promotion": 0.5}
budget.profit_eur
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from incentives.i18n import N_, _, money, ngettext, number
from incentives.labs.base import Lab
from incentives.labs.shared_views import ReplayView, status_html
from incentives.model.build import company_and_leads
from incentives.model.company import Company, Outcome
from incentives.model.marketing import campaign_table
from incentives.model.parameters import Parameter
from incentives.views import charts
from incentives.views.live import LiveChart
from incentives.views.page import PageParameter

TOTAL_BUDGET = Parameter("total_budget_eur", N_("Ad budget (EUR a month)"), 0, 20_000, 100)
"""The total ad budget; the lab starts it at its company's total."""
# The shipped companies' lead categories, which the page view's label names, translated.
_CATEGORY_WORDS = (N_("gate"), N_("part"), N_("bike"), N_("service"))


def share_setting(campaign_name: str) -> str:
    """The setting that holds a campaign's share: ``share_`` + its name in snake case."""
    return "share_" + campaign_name.replace("-", "_").replace(" ", "_").lower()


def share_parameter(campaign_name: str) -> Parameter:
    """A campaign's weight in the split, 0 to 1 (the lab starts it at the company's)."""
    label = _("Share: {campaign}").format(campaign=campaign_name)
    return Parameter(share_setting(campaign_name), label, 0.0, 1.0, 0.01, fmt=".0%")


class BudgetLab(Lab):
    """A total ad budget and its split across campaigns, under the current pay plan.

    Args:
        company: The company: Company X by default, a shipped company's name, a folder of
            your own company's files, or a model ``Company``.
        link: A :class:`CommissionLab` to act on the same company (and leads): the budget
            here sets its campaigns, its plan sets the profit here.
        leads: The leads table to replay the plan on, instead of the company's own.

    The ``share_<campaign>`` settings are weights, 0 to 1: each campaign gets its weight's
    part of their total (shares 0.6 and 0.2 split the budget 75% / 25%).

    Attributes:
        outcome: The :class:`incentives.model.company.Outcome` for the current settings.
        split: EUR per campaign now (a dict).
    """

    def __init__(self, company: Company | str | Path | None = None, *, link=None, leads=None):
        super().__init__()
        self._link = link
        if link is not None:
            self._base, self.leads = link.company, link.leads if leads is None else leads
        else:
            self._base, self.leads = company_and_leads(company, leads)
        total = sum(c.budget_eur for c in self._base.campaigns)
        self._add(TOTAL_BUDGET, int(round(total)))
        self._share_names = {}
        for campaign in self._base.campaigns:
            parameter = share_parameter(campaign.name)
            self._share_names[parameter.name] = campaign.name
            share = campaign.budget_eur / total if total else 1 / len(self._base.campaigns)
            self._add(parameter, share)
        self.outcome = self._outcome()
        self.leads_chart = LiveChart(
            charts.leads_by_campaign_frame, charts.leads_by_campaign_chart, self._leads_table()
        )
        self.status = widgets.HTML(self._status_text())
        self.replay = ReplayView(self.leads, self.outcome.company.plan)
        controls = [self._controls[name] for name in self._controls]
        self.widget = widgets.VBox(
            [
                widgets.HBox([controls[0], self.reset_button]),
                widgets.VBox(controls[1:]),
                self.status,
                self.message,
                self.leads_chart.widget,
                *self.replay.widgets,
            ]
        )
        if link is not None:
            link.on_change(self._plan_changed)
            link.company = self.company

    @property
    def split(self) -> dict[str, float]:
        """EUR per campaign for the current total and shares."""
        s = self.settings
        weights = {campaign: s[name] for name, campaign in self._share_names.items()}
        total_weight = sum(weights.values())
        if total_weight <= 0:
            raise ValueError(_("give at least one campaign a share above 0%"))
        return {c: s["total_budget_eur"] * w / total_weight for c, w in weights.items()}

    @property
    def company(self) -> Company:
        """The company with this lab's budgets (and, when linked, the linked lab's plan)."""
        split = self.split
        campaigns = tuple(replace(c, budget_eur=split[c.name]) for c in self._base.campaigns)
        plan = self._link.plan if self._link is not None else self._base.plan
        return self._base.replace(campaigns=campaigns, plan=plan)

    @property
    def profit_eur(self) -> float:
        return self.outcome.profit_eur

    @property
    def departments_met(self) -> dict[str, bool]:
        return self.outcome.departments_met()

    def _outcome(self) -> Outcome:
        return self.company.outcome()

    def _leads_table(self) -> pd.DataFrame:
        return campaign_table(self.outcome.company.campaigns)

    def _status_text(self) -> str:
        o = self.outcome
        if o.leads == 0:
            cost = _("no leads")
        else:
            cost = _("{cost} per lead").format(cost=money(o.cost_per_lead_eur, decimals=2))
        split = " · ".join(f"{name} {money(eur, decimals=0)}" for name, eur in self.split.items())
        leads = ngettext("{n} lead", "{n} leads", round(o.leads)).format(n=number(o.leads))
        figures = _("<b>{count}</b> at {cost} · profit <b>{profit}</b> under sales' plan").format(
            count=leads, cost=cost, profit=money(o.profit_eur, decimals=0)
        )
        return f"{status_html(o.departments_met())}<br>{figures}<br><small>{split}</small>"

    def page_view(self) -> dict:
        """The lab on the static site (``make site``): the share of the ad budget on the
        small-ticket (parts) campaigns as its page parameter, in steps of 5%; the other campaigns
        share the rest, each group keeping its campaigns' weights as they are now (equal
        weights where a group's are all 0). A company with no such campaigns, or only such
        campaigns, gets :meth:`static_view`."""
        small = self._base.categories[-1]
        by_name = {c.name: c for c in self._base.campaigns}
        parts = [
            s
            for s, c in self._share_names.items()
            if self._base.campaign_category(by_name[c]) == small
        ]
        others = [s for s in self._share_names if s not in parts]
        if not parts or not others:
            return self.static_view()
        weights = {name: self.settings[name] for name in self._share_names}
        total = sum(weights.values())
        now = sum(weights[name] for name in parts) / total if total else 0.0
        page = PageParameter.over(
            "parts_share_percent",
            _("Share of the ad budget on {category} campaigns (%)").format(category=_(small)),
            0,
            100,
            5,
            near=100 * now,
        )

        def settings_at(percent: int) -> dict:
            settings = {}
            for group, share in ((parts, percent / 100), (others, (100 - percent) / 100)):
                group_total = sum(weights[name] for name in group)
                for name in group:
                    weight = weights[name] / group_total if group_total else 1 / len(group)
                    settings[name] = share * weight
            return settings

        return self._page_view(
            page,
            settings_at,
            _(
                "The budget lab with the share of the ad budget on {category} campaigns set by "
                "a slider: the leads each campaign brings at the share chosen, and the pay plan "
                "replayed on the deals won in the company's leads table, where it has one."
            ).format(category=_(small)),
        )

    def _refresh(self, changed: set[str]) -> None:
        self.outcome = self._outcome()
        self.leads_chart.update(self._leads_table())
        self.status.value = self._status_text()
        if changed == {"plan"}:
            shared = self._link is not None and self._link.leads is self.leads
            self.replay.update(
                self.outcome.company.plan, self._link.replay.table if shared else None
            )
        elif self._link is not None:
            self._link.company = self.outcome.company

    def _plan_changed(self, _commission_lab) -> None:
        """The linked lab's plan changed: recompute profit here (budgets are unchanged)."""
        if self._link.company.plan != self.outcome.company.plan:
            self._changed({"plan"})
