"""What every lab shares: bounded controls, settings as a dict, reset, errors shown in place.

A lab subclass declares its controls with :meth:`Lab._control` in ``__init__`` (each slider
with one keyword call to :func:`slider`), builds its views
(``incentives.views.live.LiveChart``), and implements :meth:`Lab._refresh`, which gets the
names of the controls that changed so it can recompute only what they affect.
"""

from __future__ import annotations

import html
import math
import textwrap
import time
from contextlib import contextmanager, suppress

import ipywidgets as widgets
import pandas as pd

from incentives.model.build import company_and_leads as company_and_leads  # re-exported
from incentives.model.replay import REPLAY_VS_MODEL, replay
from incentives.views import charts
from incentives.views.live import LiveChart, static_page, under_the_grader
from incentives.views.sliders import (
    STATUS_WIDTH,
    Slider,
    slider_view,
    stacked,
    text_lines,
    vegalite_bundle,
)
from incentives.views.theme import PALETTE, STATUS_COLOURS

_RANGED = (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedIntText, widgets.BoundedFloatText)
_CHOICES = (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)


class Lab:
    """Base class of the labs; see the module docstring.

    Attributes:
        widget: The lab's whole layout (an ipywidgets box); a notebook shows the lab itself.
        message: Where an error raised while updating is shown (empty when all is well).
        last_update_seconds: How long the last update took (Python side), for benchmarks.
    """

    def __init__(self):
        self._controls: dict[str, widgets.ValueWidget] = {}
        self._defaults: dict = {}
        self._held = False
        self._pending: set[str] = set()
        self._listeners = []
        self.message = widgets.HTML()
        self.last_update_seconds = 0.0
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="Defaults")
        self.reset_button.on_click(lambda _button: self.reset())

    # --- controls and settings ---------------------------------------------------------

    def _control(self, name: str, control: widgets.ValueWidget) -> widgets.ValueWidget:
        """Register ``control`` under the setting ``name``; its value now is the default."""
        self._controls[name] = control
        self._defaults[name] = control.value
        control.observe(lambda change, name=name: self._changed({name}), names="value")
        return control

    def _slider(
        self, name: str, description: str, value, low, high, step, *, fmt: str | None = None
    ) -> widgets.ValueWidget:
        """Register a bounded slider for the setting ``name``: the one way a lab declares one,
        a line per setting, e.g. ``self._slider("margin_rate", "Share of margin", 0.12, 0.0,
        0.5, 0.01, fmt=".0%")``. Whole numbers give an integer slider; a float anywhere
        (value, bounds or step) a float slider. ``fmt`` is a number format for the readout.
        """
        kind = "float" if any(isinstance(x, float) for x in (value, low, high, step)) else "int"
        return self._control(
            name,
            slider(
                kind, value=value, low=low, high=high, step=step, description=description, fmt=fmt
            ),
        )

    @property
    def controls(self) -> dict[str, widgets.ValueWidget]:
        """Every control by setting name (a copy of the mapping; the widgets themselves)."""
        return dict(self._controls)

    @property
    def settings(self) -> dict:
        """Every control's value by setting name; assign a dict (all or some) to change them."""
        return {name: control.value for name, control in self._controls.items()}

    @settings.setter
    def settings(self, values: dict) -> None:
        values = dict(values)
        for name, value in values.items():
            self._check(name, value)
        with self.hold():
            for name, value in values.items():
                self._controls[name].value = value

    def _check(self, name: str, value) -> None:
        if name not in self._controls:
            raise KeyError(f"unknown setting {name!r}; known: {sorted(self._controls)}")
        control = self._controls[name]
        if isinstance(control, _RANGED):
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                raise ValueError(f"{name} must be a number; got {value!r}")
            if not control.min <= value <= control.max:
                raise ValueError(
                    f"{name} must be between {control.min:g} and {control.max:g}; got {value:g}"
                )
        elif isinstance(control, _CHOICES):
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            if value not in options:
                raise ValueError(f"{name} must be one of {options}; got {value!r}")
        elif isinstance(control, widgets.Checkbox | widgets.ToggleButton) and not isinstance(
            value, bool
        ):
            raise ValueError(f"{name} must be True or False; got {value!r}")

    def reset(self) -> None:
        """Put every control back to its default."""
        self.settings = self._defaults

    @contextmanager
    def hold(self):
        """Change several controls, then update once when the block ends."""
        if self._held:
            yield
            return
        self._held = True
        try:
            yield
        finally:
            self._held = False
            pending, self._pending = self._pending, set()
            if pending:
                self._changed(pending)

    # --- updates -----------------------------------------------------------------------

    def _changed(self, names: set[str]) -> None:
        if self._held:
            self._pending |= names
            return
        start = time.perf_counter()
        try:
            self._refresh(names)
        except Exception as error:  # shown in the lab: a callback's error is otherwise lost
            self.message.value = (
                f"<div style='color:{PALETTE['alert']}'><b>Something went wrong:</b> "
                f"{html.escape(type(error).__name__)}: {html.escape(str(error))}</div>"
            )
        else:
            self.message.value = ""
            for listener in list(self._listeners):
                listener(self)
        self.last_update_seconds = time.perf_counter() - start

    def _refresh(self, changed: set[str]) -> None:
        """Recompute what ``changed`` affects and update the views (subclasses)."""
        raise NotImplementedError

    def on_change(self, callback) -> None:
        """Call ``callback(lab)`` after every successful update (links labs together)."""
        self._listeners.append(callback)

    def _repr_mimebundle_(self, **kwargs):
        if under_the_grader():  # nobody looks: no widget for the front end to draw
            return {"text/plain": f"{type(self).__name__} (not drawn under the grader)"}
        if static_page():  # the reading site: one Vega-Lite spec, drawn with no kernel
            return vegalite_bundle(self.page_view(), f"{type(self).__name__} (a static view)")
        return self.widget._repr_mimebundle_(**kwargs)

    # --- the static reading site (make site) ---------------------------------------------

    def page_view(self) -> dict:
        """The lab on a page with no kernel (``make site``), as one Vega-Lite spec.

        By default :meth:`static_view`; a lab with a key parameter gives that parameter a
        slider instead (:meth:`_slider_page_view`).
        """
        return self.static_view()

    def static_view(self, heading: str | None = None) -> dict:
        """A picture of the lab as it is now: its charts one under the other, below its
        status and its settings in words (and ``heading`` above them, if given)."""
        status = ([heading] if heading else []) + text_lines(self._status_html())
        settings = self._settings_lines()
        name = type(self).__name__
        return stacked(
            [chart.spec for chart in self._live_charts()],
            description=(
                f"A picture of the {name} as it is now: its charts one under the other, "
                "below its status and settings in words; each chart describes itself."
            ),
            title=status or settings,
            subtitle=settings if status else (),
            usermeta={"lab": name, "slider": None},
        )

    def _slider_page_view(self, slider: Slider, settings_at, description: str) -> dict:
        """A page view with ``slider`` for the lab's key parameter: the lab's charts and
        status computed at every value of the slider, ``settings_at(value)`` giving the
        settings there (the others stay as they are now); then the lab is put back as it was.

        Raises:
            ValueError: naming the value, if the lab fails at one of them.
        """
        charts = self._live_charts()
        specs = [chart.spec for chart in charts]
        first, last = settings_at(slider.values[0]), settings_at(slider.values[-1])
        moved = {name for name in first if first[name] != last.get(name)}
        frames: list[dict] = [{} for _ in charts]
        status: dict[int, list[str]] = {}
        start = self.settings
        try:
            for value in slider.values:
                self.settings = settings_at(value)
                if self.message.value:
                    problem = " ".join(text_lines(self.message.value))
                    raise ValueError(f"{slider.label} = {value}: {problem}")
                for chart, by_value in zip(charts, frames, strict=True):
                    by_value[value] = (chart.data, chart.title)
                status[value] = text_lines(self._status_html())
                if value == slider.value:
                    settings = self._settings_lines(leave_out=moved)
        finally:
            self.settings = start
        return slider_view(
            slider,
            list(zip(specs, frames, strict=True)),
            description=description,
            status=status,
            subtitle=settings,
            usermeta={"lab": type(self).__name__, "slider": slider.label},
        )

    def _status_html(self) -> str:
        """The lab's status line (its ``status`` widget's HTML), or nothing."""
        status = getattr(self, "status", None)
        return status.value if isinstance(status, widgets.HTML) else ""

    def _live_charts(self) -> list[LiveChart]:
        """The lab's charts, in the order its layout shows them."""
        holders = [
            self,
            *(v for v in vars(self).values() if isinstance(v, OutcomeViews | ReplayView)),
        ]
        charts = {
            id(chart.widget): chart
            for holder in holders
            for chart in vars(holder).values()
            if isinstance(chart, LiveChart)
        }
        return [charts[id(w)] for w in _leaves(self.widget) if id(w) in charts]

    def _settings_lines(self, leave_out: set[str] = frozenset()) -> list[str]:
        """The settings the layout shows now, in words, wrapped (``leave_out`` by name)."""
        names = {id(control): name for name, control in self._controls.items()}
        words = [
            _setting_text(w)
            for w in _leaves(self.widget)
            if names.get(id(w)) not in (None, *leave_out) and not w.disabled
        ]
        return textwrap.wrap("Settings: " + "; ".join(words), STATUS_WIDTH) if words else []


