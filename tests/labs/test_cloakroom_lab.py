"""The cloakroom lab, driven from Python as an exercise would."""

from __future__ import annotations

import warnings

import pytest
from conftest import assert_shows_fresh_chart

from incentives.labs.cloakroom import CloakroomLab
from incentives.model.restaurant import Evening
from incentives.views import charts

DEFAULTS = {
    "policy": "fifo",
    "vip_share_percent": 15,
    "gift_budget_ron": 0,
    "evening": 1,
}


@pytest.fixture
def lab():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield CloakroomLab()


def segment_of(evening: Evening, ticket: int) -> set[str]:
    parties = evening.parties
    return set(parties.loc[parties["ticket"] == ticket, "segment"].astype(str))


def chart_rows(lab) -> dict:
    return {row["segment"]: row for row in lab.segment_chart.data.to_dict("records")}


def test_defaults(lab):
    assert lab.settings == DEFAULTS
    assert lab.evening is lab.baseline  # fifo with no gifts is the baseline itself
    assert lab.revenue_change == 0
    assert segment_of(lab.evening, 40) <= {"student"}  # the course's convention, fixed
    assert segment_of(lab.evening, 80) <= {"standard"}
    assert list(lab.by_segment.index) == ["student", "standard", "vip"]
    assert set(chart_rows(lab)) == {"student", "standard", "vip"}
    assert "Revenue" in lab.status.value and "+150%" in lab.status.value
    assert lab.message.value == ""
    assert lab.reset_button in lab.widget.children
    assert lab.segment_chart.widget in lab.widget.children


def test_settings_round_trip(lab):
    wanted = {
        "policy": "vip_first",
        "vip_share_percent": 25,
        "gift_budget_ron": 600,
        "evening": 7,
    }
    lab.settings = wanted
    assert lab.settings == wanted
    assert lab.evening.seed == 7 and lab.evening.policy == "vip_first"
    assert lab.message.value == ""


def test_vip_first_lowers_the_vip_wait(lab):
    fifo_wait = chart_rows(lab)["vip"]["mean_wait_minutes"]
    baseline = lab.baseline
    lab.settings = {"policy": "vip_first"}
    assert lab.baseline is baseline  # the policy does not touch the baseline
    assert lab.by_segment.loc["vip", "mean_wait_minutes"] < fifo_wait
    assert chart_rows(lab)["vip"]["mean_wait_minutes"] < fifo_wait


@pytest.mark.parametrize("budget", [300, 1_000, 3_000])
def test_gifts_cost_something_but_never_more_than_the_budget(lab, budget):
    baseline = lab.baseline
    lab.settings = {"gift_budget_ron": budget}
    assert lab.baseline is baseline  # gifts do not touch the baseline
    assert 0 < lab.evening.gift_cost_ron <= budget
    assert f"gifts cost RON {lab.evening.gift_cost_ron:,.0f}" in lab.status.value


@pytest.mark.parametrize(
    ("settings", "name"),
    [
        ({"vip_share_percent": 0}, "vip_share_percent"),
        ({"vip_share_percent": 51}, "vip_share_percent"),
        ({"gift_budget_ron": -50}, "gift_budget_ron"),
        ({"gift_budget_ron": 5_000}, "gift_budget_ron"),
        ({"evening": 21}, "evening"),
        ({"policy": "random"}, "policy"),
    ],
)
def test_out_of_range_settings_raise(lab, settings, name):
    with pytest.raises(ValueError, match=name):
        lab.settings = settings
    assert lab.settings == DEFAULTS


def test_reset_restores_the_defaults(lab):
    lab.settings = {"policy": "vip_first", "gift_budget_ron": 900, "evening": 12}
    lab.settings = {"vip_share_percent": 40}
    lab.reset()
    assert lab.settings == DEFAULTS
    assert lab.message.value == ""
    assert lab.evening is lab.baseline


