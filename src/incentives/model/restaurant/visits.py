"""The restaurant's sample visits (``restaurant_visits``): evenings, schemes and segments.

The table holds two fortnights the course's model generated, before the scheme and after
it; these functions total it by evening, compare the schemes, score each segment and split
a change in revenue per evening into volume, mix and rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from incentives.data import SEGMENTS
from incentives.i18n import _
from incentives.model.restaurant.evening import fairness_of

SCHEMES = ("before", "after")
"""The two periods of ``restaurant_visits``: queue order and no gifts, then the scheme.

The table is synthetic, made by :func:`simulate_evening` (tools/generate_data.py): guests
per evening fixed by the weekday, each party's segment drawn from fixed shares, spend and
tips from the stated assumptions. It is practice data: whatever it shows, the model put in.
"""


def _visits(visits, columns: tuple[str, ...]) -> pd.DataFrame:
    """``visits`` checked: a DataFrame with ``columns`` and at least one row."""
    if not isinstance(visits, pd.DataFrame):
        raise ValueError(
            _("visits must be a pandas DataFrame; got {kind}").format(kind=type(visits).__name__)
        )
    missing = [c for c in columns if c not in visits.columns]
    if missing:
        raise ValueError(
            _("visits lacks column(s) {missing}; it has {visits_columns}").format(
                missing=missing, visits_columns=list(visits.columns)
            )
        )
    if visits.empty:
        raise ValueError(_("visits has no rows"))
    return visits


def _categorical(visits: pd.DataFrame, column: str, values: tuple[str, ...]) -> pd.Categorical:
    """``visits[column]`` as a categorical of ``values``, in that order; a ValueError that
    names any other value (a missing one included)."""
    text = visits[column].astype(str)
    bad = sorted(set(text) - set(values))
    if bad or visits[column].isna().any():
        raise ValueError(
            _("{column} must be one of {values}; got {got}").format(
                column=column, values=values, got=bad or "missing values"
            )
        )
    return pd.Categorical(text, categories=list(values), ordered=True)


def _scheme_of(visits: pd.DataFrame) -> pd.Categorical:
    return _categorical(visits, "scheme", SCHEMES)


def _segment_of(visits: pd.DataFrame) -> pd.Categorical:
    return _categorical(visits, "segment", SEGMENTS)


def evening_totals(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per evening of a visits table (``restaurant_visits``), in date order.

    Args:
        visits: One row per party, with the columns ``evening``, ``scheme``,
            ``party_size``, ``bill_ron`` and ``tip_ron``.

    Returns:
        A DataFrame indexed by ``evening`` with columns ``scheme``, ``parties``,
        ``guests``, ``revenue_ron`` (the sum of the evening's bills) and ``tips_ron``.

    Raises:
        ValueError: if a column is missing, the table is empty, or one evening has parties
            under both schemes.
    """
    visits = _visits(visits, ("evening", "scheme", "party_size", "bill_ron", "tip_ron"))
    table = visits.assign(scheme=_scheme_of(visits))
    grouped = table.groupby("evening", sort=True)
    if (grouped["scheme"].nunique() > 1).any():
        raise ValueError(_("an evening cannot have parties under both schemes"))
    totals = pd.DataFrame(
        {
            "scheme": grouped["scheme"].first(),
            "parties": grouped.size().astype(np.int64),
            "guests": grouped["party_size"].sum().astype(np.int64),
            "revenue_ron": grouped["bill_ron"].sum().astype(float),
            "tips_ron": grouped["tip_ron"].sum().astype(float),
        }
    )
    totals["scheme"] = pd.Categorical(totals["scheme"].astype(str), categories=list(SCHEMES))
    return totals


