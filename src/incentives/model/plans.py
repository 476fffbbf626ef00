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

The first five are the plan catalogue: the kinds a company file may name (its ``plan``
column) and the CommissionLab offers. Each is one class declaring its kind, its label, its
parameters (:class:`PlanParameter`: name, label, range, and the company file's column that
holds it), how it is built from settings (:meth:`Plan.from_settings`) and how it describes
itself as settings (:meth:`Plan.settings`). A class joins the catalogue by declaring its
``parameters``; a new plan kind is one such class, wherever it is defined::

    @dataclass(frozen=True)
    class CappedShare(Plan):
        kind = "capped_share"
        label = "Share of revenue, capped per deal"
        parameters = (
            PlanParameter("capped_rate", "Share of revenue", 0.0, 0.2, 0.005, default=0.05,
                          fmt=".1%", column="plan_rate", attribute="rate"),
            PlanParameter("cap_eur", "Cap per deal (EUR)", 0, 200, 5, default=40,
                          column="plan_fee_eur", attribute="cap_eur"),
        )
        rate: float = 0.05
        cap_eur: float = 40.0

        def commission(self, value_eur, margin_eur=None):
            return np.minimum(self.rate * np.asarray(value_eur, dtype=float), self.cap_eur)

:func:`plan_kinds` lists the catalogue, :func:`plan_in_force` reads a company file's plan
through it, :func:`plan_from_settings` a lab's.

Sources: the course's model (docs/model.md, "The model in brief"); Farley (1964) and
Weinberg (1978) on commission on gross margin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from incentives.data import SCHEMAS, DataFileError
from incentives.i18n import N_, _
from incentives.model.parameters import Parameter

__all__ = [
    "Plan",
    "RevenueShare",
    "TieredRevenue",
    "MarginShare",
    "FlatFee",
    "TeamPool",
    "BasePlusBonus",
    "Blend",
    "PlanParameter",
    "plan_kinds",
    "plan_kind",
    "plan_parameters",
    "plan_from_settings",
    "plan_in_force",
    "withdraw_plan_kind",
]