@pytest.mark.parametrize("gift_budget_ron", [0, 3_000])
def test_the_scheme_is_nowhere_near_plus_150_percent(lab, gift_budget_ron):
    lab.settings = {"policy": "vip_first", "gift_budget_ron": gift_budget_ron}
    assert lab.revenue_change < 0.5
    assert f"{lab.revenue_change:+.1%}" in lab.status.value


def test_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lab = CloakroomLab()
        lab.settings = {"policy": "vip_first", "gift_budget_ron": 500, "vip_share_percent": 50}
        assert lab.message.value == ""  # a warning raised in an update would show here
        lab.reset()
        assert lab.message.value == ""
        bundle = lab._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == lab.widget.model_id  # a notebook shows the lab's whole layout


def test_fast_update_gives_the_same_spec_as_a_fresh_chart(lab):
    lab.settings = {"policy": "vip_first", "gift_budget_ron": 1_200, "evening": 5}
    (rows,) = lab.segment_chart.spec["datasets"].values()
    assert rows[2]["segment"] == "vip"
    assert lab.segment_chart.spec["title"] == lab.segment_chart.title
    assert_shows_fresh_chart(lab.segment_chart, charts.restaurant_segments, lab.by_segment)


def test_more_vip_parties_make_standard_guests_wait_longer_under_the_scheme(lab):
    """The share of VIP parties is a lever of its own: the same evening's crowd with more
    VIPs in it, so under "VIPs first" the standard guests queue behind more of them."""
    lab.settings = {"policy": "vip_first"}
    at_15 = chart_rows(lab)["standard"]["mean_wait_minutes"], lab.revenue_change
    lab.settings = {"vip_share_percent": 30}
    at_30 = chart_rows(lab)["standard"]["mean_wait_minutes"], lab.revenue_change
    assert at_30[0] > at_15[0] + 3  # 16.6 -> 22.2 minutes on evening 1
    assert round(at_15[1], 4) == 0.0142 and round(at_30[1], 4) == 0.0191
    vip_parties = lab.by_segment["parties"]["vip"] / lab.by_segment["parties"].sum()
    assert 0.2 < vip_parties < 0.4  # about 30% of the evening's parties are VIPs
    assert "VIPs 30% of parties" in lab.status.value
    lab.settings = {"vip_share_percent": 15}
    assert round(lab.revenue_change, 4) == 0.0142  # back to the lesson's crowd


def test_the_needed_vip_spend_follows_the_share_of_vips(lab):
    """+150% from VIP spend alone needs less per VIP head when VIPs are more of the room."""
    needed = {}
    for percent in (15, 30):
        lab.settings = {"vip_share_percent": percent}
        needed[percent] = lab._needed_vip_spend
    assert round(needed[15]) == 1535
    assert needed[30] < needed[15]


def visible_state(lab) -> tuple:
    return lab.status.value, lab.segment_chart.data.to_json()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("policy", "vip_first"),
        ("vip_share_percent", 30),
        ("gift_budget_ron", 600),
        ("evening", 2),
    ],
)
def test_every_control_changes_the_status_line_or_the_chart(lab, name, value):
    """Issue 22: each control a learner can see changes something the learner sees; the
    lab has no control that only relabels tickets."""
    assert set(lab.controls) == set(DEFAULTS)
    before = visible_state(lab)
    lab.settings = {name: value}
    assert lab.message.value == ""
    assert visible_state(lab) != before, f"moving {name} changes nothing the learner sees"


def test_the_lab_shows_no_ticket_controls(lab):
    """The cut tickets and the shared-ticket convention only relabelled tickets in the model
    (segments are drawn from the shares), so the lab does not offer them."""
    assert not {"student_last_ticket", "vip_first_ticket", "boundary"} & set(lab.controls)
    shown = {control for box in lab.controls_area.children for control in box.children}
    assert shown == set(lab.controls.values())
