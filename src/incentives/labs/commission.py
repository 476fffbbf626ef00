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

from incentives.i18n import _, money, ngettext, number
from incentives.labs.base import Lab
from incentives.labs.shared_views import OutcomeViews, ReplayView, status_html
from incentives.model.build import company_and_leads
from incentives.model.company import Company, Outcome
from incentives.model.plans import Plan, plan_from_settings, plan_kind, plan_kinds, plan_parameters


def starting_settings(plan: Plan) -> dict:
    """The lab's settings at the start: ``plan``'s own (:meth:`Plan.settings`), and each
    other parameter's default; a plan the catalogue cannot describe (a blend) starts the lab
    at the catalogue's first kind."""
    defaults = {name: p.default for name, p in plan_parameters().items()}
    return {"plan": next(iter(plan_kinds())), **defaults, **plan.settings()}


def shown_settings(kind: str) -> tuple[str, ...]:
    """The settings the lab shows for the plan kind ``kind``: its parameters, in order."""
    return tuple(p.name for p in plan_kind(kind).parameters)


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
        start = starting_settings(self._company.plan)
        self.plan_choice = self._control(
            "plan",
            widgets.Dropdown(
                options=[(_(cls.label), kind) for kind, cls in plan_kinds().items()],
                value=start["plan"],
                description=_("Sales is paid"),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
        )
        # Every parameter of every plan kind; shown_settings says which each plan shows.
        for name, parameter in plan_parameters().items():
            self._add(parameter, start[name])

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
        return plan_from_settings(self.settings)

    @property
    def departments_met(self) -> dict[str, bool]:
        return self.outcome.departments_met()

    def _outcome(self) -> Outcome:
        return self.company.outcome()

    def _status_text(self) -> str:
        outcome = self.outcome
        figures = _("Profit <b>{profit}</b> · revenue {revenue} · sales pay {pay} · {wins}").format(
            profit=money(outcome.profit_eur, decimals=0),
            revenue=money(outcome.revenue_eur, decimals=0),
            pay=money(outcome.sales_pay_eur, decimals=0),
            wins=ngettext("{n} deal won", "{n} deals won", round(outcome.wins)).format(
                n=number(outcome.wins)
            ),
        )
        return f"{status_html(self.departments_met)}<br>{figures}"

    def page_view(self) -> dict:
        """The lab on the static site (``make site``): sales paid a share of gross margin,
        the share its page parameter, in whole percent; every other setting as it is now."""
        return self._page_view_over(
            "margin_rate",
            label=_("Share of gross margin paid to sales (%)"),
            fixed={"plan": "margin_share"},
            description=_(
                "The commission lab with sales paid a share of gross margin, the share set by "
                "a slider: the minutes sales gives each lead type, each department's "
                "scorecard and, where the company has a leads table, the plan replayed on the "
                "deals won in that table, all at the share chosen."
            ),
        )

    def _show_parameters(self) -> None:
        shown = shown_settings(self.plan_choice.value)
        self.parameters.children = [self._controls[name] for name in shown]

    def _refresh(self, changed: set[str]) -> None:
        if "plan" in changed:
            self._show_parameters()
        active = {"plan", "company", *shown_settings(self.plan_choice.value)}
        if not changed & active:
            return  # a hidden parameter moved: nothing shown depends on it
        self.outcome = self._outcome()
        self.views.update(self.outcome)
        if changed != {"company"}:  # a new budget split changes the model, not the past
            self.replay.update(self.plan)
        self.status.value = self._status_text()
