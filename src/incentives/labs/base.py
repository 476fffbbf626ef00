"""What every lab shares: bounded controls, settings as a dict, reset, errors shown in place.

A lab subclass declares each number a learner sets once, as a
:class:`~incentives.model.parameters.Parameter`, and adds it with :meth:`Lab._add`, which
builds its control (an ipywidgets slider); the static page builds its page parameter from
the same declaration (:meth:`Lab._page_view_over`). Other controls (a menu, a checkbox) it
registers with :meth:`Lab._control`. It builds its views
(``incentives.views.live.LiveChart``), and implements :meth:`Lab._refresh`, which gets the
names of the controls that changed so it can recompute only what they affect.
"""

from __future__ import annotations

import html
import math
import textwrap
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from incentives.data import companies, read_company
from incentives.model.companies import company_from_files
from incentives.model.company import Company
from incentives.model.parameters import Parameter
from incentives.model.replay import REPLAY_VS_MODEL, replay
from incentives.model.scenarios import company_x, shipped_leads, velora
from incentives.views import charts
from incentives.views.live import LiveChart, static_page, under_the_grader
from incentives.views.page import (
    STATUS_WIDTH,
    PageParameter,
    page_parameter_view,
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
        self._parameters: dict[str, Parameter] = {}
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

    def _add(self, parameter: Parameter, value: float | None = None) -> widgets.ValueWidget:
        """Add the control of ``parameter`` (a bounded slider) as the setting of its name,
        starting at ``value`` (the parameter's default if None), e.g.
        ``self._add(Parameter("budget_eur", "Budget (EUR)", 0, 10_000, 100, default=3000))``.
        """
        start = parameter.default if value is None else value
        if start is None:
            raise ValueError(f"{parameter.name}: give a value or declare a default")
        self._parameters[parameter.name] = parameter
        return self._control(parameter.name, range_control(parameter, start))

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
        page parameter instead (:meth:`_page_view_over`, :meth:`_page_view`).
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
            usermeta={"lab": name, "page_parameter": None},
        )

    def _page_view_over(
        self, name: str, *, label: str, description: str, fixed: dict | None = None
    ) -> dict:
        """A page view whose page parameter is the lab's parameter ``name``, built from its
        declaration over its whole range (:meth:`PageParameter.of`) and labelled ``label``;
        ``fixed`` settings hold at every value (the others stay as they are now)."""
        page = PageParameter.of(self._parameters[name], self.settings[name], label)
        return self._page_view(
            page, lambda value: {**(fixed or {}), name: page.setting(value)}, description
        )

    def _page_view(self, page: PageParameter, settings_at, description: str) -> dict:
        """A page view with the page parameter ``page``: the lab's charts and status
        computed at every value of it, ``settings_at(value)`` giving the settings there (the
        others stay as they are now); then the lab is put back as it was.

        Raises:
            ValueError: naming the value, if the lab fails at one of them.
        """
        charts = self._live_charts()
        specs = [chart.spec for chart in charts]
        first, last = settings_at(page.values[0]), settings_at(page.values[-1])
        moved = {name for name in first if first[name] != last.get(name)}
        frames: list[dict] = [{} for _ in charts]
        status: dict[int, list[str]] = {}
        start = self.settings
        try:
            for value in page.values:
                self.settings = settings_at(value)
                if self.message.value:
                    problem = " ".join(text_lines(self.message.value))
                    raise ValueError(f"{page.label} = {value}: {problem}")
                for chart, by_value in zip(charts, frames, strict=True):
                    by_value[value] = (chart.data, chart.title)
                status[value] = text_lines(self._status_html())
                if value == page.value:
                    settings = self._settings_lines(leave_out=moved)
        finally:
            self.settings = start
        return page_parameter_view(
            page,
            list(zip(specs, frames, strict=True)),
            description=description,
            status=status,
            subtitle=settings,
            usermeta={"lab": type(self).__name__, "page_parameter": page.label},
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


def range_control(parameter: Parameter, value: float) -> widgets.ValueWidget:
    """The control of ``parameter``: a bounded slider in the course's style, starting at
    ``value``; a whole parameter gets an integer slider, any other a float slider.

    Labs add their parameters with :meth:`Lab._add`, which builds the controls here.
    """
    cls = widgets.IntSlider if parameter.whole else widgets.FloatSlider
    options = {"readout_format": parameter.fmt} if parameter.fmt else {}
    return cls(
        value=parameter.value(value),
        min=parameter.low,
        max=parameter.high,
        step=parameter.step,
        description=parameter.label,
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


SHIPPED = {"company_x": company_x, "velora": velora}


def company_and_leads(
    company: Company | str | Path | None, leads: pd.DataFrame | None = None
) -> tuple[Company, pd.DataFrame | None]:
    """What a lab's ``company`` argument means: the model company and its leads table.

    Args:
        company: None (Company X), a shipped company's name (``"company_x"``, ``"velora"``),
            a folder of a company's files, or a model :class:`Company` (whose leads, if any,
            come from ``leads``).
        leads: The leads table to replay on, instead of the company's own.

    Raises:
        incentives.data.DataFileError: for files that do not match the data dictionary.
    """
    if company is None:
        company = "company_x"
    if isinstance(company, Company):
        return company, leads
    if isinstance(company, str) and company in companies():
        return SHIPPED[company](), shipped_leads(company) if leads is None else leads
    files = read_company(company)
    return company_from_files(files), files.leads if leads is None else leads


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
