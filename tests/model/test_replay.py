"""Replay on the data: a pay plan applied to the deals won in a leads table, month by month.

The small table below has answers worked out by hand:

| month | leads | won deals (value / margin) | ad spend | margin | profit before pay |
| --- | --- | --- | --- | --- | --- |
| 2025-01 | 4 (one lost, one not contacted) | 400 / 100, 600 / 240 | 70 | 340 | 270 |
| 2025-02 | 2 | 500 / 150, 1000 / 300 | 100 | 450 | 350 |
| 2025-03 | 2 (one lost) | 100 / 20 | 80 | 20 | -60 |
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from incentives.data import load
from incentives.model.funnels import profit_by
from incentives.model.plans import (
    BasePlusBonus,
    Blend,
    FlatFee,
    MarginShare,
    RevenueShare,
    TeamPool,
    TieredRevenue,
)
from incentives.model.replay import REPLAY_COLUMNS, REPLAY_VS_MODEL, replay

MONTHS = ["2025-01", "2025-02", "2025-03"]


def leads_table(rows) -> pd.DataFrame:
    """Leads from ``(month, outcome, deal value, margin, cost, rep)`` tuples."""
    columns = ["month", "outcome", "deal_value_eur", "gross_margin_eur", "cost_eur", "rep_id"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"deal_value_eur": float, "gross_margin_eur": float, "cost_eur": float}
    )
    frame["contacted"] = frame["outcome"] != "not_contacted"
    return frame


@pytest.fixture
def leads() -> pd.DataFrame:
    # Rows out of month order on purpose: the result is sorted.
    return leads_table(
        [
            ("2025-02", "won", 500, 150, 40, "R1"),
            ("2025-01", "won", 400, 100, 20, "R1"),
            ("2025-01", "won", 600, 240, 30, "R2"),
            ("2025-03", "lost", 0, 0, 50, "R2"),
            ("2025-01", "lost", 0, 0, 10, "R1"),
            ("2025-02", "won", 1000, 300, 60, "R2"),
            ("2025-01", "not_contacted", 0, 0, 10, "R2"),
            ("2025-03", "won", 100, 20, 30, "R1"),
        ]
    )


def test_sums_per_month_sorted(leads):
    table = replay(leads, TieredRevenue())
    assert list(table.index) == MONTHS
    assert table.index.name == "month"
    assert list(table.columns) == list(REPLAY_COLUMNS)
    assert list(table["leads"]) == [4, 2, 2]
    assert list(table["contacted"]) == [3, 2, 2]
    assert list(table["won"]) == [2, 2, 1]
    assert list(table["revenue_eur"]) == [1000, 1500, 100]
    assert list(table["gross_margin_eur"]) == [340, 450, 20]
    assert list(table["ad_spend_eur"]) == [70, 100, 80]
    assert list(table["profit_before_pay_eur"]) == [270, 350, -60]


def test_tiered_revenue_pays_1_percent_below_500_and_5_from_500(leads):
    table = replay(leads, TieredRevenue())
    # Jan: 1% of 400 + 5% of 600; Feb: 5% of 500 (the threshold) + 5% of 1000; Mar: 1% of 100
    assert table["sales_pay_eur"].tolist() == [pytest.approx(x) for x in (34, 75, 1)]
    assert table["profit_eur"].tolist() == [pytest.approx(x) for x in (236, 275, -61)]
    whole = replay(leads, TieredRevenue(), total=True)
    assert list(whole.index) == ["total"]
    assert whole.loc["total", "sales_pay_eur"] == pytest.approx(110)
    assert whole.loc["total", "profit_eur"] == pytest.approx(450)
    assert whole.loc["total", "won"] == 5 and whole.loc["total", "leads"] == 8


def test_margin_share_and_flat_fee(leads):
    margin = replay(leads, MarginShare(0.12))["sales_pay_eur"]
    assert margin.tolist() == [pytest.approx(x) for x in (40.8, 54.0, 2.4)]
    flat = replay(leads, FlatFee(30))
    assert flat["sales_pay_eur"].tolist() == [60, 60, 30]
    assert flat["profit_eur"].tolist() == [pytest.approx(x) for x in (210, 290, -90)]


def test_team_pool_shares_each_months_profit_and_nothing_of_a_loss(leads):
    table = replay(leads, TeamPool(0.1))
    assert table["sales_pay_eur"].tolist() == [pytest.approx(x) for x in (27, 35, 0)]
    assert table["profit_eur"].tolist() == [pytest.approx(x) for x in (243, 315, -60)]
    # The total is paid month by month (27 + 35 + 0), not on the year's 560 of profit (56).
    assert replay(leads, TeamPool(0.1), total=True)["sales_pay_eur"].item() == pytest.approx(62)


def test_fixed_costs_lower_profit_and_the_pool(leads):
    table = replay(leads, TeamPool(0.1), fixed_costs_eur_per_month=100)
    assert table["fixed_costs_eur"].tolist() == [100, 100, 100]
    assert table["profit_before_pay_eur"].tolist() == [170, 250, -160]
    assert table["sales_pay_eur"].tolist() == [pytest.approx(x) for x in (17, 25, 0)]
    assert table["profit_eur"].tolist() == [pytest.approx(x) for x in (153, 225, -160)]


def test_base_plus_bonus_adds_salaries(leads):
    plan = BasePlusBonus(2_000, MarginShare(0.12))
    table = replay(leads, plan, reps=2)
    assert table["sales_pay_eur"].tolist() == [pytest.approx(x) for x in (4040.8, 4054, 4002.4)]
    # reps=None counts the table's reps (R1 and R2); reps=0 pays the bonus only.
    assert replay(leads, plan).equals(table)
    assert replay(leads, plan, reps=0)["sales_pay_eur"].tolist() == [
        pytest.approx(x) for x in (40.8, 54, 2.4)
    ]
    # A pool bonus shares the profit left after the salaries: 10% of (270 - 100) in January.
    pool = replay(leads, BasePlusBonus(100, TeamPool(0.1)), reps=1)["sales_pay_eur"]
    assert pool.tolist() == [pytest.approx(x) for x in (117, 125, 100)]


def test_blend_pays_each_part_by_its_own_rule(leads):
    plan = Blend(((0.5, RevenueShare(0.05)), (0.5, TeamPool(0.1))))
    table = replay(leads, plan)
    # January: half of 5% of 1000 plus half of 10% of 270.
    assert table["sales_pay_eur"].tolist() == [pytest.approx(x) for x in (38.5, 55, 2.5)]


def test_lost_and_not_contacted_leads_pay_nothing():
    leads = leads_table(
        [
            ("2025-01", "lost", 0, 0, 25, "R1"),
            ("2025-01", "not_contacted", 0, 0, 15, "R1"),
        ]
    )
    for plan in (TieredRevenue(), MarginShare(0.12), FlatFee(30), TeamPool(0.1)):
        table = replay(leads, plan)
        assert table["won"].tolist() == [0]
        assert table["sales_pay_eur"].tolist() == [0]
        assert table["profit_eur"].tolist() == [-40]


@pytest.mark.parametrize(
    "plan",
    [
        TieredRevenue(),
        MarginShare(0.12),
        FlatFee(30),
        TeamPool(0.1),
        # profit_by once paid only the pool of such a blend and dropped its revenue share
        Blend(((0.5, RevenueShare(0.05)), (0.5, TeamPool(0.1)))),
    ],
)
def test_agrees_with_profit_by_for_plans_without_salaries(leads, plan):
    ours = replay(leads, plan, reps=0, fixed_costs_eur_per_month=50)
    theirs = profit_by(leads, plan, "month", fixed_costs_eur=50)
    for name in ("won", "revenue_eur", "ad_spend_eur", "sales_pay_eur", "profit_eur"):
        assert ours[name].tolist() == [pytest.approx(x) for x in theirs[name]], name


def test_other_pay_periods(leads):
    leads["quarter"] = "Q1"
    table = replay(leads, FlatFee(30), by="quarter", fixed_costs_eur_per_month=10)
    assert list(table.index) == ["Q1"] and table.index.name == "quarter"
    assert table.loc["Q1", "sales_pay_eur"] == 150
    assert table.loc["Q1", "profit_eur"] == pytest.approx(810 - 150 - 250 - 10)


def test_empty_table_gives_empty_result_with_the_same_columns(leads):
    empty = replay(leads.iloc[:0], TieredRevenue())
    assert empty.empty
    assert list(empty.columns) == list(replay(leads, TieredRevenue()).columns)
    total = replay(leads.iloc[:0], TeamPool(0.1), total=True)
    assert list(total.index) == ["total"]
    assert total.to_numpy().tolist() == [[0] * len(REPLAY_COLUMNS)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: {"leads": t.drop(columns=["outcome", "cost_eur"])}, "'outcome', 'cost_eur'"),
        (lambda t: {"leads": t.drop(columns=["month"])}, "['month']"),
        (lambda t: {"leads": t, "by": "week"}, "['week']"),
        (lambda t: {"leads": t.to_dict()}, "DataFrame"),
        (lambda t: {"leads": t.assign(deal_value_eur=math.nan)}, "deal_value_eur"),
        (lambda t: {"leads": t.assign(cost_eur="10")}, "cost_eur"),
        (lambda t: {"leads": t, "plan": "tiered"}, "plan must be a Plan"),
        (lambda t: {"leads": t, "plan": TieredRevenue}, "plan must be a Plan"),
        (lambda t: {"leads": t, "reps": -1}, "reps must be >= 0"),
        (lambda t: {"leads": t, "reps": 1.5}, "reps must be a whole number"),
        (lambda t: {"leads": t, "fixed_costs_eur_per_month": -5}, "fixed_costs_eur_per_month"),
        (lambda t: {"leads": t, "fixed_costs_eur_per_month": math.inf}, "finite"),
        (
            lambda t: {"leads": t.drop(columns=["rep_id"]), "plan": BasePlusBonus()},
            "rep_id",
        ),
    ],
)
def test_bad_input_is_named(leads, change, message):
    arguments = {"plan": TieredRevenue(), **change(leads)}
    with pytest.raises(ValueError) as error:
        replay(arguments.pop("leads"), arguments.pop("plan"), **arguments)
    assert message in str(error.value)


def test_no_rep_id_is_fine_for_a_plan_without_salaries(leads):
    table = replay(leads.drop(columns=["rep_id"]), TieredRevenue())
    assert table["sales_pay_eur"].sum() == pytest.approx(110)


def test_replay_vs_model_is_one_sentence():
    assert REPLAY_VS_MODEL.endswith(".") and REPLAY_VS_MODEL.count(". ") == 0
    assert "re-plan" in REPLAY_VS_MODEL and "deals won in the leads table" in REPLAY_VS_MODEL


def test_shipped_data_tiered_pay_for_2025_matches_a_plain_loop():
    leads = load("leads")
    expected = 0.0
    for month, outcome, value in zip(
        leads["month"], leads["outcome"], leads["deal_value_eur"], strict=True
    ):
        if str(month).startswith("2025") and outcome == "won":
            expected += value * (0.05 if value >= 500 else 0.01)
    in_2025 = leads[leads["month"].astype(str).str.startswith("2025")]
    whole = replay(in_2025, TieredRevenue(), total=True)
    assert expected > 0
    assert whole.loc["total", "sales_pay_eur"] == pytest.approx(expected, abs=0.005)
    assert whole.loc["total", "profit_eur"] == pytest.approx(
        whole.loc["total", "gross_margin_eur"] - expected - whole.loc["total", "ad_spend_eur"],
        abs=0.005,
    )
