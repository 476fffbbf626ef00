"""A number a learner sets: its name, its label, its range and where it starts.

A :class:`Parameter` is declared once and read by everything that shows or checks it: a lab
builds its ipywidgets control from it (:mod:`incentives.labs.controls`), the static reading
site its page parameter (:class:`incentives.views.page.PageParameter`), and a plan kind of
the catalogue (:mod:`incentives.model.plans`) lists its own.

    Parameter("margin_rate", "Share of margin", 0.0, 0.5, 0.01, default=0.12, fmt=".0%")
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass

from incentives.i18n import _

__all__ = ["Parameter"]


@dataclass(frozen=True)
class Parameter:
    """A number a learner sets, within a range, in steps.

    Attributes:
        name: The setting's name, a Python name, e.g. ``"margin_rate"``.
        label: What it is, with its unit, e.g. ``"Share of margin"``, ``"Fee per deal (EUR)"``.
        low: Its smallest value.
        high: Its largest value.
        step: The distance between two values next to each other.
        default: Where it starts; None when whoever shows it sets the start (a lab that
            starts from its company's own figure).
        fmt: A number format for its value (``".0%"`` shows 0.12 as 12%), or None.

    A parameter whose bounds, step and default are all whole numbers (ints) takes whole
    numbers only (:attr:`whole`); a float anywhere makes it take any number in its range.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    _: KW_ONLY
    default: float | None = None
    fmt: str | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(
                _("a parameter's name must be a Python name; got {name!r}").format(name=self.name)
            )
        numbers = self._numbers()
        if any(isinstance(x, bool) or not isinstance(x, int | float) for x in numbers):
            raise ValueError(
                _("{name}: low, high, step and default must be numbers").format(name=self.name)
            )
        if not all(math.isfinite(x) for x in numbers):
            raise ValueError(
                _("{name}: low, high, step and default must be finite").format(name=self.name)
            )
        if not self.low <= self.high:
            raise ValueError(
                _("{name}: low {low:g} is above high {high:g}").format(
                    name=self.name, low=self.low, high=self.high
                )
            )
        if self.default is not None and not self.low <= self.default <= self.high:
            raise ValueError(
                f"{self.name}: the default {self.default:g} is outside "
                f"{self.low:g} to {self.high:g}"
            )
        if self.step <= 0:
            raise ValueError(
                _("{name}: the step must be above 0; got {step:g}").format(
                    name=self.name, step=self.step
                )
            )

    def _numbers(self) -> tuple[float, ...]:
        numbers = (self.low, self.high, self.step)
        return numbers if self.default is None else (*numbers, self.default)

    @property
    def whole(self) -> bool:
        """Whether it takes whole numbers only (no float among its bounds, step, default)."""
        return not any(isinstance(x, float) for x in self._numbers())

    @property
    def in_percent(self) -> bool:
        """Whether it is a share shown in percent (its format ends in ``%``)."""
        return bool(self.fmt) and self.fmt.endswith("%")

    def value(self, number: float) -> float:
        """``number`` as the parameter holds it: rounded to a whole number if it is whole."""
        return int(round(number)) if self.whole else number
