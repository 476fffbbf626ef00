"""A lab's controls: the ipywidgets a learner moves, built from declarations, checked, told.

A number a learner sets is declared once (:class:`~incentives.model.parameters.Parameter`)
and :func:`range_control` builds its control, a bounded slider; the static page builds its
page parameter from the same declaration (:class:`incentives.views.page.PageParameter`).
"""

from __future__ import annotations

import math
import re
from contextlib import suppress

import ipywidgets as widgets

from incentives.i18n import _, edition, formatted
from incentives.model.parameters import Parameter

RANGED = (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedIntText, widgets.BoundedFloatText)
"""Controls that hold a number within bounds."""
CHOICES = (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)
"""Controls that hold one of their options."""


def range_control(parameter: Parameter, value: float) -> widgets.ValueWidget:
    """The control of ``parameter``: a bounded slider in the course's style, starting at
    ``value``; a whole parameter gets an integer slider, any other a float slider.

    Labs add their parameters with :meth:`incentives.labs.base.Lab._add`, which builds
    the controls here.
    """
    cls = widgets.IntSlider if parameter.whole else widgets.FloatSlider
    options = {"readout_format": parameter.fmt} if parameter.fmt else {}
    control = cls(
        value=parameter.value(value),
        min=parameter.low,
        max=parameter.high,
        step=parameter.step,
        description=_(parameter.label),
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="440px"),
        **options,
    )
    if edition() != "en" and _has_decimals(control.readout_format):
        _readout_in_description(control)
    return control


def _has_decimals(readout_format: str) -> bool:
    """Whether a d3 readout format writes a decimal mark (".1%", ".2f"), which the browser
    writes the English way whatever the edition ("1.5%")."""
    found = re.search(r"\.(\d+)", readout_format or "")
    return found is not None and int(found.group(1)) > 0


def _readout_in_description(control: widgets.ValueWidget) -> None:
    """Show the slider's value in its label, written the edition's way ("Cota: 1,5%"),
    instead of the browser's readout, which knows only English numbers. The label alone
    stays in ``control.label_text``."""
    control.label_text = control.description
    control.readout = False

    def show(_change=None) -> None:
        value = formatted(control.value, control.readout_format)
        control.description = f"{control.label_text}: {value}"

    show()
    control.observe(show, names="value")


def check_value(name: str, control: widgets.ValueWidget, value) -> None:
    """Raise ValueError, naming the setting ``name``, if ``control`` cannot take ``value``:
    a number out of its range, an option it does not offer, a non-boolean for a checkbox."""
    if isinstance(control, RANGED):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ValueError(
                _("{name} must be a number; got {value!r}").format(name=name, value=value)
            )
        if not control.min <= value <= control.max:
            message = _("{name} must be between {low:g} and {high:g}; got {value:g}")
            raise ValueError(
                message.format(name=name, low=control.min, high=control.max, value=value)
            )
    elif isinstance(control, CHOICES):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if value not in options:
            message = _("{name} must be one of {options}; got {value!r}")
            raise ValueError(message.format(name=name, options=options, value=value))
    elif isinstance(control, widgets.Checkbox | widgets.ToggleButton) and not isinstance(
        value, bool
    ):
        message = _("{name} must be True or False; got {value!r}")
        raise ValueError(message.format(name=name, value=value))


def setting_text(control: widgets.ValueWidget) -> str:
    """A control's label and value in words, e.g. ``"Share of margin: 12%"``."""
    if isinstance(control, CHOICES):
        value = control.label
    elif isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        value = _("on") if control.value else _("off")
    else:
        number = isinstance(control.value, int | float) and not isinstance(control.value, bool)
        value = formatted(control.value, "") if number else str(control.value)
        # The readout's d3 format: most (".0%", ".2f", "d") read the same in Python.
        with suppress(ValueError):
            if isinstance(control, RANGED):
                value = formatted(control.value, getattr(control, "readout_format", "") or "")
    return f"{getattr(control, 'label_text', control.description)}: {value}"
