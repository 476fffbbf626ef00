"""The static reading site's lab views: a page parameter, and the charts that follow it.

The site (``make site``, :mod:`incentives.site`) has no kernel, so a lab cannot
recompute when a control moves. For a lab's key parameter the lab computes its views in
advance at every value of a grid; :func:`page_parameter_view` puts them in one Vega-Lite
spec:

- each view's rows for every value in one dataset, with a key column named after the
  page parameter;
- the view filtered by the page parameter, as its first transform, so it draws one value's
  rows;
- the page parameter (:class:`PageParameter`): a top-level Vega-Lite param bound to a
  labelled ``<input type=range>``, a slider on the page (keyboard included);
- each view's title, and the lab's status lines above the views, looked up by the page
  parameter's position, so that they follow it too.

Words: a lab's *control* is an ipywidgets widget in a live kernel
(:mod:`incentives.labs.controls`); a *page parameter* is its stand-in on the static page.
Both are built from one declaration, a :class:`incentives.model.parameters.Parameter`.

:func:`stacked` puts charts one under the other with a heading and no page parameter: a
lab's static picture. Both work on the specs the builders of :mod:`incentives.views.charts`
make, after the fact: no chart code of their own. A view's spec is any one value's chart;
the builders keep everything in it but the rows and the title independent of the data (the
contract :class:`~incentives.views.live.LiveChart` relies on too).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from incentives.i18n import _
from incentives.model.parameters import Parameter
from incentives.views.live import load_altair

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
STATUS_WIDTH = 88
"""Characters per line of a status text drawn in a chart's heading (about 560 px)."""

FrameAndTitle = tuple[pd.DataFrame, str]
OWN_SCALES = ("color", "fill", "stroke", "opacity", "shape", "size", "strokeDash")


@dataclass(frozen=True)
class PageParameter:
    """A Vega-Lite param on a static page: a range input that picks one value of an evenly
    spaced grid of whole numbers.

    Attributes:
        name: The Vega-Lite param, also the key column of the data: a JavaScript name,
            e.g. ``"margin_rate_percent"``.
        label: The input's label, with its unit, e.g. ``"Share of margin (%)"``.
        values: The grid, increasing in equal steps, e.g. ``tuple(range(0, 51))``.
        value: Where it starts, one of ``values``.
        scale: Page values per unit of the lab's setting: 100 for a share shown in percent
            (the page's 12 is the setting's 0.12), 1 otherwise.
    """

    name: str
    label: str
    values: tuple[int, ...]
    value: int
    scale: int = 1

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ValueError(
                f"a page parameter's name must be a JavaScript name; got {self.name!r}"
            )
        values = tuple(self.values)
        if len(values) < 2 or not all(isinstance(v, int) for v in values):
            raise ValueError(f"a page parameter needs two or more whole numbers; got {values!r}")
        steps = {values[i + 1] - values[i] for i in range(len(values) - 1)}
        if len(steps) != 1 or steps.pop() <= 0:
            raise ValueError(f"a page parameter's values must rise in equal steps; got {values!r}")
        if self.value not in values:
            raise ValueError(f"the page parameter starts at {self.value!r}, not in {values!r}")
        object.__setattr__(self, "values", values)

    @classmethod
    def over(
        cls, name: str, label: str, low: int, high: int, step: int, near: float, scale: int = 1
    ) -> PageParameter:
        """The page parameter over ``low``, ``low + step``, ... ``high``, starting at the
        value nearest ``near``, e.g. ``PageParameter.over("parts_share_percent", "Share on
        parts (%)", 0, 100, 5, near=30.0)``."""
        low, high, step = round(low), round(high), round(step)
        values = tuple(range(low, high + 1, step))
        index = min(max(round((near - low) / step), 0), len(values) - 1)
        return cls(name, label, values, values[index], scale)

    @classmethod
    def of(cls, parameter: Parameter, near: float, label: str | None = None) -> PageParameter:
        """The page parameter of a lab's ``parameter`` over its whole range, starting at the
        value nearest ``near`` (the setting now); a share shown in percent is on the page in
        whole percent, named ``<name>_percent``.

        Args:
            parameter: The declaration the lab builds its control from.
            near: The setting's value now.
            label: The input's label; the parameter's (with ``(%)`` for a share) if None.

        Raises:
            ValueError: if the grid is not of whole numbers on the page (a step of 0.5%).
        """
        scale = 100 if parameter.in_percent else 1
        low, high, step = (scale * x for x in (parameter.low, parameter.high, parameter.step))
        if any(abs(x - round(x)) > 1e-9 for x in (low, high, step)):
            raise ValueError(
                f"{parameter.name}: a page parameter takes whole numbers; its range on the "
                f"page is {low:g} to {high:g} in steps of {step:g}"
            )
        name = f"{parameter.name}_percent" if scale != 1 else parameter.name
        if label is None:
            label = _(parameter.label) + " (%)" if scale != 1 else _(parameter.label)
        return cls.over(name, label, low, high, step, near=scale * near, scale=scale)

    def setting(self, value: int) -> float:
        """The lab's setting at the page's ``value`` (``value / scale``)."""
        return value / self.scale if self.scale != 1 else value

    @property
    def step(self) -> int:
        return self.values[1] - self.values[0]

    @property
    def position(self) -> str:
        """A Vega expression: the index of the page parameter's value in :attr:`values`."""
        return f"round(({self.name} - {self.values[0]}) / {self.step})"

    def param(self) -> dict:
        """The top-level Vega-Lite param, bound to a labelled range input."""
        return {
            "name": self.name,
            "value": self.value,
            "bind": {
                "input": "range",
                "min": self.values[0],
                "max": self.values[-1],
                "step": self.step,
                "name": self.label,
            },
        }