def _leaves(widget) -> list:
    """The widgets of a layout that are not boxes, in the order they are shown."""
    children = getattr(widget, "children", None)
    if children is None:
        return [widget]
    return [leaf for child in children for leaf in _leaves(child)]


def _setting_text(control: widgets.ValueWidget) -> str:
    """A control's label and value in words, e.g. ``"Share of margin: 12%"``."""
    if isinstance(control, _CHOICES):
        value = control.label
    elif isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        value = "on" if control.value else "off"
    else:
        value = str(control.value)
        # The readout's d3 format: most (".0%", ".2f", "d") read the same in Python.
        with suppress(ValueError):
            if isinstance(control, _RANGED):
                value = format(control.value, getattr(control, "readout_format", "") or "")
    return f"{control.description}: {value}"


def slider(kind: str, *, value, low, high, step, description: str, fmt: str | None = None):
    """A bounded slider widget in the course's style; ``kind`` is ``"int"`` or ``"float"``.

    Labs declare their sliders with :meth:`Lab._slider`, which builds them here.
    """
    if kind not in ("int", "float"):
        raise ValueError(f"a slider's kind is 'int' or 'float'; got {kind!r}")
    cls = widgets.IntSlider if kind == "int" else widgets.FloatSlider
    options = {"readout_format": fmt} if fmt else {}
    return cls(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="440px"),
        **options,
    )


