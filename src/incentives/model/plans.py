"""Commission plans: how much a salesperson earns for a won deal.

Each plan is a small frozen object. ``commission(value_eur, margin_eur)`` gives the pay for
each won deal of the given value and gross margin (arrays welcome); it is what steers the
reps' choice of which leads to work (``incentives.model.sales``). ``payout(...)`` gives what the
plan costs the company in total for a set of won deals.

| plan | commission per won deal |
| --- | --- |
| ``RevenueShare(rate)`` | ``rate * value`` |
| ``TieredRevenue(thresholds_eur, rates)`` | ``rate of the deal's tier * value`` |
| ``MarginShare(rate)`` | ``rate * gross margin`` |
| ``FlatFee(fee_eur)`` | ``fee`` |
| ``TeamPool(share)`` | paid as ``share * company profit``; a deal adds ``share * margin`` |
| ``BasePlusBonus(base_eur, bonus)`` | a fixed salary per rep plus ``bonus``'s commission |
| ``Blend(((w1, plan1), (w2, plan2)))`` | ``w1 * plan1's + w2 * plan2's`` |

Sources: the course's model (docs/model.md, "The model in brief"); Farley (1964) and
Weinberg (1978) on commission on gross margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Plan",
    "RevenueShare",
    "TieredRevenue",
    "MarginShare",
    "FlatFee",
    "TeamPool",
    "BasePlusBonus",
    "Blend",
    "plan_in_force",
]


def _check_number(name: str, value: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0; got {value}")
    if value > high:
        raise ValueError(f"{name} must be at most {high}; got {value}")


def _check_share(name: str, value: float) -> None:
    """A rate or share: a number from 0 to 1."""
    _check_number(name, value, high=1.0)


def _check_amount(name: str, value: float) -> None:
    """An amount in EUR or a weight: a number from 0 up."""
    _check_number(name, value, high=math.inf)


class Plan:
    """What every commission plan offers; see the module docstring for the plans."""

    kind = "plan"
    shares_profit = False  # True when pay is a share of company profit (TeamPool)

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        """Pay for each won deal, in EUR.

        Args:
            value_eur: The deals' values (revenue), in EUR.
            margin_eur: The deals' gross margins, in EUR.

        Returns:
            A float array of the same shape, never negative.
        """
        raise NotImplementedError

    def fixed_pay_eur(self, reps: int) -> float:
        """Pay that does not depend on deals (salaries), for ``reps`` reps."""
        return 0.0

    def payout(
        self, value_eur, margin_eur, *, wins=1.0, reps: int = 0, profit_before_pay_eur=0.0
    ) -> float:
        """What the plan costs in total, in EUR: pay for won deals plus fixed pay.

        Args:
            value_eur: Value of each won deal (or of each group of deals), EUR.
            margin_eur: Gross margin of each, EUR.
            wins: Number of deals in each group (expected wins may be fractional).
            reps: Number of reps, for salaries.
            profit_before_pay_eur: Company profit before any sales pay (used by TeamPool).
        """
        commission = self.commission(value_eur, margin_eur) * np.asarray(wins, dtype=float)
        return float(np.sum(commission)) + self.fixed_pay_eur(reps)


@dataclass(frozen=True)
class RevenueShare(Plan):
    """A share of each deal's value: ``rate * value``."""

    rate: float = 0.05
    kind = "revenue_share"

    def __post_init__(self):
        _check_share("rate", self.rate)

    def commission(self, value_eur, margin_eur=None) -> np.ndarray:
        return self.rate * np.asarray(value_eur, dtype=float)


@dataclass(frozen=True)
class TieredRevenue(Plan):
    """A share of each deal's value, at the rate of the tier the deal falls in.

    Args:
        thresholds_eur: Lower bound of each tier in EUR, starting at 0, strictly increasing.
        rates: The rate for a deal in each tier (the whole deal at that rate).

    The default is the check run's plan: 1% on deals below EUR 500, 5% from EUR 500 up.
    """

    thresholds_eur: tuple[float, ...] = (0.0, 500.0)
    rates: tuple[float, ...] = (0.01, 0.05)
    kind = "tiered_revenue"

    def __post_init__(self):
        thresholds = tuple(float(x) for x in self.thresholds_eur)
        rates = tuple(float(x) for x in self.rates)
        object.__setattr__(self, "thresholds_eur", thresholds)
        object.__setattr__(self, "rates", rates)
        if len(thresholds) != len(rates) or not rates:
            raise ValueError(
                f"thresholds_eur and rates need one entry per tier; "
                f"got {len(thresholds)} thresholds and {len(rates)} rates"
            )
        if thresholds[0] != 0:
            raise ValueError(f"thresholds_eur must start at 0; got {thresholds[0]}")
        if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
            raise ValueError(f"thresholds_eur must be strictly increasing; got {thresholds}")
        for rate in rates:
            _check_share("rates", rate)

    def rate_for(self, value_eur) -> np.ndarray:
        """The rate that applies to deals of these values."""
        value = np.asarray(value_eur, dtype=float)
        tier = np.searchsorted(self.thresholds_eur, value, side="right") - 1
        return np.asarray(self.rates)[np.clip(tier, 0, None)]

    def commission(self, value_eur, margin_eur=None) -> np.ndarray:
        value = np.asarray(value_eur, dtype=float)
        return self.rate_for(value) * value


