"""A lab on the static reading site (``make site``), where no kernel runs.

:class:`PageView` gives a lab (:class:`incentives.labs.base.Lab`, which inherits it) its
page view: one Vega-Lite spec, either a picture of the lab as it is now
(:meth:`PageView.static_view`) or its charts and status computed in advance at every value
of a page parameter (:meth:`PageView._page_view_over` for a parameter the lab declares,
:meth:`PageView._page_view` for any other), which the page redraws with no Python behind it.
"""

from __future__ import annotations

import textwrap

import ipywidgets as widgets

from incentives.i18n import _
from incentives.labs.controls import setting_text
from incentives.labs.shared_views import OutcomeViews, ReplayView
from incentives.views.live import LiveChart
from incentives.views.page import (
    STATUS_WIDTH,
    PageParameter,
    page_parameter_view,
    stacked,
    text_lines,
)


class PageView:
    """The page views of a lab; a mixin of :class:`incentives.labs.base.Lab`, whose
    ``widget``, ``message``, ``settings`` and declared parameters it reads."""

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
            description=_(
                "A picture of the {name} as it is now: its charts one under the other, "
                "below its status and settings in words; each chart describes itself."
            ).format(name=name),
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
        return [charts[id(w)] for w in leaves(self.widget) if id(w) in charts]

    def _settings_lines(self, leave_out: set[str] = frozenset()) -> list[str]:
        """The settings the layout shows now, in words, wrapped (``leave_out`` by name)."""
        names = {id(control): name for name, control in self._controls.items()}
        words = [
            setting_text(w)
            for w in leaves(self.widget)
            if names.get(id(w)) not in (None, *leave_out) and not w.disabled
        ]
        return textwrap.wrap(_("Settings: ") + "; ".join(words), STATUS_WIDTH) if words else []


def leaves(widget) -> list:
    """The widgets of a layout that are not boxes, in the order they are shown."""
    children = getattr(widget, "children", None)
    if children is None:
        return [widget]
    return [leaf for child in children for leaf in leaves(child)]
