"""Replay on the data: a pay plan applied to the leads in a company's leads table.

    replay(leads, plan)              one row per month: leads, won, revenue, margin, ad
                                     spend, sales pay under ``plan`` and the profit left
    replay(leads, plan, total=True)  the same summed into one row

The replay keeps every lead's outcome as it was: the same deals are won, only the pay for
them changes. It answers "what would this plan have cost us last year?", not "what would
the reps have done under it?" (that is the model's question, ``incentives.model.company``);
``REPLAY_VS_MODEL`` says so in one sentence a lab can show.

The funnel figures come from :func:`incentives.model.funnels.funnel`. The sales pay of a
month is ``plan.payout`` of that month's won deals, so every plan is paid by its own rule:
salaries of a BasePlusBonus plan for ``reps`` reps, and a profit-sharing plan (TeamPool,
or a Blend or BasePlusBonus holding one) on the month's profit before sales pay.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from incentives.i18n import N_, _
from incentives.model.funnels import funnel, sales_pay_by
from incentives.model.plans import Plan

__all__ = ["REPLAY_COLUMNS", "REPLAY_VS_MODEL", "replay"]

REPLAY_VS_MODEL = N_(
    "The replay pays the new plan on the deals won in the leads table, as if the reps kept "
    "working exactly as before, while the model lets the reps re-plan their time under the "
    "new plan, so they win other deals and the two answers differ."
)
"""Why replay and model give different figures for the same plan (one sentence)."""

REQUIRED_COLUMNS = ("contacted", "outcome", "cost_eur", "deal_value_eur", "gross_margin_eur")
"""The columns of a leads table that :func:`replay` reads (besides the ``by`` column)."""

MONEY_COLUMNS = ("cost_eur", "deal_value_eur", "gross_margin_eur")

REPLAY_COLUMNS = (
    "leads",
    "contacted",
    "won",
    "revenue_eur",
    "gross_margin_eur",
    "ad_spend_eur",
    "fixed_costs_eur",
    "profit_before_pay_eur",
    "sales_pay_eur",
    "profit_eur",
)
"""The columns of :func:`replay`'s result, in order; every one adds up across months."""

COUNT_COLUMNS = ("leads", "contacted", "won")


def replay(
    leads: pd.DataFrame,
    plan: Plan,
    *,
    reps: int | None = None,
    fixed_costs_eur_per_month: float = 0.0,
    by: str = "month",
    total: bool = False,
) -> pd.DataFrame:
    """What ``plan`` would have paid, and the profit left, on the deals won in the leads table.

    Each lead keeps its outcome: the replay assumes behaviour stays as it was. Per month
    (per value of ``by``)::

        profit_before_pay_eur = gross_margin_eur - ad_spend_eur - fixed_costs_eur
        sales_pay_eur         = plan.payout(that month's won deals, reps=reps,
                                            profit_before_pay_eur=profit_before_pay_eur)
        profit_eur            = profit_before_pay_eur - sales_pay_eur

    So sales pay includes a BasePlusBonus plan's salaries (``reps`` reps, every month in
    the table) and a profit-sharing plan (TeamPool) pays its share of that month's profit
    before pay, nothing in a month with a loss. Lost and not-contacted leads pay nothing.
    A month with no leads at all has no row (and no salaries).

    Args:
        leads: One row per lead, as ``incentives.data.load("leads")``: at least
            ``contacted``, ``outcome`` (``"won"`` for a won deal), ``cost_eur``,
            ``deal_value_eur``, ``gross_margin_eur`` and the ``by`` column.
        plan: The commission plan to replay, e.g. ``TieredRevenue()``.
        reps: Number of reps paid a salary each month (matters for BasePlusBonus only).
            ``None`` counts the distinct ``rep_id`` values in the table.
        fixed_costs_eur_per_month: Costs other than ad spend and sales pay, EUR per month
            (per group of ``by``); they lower the profit a TeamPool shares.
        by: The column naming the pay period, ``"month"`` (YYYY-MM) by default.
        total: Return one row, labelled ``"total"``, instead of one per month. Its sales
            pay is the sum of the monthly pay: a profit-sharing plan is paid month by
            month on each month's profit (a loss-making month pays 0 and does not offset
            a good one), not once on the year's profit.

    Returns:
        A DataFrame indexed by ``by`` (sorted), with the columns ``REPLAY_COLUMNS``:
        leads, contacted, won (counts), revenue_eur (sum of deal_value_eur),
        gross_margin_eur, ad_spend_eur (sum of cost_eur), fixed_costs_eur,
        profit_before_pay_eur, sales_pay_eur and profit_eur, all in EUR. An empty
        leads table gives an empty result with the same columns (or, with ``total``,
        one row of zeros).

    Raises:
        ValueError: if ``leads`` is not a DataFrame or lacks a column (the message names
            them), a money column holds a missing or non-numeric value, ``plan`` is not a
            :class:`~incentives.model.plans.Plan`, ``reps`` or the fixed costs are
            negative or not numbers, or ``reps`` is ``None`` for a plan with salaries and
            the table has no ``rep_id`` column.
    """
    _check_leads(leads, by)
    if not isinstance(plan, Plan):
        raise ValueError(
            _("plan must be a Plan, e.g. TieredRevenue(); got {plan!r}").format(plan=plan)
        )
    reps = _reps(leads, plan, reps)
    fixed = _fixed_costs(fixed_costs_eur_per_month)

    table = _monthly(leads, plan, reps=reps, fixed_costs_eur=fixed, by=by)
    if total:
        table = table.sum().to_frame("total").T.rename_axis(by)
        table = table.astype({c: "int64" for c in COUNT_COLUMNS})
    return table