def compare_schemes(visits: pd.DataFrame) -> pd.DataFrame:
    """The evenings before the scheme beside the evenings after it.

    Revenue is compared per evening (the sum of an evening's bills, averaged over the
    scheme's evenings), so two periods of different lengths still compare; spend per head
    and the tip share divide sums (all bills by all guests, all tips by all bills), so a
    big party weighs more than a small one, as in the till.

    Args:
        visits: ``restaurant_visits``: one row per party, with the columns ``evening``,
            ``scheme``, ``party_size``, ``wait_minutes``, ``bill_ron`` and ``tip_ron``.

    Returns:
        A DataFrame indexed by scheme (``before``, then ``after``; a scheme without
        evenings is left out) with columns ``evenings``, ``guests_per_evening``,
        ``revenue_per_evening_ron``, ``revenue_sd_ron`` (standard deviation of revenue
        across its evenings: how much one evening swings), ``spend_per_head_ron``,
        ``tips_per_evening_ron``, ``tip_share`` (tips / bills) and ``mean_wait_minutes``
        (over parties).
    """
    visits = _visits(
        visits, ("evening", "scheme", "party_size", "wait_minutes", "bill_ron", "tip_ron")
    )
    totals = evening_totals(visits)
    nights = totals.groupby("scheme", observed=True)
    parties = visits.groupby(_scheme_of(visits), observed=True)
    table = pd.DataFrame(
        {
            "evenings": nights.size().astype(np.int64),
            "guests_per_evening": nights["guests"].mean(),
            "revenue_per_evening_ron": nights["revenue_ron"].mean(),
            "revenue_sd_ron": nights["revenue_ron"].std(),
            "spend_per_head_ron": nights["revenue_ron"].sum() / nights["guests"].sum(),
            "tips_per_evening_ron": nights["tips_ron"].mean(),
            "tip_share": nights["tips_ron"].sum() / nights["revenue_ron"].sum(),
            "mean_wait_minutes": parties["wait_minutes"].mean(),
        }
    )
    table.index = pd.Index([str(s) for s in table.index], name="scheme")
    return table


def visits_by_segment(visits: pd.DataFrame) -> pd.DataFrame:
    """Scorecard per segment of a visits table, in the shape of :attr:`Evening.by_segment`.

    Args:
        visits: One row per party, with the columns ``segment``, ``party_size``,
            ``wait_minutes``, ``bill_ron`` and ``tip_ron`` (select one scheme's rows first
            to see it alone).

    Returns:
        A DataFrame indexed by segment in ``SEGMENTS`` order, every segment present, with
        ``parties``, ``guests``, ``mean_wait_minutes`` and ``p90_wait_minutes`` (over
        parties; NaN without a party), ``spend_per_head_ron`` (bills / guests),
        ``revenue_ron`` and ``tip_share`` (tips / bills).
    """
    visits = _visits(visits, ("segment", "party_size", "wait_minutes", "bill_ron", "tip_ron"))
    grouped = visits.groupby(_segment_of(visits), observed=False)
    table = pd.DataFrame(
        {
            "parties": grouped.size().astype(np.int64),
            "guests": grouped["party_size"].sum().astype(np.int64),
            "mean_wait_minutes": grouped["wait_minutes"].mean(),
            "p90_wait_minutes": grouped["wait_minutes"].quantile(0.9),
            "revenue_ron": grouped["bill_ron"].sum().astype(float),
            "tips_ron": grouped["tip_ron"].sum().astype(float),
        }
    )
    table.index = pd.Index(list(SEGMENTS), name="segment")
    table.insert(
        4, "spend_per_head_ron", table["revenue_ron"] / table["guests"].where(table["guests"] > 0)
    )
    table["tip_share"] = table.pop("tips_ron") / table["revenue_ron"].where(
        table["revenue_ron"] > 0
    )
    return table


def wait_fairness(visits: pd.DataFrame) -> float:
    """:attr:`Evening.fairness` of a visits table: the best-served segment's mean time to
    order (``MENU_MINUTES`` plus its mean wait) over the worst-served one's; 1.0 is equal.

    Args:
        visits: One row per party, with the columns ``segment`` and ``wait_minutes``.

    Returns:
        A float in (0, 1].
    """
    visits = _visits(visits, ("segment", "wait_minutes"))
    return fairness_of(pd.Series(_segment_of(visits), index=visits.index), visits["wait_minutes"])


