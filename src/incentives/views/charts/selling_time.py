"""Where sales' time goes: minutes per lead of each type, and the types nobody works."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from incentives.i18n import N_, _, edition, number
from incentives.views.charts.common import (
    checked,
    draw,
    join_words,
    legend,
    optional_tooltips,
    styled,
)
from incentives.views.live import load_altair
from incentives.views.theme import HEIGHT, PALETTE, WIDTH

if TYPE_CHECKING:
    alt = load_altair()


def time_per_lead_type(allocation_table: pd.DataFrame) -> alt.TopLevelMixin:
    """Minutes sales spends on each lead of each type; types sales ignores are marked.

    Args:
        allocation_table: ``Allocation.table()``: one row per lead type (index or column
            ``lead_type``) with ``minutes_per_lead`` and ``worked`` (bool); ``leads``,
            ``win_probability`` and ``expected_wins`` go into the tooltip when present.

    Returns:
        Bars of minutes per lead, grey and labelled "ignored" for types nobody works.
    """
    return draw(time_per_lead_type_chart, *time_per_lead_type_frame(allocation_table))


def time_per_lead_type_frame(allocation_table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The data and title of :func:`time_per_lead_type` (see there)."""
    frame = checked(
        allocation_table, ["minutes_per_lead", "worked"], "time_per_lead_type", "lead_type"
    )
    frame["lead_type"] = frame["lead_type"].astype(str)
    worked = frame["worked"].fillna(False).astype(bool)
    frame["status"] = worked.map({True: N_("worked"), False: N_("ignored")})
    if edition() != "en":  # the tooltip's words; the status stays English, the colours' key
        frame["status_text"] = frame["status"].map(_)
    frame["note"] = [
        _("{minutes} min").format(minutes=number(m)) if w else _("ignored")
        for m, w in zip(frame["minutes_per_lead"], worked, strict=True)
    ]
    frame["note_x"] = frame["minutes_per_lead"].where(worked, 0.0)
    busy = frame[worked]
    if busy.empty:
        title = _("Sales works no lead type: every lead is ignored")
    else:
        top = busy.loc[busy["minutes_per_lead"].idxmax()]
        each = _("{minutes} minutes on each {lead_type} lead").format(
            minutes=number(top["minutes_per_lead"]), lead_type=top["lead_type"]
        )
        if len(busy) == 1:
            title = _("Sales spends {each}").format(each=each)
        else:
            title = _("Sales spends most time, {each}").format(each=each)
        ignored = _ignored_phrase(frame, worked)
        if ignored:
            title += _(" and ignores {ignored}").format(ignored=ignored)
        else:
            title += _(", and works every type")
    return frame, title


def _ignored_phrase(frame: pd.DataFrame, worked: pd.Series) -> str:
    """The lead types sales ignores, in words: a category whose every type is ignored is
    named by the company's word for it ("every part lead"), other types by name."""
    categories = frame["category"] if "category" in frame else frame["lead_type"]
    whole, names = [], []
    for category in dict.fromkeys(categories):
        group = categories == category
        ignored = frame.loc[group & ~worked, "lead_type"].tolist()
        if not ignored:
            continue
        if len(ignored) == int(group.sum()) and ignored != [category]:
            whole.append(_("every {category} lead").format(category=_(category)))
        else:
            names += ignored
    phrases = whole + ([_("{names} leads").format(names=join_words(names))] if names else [])
    return _(" and ").join(phrases)


def time_per_lead_type_chart(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """The chart of :func:`time_per_lead_type` for prepared data."""
    alt = load_altair()
    tooltip = [
        alt.Tooltip("lead_type:N", title=_("Lead type")),
        alt.Tooltip("status_text:N" if "status_text" in frame else "status:N", title=_("Sales")),
        alt.Tooltip("minutes_per_lead:Q", title=_("Minutes per lead"), format=",.0f"),
    ]
    tooltip += optional_tooltips(
        frame,
        {
            "leads": (_("Leads (count)"), ",.0f"),
            "win_probability": (_("Win probability"), ".1%"),
            "expected_wins": (_("Expected wins (count)"), ",.1f"),
        },
    )
    y = alt.Y("lead_type:N", title=_("Lead type"), sort=None)
    base = alt.Chart(frame)
    bars = base.mark_bar().encode(
        x=alt.X("minutes_per_lead:Q", title=_("Sales time per lead (minutes)")),
        y=y,
        color=alt.Color(
            "status:N",
            title=_("Sales"),
            legend=legend(["worked", "ignored"]),
            scale=alt.Scale(
                domain=["worked", "ignored"], range=[PALETTE["sales"], PALETTE["neutral"]]
            ),
        ),
        tooltip=tooltip,
    )
    notes = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("note_x:Q", title=_("Sales time per lead (minutes)")),
        y=y,
        text="note:N",
        color=alt.Color("status:N", legend=None),
        tooltip=tooltip,
    )
    layered = alt.layer(bars, notes, title=title).properties(width=WIDTH, height=HEIGHT // 2)
    return styled(
        layered,
        _(
            "Bar chart: minutes of sales time spent on each lead, one bar per lead type, "
            "coloured by whether sales works that type; a type sales ignores gets no time and "
            "the label 'ignored'."
        ),
    )