def page_parameter_view(
    parameter: PageParameter,
    views: Sequence[tuple[dict, Mapping[int, FrameAndTitle]]],
    *,
    description: str,
    status: Mapping[int, Sequence[str]] | None = None,
    subtitle: Sequence[str] = (),
    usermeta: dict | None = None,
) -> dict:
    """Views that follow a page parameter, one under the other, as one Vega-Lite spec.

    Args:
        parameter: The page parameter.
        views: For each view, its spec (:meth:`~altair.Chart.to_dict` of the chart at any one
            value) and its data step's ``(data, title)`` at every value of the page parameter. A
            view whose data and title are the same at every value is drawn as it is.
        description: What the whole view shows, for screen readers (Vega's aria-label).
        status: Lines of text above the views at every value (a lab's status line).
        subtitle: Lines under the status that do not change (e.g. the other settings); the
            heading itself without a status.
        usermeta: Kept in the spec's ``usermeta`` (e.g. which lab this is).

    Returns:
        The spec, with the param :meth:`PageParameter.param` at its top.

    Raises:
        ValueError: if a view or the status lacks a value of the page parameter, a view's spec has
            not exactly one dataset, or its data already has a column named like the page parameter.
    """
    params = [parameter.param()]
    specs = []
    for number, (spec, frames) in enumerate(views):
        spec, title_param = _following(parameter, spec, frames, f"{parameter.name}_view{number}")
        specs.append(spec)
        params += title_param
    spec = stacked(specs, description=description, title=subtitle, usermeta=usermeta)
    if status is not None:
        _require_every_value(parameter, status, "the status")
        lines = [list(status[value]) for value in parameter.values]
        tallest = max(len(each) for each in lines)  # as many lines at every value: no jumps
        lines = [each + [""] * (tallest - len(each)) for each in lines]
        params.append({"name": f"{parameter.name}_status", "value": lines})
        text = {"expr": f"{parameter.name}_status[{parameter.position}]"}
        spec["title"] = heading(text, subtitle)
    spec["params"] = [*spec.get("params", []), *params]
    return spec


def stacked(
    specs: Sequence[dict],
    *,
    description: str,
    title: Sequence[str] = (),
    subtitle: Sequence[str] = (),
    usermeta: dict | None = None,
) -> dict:
    """Charts one under the other, as one Vega-Lite spec (a ``vconcat``).

    Args:
        specs: Top-level specs made by the course's builders, all in the course theme (or
            made by this function: a stack in a stack).
        description: What the whole shows, for screen readers.
        title: Lines of a heading above the charts, e.g. a lab's status in words.
        subtitle: Lines under the heading (with a heading only).
        usermeta: Kept in the spec's ``usermeta``.

    Raises:
        ValueError: without specs, if their themes differ, or if two datasets share a name
            but not their rows.
    """
    if not specs:
        raise ValueError("stacked needs at least one chart spec")
    config = specs[0].get("config", {})
    datasets: dict[str, list] = {}
    children = []
    for spec in specs:
        if spec.get("config", {}) != config:
            raise ValueError("stacked charts share one theme; these specs' configs differ")
        for name, rows in spec.get("datasets", {}).items():
            if datasets.setdefault(name, rows) != rows:
                raise ValueError(f"two charts hold different rows under one dataset, {name!r}")
        child = {k: v for k, v in spec.items() if k not in ("$schema", "config", "datasets")}
        child.pop("usermeta", None)
        children.append(child)
    stack = {
        "$schema": specs[0]["$schema"],
        "config": config,
        "description": description,
        "vconcat": children,
        "spacing": 28,
        # Each chart keeps its own colours and legend (a stack would share them by default).
        "resolve": {"scale": {channel: "independent" for channel in OWN_SCALES}},
        "datasets": datasets,
    }
    if title:
        stack["title"] = heading(list(title), subtitle)
    if usermeta:
        stack["usermeta"] = usermeta
    return stack