def guests_and_spend(visits: pd.DataFrame) -> pd.DataFrame:
    """One period's guests per evening and spend per head, segment by segment: the table a
    mix/rate decomposition (:func:`mix_rate_decomposition`) starts from.

    Args:
        visits: One period's rows of a visits table (one row per party), with the columns
            ``evening``, ``segment``, ``party_size`` and ``bill_ron``.

    Returns:
        A DataFrame indexed by segment in ``SEGMENTS`` order with ``guests`` (the segment's
        guests per evening: its guests over the period's evenings) and
        ``spend_per_head_ron`` (its bills over its guests; NaN without a guest).
    """
    visits = _visits(visits, ("evening", "segment", "party_size", "bill_ron"))
    evenings = visits["evening"].nunique()
    grouped = visits.groupby(_segment_of(visits), observed=False)
    guests = grouped["party_size"].sum().astype(float)
    table = pd.DataFrame(
        {
            "guests": guests / evenings,
            "spend_per_head_ron": grouped["bill_ron"].sum() / guests.where(guests > 0),
        }
    )
    table.index = pd.Index(list(SEGMENTS), name="segment")
    return table


DECOMPOSITION_PARTS = ("volume", "mix", "rate")
"""The parts of :func:`mix_rate_decomposition`, in the order they are taken."""


def mix_rate_decomposition(before: pd.DataFrame, after: pd.DataFrame) -> pd.Series:
    """Split the change in revenue per evening into volume, mix and rate (price-volume-mix).

    With ``G`` guests per evening in all, ``m_s`` each segment's share of them and ``p_s``
    its spend per head, revenue per evening is ``G * sum(m_s * p_s)``. Going from before
    (0) to after (1), the parts are taken in a stated order, so that they add up exactly:

    - ``volume = (G1 - G0) * sum(m0 * p0)``: more or fewer guests, at the old mix and spend;
    - ``rate = G1 * sum(m0 * (p1 - p0))``: the new spend per head, at the old mix;
    - ``mix = G1 * sum((m1 - m0) * p1)``: the new mix, at the new spend per head;
    - ``total = volume + mix + rate``, the change in revenue per evening.

    The order is a convention: taking the mix at the old spend and the rate at the new mix
    gives slightly different parts (the same total). Example: 100 guests, half of them at
    40 and half at 100 RON, then 100 guests, 40% at 50 and 60% at 100: volume 0, rate
    +500, mix +500, total +1,000 (7,000 to 8,000 RON).

    Args:
        before, after: One row per segment (the same segments in both, any order), with
            columns ``guests`` (guests per evening) and ``spend_per_head_ron``, as
            :func:`guests_and_spend` gives; every segment with a guest needs a spend.

    Returns:
        A Series, RON per evening, indexed ``volume``, ``mix``, ``rate``, ``total``.

    Raises:
        ValueError: if a column is missing, the segments differ, a figure is negative or
            missing, or a period has no guests.
    """
    tables = {}
    for name, table in (("before", before), ("after", after)):
        if not isinstance(table, pd.DataFrame):
            raise ValueError(
                _("{name} must be a pandas DataFrame; got {kind}").format(
                    name=name, kind=type(table).__name__
                )
            )
        missing = [c for c in ("guests", "spend_per_head_ron") if c not in table.columns]
        if missing:
            raise ValueError(
                _("{name} lacks column(s) {missing}; it has {table_columns}").format(
                    name=name, missing=missing, table_columns=list(table.columns)
                )
            )
        guests = table["guests"].astype(float)
        spend = table["spend_per_head_ron"].astype(float).where(guests > 0, 0.0)
        if guests.isna().any() or spend.isna().any() or (guests < 0).any() or (spend < 0).any():
            raise ValueError(
                _("{name} must hold non-negative guests and spend for every segment").format(
                    name=name
                )
            )
        if guests.sum() <= 0:
            raise ValueError(_("{name} has no guests").format(name=name))
        tables[name] = (guests, spend)
    (g0, p0), (g1, p1) = tables["before"], tables["after"]
    if set(g0.index) != set(g1.index):
        raise ValueError(
            f"before and after must list the same segments; got {list(g0.index)} and "
            f"{list(g1.index)}"
        )
    g1, p1 = g1.reindex(g0.index), p1.reindex(g0.index)
    total0, total1 = g0.sum(), g1.sum()
    m0, m1 = g0 / total0, g1 / total1
    volume = (total1 - total0) * float((m0 * p0).sum())
    rate = total1 * float((m0 * (p1 - p0)).sum())
    mix = total1 * float(((m1 - m0) * p1).sum())
    return pd.Series(
        {"volume": volume, "mix": mix, "rate": rate, "total": volume + mix + rate},
        name="change_ron_per_evening",
    )
