"""The restaurant's guest segments: how long each waits, how much each spends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import _, money, number
from incentives.views.charts.common import checked, draw, optional_tooltips, styled
from incentives.views.live import load_altair
from incentives.views.theme import HEIGHT, PALETTE, WIDTH

if TYPE_CHECKING:
    alt = load_altair()


def restaurant_segments(by_segment: pd.DataFrame) -> alt.TopLevelMixin:
    """Mean wait and spend per head for each guest segment, side by side.

    Args:
        by_segment: ``Evening.by_segment``: one row per segment (index or column
            ``segment``) with ``mean_wait_minutes`` and ``spend_per_head_ron``; ``parties``,
            ``guests`` and ``p90_wait_minutes`` go into the tooltip when present.

    Returns:
        Two bar panels (wait in minutes, spend in RON per guest), titled with who waits
        longest and who spends most.
    """
    return draw(restaurant_segments_chart, *restaurant_segments_frame(by_segment))


def restaurant_segments_frame(by_segment: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`restaurant_segments` (see there)."""
    frame = checked(
        by_segment, ["mean_wait_minutes", "spend_per_head_ron"], "restaurant_segments", "segment"
    )
    frame["segment"] = frame["segment"].astype(str)
    waits = frame.dropna(subset=["mean_wait_minutes"])
    spends = frame.dropna(subset=["spend_per_head_ron"])
    parts = []
    if not waits.empty:
        w = waits.loc[waits["mean_wait_minutes"].idxmax()]
        parts.append(
            _("Parties in the {segment} segment wait longest ({minutes} min on average)").format(
                segment=w["segment"], minutes=number(w["mean_wait_minutes"])
            )
        )
    if not spends.empty:
        s = spends.loc[spends["spend_per_head_ron"].idxmax()]
        amount = _("{money} per guest").format(
            money=money(s["spend_per_head_ron"], "RON", decimals=0)
        )
        if parts and s["segment"] == w["segment"]:
            parts.append(_("spend most ({amount})").format(amount=amount))
        else:
            parts.append(
                _("{segment} guests spend most ({amount})").format(
                    segment=s["segment"], amount=amount
                )
            )
    title = _(" and ").join(parts) if parts else _("No party came this evening")
    return frame, title


def restaurant_segments_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`restaurant_segments` for prepared data."""
    alt = load_altair()
    tooltip = [alt.Tooltip("segment:N", title=_("Segment"))]
    tooltip += optional_tooltips(
        frame,
        {
            "parties": (_("Parties (count)"), ",.0f"),
            "guests": (_("Guests (count)"), ",.0f"),
            "mean_wait_minutes": (_("Mean wait (minutes)"), ",.1f"),
            "p90_wait_minutes": (_("90th percentile wait (minutes)"), ",.1f"),
            "spend_per_head_ron": (_("Spend per head (RON)"), ",.0f"),
        },
    )
    y = alt.Y("segment:N", title=_("Segment"), sort=None)
    size = {"width": WIDTH // 2, "height": HEIGHT * 2 // 3}
    base = alt.Chart(frame)
    wait = (
        base.mark_bar(color=PALETTE["sales"])
        .encode(
            x=alt.X("mean_wait_minutes:Q", title=_("Mean wait for a table (minutes)")),
            y=y,
            tooltip=tooltip,
        )
        .properties(**size)
    )
    spend = (
        base.mark_bar(color=PALETTE["company"])
        .encode(
            x=alt.X("spend_per_head_ron:Q", title=_("Spend per guest (RON)")),
            y=alt.Y("segment:N", title=None, sort=None),
            tooltip=tooltip,
        )
        .properties(**size)
    )
    return styled(
        alt.hconcat(wait, spend, title=title, spacing=12),
        _(
            "Two bar charts side by side, one bar per guest segment: the mean wait for a table "
            "in minutes and the spend per guest in RON; compare who waits longest with who "
            "spends most."
        ),
    )
