"""A class of 60 players (30 firms of two) plays a whole session on the production server.

`otree prodserver` runs on 127.0.0.1 with its decisions in a PostgreSQL database started
here (as the gradebook's test starts one: skipped outside CI without PostgreSQL's server
programs). Sixty players (tests/game/players.py), one thread each, join the room with their
labels and play to the last page, every player typing decisions of their own; then the
database must hold every decision each player sent, and every firm's figures and pay must
be the model's outcome of those decisions, computed directly. Speed is measured by
`python -m benchmarks game`, never here.
"""

from __future__ import annotations

import collections

import pytest
from conftest import missing, postgres_server

from tests.game.players import OTREE, Player, class_server, labels, play_class

pytestmark = pytest.mark.slow

FIRMS = 30
ROUNDS_PER_PHASE = 1  # a whole session: a month of each phase
CONFIG = {
    "rounds_per_phase": ROUNDS_PER_PHASE,
    "decision_timeout_seconds": 3600,  # never falls due: every decision is the player's
    "common_goal": "profit",
    "lead_source_info": True,
    "budget_limit_factor": 2.0,
}
FIGURES = (
    "leads",
    "ad_spend_eur",
    "cost_per_lead_eur",
    "deals",
    "revenue_eur",
    "gross_margin_eur",
    "hours_used",
    "profit_eur",
    "marketing_pay_eur",
    "sales_pay_eur",
)


def own_decisions(number: int):
    """A student's own decisions, not the form's: marketing scales every budget by a factor
    of their own (0.5 to 1.5, within the limit of twice today's), sales gives 90% of the
    hours the form suggests (to 0.1 hour)."""
    factor = 0.5 + number / (2 * FIRMS)

    def choose(page: str, fields: dict[str, str]) -> dict[str, str]:
        typed = dict(fields)
        for name, value in fields.items():
            if name.startswith("budget_"):
                typed[name] = f"{float(value) * factor:.2f}"
            elif name.startswith("hours_"):
                typed[name] = f"{float(value) * 0.9:.1f}"
        return typed

    return choose


def stored(database: str, code: str) -> tuple[list[dict], dict[int, dict]]:
    """The session's players (with their participant's label) and its firms by id."""
    import psycopg
    from psycopg.rows import dict_row

    url = database.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, row_factory=dict_row) as connection:
        players = connection.execute(
            "SELECT participant.label, player.* FROM conflict_player AS player"
            " JOIN otree_participant AS participant ON participant.id = player.participant_id"
            " JOIN otree_session AS session ON session.id = player.session_id"
            " WHERE session.code = %s",
            (code,),
        ).fetchall()
        groups = connection.execute("SELECT * FROM conflict_group").fetchall()
    return players, {group["id"]: group for group in groups}


def decisions(player: Player, prefix: str) -> list[dict[str, float]]:
    """What ``player`` sent on its decision pages of one kind (``budget_``, ``hours_``),
    month by month."""
    return [
        {name: float(value) for name, value in fields.items() if name.startswith(prefix)}
        for _, fields in player.submitted
        if any(name.startswith(prefix) for name in fields)
    ]


def expected_month(group: dict, budgets: dict[str, float], hours: dict[str, float]):
    """The model's month for a firm's stored decisions, under the firm's phase and criteria."""
    from incentives.model.build import company_x
    from incentives.model.decisions import Rules, campaign_names, lead_type_names, play

    company = company_x()
    limit = CONFIG["budget_limit_factor"] * sum(c.budget_eur for c in company.campaigns)
    rules = Rules(max_budget_eur=limit)
    if group["phase"] == 2:
        rules = Rules(
            common_goal=group.get("common_goal") or CONFIG["common_goal"],
            lead_source_info=bool(group.get("lead_source_info", CONFIG["lead_source_info"])),
            max_budget_eur=limit,
        )
    names, kinds = campaign_names(company), lead_type_names(company, rules)
    return play(
        company,
        {name: budgets[f"budget_{i + 1}"] for i, name in enumerate(names)},
        {name: hours[f"hours_{i + 1}"] for i, name in enumerate(kinds)},
        rules,
    )


def test_a_class_of_60_plays_a_whole_session_and_every_decision_is_stored(tmp_path):
    if not OTREE.exists():
        missing(
            f"the game's environment is not installed ({OTREE}: make .venv-game/.installed-game)"
        )
    months = 2 * ROUNDS_PER_PHASE
    with (
        postgres_server() as database,
        class_server(database, 2 * FIRMS, CONFIG, log_dir=tmp_path) as server,
    ):
        players = [
            Player(label, choose=own_decisions(number))
            for number, label in enumerate(labels(2 * FIRMS))
        ]
        play_class(server.room_url, players, timeout=240)
        rows, groups = stored(server.database, server.code)

    by_label = {player.label: player for player in players}
    assert {row["label"] for row in rows} == set(by_label)  # each joined with their label
    played = [row for row in rows if row["round_number"] <= months]
    assert len(played) == 2 * FIRMS * months
    firms: dict[tuple[int, int], dict[str, dict]] = collections.defaultdict(dict)
    for row in played:
        player = by_label[row["label"]]
        budgets, hours = decisions(player, "budget_"), decisions(player, "hours_")
        assert bool(budgets) != bool(hours), row["label"]  # one department, every month
        assert len(budgets or hours) == months
        sent = (budgets or hours)[row["round_number"] - 1]
        assert {name: row[name] for name in sent} == pytest.approx(sent), row["label"]
        department = "marketing" if budgets else "sales"
        firms[row["group_id"], row["round_number"]][department] = {**row, **sent}

    assert len(firms) == FIRMS * months
    phases = collections.Counter()
    for (group_id, _), firm in firms.items():
        assert set(firm) == {"marketing", "sales"}
        group = groups[group_id]
        month = expected_month(group, firm["marketing"], firm["sales"])
        phases[group["phase"]] += 1
        for name, value in month.figures().items():
            assert group[name] == pytest.approx(None if value != value else value), name
        for department in ("marketing", "sales"):  # oTree keeps pay to the cent
            assert float(firm[department]["_payoff"]) == pytest.approx(
                month.pay_eur(department), abs=0.005
            )
    assert phases == {1: FIRMS * ROUNDS_PER_PHASE, 2: FIRMS * ROUNDS_PER_PHASE}
    unplayed = [groups[row["group_id"]] for row in rows if row["round_number"] > months]
    assert unplayed and all(group["profit_eur"] is None for group in unplayed)
