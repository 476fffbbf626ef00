"""The restaurant cloakroom: ticket conventions, one evening's invariants, the +150% check."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incentives.model import clear_caches
from incentives.model.restaurant import (
    DEFAULT_RANGES,
    DEFAULT_SHARES,
    SEGMENTS,
    SegmentRanges,
    needed_vip_spend_for_lift,
    segment_for_tickets,
    shares_with_vip,
    simulate_evening,
    ticket_range,
    try_scheme,
)

# --- segments ----------------------------------------------------------------------------

# The article's ranges share tickets 40 and 80; each convention gives them to one side.
EXPECTED = {
    "lower": {1: "student", 39: "student", 40: "student", 41: "standard", 79: "standard",
              80: "standard", 81: "vip", 100: "vip"},
    "upper": {1: "student", 39: "student", 40: "standard", 41: "standard", 79: "standard",
              80: "vip", 81: "vip", 100: "vip"},
}  # fmt: skip


@pytest.mark.parametrize("boundary", ["lower", "upper"])
@pytest.mark.parametrize("ticket", [1, 39, 40, 41, 79, 80, 81, 100])
def test_boundary_convention_decides_shared_tickets(boundary, ticket):
    assert segment_for_tickets(ticket, boundary=boundary) == EXPECTED[boundary][ticket]


@pytest.mark.parametrize("boundary", ["lower", "upper"])
def test_an_array_gives_an_ordered_categorical_in_segment_order(boundary):
    tickets = list(EXPECTED[boundary])
    result = segment_for_tickets(np.array(tickets), boundary=boundary)
    assert isinstance(result, pd.Categorical)
    assert list(result.categories) == list(SEGMENTS) and result.ordered
    assert list(result) == [EXPECTED[boundary][t] for t in tickets]
    assert list(segment_for_tickets(pd.Series(tickets), boundary=boundary)) == list(result)


def test_ticket_range_gives_inclusive_ranges_per_convention():
    assert [ticket_range(s, boundary="lower") for s in SEGMENTS] == [(1, 40), (41, 80), (81, 100)]
    assert [ticket_range(s, boundary="upper") for s in SEGMENTS] == [(1, 39), (40, 79), (80, 100)]


def test_the_boundary_must_be_stated():
    with pytest.raises(TypeError):
        segment_for_tickets(40)  # no default: the convention is a choice to make
    with pytest.raises(ValueError, match="boundary"):
        segment_for_tickets(40, boundary="middle")
    with pytest.raises(ValueError, match="segment"):
        ticket_range("gold", boundary="lower")


@pytest.mark.parametrize(
    ("tickets", "shown"),
    [
        (0, "got 0"),
        (101, "got 101"),
        (40.5, "got 40.5"),
        ([12, 0, 200, 0], "got 0, 200"),
        ([1.0, float("nan")], "got nan"),
        ("40", "got '40'"),
        ([5, None], "got None"),
        (True, "got True"),
    ],
)
def test_bad_tickets_are_named_in_the_error(tickets, shown):
    with pytest.raises(ValueError, match="tickets must be whole numbers from 1 to 100") as info:
        segment_for_tickets(tickets, boundary="lower")
    assert shown in str(info.value)


def test_whole_float_tickets_are_accepted():
    assert segment_for_tickets(80.0, boundary="upper") == "vip"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"student": (2, 40)}, "student must start at ticket 1"),
        ({"standard": (45, 80)}, "standard must start at 40.*tickets 41-44"),
        ({"standard": (30, 80)}, "standard overlaps student"),
        ({"vip": (70, 100)}, "vip overlaps standard"),
        ({"vip": (80, 99)}, "vip must end at max_ticket.*ticket 100 "),
        ({"standard": (80, 40)}, "standard must be .first, last. with first <= last"),
        ({"vip": (80, 120)}, "vip must lie within tickets 1..100"),
        ({"max_ticket": 90}, "vip must lie within tickets 1..90"),
        ({"student": (1, "forty")}, "student must hold whole ticket numbers"),
        ({"vip": 80}, "vip must be a pair"),
        ({"max_ticket": 2}, "max_ticket"),
        ({"standard": (40, 40), "vip": (40, 100)}, "standard .* holds no ticket"),
    ],
)
def test_bad_ranges_name_the_field(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SegmentRanges(**kwargs)


def test_ranges_that_do_not_share_tickets_need_no_convention():
    ranges = SegmentRanges(student=(1, 39), standard=(40, 79), vip=(80, 100))
    for boundary in ("lower", "upper"):
        result = segment_for_tickets([39, 40, 79, 80], boundary=boundary, ranges=ranges)
        assert list(result) == ["student", "standard", "standard", "vip"]


@st.composite
def valid_ranges(draw):
    """Ranges that share a ticket or not at each boundary, each holding a ticket either way."""
    top = draw(st.integers(5, 300))
    low_shared, high_shared = draw(st.booleans()), draw(st.booleans())
    student_last = draw(st.integers(2, top - 3))
    standard_first = student_last + 1 - low_shared
    standard_last = draw(st.integers(standard_first + max(low_shared, high_shared), top - 1))
    return SegmentRanges(
        student=(1, student_last),
        standard=(standard_first, standard_last),
        vip=(standard_last + 1 - high_shared, top),
        max_ticket=top,
    )


@settings(max_examples=60, deadline=None)
@given(ranges=valid_ranges(), boundary=st.sampled_from(["lower", "upper"]))
def test_every_ticket_has_exactly_one_segment_and_segments_rise_with_tickets(ranges, boundary):
    tickets = np.arange(1, ranges.max_ticket + 1)
    codes = segment_for_tickets(tickets, boundary=boundary, ranges=ranges).codes
    assert codes.min() == 0 and codes.max() == 2
    assert np.all(np.diff(codes) >= 0)
    bounds = [ticket_range(s, boundary=boundary, ranges=ranges) for s in SEGMENTS]
    assert bounds[0][0] == 1 and bounds[2][1] == ranges.max_ticket
    assert bounds[1][0] == bounds[0][1] + 1 and bounds[2][0] == bounds[1][1] + 1
    for code, (first, last) in enumerate(bounds):
        assert np.all(codes[first - 1 : last] == code)
    single = int(tickets[len(tickets) // 2])
    assert (
        segment_for_tickets(single, boundary=boundary, ranges=ranges) == SEGMENTS[codes[single - 1]]
    )


# --- one evening -------------------------------------------------------------------------


def test_same_seed_same_evening_and_other_seeds_differ():
    first = simulate_evening(seed=7, gift_budget_ron=200)
    again = simulate_evening(seed=7, gift_budget_ron=200)
    pd.testing.assert_frame_equal(first.parties, again.parties)
    other = simulate_evening(seed=8, gift_budget_ron=200)
    assert not first.parties.equals(other.parties)


def test_parties_table_has_the_documented_columns():
    parties = simulate_evening(seed=1).parties
    assert list(parties.columns) == [
        "ticket", "segment", "party_size", "arrival_minute", "wait_minutes", "bill_ron",
        "gift", "tip_ron",
    ]  # fmt: skip
    assert parties["party_size"].sum() == 140
    assert parties["party_size"].between(1, 4).all()
    assert parties["arrival_minute"].is_monotonic_increasing
    assert parties["arrival_minute"].between(0, 240).all()
    assert parties["gift"].dtype == bool


def test_the_policy_changes_service_not_guests():
    fifo = simulate_evening(seed=3).parties
    vip_first = simulate_evening(seed=3, policy="vip_first").parties
    guests = ["ticket", "segment", "party_size", "arrival_minute"]
    pd.testing.assert_frame_equal(fifo[guests], vip_first[guests])


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_vip_first_serves_vips_sooner_and_others_no_sooner(seed):
    fifo = simulate_evening(seed=seed)
    vip_first = simulate_evening(seed=seed, policy="vip_first")
    before, after = fifo.by_segment, vip_first.by_segment
    assert after.loc["vip", "mean_wait_minutes"] < before.loc["vip", "mean_wait_minutes"]

    def others_mean_wait(evening):
        parties = evening.parties
        return parties.loc[parties["segment"] != "vip", "wait_minutes"].mean()

    assert others_mean_wait(vip_first) >= others_mean_wait(fifo)
    assert vip_first.fairness < fifo.fairness


def test_without_a_gift_budget_there_are_no_gifts():
    evening = simulate_evening(seed=5, gift_budget_ron=0.0)
    assert not evening.parties["gift"].any()
    assert evening.gift_cost_ron == 0.0
    assert evening.by_segment["gifts"].sum() == 0


def test_gifts_go_to_vips_first_one_per_guest():
    evening = simulate_evening(seed=5, gift_budget_ron=10_000.0, gift_cost_ron=15.0)
    vips = evening.parties[evening.parties["segment"] == "vip"]
    assert vips["gift"].all()
    # A budget for two gifts: they go to the first VIP party if it fits, else to nobody.
    small = simulate_evening(seed=5, gift_budget_ron=30.0, gift_cost_ron=15.0)
    assert small.gift_cost_ron <= 30.0
    gifted = small.parties[small.parties["gift"]]
    assert set(gifted["segment"]) <= {"vip"}
    assert small.gift_cost_ron == 15.0 * gifted["party_size"].sum()


def test_a_gift_lifts_the_bill_and_the_tip():
    plain = simulate_evening(seed=11).parties
    gifted = simulate_evening(seed=11, gift_budget_ron=10_000.0).parties
    vip = plain["segment"] == "vip"
    ratio = gifted.loc[vip, "bill_ron"] / plain.loc[vip, "bill_ron"]
    assert np.allclose(ratio, 1.1, atol=1e-3)
    tipped = vip & (plain["tip_ron"] > 0)
    tip_ratio = gifted.loc[tipped, "tip_ron"] / plain.loc[tipped, "tip_ron"]
    # Bill x 1.1, tip share x 17.84 / 15.06 (Strohmetz et al. 2002).
    assert np.allclose(tip_ratio, 1.1 * 17.84 / 15.06, rtol=5e-3)


def test_by_segment_adds_up_to_the_evening():
    evening = simulate_evening(seed=2, gift_budget_ron=300.0, policy="vip_first")
    table = evening.by_segment
    assert list(table.index) == list(SEGMENTS)
    assert list(table.columns) == [
        "parties", "guests", "mean_wait_minutes", "p90_wait_minutes", "spend_per_head_ron",
        "revenue_ron", "gifts", "gift_cost_ron",
    ]  # fmt: skip
    assert table["parties"].sum() == len(evening.parties)
    assert table["guests"].sum() == 140
    assert math.isclose(table["revenue_ron"].sum(), evening.revenue_ron)
    assert math.isclose(table["gift_cost_ron"].sum(), evening.gift_cost_ron)
    assert np.allclose(table["spend_per_head_ron"], table["revenue_ron"] / table["guests"])
    assert (table["p90_wait_minutes"] >= 0).all()


def test_fairness_is_shortest_over_longest_time_to_order():
    evening = simulate_evening(seed=4, policy="vip_first")
    times = 5.0 + evening.by_segment["mean_wait_minutes"]
    assert math.isclose(evening.fairness, times.min() / times.max())
    # An empty restaurant: nobody waits, every segment is treated alike.
    quiet = simulate_evening(seed=4, covers=20, waiters=10)
    assert quiet.parties["wait_minutes"].eq(0).all()
    assert quiet.fairness == 1.0


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    policy=st.sampled_from(["fifo", "vip_first"]),
    covers=st.integers(1, 200),
    waiters=st.integers(1, 6),
    tables_per_waiter=st.integers(1, 6),
    gift_budget_ron=st.floats(0, 2_000),
    gift_cost_ron=st.floats(0.5, 50),
    boundary=st.sampled_from(["lower", "upper"]),
)
def test_evening_invariants(
    seed, policy, covers, waiters, tables_per_waiter, gift_budget_ron, gift_cost_ron, boundary
):
    evening = simulate_evening(
        seed=seed,
        policy=policy,
        covers=covers,
        waiters=waiters,
        tables_per_waiter=tables_per_waiter,
        gift_budget_ron=gift_budget_ron,
        gift_cost_ron=gift_cost_ron,
        boundary=boundary,
    )
    parties = evening.parties
    assert parties["party_size"].sum() == covers
    assert (parties["wait_minutes"] >= 0).all()
    assert (parties["bill_ron"] > 0).all() and (parties["tip_ron"] >= 0).all()
    assert evening.gift_cost_ron <= gift_budget_ron
    assert math.isclose(evening.revenue_ron, parties["bill_ron"].sum())
    assert 0 < evening.fairness <= 1
    # Each ticket reads back as its party's segment under the evening's convention.
    read = segment_for_tickets(parties["ticket"], boundary=boundary)
    assert list(read) == list(parties["segment"])
    # Gifts reach a non-VIP party only once every VIP party has them.
    is_vip = parties["segment"] == "vip"
    if parties.loc[~is_vip, "gift"].any():
        assert parties.loc[is_vip, "gift"].all()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"seed": None}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"policy": "loudest_first"}, "policy"),
        ({"covers": 0}, "covers"),
        ({"covers": 140.5}, "covers"),
        ({"shares": (0.3, 0.5, 0.1)}, "shares must sum to 1"),
        ({"shares": (1.2, -0.2, 0.0)}, "shares must be finite and non-negative"),
        ({"shares": (0.5, 0.5)}, "shares must hold three numbers"),
        ({"spend_per_head_ron": (60, -1, 300)}, "spend_per_head_ron"),
        ({"waiters": 0}, "waiters"),
        ({"tables_per_waiter": 0}, "tables_per_waiter"),
        ({"service_minutes": 0}, "service_minutes"),
        ({"gift_budget_ron": -1}, "gift_budget_ron"),
        ({"gift_cost_ron": 0}, "gift_cost_ron"),
        ({"gift_spend_lift": -1}, "gift_spend_lift"),
        ({"gift_tip_lift": float("nan")}, "gift_tip_lift"),
        ({"spend_drop_per_10_minutes": -0.1}, "spend_drop_per_10_minutes"),
        ({"spend_floor": 1.5}, "spend_floor"),
        ({"boundary": "both"}, "boundary"),
        ({"ranges": ((1, 40), (40, 80), (80, 100))}, "ranges"),
    ],
)
def test_bad_arguments_are_named(kwargs, name):
    arguments = {"seed": 0} | kwargs
    with pytest.raises(ValueError, match=name):
        simulate_evening(**arguments)


# --- the +150% check -----------------------------------------------------------------------


def test_plus_150_percent_needs_vip_spend_of_1535_ron():
    # Today, per guest: 0.30 * 60 + 0.55 * 110 + 0.15 * 300 = 18 + 60.5 + 45 = 123.5 RON.
    # +150% means 2.5 * 123.5 = 308.75 RON. Students and standard still bring 78.5, so VIPs
    # must bring 308.75 - 78.5 = 230.25 RON per guest overall: 230.25 / 0.15 = 1,535 RON.
    assert needed_vip_spend_for_lift() == pytest.approx(1_535.0)
    assert needed_vip_spend_for_lift(0.0) == pytest.approx(300.0)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lift": -1.0}, "lift"),
        ({"lift": -0.9}, "lift"),  # would need a negative VIP spend
        ({"shares": (0.5, 0.5, 0.0)}, "shares"),
        ({"spend_per_head_ron": (0, 0, 0)}, "spend_per_head_ron"),
    ],
)
def test_needed_vip_spend_names_the_bad_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        needed_vip_spend_for_lift(**kwargs)


# --- the scheme against queue order ---------------------------------------------------------


def test_cuts_make_the_articles_shared_ranges():
    assert SegmentRanges.from_cuts(40, 80) == DEFAULT_RANGES
    assert SegmentRanges.from_cuts(30, 90) == SegmentRanges((1, 30), (30, 90), (90, 100))


def test_cuts_in_the_wrong_order_name_both_cuts():
    with pytest.raises(ValueError, match=r"student_last_ticket \(60\) and vip_first_ticket \(50\)"):
        SegmentRanges.from_cuts(60, 50)


def test_a_trial_compares_the_scheme_with_the_same_guests_in_queue_order():
    ranges = SegmentRanges.from_cuts(30, 90)
    trial = try_scheme(seed=3, ranges=ranges, policy="vip_first", gift_budget_ron=600)
    scheme = simulate_evening(seed=3, ranges=ranges, policy="vip_first", gift_budget_ron=600)
    queue = simulate_evening(seed=3, ranges=ranges, policy="fifo")
    pd.testing.assert_frame_equal(trial.evening.parties, scheme.parties)
    pd.testing.assert_frame_equal(trial.baseline.parties, queue.parties)
    assert trial.revenue_change == pytest.approx(scheme.revenue_ron / queue.revenue_ron - 1)
    assert trial.revenue_change != 0


def test_queue_order_without_gifts_is_its_own_baseline():
    trial = try_scheme(seed=4, policy="fifo", gift_budget_ron=0)
    assert trial.evening is trial.baseline
    assert trial.revenue_change == 0


def test_trying_another_policy_on_the_same_guests_reuses_the_baseline():
    clear_caches()
    first = try_scheme(seed=5, policy="vip_first", gift_budget_ron=0)
    second = try_scheme(seed=5, policy="vip_first", gift_budget_ron=900)
    assert second.baseline is first.baseline
    assert second.evening is not first.evening
    clear_caches()
    assert try_scheme(seed=5, policy="vip_first").baseline is not first.baseline


@pytest.mark.parametrize(
    ("arguments", "word"),
    [
        ({"seed": [1]}, "seed"),
        ({"seed": 1, "policy": "bribe_first"}, "policy"),
        ({"seed": 1, "gift_budget_ron": -50}, "gift_budget_ron"),
        ({"seed": 1, "boundary": "middle"}, "boundary"),
        ({"seed": 1, "ranges": ((1, 40), (40, 80), (80, 100))}, "ranges"),
    ],
)
def test_a_bad_trial_argument_is_named(arguments, word):
    with pytest.raises(ValueError, match=word):
        try_scheme(**arguments)


def test_shares_with_vip_keeps_the_students_to_standard_ratio():
    assert shares_with_vip(0.15) == DEFAULT_SHARES
    student, standard, vip = shares_with_vip(0.30)
    assert (round(student, 4), round(standard, 4), vip) == (0.2471, 0.4529, 0.30)
    assert student / standard == pytest.approx(30 / 55)
    assert sum(shares_with_vip(0.5)) == pytest.approx(1.0)
    for bad in (-0.1, 1.2, float("nan"), "15%"):
        with pytest.raises(ValueError, match="vip_share"):
            shares_with_vip(bad)


def test_try_scheme_with_more_vips_is_another_crowd_and_the_default_is_unchanged():
    usual = try_scheme(seed=1, policy="vip_first", gift_budget_ron=600)
    same = try_scheme(seed=1, policy="vip_first", gift_budget_ron=600, vip_share=0.15)
    assert same.evening is usual.evening  # 15% is the default crowd, from the same cache
    assert round(usual.revenue_change, 3) == 0.060  # lesson 04's +6.0% on evening 1
    more = try_scheme(seed=1, policy="vip_first", gift_budget_ron=600, vip_share=0.30)
    vips = more.baseline.by_segment["parties"]
    assert vips["vip"] > usual.baseline.by_segment["parties"]["vip"]
    assert more.baseline is try_scheme(seed=1, policy="fifo", vip_share=0.30).baseline  # cached
