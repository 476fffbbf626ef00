"""Views several labs show: the departments' status line, an outcome's two charts, and
the plan replayed on the company's leads."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from incentives.i18n import _, money
from incentives.model.replay import REPLAY_VS_MODEL, replay
from incentives.views import charts
from incentives.views.live import LiveChart
from incentives.views.theme import STATUS_COLOURS


def status_html(met: dict[str, bool]) -> str:
    """One line saying which department meets its targets, e.g. for a lab's header."""
    parts = []
    for department in ("marketing", "sales", "company"):
        if department not in met:
            continue
        ok = met[department]
        colour = STATUS_COLOURS["met" if ok else "missed"]
        if department == "company":
            text = (
                _("<b>The company</b> meets its targets")
                if ok
                else _("<b>The company</b> misses its target")
            )
        elif department == "marketing":
            text = (
                _("<b>Marketing</b> meets its targets")
                if ok
                else _("<b>Marketing</b> misses its target")
            )
        else:
            text = (
                _("<b>Sales</b> meets its targets") if ok else _("<b>Sales</b> misses its target")
            )
        parts.append(f"<span style='color:{colour}'>{text}</span>")
    return "; ".join(parts) + "."


class OutcomeViews:
    """The two views of a company's outcome, kept for a lab's life and updated in place:
    minutes per lead by lead type, and the three departments' scorecards."""

    def __init__(self, outcome):
        self.time_chart = LiveChart(
            charts.time_per_lead_type_frame,
            charts.time_per_lead_type_chart,
            outcome.allocation.table(),
        )
        self.scorecard_chart = LiveChart(
            charts.scorecards_frame, charts.scorecards_chart, outcome.scorecards()
        )
        self.widgets = [self.time_chart.widget, self.scorecard_chart.widget]

    def update(self, outcome) -> None:
        self.time_chart.update(outcome.allocation.table())
        self.scorecard_chart.update(outcome.scorecards())


class ReplayView:
    """The plan replayed on the company's real leads, beside the model's prediction: sales
    pay and profit month by month (:func:`incentives.model.replay`) and a note on why the
    replay and the model differ. Without a leads table it says there is nothing to replay."""

    def __init__(self, leads: pd.DataFrame | None, plan):
        self.leads = leads
        self.note = widgets.HTML()
        self.table: pd.DataFrame | None = None
        self.chart: LiveChart | None = None
        if leads is None:
            nothing = _("This company has no leads table: nothing to replay.")
            self.note.value = f"<small>{nothing}</small>"
            self.widgets = [self.note]
            return
        self.table = replay(leads, plan)
        self.chart = LiveChart(
            charts.replay_by_month_frame, charts.replay_by_month_chart, self.table
        )
        self.widgets = [self.chart.widget, self.note]
        self._write_note()

    def update(self, plan, table: pd.DataFrame | None = None) -> None:
        """Replay ``plan`` and show it; ``table`` is that replay when another view (a linked
        lab's, on the same leads) has computed it already."""
        if self.leads is None:
            return
        self.table = replay(self.leads, plan) if table is None else table
        self.chart.update(self.table)
        self._write_note()

    def _write_note(self) -> None:
        pay, profit = self.table["sales_pay_eur"].sum(), self.table["profit_eur"].sum()
        text = _(
            "<b>Replay on the data:</b> on the deals won in the leads table, this plan "
            "would have paid sales {pay} and left {profit} profit."
        ).format(pay=money(pay, decimals=0), profit=money(profit, decimals=0))
        why = html.escape(_(REPLAY_VS_MODEL))
        self.note.value = f"<small>{text} {why}</small>"
