"""Every control a learner can see changes something the learner can see.

Each lab is built with its defaults; then each visible control, one at a time, is moved from
its default (to the other end of its range, or to another option), and the lab's status line
or one of its charts' data must change. A control that matters only under another setting
must be hidden (``layout.display = "none"``) until that setting is chosen.
"""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest

from incentives import labs
from incentives.labs.page_view import leaves
from incentives.model.parameters import Parameter

LABS = ["FirstLab", "CommissionLab", "BudgetLab", "CloakroomLab", "AlignmentLab"]
SETTINGS_LINE = re.compile(r"Settings:.*", re.S)


def what_the_learner_sees(lab) -> str:
    """The lab's status line (without a restatement of its settings) and its charts' data."""
    status = SETTINGS_LINE.sub("", lab._status_html())
    charts = [(chart.title, chart.data.to_json()) for chart in lab._live_charts()]
    return json.dumps([status, charts], sort_keys=True, default=str)


def is_shown(control, layout) -> bool:
    """Whether ``control`` is in the lab's layout and neither it nor a box around it is
    hidden."""

    def path_to(node, trail):
        if node is control:
            return trail + [node]
        for child in getattr(node, "children", ()) or ():
            found = path_to(child, trail + [node])
            if found:
                return found
        return None

    trail = path_to(layout, [])
    return bool(trail) and all(
        getattr(w.layout, "display", None) != "none"
        and getattr(w.layout, "visibility", None) != "hidden"
        for w in trail
    )


def other_value(control):
    """A valid value of ``control`` other than its current one."""
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return not control.value
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return next(v for v in values if v != control.value)
    return control.max if control.value != control.max else control.min


def visible_controls(lab) -> list[str]:
    shown = set(map(id, leaves(lab.widget)))
    return [
        name
        for name, control in lab.controls.items()
        if id(control) in shown and is_shown(control, lab.widget)
    ]


@pytest.mark.parametrize("name", LABS)
def test_moving_any_visible_control_changes_what_the_learner_sees(name):
    lab = getattr(labs, name)()
    still = []
    names = visible_controls(lab)
    assert names, f"{name} shows no control"
    for setting in names:
        before = what_the_learner_sees(lab)
        lab.settings = {setting: other_value(lab.controls[setting])}
        if what_the_learner_sees(lab) == before:
            still.append(setting)
        lab.reset()
    assert not still, f"{name}: moving {still} changes neither the status line nor a chart"


def test_the_check_fails_on_a_control_that_changes_nothing():
    """Shown failing on purpose: a lab with a slider wired to nothing."""
    lab = labs.FirstLab()
    dead = lab._add(Parameter("nothing", "Does nothing", 0, 10, 1, default=1))
    lab.widget.children = (*lab.widget.children, dead)
    before = what_the_learner_sees(lab)

    lab.settings = {"nothing": other_value(dead)}

    assert "nothing" in visible_controls(lab)
    assert what_the_learner_sees(lab) == before


def test_the_explorers_company_picker_and_its_linked_labs_change_what_is_seen():
    explorer = labs.CompanyExplorer()
    before = [what_the_learner_sees(lab) for lab in (explorer.commission, explorer.budget)]

    explorer.picker.value = "velora"

    after = [what_the_learner_sees(lab) for lab in (explorer.commission, explorer.budget)]
    assert after[0] != before[0] and after[1] != before[1]
    for lab in (explorer.commission, explorer.budget, explorer.alignment):
        for setting in visible_controls(lab):
            shown = what_the_learner_sees(lab)
            lab.settings = {setting: other_value(lab.controls[setting])}
            assert what_the_learner_sees(lab) != shown, f"{type(lab).__name__}: {setting}"
            lab.reset()


def test_a_labs_control_is_built_from_the_one_declaration_of_its_parameter():
    """The commission lab's controls come from the plan catalogue's declarations: the same
    label, range, step and format, an integer slider for a whole parameter."""
    from incentives.model.plans import plan_parameters

    lab = labs.CommissionLab()
    for name, parameter in plan_parameters().items():
        control = lab.controls[name]
        assert (control.description, control.min, control.max, control.step) == (
            parameter.label,
            parameter.low,
            parameter.high,
            parameter.step,
        )
        assert isinstance(control, widgets.IntSlider) == parameter.whole
        assert control.readout_format == (parameter.fmt or control.readout_format)
    assert isinstance(lab.controls["threshold_eur"], widgets.IntSlider)
    assert lab.controls["margin_rate"].readout_format == ".0%"
