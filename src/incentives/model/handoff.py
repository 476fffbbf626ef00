"""The hand-off from marketing to sales: response time, a service-level agreement, lead scores.

    response_buckets(minutes, edges=(60, 1440))     ordered categorical: under 1 h ... never
    response_table(leads, edges=(60, 1440))         funnel figures per response bucket
    response_penalty(minutes, half_life_hours=24)   the sample data's slow-response factor
    sla_compliance(leads, target_minutes, by)       share of leads contacted within a target
    lead_score_table(leads, by)                     close rate and gross profit per lead by source
    score_leads(leads, table, by)                   each lead's score: its source's profit per lead
    score_check(leads, scores, by)                  predicted against actual profit per lead

Conventions used in lesson 03: a bucket holds its lower edge and not its upper one (a lead
answered after exactly 60 minutes is in "1-24 h"); a lead meets a response target when it was
contacted within the target or exactly at it; a lead never contacted misses every target.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.assumptions import value
from incentives.model.funnels import funnel

__all__ = [
    "DEFAULT_EDGES_MINUTES",
    "NEVER",
    "response_buckets",
    "response_table",
    "response_penalty",
    "sla_compliance",
    "lead_score_table",
    "score_leads",
    "score_check",
]

DEFAULT_EDGES_MINUTES = (60, 1440)
NEVER = "never"


def _duration(minutes: float) -> str:
    """A short label for a number of minutes: ``45 min``, ``1 h``, ``24 h``, ``1.5 h``."""
    if minutes < 60:
        return f"{minutes:g} min"
    return f"{minutes / 60:g} h"


def _labels(edges: tuple[float, ...]) -> list[str]:
    labels = [f"under {_duration(edges[0])}"]
    for low, high in zip(edges[:-1], edges[1:], strict=False):
        if high < 60 or low >= 60:
            low_text = f"{low:g}" if high < 60 else f"{low / 60:g}"
            labels.append(f"{low_text}-{_duration(high)}")
        else:
            labels.append(f"{_duration(low)}-{_duration(high)}")
    labels.append(f"over {_duration(edges[-1])}")
    return labels


def _check_edges(edges) -> tuple[float, ...]:
    try:
        values = tuple(float(e) for e in edges)
    except (TypeError, ValueError):
        raise ValueError(
            _("edges must be a sequence of numbers of minutes; got {edges!r}").format(edges=edges)
        ) from None
    if not values:
        raise ValueError(_("edges must hold at least one number of minutes; got none"))
    if any(not math.isfinite(v) or v <= 0 for v in values):
        raise ValueError(
            _("edges must be positive, finite numbers of minutes; got {edges!r}").format(
                edges=edges
            )
        )
    if any(b <= a for a, b in zip(values[:-1], values[1:], strict=False)):
        raise ValueError(_("edges must increase strictly; got {edges!r}").format(edges=edges))
    return values


def _check_leads(leads, columns, name: str = "leads") -> None:
    if not isinstance(leads, pd.DataFrame):
        raise ValueError(
            _("{name} must be a pandas DataFrame; got {kind}").format(
                name=name, kind=type(leads).__name__
            )
        )
    missing = [c for c in columns if c not in leads.columns]
    if missing:
        raise ValueError(_("{name} lacks columns {missing}").format(name=name, missing=missing))


def _by_list(by) -> list[str]:
    if isinstance(by, str):
        return [by]
    if isinstance(by, (list, tuple)) and by and all(isinstance(b, str) for b in by):
        return list(by)
    raise ValueError(_("by must be a column name or a list of names; got {by!r}").format(by=by))


def response_buckets(minutes, edges=DEFAULT_EDGES_MINUTES, labels=None) -> pd.Series:
    """Sort first-response times into ordered buckets, with ``never`` for leads not contacted.

    Each bucket holds its lower edge but not its upper one: with the default edges (60 and
    1,440 minutes) a lead answered after 59.9 minutes is ``under 1 h``, one answered after 60
    is ``1-24 h`` and one after 1,440 is ``over 24 h``. A missing time (NaN) means the lead was
    never contacted.

    Args:
        minutes: First-response times in minutes (a Series, list or array); NaN for never.
        edges: Increasing bucket boundaries in minutes, all positive.
        labels: Names of the ``len(edges) + 1`` time buckets, fastest first; ``None`` for
            labels made from the edges (``under 1 h``, ``1-24 h``, ``over 24 h``).

    Returns:
        An ordered categorical Series (same index as ``minutes`` if it is a Series) whose
        categories are the time buckets, fastest first, then ``never``.

    Raises:
        ValueError: if ``edges`` is empty, not increasing or not positive, if ``labels`` has
            the wrong length or repeats a name, or if ``minutes`` holds a negative time.
    """
    values = _check_edges(edges)
    names = _labels(values) if labels is None else [str(x) for x in labels]
    if len(names) != len(values) + 1:
        raise ValueError(
            f"labels must name {len(values) + 1} buckets for {len(values)} edges; got {len(names)}"
        )
    if len(set(names + [NEVER])) != len(names) + 1:
        raise ValueError(
            _("labels must be distinct and must not be {never!r}; got {names}").format(
                never=NEVER, names=names
            )
        )
    index = minutes.index if isinstance(minutes, pd.Series) else None
    times = pd.to_numeric(pd.Series(minutes, index=index), errors="raise").astype(float)
    if (times < 0).any():
        raise ValueError(
            _("minutes must not be negative; got {minutes:g}").format(
                minutes=times[times < 0].iloc[0]
            )
        )
    codes = np.searchsorted(np.asarray(values), times.to_numpy(), side="right")
    codes = np.where(times.isna().to_numpy(), len(names), codes)
    categories = names + [NEVER]
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=categories, ordered=True, validate=False),
        index=times.index,
        name="response",
    )


def response_table(leads: pd.DataFrame, edges=DEFAULT_EDGES_MINUTES) -> pd.DataFrame:
    """Funnel figures per response bucket, with each bucket's share of all leads.

    Args:
        leads: One row per lead, as ``load("leads")``: ``first_response_minutes`` and the
            columns :func:`incentives.model.funnel` needs.
        edges: Bucket boundaries in minutes, as in :func:`response_buckets`.

    Returns:
        One row per bucket, fastest first, then ``never`` (index ``response``): the funnel
        columns (leads, contacted, won, close_rate, gross_profit_per_lead_eur, ...) and
        ``share_of_leads`` (0 to 1). Empty buckets are kept, with zero leads.
    """
    _check_leads(leads, ["first_response_minutes"])
    frame = leads.assign(response=response_buckets(leads["first_response_minutes"], edges))
    table = funnel(frame, "response")
    table = table.reindex(frame["response"].cat.categories)
    table.index.name = "response"
    counts = ["leads", "contacted", "won"]
    table[counts] = table[counts].fillna(0).astype(int)
    table["share_of_leads"] = table["leads"] / len(leads)
    return table


def response_penalty(minutes, half_life_hours: float = value("response_half_life_hours")):
    """The sample data's assumption: a lead answered after h hours wins ``1 / (1 + h / H)``.

    With ``H = 24`` a lead answered after one day is won half as often as one answered at
    once, after two days a third as often. This is far milder than Oldroyd, McElheran &
    Elkington (2011), who found leads reached within an hour about 60 times likelier to be
    qualified than leads reached after a day or more.

    Args:
        minutes: Response time(s) in minutes: a number, list, array or Series.
        half_life_hours: Hours ``H`` after which the win probability is halved.

    Returns:
        The factor(s) between 0 and 1 that multiply the win probability, in the same shape
        (a float for a number, a Series for a Series, else a NumPy array).

    Raises:
        ValueError: if ``half_life_hours`` is not positive or a time is negative.
    """
    if not (isinstance(half_life_hours, (int, float)) and half_life_hours > 0):
        raise ValueError(
            _("half_life_hours must be a positive number; got {half_life_hours!r}").format(
                half_life_hours=half_life_hours
            )
        )
    times = np.asarray(minutes, dtype=float)
    if (times < 0).any():
        raise ValueError(_("minutes must not be negative"))
    factor = 1.0 / (1.0 + times / 60.0 / half_life_hours)
    if isinstance(minutes, pd.Series):
        return pd.Series(factor, index=minutes.index, name="response_penalty")
    if factor.ndim == 0:
        return float(factor)
    return factor


def sla_compliance(leads: pd.DataFrame, target_minutes: float, by=None) -> pd.DataFrame:
    """Share of leads contacted within ``target_minutes``, per group.

    The sales side of a marketing-sales service-level agreement: every lead counts, and a
    lead never contacted misses the target.

    Args:
        leads: One row per lead with ``first_response_minutes`` (NaN: never contacted) and the
            ``by`` column(s).
        target_minutes: The promised response time in minutes; a lead answered at exactly
            the target meets it.
        by: Column name or list of names to group by (``"rep_id"``, ``"category"``), or
            ``None`` for one row, ``all``.

    Returns:
        One row per group: ``leads``, ``within_target`` (count), ``missed`` (count) and
        ``compliance`` (within_target / leads, 0 to 1).

    Raises:
        ValueError: if ``target_minutes`` is not a positive number, ``by`` is not a column
            name (or list of names), or ``leads`` lacks a needed column.
    """
    if isinstance(target_minutes, bool) or not isinstance(target_minutes, (int, float)):
        raise ValueError(
            _("target_minutes must be a number of minutes; got {target_minutes!r}").format(
                target_minutes=target_minutes
            )
        )
    if not target_minutes > 0:
        raise ValueError(
            _("target_minutes must be positive; got {target_minutes!r}").format(
                target_minutes=target_minutes
            )
        )
    keys = [] if by is None else _by_list(by)
    _check_leads(leads, ["first_response_minutes", *keys])
    met = leads["first_response_minutes"].le(target_minutes).fillna(False).astype(int)
    frame = leads[keys].assign(_lead=1, _met=met.to_numpy())
    if by is None:
        frame = frame.assign(group="all")
        keys = ["group"]
    table = frame.groupby(keys if len(keys) > 1 else keys[0], observed=True, sort=True).agg(
        leads=("_lead", "sum"), within_target=("_met", "sum")
    )
    table["missed"] = table["leads"] - table["within_target"]
    table["compliance"] = table["within_target"] / table["leads"]
    return table


def lead_score_table(leads: pd.DataFrame, by="landing_page") -> pd.DataFrame:
    """Close rate and gross profit per lead of each lead source: a score learned from history.

    Args:
        leads: One row per lead (the history to learn from), with the funnel columns and the
            ``by`` column(s).
        by: The source to score by: ``"landing_page"``, ``"campaign_id"`` or a list of them.

    Returns:
        One row per source: ``leads``, ``won``, ``close_rate`` and ``score_eur``, the gross
        profit per lead (EUR): what a new lead from that source is expected to earn.

    Raises:
        ValueError: if ``by`` is not a column name (or list of names), ``leads`` is empty or
            lacks a needed column.
    """
    keys = _by_list(by)
    _check_leads(leads, keys)
    if leads.empty:
        raise ValueError(_("leads is empty: there is no history to learn a score from"))
    table = funnel(leads, keys if len(keys) > 1 else keys[0])
    table = table[["leads", "won", "close_rate", "gross_profit_per_lead_eur"]]
    return table.rename(columns={"gross_profit_per_lead_eur": "score_eur"})


def score_leads(leads: pd.DataFrame, table: pd.DataFrame, by="landing_page", default=None):
    """Each lead's score: the expected gross profit per lead (EUR) of its source.

    Args:
        leads: The leads to score, with the ``by`` column(s).
        table: The output of :func:`lead_score_table` for the same ``by``.
        by: Column name or list of names, as used to build ``table``.
        default: Score for a source the table has never seen (a new campaign); ``None`` for
            the table's average over all its leads.

    Returns:
        A float Series ``score_eur`` aligned with ``leads``.

    Raises:
        ValueError: if ``by`` is not a column name (or list of names), ``table`` lacks
            ``leads`` or ``score_eur``, or ``leads`` lacks a ``by`` column.
    """
    keys = _by_list(by)
    _check_leads(leads, keys)
    _check_leads(table, ["leads", "score_eur"], name="table")
    if default is None:
        default = float((table["score_eur"] * table["leads"]).sum() / table["leads"].sum())
    lookup = table["score_eur"]
    if len(keys) == 1:
        scores = leads[keys[0]].map(lookup).astype(float)
    else:
        index = pd.MultiIndex.from_frame(leads[keys])
        scores = pd.Series(lookup.reindex(index).to_numpy(), index=leads.index, dtype=float)
    return scores.fillna(float(default)).rename("score_eur")


def score_check(leads: pd.DataFrame, scores: pd.Series, by="landing_page") -> pd.DataFrame:
    """Compare a score with what the leads earned, per group (the test of a score).

    Args:
        leads: Scored leads with ``gross_margin_eur`` and the ``by`` column(s).
        scores: One score (EUR) per lead, aligned with ``leads`` (from :func:`score_leads`).
        by: Column name or list of names to group by.

    Returns:
        One row per group: ``leads``, ``predicted_eur`` (sum of scores),
        ``actual_eur`` (sum of gross margin), ``error_eur`` (predicted - actual) and
        ``predicted_per_lead_eur`` and ``actual_per_lead_eur``.

    Raises:
        ValueError: if ``scores`` does not have one value per lead, or a column is missing.
    """
    keys = _by_list(by)
    _check_leads(leads, ["gross_margin_eur", *keys])
    if len(scores) != len(leads):
        raise ValueError(
            _("scores must have one value per lead ({count_leads}); got {count_scores}").format(
                count_leads=len(leads), count_scores=len(scores)
            )
        )
    frame = leads[keys].assign(
        _lead=1, _score=np.asarray(scores, dtype=float), _margin=leads["gross_margin_eur"]
    )
    table = frame.groupby(keys if len(keys) > 1 else keys[0], observed=True, sort=True).agg(
        leads=("_lead", "sum"), predicted_eur=("_score", "sum"), actual_eur=("_margin", "sum")
    )
    table["error_eur"] = table["predicted_eur"] - table["actual_eur"]
    table["predicted_per_lead_eur"] = table["predicted_eur"] / table["leads"]
    table["actual_per_lead_eur"] = table["actual_eur"] / table["leads"]
    return table
