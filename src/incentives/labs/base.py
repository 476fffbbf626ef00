"""The lab core: bounded controls, settings as a dict, reset, errors shown in place.

A lab subclass declares each number a learner sets once, as a
:class:`~incentives.model.parameters.Parameter`, and adds it with :meth:`Lab._add`, which
builds its control (:mod:`incentives.labs.controls`); the static page builds its page
parameter from the same declaration (:mod:`incentives.labs.page_view`). Other controls (a
menu, a checkbox) it registers with :meth:`Lab._control`. It builds its views
(``incentives.views.live.LiveChart``, the views several labs share in
:mod:`incentives.labs.shared_views`) and implements :meth:`Lab._refresh`, which gets the
names of the controls that changed so it can recompute only what they affect. What its
``company`` argument means is :func:`incentives.model.build.company_and_leads`.
"""

from __future__ import annotations

import html
import time
from contextlib import contextmanager

import ipywidgets as widgets

from incentives.i18n import _
from incentives.labs.controls import check_value, range_control
from incentives.labs.page_view import PageView
from incentives.model.parameters import Parameter
from incentives.views.live import static_page, under_the_grader
from incentives.views.page import vegalite_bundle
from incentives.views.theme import PALETTE


class Lab(PageView):
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
        self.reset_button = widgets.Button(
            description=_("Reset"), icon="undo", tooltip=_("Back to the defaults")
        )
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
            message = _("unknown setting {name!r}; known: {known}")
            raise KeyError(message.format(name=name, known=sorted(self._controls)))
        check_value(name, self._controls[name], value)

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
            wrong = _("Something went wrong:")
            self.message.value = (
                f"<div style='color:{PALETTE['alert']}'><b>{wrong}</b> "
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
            text = _("{lab} (not drawn under the grader)").format(lab=type(self).__name__)
            return {"text/plain": text}
        if static_page():  # the reading site: one Vega-Lite spec, drawn with no kernel
            text = _("{lab} (a static view)").format(lab=type(self).__name__)
            return vegalite_bundle(self.page_view(), text)
        return self.widget._repr_mimebundle_(**kwargs)