def heading(text, subtitle: Sequence[str] = ()) -> dict:
    """A title for a stack of charts: left-aligned lines of plain text, smaller than a chart's
    title; ``text`` is a list of lines or a Vega-Lite expression (``{"expr": ...}``)."""
    title = {"text": text, "anchor": "start", "fontSize": 13, "fontWeight": "normal"}
    if subtitle:
        title |= {"subtitle": list(subtitle), "subtitleFontSize": 12, "subtitlePadding": 6}
    return title


def text_lines(markup: str, width: int = STATUS_WIDTH) -> list[str]:
    """A lab's status HTML as lines of plain text: ``<br>`` starts a line, tags go, entities
    are decoded, and each line is wrapped at ``width`` characters."""
    text = re.sub(r"<br\s*/?>", "\n", markup, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = []
    for line in text.splitlines():
        lines += textwrap.wrap(" ".join(line.split()), width) or []
    return lines


def vegalite_bundle(spec: dict, text: str) -> dict:
    """A display bundle of ``spec``: Vega-Lite's MIME type for the installed Altair, and
    ``text`` for front ends that draw no chart."""
    major = load_altair().SCHEMA_VERSION.split(".")[0]
    return {f"application/vnd.vegalite.{major}+json": spec, "text/plain": text}


def _following(
    parameter: PageParameter, spec: dict, frames: Mapping[int, FrameAndTitle], dataset: str
) -> tuple[dict, list[dict]]:
    """One view made to follow the parameter: its spec and the params its title needs."""
    _require_every_value(parameter, frames, "a view")
    names = list(spec.get("datasets", {}))
    if len(names) != 1:
        raise ValueError(f"a view that follows a parameter needs exactly one dataset; got {names}")
    firsts = frames[parameter.values[0]]
    if all(frames[v][1] == firsts[1] and frames[v][0].equals(firsts[0]) for v in parameter.values):
        return spec, []  # the parameter does not change this view
    alt = load_altair()
    rows = []
    for value in parameter.values:
        data, _title = frames[value]
        if parameter.name in data.columns:
            raise ValueError(f"the view's data already has a column {parameter.name!r}")
        rows += [{**row, parameter.name: value} for row in alt.to_values(data)["values"]]
    condition = f"datum[{parameter.name!r}] == {parameter.name}"
    spec = _filtered(
        {k: v for k, v in spec.items() if k != "datasets"}, names[0], dataset, condition
    )
    spec["datasets"] = {dataset: rows}
    titles = [frames[value][1] for value in parameter.values]
    if len(set(titles)) == 1:
        return spec, []
    param = f"{dataset}_title"
    text = {"expr": f"{param}[{parameter.position}]"}
    title = spec.get("title")
    spec["title"] = {**title, "text": text} if isinstance(title, dict) else {"text": text}
    return spec, [{"name": param, "value": titles}]


def _filtered(node, old: str, new: str, condition: str):
    """``node`` with dataset ``old`` renamed ``new``, and wherever a spec reads it, the filter
    ``condition`` as that spec's first transform."""
    if isinstance(node, list):
        return [_filtered(item, old, new, condition) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _filtered(value, old, new, condition) for key, value in node.items()}
    if node.get("data") == {"name": old}:
        out["data"] = {"name": new}
        out["transform"] = [{"filter": condition}, *out.get("transform", [])]
    return out


def _require_every_value(parameter: PageParameter, by_value: Mapping, what: str) -> None:
    missing = [value for value in parameter.values if value not in by_value]
    if missing:
        raise ValueError(f"{what} has nothing for the page parameter's values {missing}")