def status_html(met: dict[str, bool]) -> str:
    """One line saying which department meets its targets, e.g. for a lab's header."""
    parts = []
    for department in ("marketing", "sales", "company"):
        if department not in met:
            continue
        ok = met[department]
        colour = STATUS_COLOURS["met" if ok else "missed"]
        word = "meets its targets" if ok else "misses its target"
        name = "The company" if department == "company" else department.capitalize()
        parts.append(f"<span style='color:{colour}'><b>{name}</b> {word}</span>")
    return "; ".join(parts) + "."


class OutcomeViews:
    """The two views of a company's outcome, kept for a lab's life and updated in place:
    minutes per lead by lead type, and the three departments' scorecards."""

    def __init__(self, outcome):
        self.time_chart = LiveChart(
            charts.time_per_lead_type_frame,
            charts.time_per_lead_type_chart,
            outcome.allocation.table(),
        )
        self.scorecard_chart = LiveChart(
            charts.scorecards_frame, charts.scorecards_chart, outcome.scorecards()
        )
        self.widgets = [self.time_chart.widget, self.scorecard_chart.widget]

    def update(self, outcome) -> None:
        self.time_chart.update(outcome.allocation.table())
        self.scorecard_chart.update(outcome.scorecards())


class ReplayView:
    """The plan replayed on the company's real leads, beside the model's prediction: sales
    pay and profit month by month (:func:`incentives.model.replay`) and a note on why the
    replay and the model differ. Without a leads table it says there is nothing to replay."""

    def __init__(self, leads: pd.DataFrame | None, plan):
        self.leads = leads
        self.note = widgets.HTML()
        self.table: pd.DataFrame | None = None
        self.chart: LiveChart | None = None
        if leads is None:
            self.note.value = "<small>This company has no leads table: nothing to replay.</small>"
            self.widgets = [self.note]
            return
        self.table = replay(leads, plan)
        self.chart = LiveChart(
            charts.replay_by_month_frame, charts.replay_by_month_chart, self.table
        )
        self.widgets = [self.chart.widget, self.note]
        self._write_note()

    def update(self, plan, table: pd.DataFrame | None = None) -> None:
        """Replay ``plan`` and show it; ``table`` is that replay when another view (a linked
        lab's, on the same leads) has computed it already."""
        if self.leads is None:
            return
        self.table = replay(self.leads, plan) if table is None else table
        self.chart.update(self.table)
        self._write_note()

    def _write_note(self) -> None:
        pay, profit = self.table["sales_pay_eur"].sum(), self.table["profit_eur"].sum()
        self.note.value = (
            f"<small><b>Replay on the data:</b> on the deals won in the leads table, this plan "
            f"would have paid sales EUR {pay:,.0f} and left EUR {profit:,.0f} profit. "
            f"{html.escape(REPLAY_VS_MODEL)}</small>"
        )
