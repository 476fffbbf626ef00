"""A class's results in the classroom game: each firm's two phases side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import N_, _, ngettext, number
from incentives.views.charts.common import checked, draw, styled
from incentives.views.live import load_altair
from incentives.views.theme import PALETTE, WIDTH

if TYPE_CHECKING:
    alt = load_altair()

PHASES = {1: N_("Phase 1: own metrics"), 2: N_("Phase 2: common criteria")}


def phases_by_firm(summary: pd.DataFrame) -> alt.TopLevelMixin:
    """Each firm's average monthly profit in phase 1 and in phase 2, joined by a line.

    Args:
        summary: One row per firm and phase, with ``session``, ``firm``, ``phase`` (1 or 2)
            and ``profit_eur`` (EUR a month), as
            :func:`incentives.model.class_results.phase_summary` gives it.

    Returns:
        A dot per firm and phase on a line per firm, titled with how many firms earned more
        profit a month in phase 2.
    """
    return draw(phases_by_firm_chart, *phases_by_firm_frame(summary))


def phases_by_firm_frame(summary: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`phases_by_firm` (see there)."""
    frame = checked(summary, ["session", "firm", "phase", "profit_eur"], "phases_by_firm")
    frame = frame[frame["phase"].isin(list(PHASES))]
    if frame.empty:
        raise ValueError(_("phases_by_firm got no row of phase 1 or 2"))
    several = frame["session"].nunique() > 1
    frame["firm_name"] = [
        _("{session} firm {firm}").format(session=session, firm=firm)
        if several
        else _("Firm {firm}").format(firm=firm)
        for session, firm in zip(frame["session"], frame["firm"], strict=True)
    ]
    frame["phase_name"] = frame["phase"].map({k: _(v) for k, v in PHASES.items()})
    wide = frame.pivot_table(index="firm_name", columns="phase", values="profit_eur")
    both = wide.dropna(subset=[c for c in PHASES if c in wide.columns])
    better = int((both[2] > both[1]).sum()) if set(PHASES) <= set(wide.columns) else 0
    firms = len(both) if set(PHASES) <= set(wide.columns) else 0
    title = ngettext(
        "{better} of {firms} firm earned more profit a month in phase 2 than in phase 1",
        "{better} of {firms} firms earned more profit a month in phase 2 than in phase 1",
        firms,
    ).format(better=number(better), firms=number(firms))
    return frame[["firm_name", "phase", "phase_name", "profit_eur"]].reset_index(drop=True), title


def phases_by_firm_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`phases_by_firm` for prepared data."""
    alt = load_altair()
    firms = list(dict.fromkeys(frame["firm_name"]))
    x = alt.X("profit_eur:Q", title=_("Profit a month, average of the phase (EUR)"))
    y = alt.Y("firm_name:N", title=_("Firm"), sort=firms)
    tooltip = [
        alt.Tooltip("firm_name:N", title=_("Firm")),
        alt.Tooltip("phase_name:N", title=_("Phase")),
        alt.Tooltip("profit_eur:Q", title=_("Profit a month (EUR)"), format=",.0f"),
    ]
    line = alt.Chart().mark_line(color=PALETTE["neutral"]).encode(x=x, y=y, detail="firm_name:N")
    names = [_(name) for name in PHASES.values()]
    dots = (
        alt.Chart()
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "phase_name:N",
                title=_("Phase"),
                sort=names,
                scale=alt.Scale(domain=names, range=[PALETTE["neutral"], PALETTE["company"]]),
            ),
            shape=alt.Shape(
                "phase_name:N",
                title=_("Phase"),
                sort=names,
                scale=alt.Scale(domain=names, range=["circle", "square"]),
            ),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(line, dots, data=frame).properties(
        title=title, width=WIDTH, height=max(120, 28 * len(firms))
    )
    return styled(
        chart,
        _(
            "Dot chart: for each firm, a row with its average monthly profit in EUR in phase 1 "
            "(grey circle) and in phase 2 (green square), joined by a line; a square to the "
            "right of its circle is a firm that earned more under the common criteria."
        ),
    )
