"""Sales: how reps split their hours between lead types, and what that wins.

A rep who spends ``t`` hours on a lead of type ``k`` wins it with probability

    p_k(t) = P_k * (1 - exp(-t / tau_k))   for t >= tmin_k, and 0 below,

where ``P_k`` is the ceiling win probability, ``tau_k`` the time constant and ``tmin_k``
the minimum handling time (a call, a quote: less than that is not working the lead at all).

Reps choose the hours per lead ``t_k`` that maximise their expected pay
``sum_k N_k p_k(t_k) c_k`` within their hours ``sum_k N_k t_k <= R * H``. For a given set of
worked types the optimum is ``t_k = tau_k * ln(c_k P_k / (tau_k * lambda))``, raised to
``tmin_k`` (and capped at ``max_hours``), with the multiplier ``lambda`` found by bisection
so that the hours are used up; the best set of worked types is found by comparing every
set (a type ``worked_after`` another is worked only with it: the cold leads of a type after
its hot ones, when sales can tell them apart). The company's profit-maximising split is the
same calculation with the company's gain per won deal (gross margin less commission) in
place of the rep's commission. (Holmstrom and Milgrom 1991 for why this matters.)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from incentives.i18n import _
from incentives.model.plans import Plan

__all__ = [
    "LeadType",
    "SalesTeam",
    "Allocation",
    "win_probability",
    "allocate_time",
    "allocate_time_many",
    "allocation_of_hours",
    "profit_maximising_allocation",
    "expected_per_lead",
]

_BISECTION_STEPS = 64


@dataclass(frozen=True)
class LeadType:
    """A kind of lead and what it takes to win it.

    Args:
        name: Short name, e.g. ``"gate"``.
        value_eur: Deal value (revenue) when won, EUR.
        margin_rate: Gross margin as a share of value, 0 to 1.
        win_ceiling: ``P_k``, the win probability with unlimited time, 0 to 1.
        time_constant_hours: ``tau_k``, hours for ~63% of the ceiling; > 0.
        min_hours: ``tmin_k``, below this a lead is not worked at all; >= 0.
        max_hours: Most hours a rep would spend on one lead; > min_hours.
        category: The company's word for this kind of product (``"part"``, ``"service"``);
            the name itself when not given.
        worked_after: The name of another lead type whose leads the reps work first:
            these leads get time only when that type's leads do (the cold share of a lead
            type after its hot share, when sales can tell them apart). Empty: no order.
    """

    name: str
    value_eur: float
    margin_rate: float
    win_ceiling: float
    time_constant_hours: float
    min_hours: float = 0.0
    max_hours: float = 8.0
    category: str = ""
    worked_after: str = ""

    def __post_init__(self):
        if not self.category:
            object.__setattr__(self, "category", self.name)
        checks = {
            "value_eur": self.value_eur >= 0,
            "margin_rate": 0 <= self.margin_rate <= 1,
            "win_ceiling": 0 <= self.win_ceiling <= 1,
            "time_constant_hours": self.time_constant_hours > 0,
            "min_hours": self.min_hours >= 0,
            "max_hours": self.max_hours > self.min_hours,
        }
        for name, ok in checks.items():
            value = getattr(self, name)
            if not ok or (isinstance(value, float) and math.isnan(value)):
                raise ValueError(
                    _("LeadType {name!r}: bad {name2} {value!r}").format(
                        name=self.name, name2=name, value=value
                    )
                )

    @property
    def margin_eur(self) -> float:
        """Gross margin of one won deal, EUR."""
        return self.value_eur * self.margin_rate


@dataclass(frozen=True)
class SalesTeam:
    """The sales force: ``reps`` people with ``hours_per_rep`` selling hours each."""

    reps: int = 3
    hours_per_rep: float = 120.0

    def __post_init__(self):
        if not isinstance(self.reps, int | np.integer) or self.reps < 0:
            raise ValueError(
                _("reps must be a whole number >= 0; got {reps!r}").format(reps=self.reps)
            )
        if not self.hours_per_rep >= 0:
            raise ValueError(
                _("hours_per_rep must be >= 0; got {hours_per_rep!r}").format(
                    hours_per_rep=self.hours_per_rep
                )
            )

    @property
    def hours(self) -> float:
        return float(self.reps * self.hours_per_rep)


def win_probability(hours, win_ceiling, time_constant_hours, min_hours=0.0):
    """``p(t) = P * (1 - exp(-t / tau))`` for ``t >= tmin``, else 0; arrays broadcast."""
    t = np.asarray(hours, dtype=float)
    p = np.asarray(win_ceiling, dtype=float) * -np.expm1(-t / np.asarray(time_constant_hours))
    return np.where((t >= np.asarray(min_hours) - 1e-12) & (t > 0), p, 0.0)


@dataclass(frozen=True)
class Allocation:
    """How the hours are split, per lead type, and what follows.

    Arrays are in the order of ``lead_types``. ``shadow_price`` is the multiplier lambda:
    what one more selling hour is worth to whoever chose the split (EUR per hour).
    """

    lead_types: tuple[LeadType, ...]
    leads: np.ndarray
    hours_per_lead: np.ndarray
    commission_per_win_eur: np.ndarray
    shadow_price: float
    hours_available: float

    @property
    def worked(self) -> np.ndarray:
        return self.hours_per_lead > 0

    @property
    def win_probability(self) -> np.ndarray:
        return win_probability(
            self.hours_per_lead,
            [k.win_ceiling for k in self.lead_types],
            [k.time_constant_hours for k in self.lead_types],
            [k.min_hours for k in self.lead_types],
        )

    @property
    def expected_wins(self) -> np.ndarray:
        return self.leads * self.win_probability

    @property
    def hours_used(self) -> float:
        return float(np.sum(self.leads * self.hours_per_lead))

    @property
    def revenue_eur(self) -> np.ndarray:
        return self.expected_wins * [k.value_eur for k in self.lead_types]

    @property
    def gross_margin_eur(self) -> np.ndarray:
        return self.expected_wins * [k.margin_eur for k in self.lead_types]

    @property
    def commission_eur(self) -> np.ndarray:
        return self.expected_wins * self.commission_per_win_eur

    def table(self) -> pd.DataFrame:
        """One row per lead type: its category, leads, minutes per lead, wins, revenue, margin
        and commission."""
        return pd.DataFrame(
            {
                "category": [k.category for k in self.lead_types],
                "leads": self.leads,
                "worked": self.worked,
                "minutes_per_lead": self.hours_per_lead * 60,
                "win_probability": self.win_probability,
                "expected_wins": self.expected_wins,
                "revenue_eur": self.revenue_eur,
                "gross_margin_eur": self.gross_margin_eur,
                "commission_eur": self.commission_eur,
            },
            index=pd.Index([k.name for k in self.lead_types], name="lead_type"),
        )


def _arrays(lead_types):
    def get(attribute):
        return np.array([getattr(k, attribute) for k in lead_types], dtype=float)

    return (
        get("win_ceiling"),
        get("time_constant_hours"),
        get("min_hours"),
        get("max_hours"),
    )


def _worked_sets(lead_types) -> list[tuple[int, ...]]:
    """Every set of lead types the reps may work, smallest first: a type that is
    ``worked_after`` another is in a set only with that other type."""
    index = {k.name: i for i, k in enumerate(lead_types)}
    unknown = sorted({k.worked_after for k in lead_types if k.worked_after} - set(index))
    if unknown:
        raise ValueError(
            _("worked_after names unknown lead types {unknown}; known {index}").format(
                unknown=unknown, index=list(index)
            )
        )
    first = [(index[k.worked_after], i) for i, k in enumerate(lead_types) if k.worked_after]
    sets = [()]
    for r in range(1, len(lead_types) + 1):
        sets += [
            chosen
            for chosen in itertools.combinations(range(len(lead_types)), r)
            if all(before in chosen for before, after in first if after in chosen)
        ]
    return sets


def _best_splits(gain_per_win, leads, lead_types, hours_available):
    """Maximise ``sum N_k p_k(t_k) gain_k`` over the worked set and the hours, for every row
    of ``leads`` (cases x types) at once.

    For each case and each set of worked types: bisection on log(lambda), then an exact last
    step (hours used are linear in log(lambda) between kinks); the best set wins, ties going
    to the smaller set (listed first). Returns (hours per lead: cases x types, multipliers).
    """
    ceiling, tau, tmin, tmax = _arrays(lead_types)
    leads = np.atleast_2d(np.asarray(leads, dtype=float))
    cases, size = leads.shape
    gain = np.asarray(gain_per_win, dtype=float)
    with np.errstate(under="ignore"):
        gain_rate = gain * ceiling / tau  # expected gain per hour on a lead's first minute
    useful = (leads > 0) & np.isfinite(gain_rate) & (gain_rate > 0)  # cases x types
    sets = _worked_sets(lead_types)
    n_sets = len(sets)
    set_mask = np.zeros((n_sets, size), dtype=bool)
    for row, chosen in enumerate(sets):
        set_mask[row, list(chosen)] = True
    # One row per (case, set); a set holding a type that is useless in that case is invalid.
    mask = np.tile(set_mask, (cases, 1))
    case_leads = np.repeat(leads, n_sets, axis=0)
    case_useful = np.repeat(useful, n_sets, axis=0)
    valid = ~(mask & ~case_useful).any(axis=1)
    log_gain = np.log(np.where(case_useful, gain_rate, 1.0))

    def hours_at(log_lambda):
        t = tau * (log_gain - log_lambda[:, None])
        return np.where(mask, np.clip(t, tmin, tmax), 0.0)

    minimum = (mask * case_leads * tmin).sum(axis=1)
    maximum = (mask * case_leads * tmax).sum(axis=1)
    feasible = minimum <= hours_available * (1 + 1e-12)
    low = np.full(len(mask), -60.0)
    high = np.full(len(mask), float(np.max(log_gain, initial=0.0)) + 1.0)
    for _step in range(_BISECTION_STEPS):
        middle = (low + high) / 2
        too_many = (hours_at(middle) * case_leads).sum(axis=1) > hours_available
        low = np.where(too_many, middle, low)
        high = np.where(too_many, high, middle)
    log_lambda = high
    slack = maximum <= hours_available  # every worked lead gets max_hours; hours left over
    hours = hours_at(log_lambda)
    hours[slack] = np.where(mask[slack], tmax, 0.0)

    interior = mask & (hours > tmin) & (hours < tmax)
    weight = (interior * case_leads * tau).sum(axis=1)
    fixed = ((~interior) * hours * case_leads).sum(axis=1)
    target = (interior * case_leads * tau * log_gain).sum(axis=1)
    refine = feasible & ~slack & (weight > 0)
    exact = np.where(refine, (target + fixed - hours_available) / np.where(refine, weight, 1), 0)
    hours = np.where(refine[:, None] & interior, tau * (log_gain - exact[:, None]), hours)
    log_lambda = np.where(refine, exact, log_lambda)

    p = np.where(mask, ceiling * -np.expm1(-hours / tau), 0.0)
    value = (case_leads * p * gain).sum(axis=1)
    value[~(feasible & valid)] = -np.inf
    best = np.argmax(value.reshape(cases, n_sets), axis=1)
    rows = np.arange(cases) * n_sets + best
    multipliers = np.where(slack[rows] | (best == 0), 0.0, np.exp(log_lambda[rows]))
    return hours[rows], multipliers


def _check_inputs(lead_types, leads):
    lead_types = tuple(lead_types)
    leads = np.asarray(leads, dtype=float)
    if leads.shape != (len(lead_types),):
        raise ValueError(
            f"leads needs one count per lead type ({len(lead_types)}); got shape {leads.shape}"
        )
    if np.any(leads < 0) or np.any(np.isnan(leads)):
        raise ValueError(_("leads must be counts >= 0; got {leads}").format(leads=leads.tolist()))
    return lead_types, leads


def _commission_per_win(lead_types, plan: Plan) -> np.ndarray:
    value = np.array([k.value_eur for k in lead_types], dtype=float)
    margin = np.array([k.margin_eur for k in lead_types], dtype=float)
    return np.asarray(plan.commission(value, margin), dtype=float)


def allocate_time(lead_types, leads, team: SalesTeam, plan: Plan) -> Allocation:
    """The split of hours that maximises the reps' expected pay under ``plan``.

    Args:
        lead_types: The kinds of lead (a sequence of :class:`LeadType`).
        leads: Number of leads of each type, same order.
        team: The sales force and its hours.
        plan: The commission plan.

    Returns:
        An :class:`Allocation`; lead types not worked get 0 hours.
    """
    (allocation,) = allocate_time_many(lead_types, [leads], team, plan)
    return allocation


def allocate_time_many(lead_types, leads_rows, team: SalesTeam, plan: Plan) -> list[Allocation]:
    """:func:`allocate_time` for many lead counts at once (one row per case), in one pass.

    Weighing several budget splits costs about as much as one: labs use it to let a
    department choose among options quickly.
    """
    lead_types = tuple(lead_types)
    rows = [_check_inputs(lead_types, leads)[1] for leads in leads_rows]
    commission = _commission_per_win(lead_types, plan)
    hours, multipliers = _best_splits(commission, np.array(rows), lead_types, team.hours)
    return [
        Allocation(lead_types, leads, hours[i], commission, float(multipliers[i]), team.hours)
        for i, leads in enumerate(rows)
    ]


def allocation_of_hours(lead_types, leads, hours, team: SalesTeam, plan: Plan) -> Allocation:
    """The outcome of a split of hours chosen by hand, not by the model.

    The ``hours[k]`` selling hours on a lead type are shared equally among its ``leads[k]``
    leads (hours on a type with no leads are lost); a lead gets at most its type's
    ``max_hours`` (hours beyond that are not used) and is not worked below ``min_hours``
    (:func:`win_probability`). Given the hours of :func:`allocate_time`'s split
    (``leads * hours_per_lead``), it returns that split.

    Args:
        lead_types: The kinds of lead.
        leads: Number of leads of each type, same order.
        hours: Selling hours on each type, same order; each >= 0, at most ``team.hours``
            in all.
        team: The sales force.
        plan: The commission plan the reps are paid under.

    Returns:
        An :class:`Allocation` whose ``shadow_price`` is NaN (no one optimised the split).

    Raises:
        ValueError: for hours of the wrong length, negative or not finite, or more in all
            than the team has.
    """
    lead_types, leads = _check_inputs(lead_types, leads)
    hours = np.asarray(hours, dtype=float)
    if hours.shape != leads.shape:
        raise ValueError(
            _("hours needs one figure per lead type ({leads_size}); got {hours_shape}").format(
                leads_size=leads.size, hours_shape=hours.shape
            )
        )
    if not np.all(np.isfinite(hours)) or np.any(hours < 0):
        raise ValueError(_("hours must be numbers >= 0; got {hours}").format(hours=hours.tolist()))
    if hours.sum() > team.hours * (1 + 1e-9):
        raise ValueError(
            _("hours add up to {hours:g}, more than the team's {team_hours:g}").format(
                hours=hours.sum(), team_hours=team.hours
            )
        )
    per_lead = np.divide(hours, leads, out=np.zeros_like(hours), where=leads > 0)
    per_lead = np.minimum(per_lead, _arrays(lead_types)[3])
    commission = _commission_per_win(lead_types, plan)
    return Allocation(lead_types, leads, per_lead, commission, math.nan, team.hours)


def profit_maximising_allocation(
    lead_types, leads, team: SalesTeam, plan: Plan | None = None
) -> Allocation:
    """The split of hours that maximises the company's expected profit.

    The company gains each won deal's gross margin less the commission ``plan`` pays for it
    (no commission when ``plan`` is None). Fixed pay and ad spend do not depend on the split.
    """
    lead_types, leads = _check_inputs(lead_types, leads)
    margin = np.array([k.margin_eur for k in lead_types], dtype=float)
    commission = (
        np.zeros(len(lead_types)) if plan is None else _commission_per_win(lead_types, plan)
    )
    hours, multipliers = _best_splits(margin - commission, leads, lead_types, team.hours)
    return Allocation(lead_types, leads, hours[0], commission, float(multipliers[0]), team.hours)


def expected_per_lead(lead_type_codes, lead_types, team: SalesTeam, plan: Plan) -> pd.DataFrame:
    """Per lead: the hours the reps give it under ``plan``, and what it is expected to bring.

    Vectorised: the reps' split is computed once from the count of each type, then looked
    up for every lead, so the time grows slowly with the leads (docs/performance.md).

    Args:
        lead_type_codes: For each lead, the index of its type in ``lead_types`` (ints).
        lead_types: The kinds of lead.
        team: The sales force.
        plan: The commission plan the reps are paid under.

    Returns:
        One row per lead: ``hours``, ``win_probability``, ``expected_revenue_eur``,
        ``expected_margin_eur`` and ``expected_commission_eur``.
    """
    codes = np.asarray(lead_type_codes)
    lead_types = tuple(lead_types)
    if codes.size and (codes.min() < 0 or codes.max() >= len(lead_types)):
        raise ValueError(
            _("lead_type_codes must be between 0 and {count_lead_types}").format(
                count_lead_types=len(lead_types) - 1
            )
        )
    counts = np.bincount(codes, minlength=len(lead_types)).astype(float)
    allocation = allocate_time(lead_types, counts, team, plan)
    p = allocation.win_probability[codes]
    value = np.array([k.value_eur for k in lead_types])[codes]
    margin = np.array([k.margin_eur for k in lead_types])[codes]
    return pd.DataFrame(
        {
            "hours": allocation.hours_per_lead[codes],
            "win_probability": p,
            "expected_revenue_eur": p * value,
            "expected_margin_eur": p * margin,
            "expected_commission_eur": p * allocation.commission_per_win_eur[codes],
        }
    )