def _check_number(name: str, value: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(
            _("{name} must be a finite number; got {value!r}").format(name=name, value=value)
        )
    if value < 0:
        raise ValueError(_("{name} must be >= 0; got {value}").format(name=name, value=value))
    if value > high:
        raise ValueError(
            _("{name} must be at most {high}; got {value}").format(
                name=name, high=high, value=value
            )
        )


def _check_share(name: str, value: float) -> None:
    """A rate or share: a number from 0 to 1."""
    _check_number(name, value, high=1.0)


def _check_amount(name: str, value: float) -> None:
    """An amount in EUR or a weight: a number from 0 up."""
    _check_number(name, value, high=math.inf)


# --- the catalogue ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlanParameter(Parameter):
    """A number a plan kind is set by: a lab's setting, and a column of the company file.

    Attributes:
        column: The column of ``company.csv`` that holds it, e.g. ``"plan_rate"`` (one of
            the plan columns of the data dictionary, ``incentives.data.SCHEMAS``).
        attribute: The plan's field it sets one to one (``"rate"``), used by
            :meth:`Plan.from_settings` and :meth:`Plan.settings`; None for a kind that
            overrides both.
    """

    column: str
    attribute: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.default is None:
            raise ValueError(_("{name}: a plan parameter needs a default").format(name=self.name))
        columns = [c.name for c in SCHEMAS["company"] if c.name.startswith("plan_")]
        if self.column not in columns:
            raise ValueError(
                f"{self.name}: column {self.column!r} is not a plan column of company.csv "
                f"({', '.join(columns)})"
            )


_CATALOGUE: dict[str, type[Plan]] = {}


def plan_kinds() -> dict[str, type[Plan]]:
    """The plan catalogue: every plan kind by its name, in the order the kinds joined, e.g.
    ``{"tiered_revenue": TieredRevenue, "revenue_share": RevenueShare, ...}``."""
    return dict(_CATALOGUE)


def plan_kind(kind: str) -> type[Plan]:
    """The class of the plan kind named ``kind``.

    Raises:
        ValueError: for a kind the catalogue does not hold, naming those it does.
    """
    if kind not in _CATALOGUE:
        raise ValueError(
            _("unknown plan {kind!r}; known: {known}").format(
                kind=kind, known=", ".join(_CATALOGUE)
            )
        )
    return _CATALOGUE[kind]


def plan_parameters() -> dict[str, PlanParameter]:
    """Every parameter of every kind in the catalogue, by name, in the kinds' order."""
    return {p.name: p for cls in _CATALOGUE.values() for p in cls.parameters}


def withdraw_plan_kind(kind: str) -> None:
    """Take the kind named ``kind`` out of the catalogue (a test's own kind, afterwards)."""
    _CATALOGUE.pop(kind, None)


def _join(cls: type[Plan]) -> None:
    """Put ``cls`` in the catalogue, after checking its declarations."""
    name = cls.__name__
    if not isinstance(cls.kind, str) or not cls.kind.isidentifier():
        raise ValueError(
            _("{name}: a plan kind's name must be a Python name; got {cls_kind!r}").format(
                name=name, cls_kind=cls.kind
            )
        )
    if cls.kind in _CATALOGUE:
        raise ValueError(
            _("{name}: the plan kind {cls_kind!r} is in the catalogue already").format(
                name=name, cls_kind=cls.kind
            )
        )
    if not cls.label:
        raise ValueError(
            _("{name}: a plan kind needs a label, the words a lab shows for it").format(name=name)
        )
    for parameter in cls.parameters:
        if not isinstance(parameter, PlanParameter):
            raise ValueError(
                _("{name}: {parameter!r} is not a PlanParameter").format(
                    name=name, parameter=parameter
                )
            )
    names = [p.name for p in cls.parameters]
    if len(set(names)) != len(names) or "plan" in names:
        raise ValueError(
            _("{name}: parameter names must differ and not be 'plan'; got {names}").format(
                name=name, names=names
            )
        )
    if any(p.attribute is None for p in cls.parameters) and not (
        "from_settings" in cls.__dict__ and "settings" in cls.__dict__
    ):
        raise ValueError(
            f"{name}: a parameter without an attribute needs the kind's own from_settings "
            "and settings"
        )
    known = plan_parameters()
    for parameter in cls.parameters:
        if parameter.name in known and known[parameter.name] != parameter:
            raise ValueError(
                f"{name}: parameter {parameter.name!r} is declared otherwise by another kind; "
                "a setting means one thing in the catalogue"
            )
    _CATALOGUE[cls.kind] = cls


# --- plans --------------------------------------------------------------------------------


class Plan:
    """What every commission plan offers; see the module docstring for the plans.

    Attributes:
        kind: The plan kind's name, e.g. ``"margin_share"``.
        label: For a kind of the catalogue: what the CommissionLab's menu calls it.
        parameters: For a kind of the catalogue: the numbers it is set by. Declaring them
            in a class body puts the class in the catalogue.
        shares_profit: True when pay is a share of company profit (TeamPool).
    """

    kind: ClassVar[str] = "plan"
    label: ClassVar[str] = ""
    parameters: ClassVar[tuple[PlanParameter, ...]] = ()
    shares_profit = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "parameters" in cls.__dict__:
            _join(cls)

    @classmethod
    def from_settings(cls, settings: Mapping[str, float]) -> Plan:
        """The plan of this kind that ``settings`` describe, by parameter name (other keys
        are ignored), e.g. ``MarginShare.from_settings({"margin_rate": 0.12})``."""
        cls._require(settings)
        return cls(**{p.attribute: settings[p.name] for p in cls.parameters})

    @classmethod
    def _require(cls, settings: Mapping[str, float]) -> None:
        """Raise ValueError naming the kind's parameters that ``settings`` lack."""
        missing = [p.name for p in cls.parameters if p.name not in settings]
        if missing:
            raise ValueError(
                _("plan {cls_kind} needs {missing}").format(
                    cls_kind=cls.kind, missing=", ".join(missing)
                )
            )

    def settings(self) -> dict:
        """The plan as settings: ``{"plan": kind, name: value, ...}``, one value per parameter
        of its kind, as the CommissionLab takes them (the inverse of :meth:`from_settings`).
        Empty for a plan the catalogue cannot describe (a blend, a base salary)."""
        if _CATALOGUE.get(self.kind) is not type(self):
            return {}
        values = {p.name: p.value(getattr(self, p.attribute)) for p in self.parameters}
        return {"plan": self.kind, **values}

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
class TieredRevenue(Plan):
    """A share of each deal's value, at the rate of the tier the deal falls in.

    Args:
        thresholds_eur: Lower bound of each tier in EUR, starting at 0, strictly increasing.
        rates: The rate for a deal in each tier (the whole deal at that rate).

    The default is the check run's plan: 1% on deals below EUR 500, 5% from EUR 500 up. In
    the catalogue it is the two-tier plan (a deal size of 0: one rate for every deal).
    """

    kind = "tiered_revenue"
    label = N_("Tiered share of revenue (the article)")
    parameters = (
        PlanParameter("low_rate", N_("Rate below"), 0.0, 0.1, 0.005, default=0.01, fmt=".1%",
                      column="plan_rate_below"),
        PlanParameter("threshold_eur", N_("Deal size (EUR)"), 0, 3_000, 50, default=500,
                      column="plan_threshold_eur"),
        PlanParameter("high_rate", N_("Rate from it"), 0.0, 0.2, 0.005, default=0.05, fmt=".1%",
                      column="plan_rate"),
    )  # fmt: skip
    thresholds_eur: tuple[float, ...] = (0.0, float(parameters[1].default))
    rates: tuple[float, ...] = (parameters[0].default, parameters[2].default)

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
            raise ValueError(
                _("thresholds_eur must start at 0; got {thresholds}").format(
                    thresholds=thresholds[0]
                )
            )
        if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
            raise ValueError(
                _("thresholds_eur must be strictly increasing; got {thresholds}").format(
                    thresholds=thresholds
                )
            )
        for rate in rates:
            _check_share("rates", rate)

    @classmethod
    def from_settings(cls, settings: Mapping[str, float]) -> TieredRevenue:
        """``low_rate`` below ``threshold_eur``, ``high_rate`` from it; a threshold of 0 is
        one tier, ``high_rate`` on every deal (``low_rate`` then may be left out)."""
        if settings.get("threshold_eur") == 0 and "high_rate" in settings:
            return cls((0.0,), (settings["high_rate"],))
        cls._require(settings)
        return cls((0.0, settings["threshold_eur"]), (settings["low_rate"], settings["high_rate"]))

    def settings(self) -> dict:
        """One tier: ``threshold_eur`` 0 and ``high_rate``; two tiers: all three; more:
        nothing (the catalogue's kind has two)."""
        if len(self.rates) == 1:
            return {"plan": self.kind, "threshold_eur": 0, "high_rate": self.rates[0]}
        if len(self.rates) != 2:
            return {}
        low, high = self.rates
        threshold = self.parameters[1].value(self.thresholds_eur[1])
        return {"plan": self.kind, "low_rate": low, "threshold_eur": threshold, "high_rate": high}

    def rate_for(self, value_eur) -> np.ndarray:
        """The rate that applies to deals of these values."""
        value = np.asarray(value_eur, dtype=float)
        tier = np.searchsorted(self.thresholds_eur, value, side="right") - 1
        return np.asarray(self.rates)[np.clip(tier, 0, None)]

    def commission(self, value_eur, margin_eur=None) -> np.ndarray:
        value = np.asarray(value_eur, dtype=float)
        return self.rate_for(value) * value


@dataclass(frozen=True)
class RevenueShare(Plan):
    """A share of each deal's value: ``rate * value``."""

    kind = "revenue_share"
    label = N_("Share of revenue")
    parameters = (
        PlanParameter("revenue_rate", N_("Share of revenue"), 0.0, 0.2, 0.005, default=0.05,
                      fmt=".1%", column="plan_rate", attribute="rate"),
    )  # fmt: skip
    rate: float = parameters[0].default

    def __post_init__(self):
        _check_share("rate", self.rate)

    def commission(self, value_eur, margin_eur=None) -> np.ndarray:
        return self.rate * np.asarray(value_eur, dtype=float)


@dataclass(frozen=True)
class MarginShare(Plan):
    """A share of each deal's gross margin: ``rate * margin``."""

    kind = "margin_share"
    label = N_("Share of gross margin")
    parameters = (
        PlanParameter("margin_rate", N_("Share of margin"), 0.0, 0.5, 0.01, default=0.12,
                      fmt=".0%", column="plan_rate", attribute="rate"),
    )  # fmt: skip
    rate: float = parameters[0].default

    def __post_init__(self):
        _check_share("rate", self.rate)

    def commission(self, value_eur, margin_eur) -> np.ndarray:
        return self.rate * np.clip(np.asarray(margin_eur, dtype=float), 0, None)


@dataclass(frozen=True)
class FlatFee(Plan):
    """The same fee for every won deal, whatever it is worth."""

    kind = "flat_fee"
    label = N_("Flat fee per deal")
    parameters = (
        PlanParameter("fee_eur", N_("Fee per deal (EUR)"), 0, 200, 5, default=30,
                      column="plan_fee_eur", attribute="fee_eur"),
    )  # fmt: skip
    fee_eur: float = float(parameters[0].default)

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

    kind = "team_pool"
    label = N_("Team pool: share of company profit")
    parameters = (
        PlanParameter("pool_share", N_("Share of profit"), 0.0, 0.5, 0.01, default=0.10,
                      fmt=".0%", column="plan_rate", attribute="share"),
    )  # fmt: skip
    share: float = parameters[0].default
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
            raise ValueError(
                _("bonus must be a plan other than BasePlusBonus; got {bonus!r}").format(
                    bonus=self.bonus
                )
            )

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
            raise ValueError(_("parts needs at least one (weight, plan) pair"))
        for weight, plan in parts:
            _check_amount("weight", weight)
            if not isinstance(plan, Plan) or isinstance(plan, Blend | BasePlusBonus):
                raise ValueError(_("parts must hold simple plans; got {plan!r}").format(plan=plan))

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


def plan_from_settings(settings: Mapping[str, float | str]) -> Plan:
    """The plan a lab's settings describe: ``settings["plan"]`` names the kind, the other
    keys its parameters (others are ignored), e.g. ``{"plan": "margin_share",
    "margin_rate": 0.12}``.

    Raises:
        ValueError: for an unknown kind, or a parameter missing or out of the plan's bounds.
    """
    return plan_kind(settings["plan"]).from_settings(settings)


def plan_in_force(settings: Mapping[str, object]) -> Plan:
    """The pay plan a company file names: its ``plan`` column, a kind of the catalogue, and
    the columns that hold that kind's parameters.

    Args:
        settings: The company file's row as a mapping (``CompanyFiles.settings``), e.g.
            ``{"plan": "flat_fee", "plan_fee_eur": 30.0, ...}``.

    Raises:
        incentives.data.DataFileError: naming the column, for an unknown plan or an empty
            parameter; ValueError for a parameter out of the plan's bounds.
    """
    kind = settings.get("plan")
    if kind not in _CATALOGUE:
        raise DataFileError(
            f"company.csv: column 'plan', row 2: unknown plan {kind!r}; "
            f"known: {', '.join(_CATALOGUE)}"
        )
    values = {}
    for parameter in _CATALOGUE[kind].parameters:
        value = settings.get(parameter.column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise DataFileError(
                f"company.csv: column {parameter.column!r}, row 2: empty, but plan {kind} needs it"
            )
        values[parameter.name] = float(value)
    return _CATALOGUE[kind].from_settings(values)