@dataclass(frozen=True)
class MarginShare(Plan):
    """A share of each deal's gross margin: ``rate * margin``."""

    rate: float = 0.12
    kind = "margin_share"

    def __post_init__(self):
        _check_share("rate", self.rate)

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        return self.rate * np.clip(np.asarray(margin_eur, dtype=float), 0, None)


@dataclass(frozen=True)
class FlatFee(Plan):
    """The same fee for every won deal, whatever it is worth."""

    fee_eur: float = 30.0
    kind = "flat_fee"

    def __post_init__(self):
        _check_amount("fee_eur", self.fee_eur)

    def commission(self, value_eur, margin_eur=None) -> np.ndarray:
        return np.full(np.shape(value_eur), float(self.fee_eur))


@dataclass(frozen=True)
class TeamPool(Plan):
    """The reps share ``share`` of the company's profit (before this pool), if positive.

    A won deal adds its gross margin to profit, so at the margin each deal earns the team
    ``share * margin``: that is what :meth:`commission` returns, and what steers the reps.
    """

    share: float = 0.10
    kind = "team_pool"
    shares_profit = True

    def __post_init__(self):
        _check_share("share", self.share)

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        return self.share * np.clip(np.asarray(margin_eur, dtype=float), 0, None)

    def payout(
        self, value_eur, margin_eur, *, wins=1.0, reps: int = 0, profit_before_pay_eur=0.0
    ) -> float:
        return self.share * max(float(profit_before_pay_eur), 0.0)


@dataclass(frozen=True)
class BasePlusBonus(Plan):
    """A fixed salary per rep plus the commission of another plan (the bonus).

    Args:
        base_eur: Salary per rep for the period, in EUR.
        bonus: The plan that pays for won deals.
    """

    base_eur: float = 2_000.0
    bonus: Plan = field(default_factory=MarginShare)
    kind = "base_plus_bonus"

    def __post_init__(self):
        _check_amount("base_eur", self.base_eur)
        if not isinstance(self.bonus, Plan) or isinstance(self.bonus, BasePlusBonus):
            raise ValueError(f"bonus must be a plan other than BasePlusBonus; got {self.bonus!r}")

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        return self.bonus.commission(value_eur, margin_eur)

    def fixed_pay_eur(self, reps: int) -> float:
        return self.base_eur * reps

    @property
    def shares_profit(self) -> bool:
        return self.bonus.shares_profit

    def payout(
        self, value_eur, margin_eur, *, wins=1.0, reps: int = 0, profit_before_pay_eur=0.0
    ) -> float:
        salaries = self.fixed_pay_eur(reps)
        bonus = self.bonus.payout(
            value_eur,
            margin_eur,
            wins=wins,
            reps=0,
            profit_before_pay_eur=float(profit_before_pay_eur) - salaries,
        )
        return bonus + salaries


@dataclass(frozen=True)
class Blend(Plan):
    """Several plans at once, each weighted: e.g. half on revenue, half on company profit.

    Args:
        parts: ``((weight, plan), ...)``; weights >= 0. A deal pays ``sum(weight *
            plan's commission)``; the payout is the weighted sum of the plans' payouts.
    """

    parts: tuple[tuple[float, Plan], ...] = ((1.0, MarginShare()),)
    kind = "blend"

    def __post_init__(self):
        parts = tuple((float(w), p) for w, p in self.parts)
        object.__setattr__(self, "parts", parts)
        if not parts:
            raise ValueError("parts needs at least one (weight, plan) pair")
        for weight, plan in parts:
            _check_amount("weight", weight)
            if not isinstance(plan, Plan) or isinstance(plan, Blend | BasePlusBonus):
                raise ValueError(f"parts must hold simple plans; got {plan!r}")

    @property
    def shares_profit(self) -> bool:
        return any(plan.shares_profit for _w, plan in self.parts)

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        return sum(w * plan.commission(value_eur, margin_eur) for w, plan in self.parts)

    def payout(
        self, value_eur, margin_eur, *, wins=1.0, reps: int = 0, profit_before_pay_eur=0.0
    ) -> float:
        return sum(
            w
            * plan.payout(
                value_eur,
                margin_eur,
                wins=wins,
                reps=reps,
                profit_before_pay_eur=profit_before_pay_eur,
            )
            for w, plan in self.parts
        )


def plan_in_force(settings) -> Plan:
    """The pay plan a company file names: its ``plan`` column and the parameters it needs.

    Args:
        settings: The company file's row as a mapping (``CompanyFiles.settings``):
            ``plan`` is ``tiered_revenue`` (``plan_rate_below`` below ``plan_threshold_eur``,
            ``plan_rate`` from it), ``revenue_share``, ``margin_share`` or ``team_pool``
            (``plan_rate``), or ``flat_fee`` (``plan_fee_eur``).

    Raises:
        ValueError: for an unknown plan or a missing or bad parameter, naming it.
    """
    kind = settings.get("plan")

    def number(column: str) -> float:
        value = settings.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise ValueError(f"plan {kind} needs {column}; the company file leaves it empty")
        return float(value)

    if kind == "tiered_revenue":
        return TieredRevenue(
            (0.0, number("plan_threshold_eur")), (number("plan_rate_below"), number("plan_rate"))
        )
    simple = {"revenue_share": RevenueShare, "margin_share": MarginShare, "team_pool": TeamPool}
    if kind in simple:
        return simple[kind](number("plan_rate"))
    if kind == "flat_fee":
        return FlatFee(number("plan_fee_eur"))
    raise ValueError(f"unknown plan {kind!r}; known: tiered_revenue, {', '.join(simple)}, flat_fee")
