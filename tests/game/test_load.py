"""A class of 60 players (30 firms of two) plays a whole session on the production server.

`otree prodserver` runs on 127.0.0.1 with its decisions in a PostgreSQL database started
here (as the gradebook's test starts one: skipped outside CI without PostgreSQL's server
programs). Sixty players (tests/game/players.py), one thread each, join the room with their
labels and play to the last page, every player typing decisions of their own; then the
database must hold every decision each player sent, and every firm's figures and pay must
be the model's outcome of those decisions, computed directly. Without a server: the player
client sends any form as prefilled (text, radio, checkbox, select, textarea), and the
benchmark reads a month's time from its requests. Speed is measured by
`python -m benchmarks game`, never here.
"""

from __future__ import annotations

import collections

import pytest
from conftest import missing, postgres_server

from tests.game.players import (
    OTREE,
    Player,
    Timed,
    class_server,
    labels,
    otree_url,
    page_name,
    play_class,
    read_page,
)

FIRMS = 30
ROUNDS_PER_PHASE = 1  # a whole session: a month of each phase
CONFIG = {
    "rounds_per_phase": ROUNDS_PER_PHASE,
    "decision_timeout_seconds": 3600,  # never falls due: every decision is the player's
    "common_goal": "profit",
    "lead_source_info": True,
    "budget_limit_factor": 2.0,
}


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


@pytest.mark.slow
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

    # as browsers: each page's websocket opened, every wait page left on the server's push
    assert all(player.sockets and not player.fallbacks for player in players)
    assert sum(player.pushes for player in players) >= FIRMS  # someone waits in each firm

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


# --- the player client and the benchmark's reading of its requests, without a server ----------

PAGE = """
<div class="otree-timer">left</div>
<form class="otree-form" method="post" id="form">
  <input type="text" name="budget_1" value="3000.0" required>
  <input type="hidden" name="hidden_one" value="h">
  <input type="radio" name="common_goal" value="revenue">
  <input type="radio" name="common_goal" value="profit" checked>
  <input type="radio" name="criteria" value="leader"><input type="radio" name="criteria" value="x">
  <input type="checkbox" name="lead_source_info" checked>
  <input type="checkbox" name="not_ticked" value="yes">
  <select name="firm"><option value="">---</option><option value="a">A</option></select>
  <select name="size"><option value="2">2</option><option value="3" selected>3</option></select>
  <textarea name="note">a &amp; b</textarea>
  <button class="otree-btn-next" name="go" value="1">Next</button>
</form>
<input type="text" name="outside" value="not sent">
"""


def test_a_form_is_sent_as_prefilled_whatever_its_fields():
    form = read_page(PAGE)
    assert form.has_form and not form.is_wait_page
    assert form.fields == {
        "budget_1": "3000.0",
        "hidden_one": "h",
        "common_goal": "profit",  # the checked choice
        "criteria": "leader",  # none checked: the first
        "lead_source_info": "on",
        "firm": "a",  # none selected: the first with a value
        "size": "3",
        "note": "a & b",
    }


def test_a_wait_page_and_a_page_without_a_form_are_told_apart():
    wait = read_page('<div class="otree-wait-page container"><p>Please wait</p></div>')
    assert wait.is_wait_page and not wait.has_form and wait.fields == {}
    assert not read_page("<p>Thank you</p>").has_form


def test_a_page_names_the_websocket_a_browser_opens():
    wait = read_page(
        '<div class="otree-wait-page"></div><script>$(function () {'
        ' socket = makeReconnectingWebSocket("/wait_page?session_pk=1&amp;page_index=3");'
        "});</script>"
    )
    assert wait.socket_path == "/wait_page?session_pk=1&page_index=3"
    page = read_page(
        '<form method="post"></form><script id="websocket-redirect" src="/x.js"'
        ' data-socket-url="/auto_advance?participant_code=ab&amp;page_index=2"></script>'
    )
    assert page.socket_path == "/auto_advance?participant_code=ab&page_index=2"
    assert read_page("<p>Thank you</p>").socket_path is None


def test_page_names_and_the_database_url_for_otree():
    assert page_name("http://127.0.0.1:8000/p/abc123/firm/Sales/3") == "Sales"
    assert page_name("http://127.0.0.1:8000/OutOfRangeNotification/abc") == (
        "OutOfRangeNotification"
    )
    assert page_name("http://127.0.0.1:8000/room/class?participant_label=s") == "room"
    assert otree_url("postgresql+psycopg://u@127.0.0.1:5/db") == "postgresql://u@127.0.0.1:5/db"
    assert labels(3) == ["student-01", "student-02", "student-03"]


def test_the_benchmark_times_a_month_to_the_last_sales_players_results_page():
    from benchmarks.game import months_processed

    def player(*requests: tuple[float, str, str]) -> Player:
        done = Player("s")
        done.requests = [Timed(t - 0.01, t, m, page, 200) for t, m, page in requests]
        return done

    first = player(
        (10.0, "POST", "Sales"),
        (10.2, "GET", "ResultsWaitPage"),
        (10.5, "GET", "Results"),
        (30.0, "POST", "Sales"),
        (31.0, "GET", "Results"),
    )
    second = player(
        (10.0, "POST", "Sales"),
        (10.9, "GET", "Results"),
        (11.5, "GET", "Results"),
        (30.0, "POST", "Sales"),
        (30.4, "GET", "Results"),
    )
    marketing = player((5.0, "POST", "Marketing"), (12.0, "GET", "Results"))
    months = months_processed([first, second, marketing], released=[10.0, 30.0])
    assert months == pytest.approx([0.9, 1.0])  # the first results page after each submission


def test_the_benchmark_sums_the_servers_own_work_of_each_month():
    from benchmarks.game import server_months

    records = [
        dict(page="ResultsWaitPage", hook="ResultsWaitPage", round=1, hook_s=0.25, commit_s=0.5),
        dict(page="ResultsWaitPage", hook="ResultsWaitPage", round=1, hook_s=0.125),
        dict(page="ResultsWaitPage", hook="ResultsWaitPage", round=2, hook_s=1.0, commit_s=0.25),
        dict(page="Sales", hook="LeadsWaitPage", round=1, hook_s=4.0, commit_s=1.0),
        dict(page="Results", server_s=9.0),
    ]
    assert server_months(records) == [0.875, 1.25]
    assert server_months(records, parts=("commit_s",)) == [0.5, 0.25]
    assert server_months(records, "LeadsWaitPage") == [5.0]
