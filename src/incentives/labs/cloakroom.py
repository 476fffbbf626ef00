"""CloakroomLab: serve the same simulated guests in queue order and under the cloakroom
attendant's scheme, and set the result beside the article's +150%.

from incentives.labs.cloakroom import CloakroomLab
lab = CloakroomLab()           # evening 1, served in queue order
lab.settings = {"policy": "vip_first", "gift_budget_ron": 1_000}  # then lab.revenue_change
lab.settings = {"vip_share_percent": 30}  # twice the VIPs: who waits, and what it brings
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from incentives.i18n import N_, _, formatted, money, number, percent
from incentives.labs.base import Lab
from incentives.model.parameters import Parameter
from incentives.model.restaurant import (
    ARTICLE_LIFT,
    Evening,
    SchemeTrial,
    needed_vip_spend_for_lift,
    shares_with_vip,
    try_scheme,
)
from incentives.views import charts
from incentives.views.live import LiveChart

POLICIES = [
    (N_("Queue order (fifo)"), "fifo"),
    (N_("VIPs first (the attendant's scheme)"), "vip_first"),
]
VIP_SHARE = Parameter("vip_share_percent", N_("VIP parties (%)"), 1, 50, 1, default=15)
GIFT_BUDGET = Parameter("gift_budget_ron", N_("Gift budget (RON)"), 0, 3_000, 50, default=0)
EVENING = Parameter("evening", N_("Evening (seed)"), 1, 20, 1, default=1)

_WIDE = {"description_width": "initial"}


class CloakroomLab(Lab):
    """Service policy, share of VIPs and gifts -> waits, spend and revenue per segment.

    The lab runs :func:`incentives.model.restaurant.try_scheme` with the article's ticket
    ranges and the course's convention (a shared ticket goes to the lower segment): the
    baseline evening has the same guests (same evening and share of VIPs) served in queue
    order with no gifts, and :attr:`revenue_change` compares the current evening with it.
    The model caches the evenings, so changing the policy or the gift budget simulates one
    evening, not two.

    The lab has no ticket controls. In the model a party's segment is drawn from the
    shares and its ticket from its segment's range, so moving a cut ticket or the
    convention would relabel tickets and change nothing a learner sees; lesson 04 teaches
    the convention with an exercise instead.

    Attributes:
        evening: The current :class:`incentives.model.restaurant.Evening`.
        baseline: The baseline :class:`incentives.model.restaurant.Evening` (fifo, no gifts).
        segment_chart: The :class:`incentives.views.live.LiveChart` of waits and spend per segment.
        status: HTML with revenue, its change, gift cost, fairness and the +150% comparison.
    """

    def __init__(self):
        super().__init__()
        self._control(
            "policy",
            widgets.ToggleButtons(
                options=[(_(label), value) for label, value in POLICIES],
                value="fifo",
                description=_("Waiters serve"),
                style={**_WIDE, "button_width": "230px"},
            ),
        )
        for parameter in (VIP_SHARE, GIFT_BUDGET, EVENING):
            self._add(parameter)
        self._trial: SchemeTrial | None = None
        self._compute()

        self.segment_chart = LiveChart(
            charts.restaurant_segments_frame, charts.restaurant_segments_chart, self._by_segment
        )
        self.status = widgets.HTML(self._status_text())
        c = self._controls
        wrap = widgets.Layout(flex_flow="row wrap")
        self.controls_area = widgets.VBox(
            [
                widgets.HBox([c["policy"]], layout=wrap),
                widgets.HBox([c["vip_share_percent"], c["gift_budget_ron"]], layout=wrap),
                widgets.HBox([c["evening"]], layout=wrap),
            ]
        )
        self.widget = widgets.VBox(
            [
                self.controls_area,
                self.reset_button,
                self.status,
                self.message,
                self.segment_chart.widget,
            ]
        )

    # --- results -------------------------------------------------------------------------

    @property
    def revenue_change(self) -> float:
        """Revenue relative to the baseline evening, as a fraction (0.03 = +3%)."""
        return self._trial.revenue_change

    @property
    def evening(self) -> Evening:
        """The current evening."""
        return self._trial.evening

    @property
    def baseline(self) -> Evening:
        """The same guests in queue order with no gifts."""
        return self._trial.baseline

    @property
    def by_segment(self) -> pd.DataFrame:
        """The current evening's scorecard per segment (``Evening.by_segment``)."""
        return self._by_segment

    # --- computing -----------------------------------------------------------------------

    def _compute(self) -> bool:
        """Run the model for the settings; return False if the evening shown stays the same.

        Everything is computed before anything is stored, so an error leaves the lab as it
        was.
        """
        s = self.settings
        trial = try_scheme(
            seed=s["evening"],
            policy=s["policy"],
            gift_budget_ron=s["gift_budget_ron"],
            vip_share=s["vip_share_percent"] / 100,
        )
        if self._trial is not None and trial.evening is self._trial.evening:
            return False
        self._needed_vip_spend = needed_vip_spend_for_lift(
            ARTICLE_LIFT, shares_with_vip(s["vip_share_percent"] / 100)
        )
        self._trial = trial
        self._by_segment = trial.evening.by_segment
        return True

    def _refresh(self, changed: set[str]) -> None:
        if not self._compute():
            return
        self.segment_chart.update(self._by_segment)
        self.status.value = self._status_text()

    # --- the static site ------------------------------------------------------------------

    def page_view(self) -> dict:
        """The lab on the static site (``make site``): the attendant's scheme (VIPs served
        first) with the share of VIP parties as its page parameter, every other setting as
        it is now: more VIPs change who jumps the queue.
        """
        return self._page_view_over(
            "vip_share_percent",
            label=_("VIP parties (%), VIPs served first"),
            fixed={"policy": "vip_first"},
            description=_(
                "The cloakroom lab under the attendant's scheme, VIP parties served first, "
                "with the share of VIP parties set by a slider: each segment's mean wait and "
                "spend per guest, and the revenue against the same guests in queue order, at "
                "the share chosen."
            ),
        )

    # --- text ----------------------------------------------------------------------------

    def _status_text(self) -> str:
        evening, change = self.evening, self.revenue_change
        fairness = evening.fairness
        if fairness >= 0.9:
            reading = _("the segments are served about equally")
        elif fairness >= 0.7:
            reading = _("some guests wait noticeably longer than others")
        else:
            reading = _("some guests wait far longer than others, and can see why")
        reading = _(
            "{reading} (the best-served segment orders in {share} of the time "
            "the worst-served one takes)"
        ).format(reading=reading, share=percent(fairness))
        lift, rise = formatted(ARTICLE_LIFT, "+.0%"), formatted(change, "+.1%")
        if change <= 0:
            compared = _("Revenue does not rise at all ({rise}), against the article's {lift}.")
            compared = compared.format(rise=rise, lift=lift)
        else:
            compared = _("Revenue rises {rise}, {part} of the article's {lift}.").format(
                rise=rise, part=percent(change / ARTICLE_LIFT), lift=lift
            )
        compared += _(
            " From VIP spend alone, {lift} would need about {needed} per VIP guest instead of "
            "{ticket} (VIPs {share}% of parties)."
        ).format(
            lift=lift,
            needed=money(self._needed_vip_spend, "RON", decimals=0),
            ticket=money(300, "RON"),
            share=number(self.settings["vip_share_percent"]),
        )
        figures = _(
            "Revenue <b>{revenue}</b> · <b>{rise}</b> against the same guests in queue order "
            "with no gifts · gifts cost {gifts}"
        ).format(
            revenue=money(evening.revenue_ron, "RON", decimals=0),
            rise=rise,
            gifts=money(evening.gift_cost_ron, "RON", decimals=0),
        )
        fair = _("Fairness <b>{fairness}</b>: {reading}.").format(
            fairness=formatted(fairness, ".2f"), reading=html.escape(reading)
        )
        return f"{figures}<br>{fair}<br>{html.escape(compared)}"