def _monthly(
    leads: pd.DataFrame, plan: Plan, *, reps: int, fixed_costs_eur: float, by: str
) -> pd.DataFrame:
    """One row per group of ``by``: funnel sums, pay under ``plan`` and profit."""
    if leads.empty:
        empty = {
            c: pd.Series(dtype="int64" if c in COUNT_COLUMNS else float) for c in REPLAY_COLUMNS
        }
        return pd.DataFrame(empty, index=pd.Index([], name=by))
    table = funnel(leads, by)
    table["fixed_costs_eur"] = float(fixed_costs_eur)
    table["profit_before_pay_eur"] = (
        table["gross_margin_eur"] - table["ad_spend_eur"] - table["fixed_costs_eur"]
    )
    table["sales_pay_eur"] = sales_pay_by(
        leads, plan, by, table["profit_before_pay_eur"], reps=reps
    )
    table["profit_eur"] = table["profit_before_pay_eur"] - table["sales_pay_eur"]
    return table[list(REPLAY_COLUMNS)]


def _check_leads(leads: pd.DataFrame, by: str) -> None:
    if not isinstance(leads, pd.DataFrame):
        raise ValueError(
            _("leads must be a pandas DataFrame; got {kind}").format(kind=type(leads).__name__)
        )
    if not isinstance(by, str):
        raise ValueError(_("by must be one column name, e.g. 'month'; got {by!r}").format(by=by))
    missing = [c for c in (*REQUIRED_COLUMNS, by) if c not in leads.columns]
    if missing:
        raise ValueError(_("leads table lacks columns {missing}").format(missing=missing))
    for column in MONEY_COLUMNS:
        values = leads[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(
                _("column {column!r} must hold numbers in EUR; got {values_dtype}").format(
                    column=column, values_dtype=values.dtype
                )
            )
        bad = ~np.isfinite(values.to_numpy(dtype=float))
        if bad.any():
            rows = list(leads.index[bad][:5])
            raise ValueError(
                _("column {column!r} has missing or infinite values in rows {rows}").format(
                    column=column, rows=rows
                )
            )


def _reps(leads: pd.DataFrame, plan: Plan, reps: int | None) -> int:
    if reps is None:
        if "rep_id" in leads.columns:
            return int(leads["rep_id"].nunique())
        if plan.fixed_pay_eur(1) > 0:
            raise ValueError(
                "reps is None and the leads table has no rep_id column to count them; "
                "pass reps= for a plan that pays salaries"
            )
        return 0
    if isinstance(reps, bool) or not isinstance(reps, numbers.Integral):
        raise ValueError(_("reps must be a whole number of reps; got {reps!r}").format(reps=reps))
    if reps < 0:
        raise ValueError(_("reps must be >= 0; got {reps}").format(reps=reps))
    return int(reps)


def _fixed_costs(value: float) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
    ):
        raise ValueError(
            _("fixed_costs_eur_per_month must be a finite number; got {value!r}").format(
                value=value
            )
        )
    if value < 0:
        raise ValueError(
            _("fixed_costs_eur_per_month must be >= 0; got {value}").format(value=value)
        )
    return float(value)
