"""The classroom game (game/, an oTree project) in its own environment, .venv-game.

oTree's bots play every page in every role, in firms of two and of three (with the leader),
under several strategies, on both companies, and check after each month that every payoff
and figure is the model's, computed directly, and that a player's pages show their own
firm's figures and chat only (game/conflict/tests.py); refused inputs must be refused; a
player who never submits gets the default decision when the page times out (a leader who
leaves: the session's criteria), and the firm plays on. A session's options the game cannot
play are refused at its creation, naming the option. The production server keeps every
decision across a restart, and two players in Chromium play a month to their scorecards,
with nothing loaded from off this machine, and talk in their firm's chat, which another
firm's player does not see. `make test` installs .venv-game; elsewhere these tests skip
without it (under CI they fail).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import runpy
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, free_port, missing, running_server

GAME = ROOT / "game"
GAME_VENV = ROOT / ".venv-game"
OTREE = GAME_VENV / "bin" / "otree"
CASES = 6  # game/conflict/tests.py: own_metrics, cooperative, mixed, and each role leaving
RULES = GAME / "conflict" / "rules.py"  # imports the model only: the course's .venv loads it


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.strip().split("==")
            found[name.lower().replace("_", "-")] = version
    return found


def test_the_game_lock_pins_otree_5_and_the_libraries_base_at_the_courses_versions():
    game = pins((ROOT / "requirements" / "game.lock.txt").read_text())
    test = pins((ROOT / "requirements" / "test.lock.txt").read_text())
    assert game["otree"].startswith("5.")
    for name in ("numpy", "pandas", "pandera"):
        assert game[name] == test[name], name
    assert "jupyterlab" not in game and "altair" not in game  # installed without the extras


def test_make_test_installs_the_games_environment_first(tmp_path):
    """`make test` sets up .venv-game before pytest starts, so the game's tests run on a
    fresh clone (a prerequisite named before its variable was set would be silently empty)."""
    if shutil.which("make") is None:
        missing("make is not installed")
    venv = tmp_path / "no-game-yet"
    done = subprocess.run(
        ["make", "--dry-run", "test", f"GAME_VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    installs = [i for i, line in enumerate(lines) if "game.lock.txt" in line]
    (pytest_line,) = [i for i, line in enumerate(lines) if "bin/pytest" in line]
    assert installs and installs[0] < pytest_line, done.stdout


def game_env() -> dict[str, str]:
    if not OTREE.exists():
        missing(
            f"the game's environment is not installed ({OTREE}: make .venv-game/.installed-game)"
        )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VIRTUAL_ENV")}
    env["PATH"] = f"{GAME_VENV / 'bin'}{os.pathsep}{env['PATH']}"
    return env


def game_copy(tmp_path: Path) -> Path:
    """A copy of game/ without a database left there by `make game`."""
    project = tmp_path / "game"
    shutil.copytree(GAME, project, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__"))
    return project


BOT_SESSIONS = [
    ("company_x", 4, 2),
    ("velora", 2, 2),
    ("company_x_leader", 3, 3),
    ("company_x_ro", 2, 2),
    ("company_x_leader_ro", 3, 3),
]


def load(path: Path, name: str):
    """A module of game/ that imports no oTree, loaded on its own in the course's .venv."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bots_play_every_session_config_in_its_firm_size():
    configs = load(GAME / "settings.py", "game_settings").SESSION_CONFIGS
    assert {c["name"]: c.get("firm_size", 2) for c in configs} == {
        name: size for name, _players, size in BOT_SESSIONS
    }


@pytest.mark.slow
@pytest.mark.parametrize(("session", "players", "size"), BOT_SESSIONS)
def test_bots_play_every_page_and_role_and_get_the_models_payoffs(session, players, size, tmp_path):
    """In a copy of game/: a database left there by `make game` would stop the bots."""
    env = game_env()
    project = game_copy(tmp_path)
    run = subprocess.run(
        [str(OTREE), "test", session, str(players)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert len(re.findall(r"Bots completed session", out)) == CASES, out[-3000:]
    # the players who leave: every month of two cases, their decision page timed out; and
    # in firms of three the leader's discussion page, once
    months = 2 * 2  # settings.GAME: rounds_per_phase
    firms = players // size
    leaders = firms if size == 3 else 0
    assert len(re.findall(r"timeout_happened", out)) == 2 * months * firms + leaders, out[-3000:]
    # phase 2 with lead-source information: sales typed hours for 2 x 6 (or 2 x 4) lead types
    assert re.search(r"'hours_12'|'hours_8'", out), out[-3000:]
    # the leader chose the criteria; a choice the session does not offer was refused
    chosen = re.findall(r"Discussion/\d+, \{'chosen_goal': '(\w+)'", out)
    assert sorted(set(chosen)) == (["bonus", "profit", "revenue"] if size == 3 else []), chosen


def rules_module():
    """game/conflict/rules.py, loaded on its own (it needs the model, not oTree)."""
    return load(RULES, "conflict_rules")


def options(**changed) -> SimpleNamespace:
    """A session of settings.GAME's options, some changed."""
    config = runpy.run_path(str(GAME / "settings.py"))["GAME"]
    return SimpleNamespace(config={**config, **changed})


@pytest.mark.parametrize(
    ("changed", "players", "message"),
    [
        ({"firm_size": 4}, 4, "firm_size must be 2 (marketing and sales) or 3 (with the leader)"),
        ({"firm_size": "3"}, 6, "firm_size must be 2"),
        ({"firm_size": 3}, 4, "the number of participants must be a multiple of 3; got 4"),
        ({}, 3, "the number of participants must be a multiple of 2; got 3"),
        ({"common_goal_options": "profit, bonus"}, 2, "common_goal_options must name one"),
        ({"common_goal_options": ""}, 2, "common_goal_options must name one"),
        ({"common_goal_options": "revenue"}, 2, "common_goal must be one of common_goal_options"),
        ({"lead_source_info": "yes"}, 2, "lead_source_info must be true or false"),
        ({"rounds_per_phase": 5}, 2, "rounds_per_phase must be from 1 to 4"),
        ({"discussion_timeout_seconds": 0}, 2, "discussion_timeout_seconds must be a number"),
        ({"company": "acme"}, 2, "company must be one of"),
        ({"edition": "fr"}, 2, 'edition must be "en" or "ro"; got \'fr\''),
    ],
)
def test_a_session_the_game_cannot_play_is_refused_naming_the_option(changed, players, message):
    rules = rules_module()
    with pytest.raises(ValueError, match=re.escape(message)):
        rules.check_session(options(**changed), players)


def test_the_sessions_options_of_firms_of_three_are_played():
    rules = rules_module()
    session = options(firm_size=3, common_goal_options="revenue", common_goal="revenue")
    rules.check_session(session, 6)
    assert rules.firm_size(session) == 3
    assert rules.goal_options(session) == ["revenue"]
    assert rules.instructor_criteria(session) == ("revenue", True)
    assert rules.goal_options(options(common_goal_options="revenue profit revenue")) == [
        "revenue",
        "profit",
    ]


@pytest.mark.slow
def test_make_game_on_a_network_refuses_to_start_without_an_admin_password():
    env = {k: v for k, v in game_env().items() if k != "OTREE_ADMIN_PASSWORD"}
    run = subprocess.run(
        ["make", "-o", ".venv-game/.installed-game", "game", "HOST=0.0.0.0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "set an admin password first" in run.stderr
    assert "OTREE_ADMIN_PASSWORD=some-secret make game HOST=0.0.0.0" in run.stderr


# --- the production server, as `make game` runs it -------------------------------------------

REST_KEY = "a-test-key"


@contextmanager
def game_server(project: Path, env: dict[str, str]):
    """`otree prodserver` on 127.0.0.1 in ``project``, its decisions in its db.sqlite3 file."""
    port = free_port()
    with running_server(
        [str(OTREE), "prodserver", f"127.0.0.1:{port}"],
        port,
        project.parent / f"otree-{port}.log",
        cwd=project,
        timeout=60,
        status_path="/api/otree_version",
        env={
            **env,
            "DATABASE_URL": "sqlite:///db.sqlite3",
            "OTREE_AUTH_LEVEL": "",
            "OTREE_PRODUCTION": "",
            "OTREE_REST_KEY": REST_KEY,
        },
    ) as base:
        yield base


def http(url: str, form: dict | None = None, payload: dict | None = None) -> tuple[str, str]:
    """GET ``url`` (POST ``form`` or JSON ``payload``), following redirects: (final URL, body)."""
    data, headers = None, {"otree-rest-key": REST_KEY}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
    elif payload is not None:
        data, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.geturl(), response.read().decode()


def exported(base: str, code: str) -> list[dict[str, str]]:
    """The session's wide export, one row per participant (the admin's "Data" page)."""
    token = re.search(r"token=(\w+)", http(f"{base}/SessionData/{code}")[1]).group(1)
    return list(
        csv.DictReader(io.StringIO(http(f"{base}/ExportSessionWide/{code}?token={token}")[1]))
    )


@pytest.mark.slow
def test_a_restart_of_the_server_mid_session_loses_no_decision(tmp_path):
    env = game_env()
    project = game_copy(tmp_path)
    with game_server(project, env) as base:
        session = json.loads(
            http(
                f"{base}/api/sessions",
                payload={"session_config_name": "company_x", "num_participants": 2},
            )[1]
        )
        code = session["code"]
        players = json.loads(http(f"{base}/api/sessions/{code}")[1])["participants"]
        start = [f"/InitializeParticipant/{p['code']}" for p in players]  # marketing, sales
        page, html = http(base + start[0])
        assert page.endswith("/firm/Marketing/1"), page
        assert 'name="budget_1"' in html and 'value="3000.0"' in html  # today's budget
        form = dict(re.findall(r'name="(budget_\d)"[^>]*value="([^"]*)"', html))
        page, _ = http(page, form={**form, "budget_1": "2000"})
        assert "/firm/LeadsWaitPage/" in page, page

    with game_server(project, env) as base:  # a new process on another port, the same file
        rows = {row["participant.id_in_session"]: row for row in exported(base, code)}
        assert float(rows["1"]["conflict.1.player.budget_1"]) == 2000.0
        assert float(rows["1"]["conflict.1.player.budget_2"]) == float(form["budget_2"])
        assert rows["1"]["participant._current_page_name"] == "LeadsWaitPage"
        # the players go on where they were: marketing waits, sales decides on its leads
        assert "/firm/LeadsWaitPage/" in http(base + start[0])[0]
        page, html = http(base + start[1])
        assert page.endswith("/firm/Sales/3"), page
        assert 'name="hours_1"' in html

        # and a session the game cannot play is refused at its creation, naming the option
        with pytest.raises(urllib.error.HTTPError) as refused:
            create_session(base, "company_x", 4, firm_size=4)
        message = "firm_size must be 2 (marketing and sales) or 3 (with the leader); got 4"
        assert message in refused.value.read().decode()


@pytest.mark.slow
def test_a_player_who_leaves_gets_the_default_after_the_time_out_and_the_firm_finishes(
    tmp_path,
):
    """On the production server its time-out worker submits the page of a player gone."""
    from incentives.model.build import company_x
    from incentives.model.decisions import Rules, best_hours, play

    env = game_env()
    with game_server(game_copy(tmp_path), env) as base:
        code = json.loads(
            http(
                f"{base}/api/sessions",
                payload={
                    "session_config_name": "company_x",
                    "num_participants": 2,
                    "modified_session_config_fields": {"decision_timeout_seconds": 1},
                },
            )[1]
        )["code"]
        players = json.loads(http(f"{base}/api/sessions/{code}")[1])["participants"]
        start = [f"{base}/InitializeParticipant/{p['code']}" for p in players]
        page, html = http(start[0])
        form = dict(re.findall(r'name="(budget_\d)"[^>]*value="([^"]*)"', html))
        http(page, form={**form, "budget_1": "2000"})  # marketing decides in time
        assert http(start[1])[0].endswith("/firm/Sales/3")  # sales opens its page, and leaves

        deadline = time.monotonic() + 30  # oTree's worker: the time-out + 6 s, every 3 s
        while time.monotonic() < deadline:
            sales = exported(base, code)[1]
            if sales["participant._current_page_name"] != "Sales":
                break
            time.sleep(0.5)
        assert http(start[0])[0].endswith("/firm/Results/5")  # marketing goes on
        rows = exported(base, code)

    company = company_x()
    budgets = {c.name: float(form[f"budget_{i + 1}"]) for i, c in enumerate(company.campaigns)}
    budgets[company.campaigns[0].name] = 2000.0
    rules = Rules(max_budget_eur=2 * sum(c.budget_eur for c in company.campaigns))
    hours = best_hours(company, budgets, rules)  # the reps' best split, sales' default
    month = play(company, budgets, hours, rules)
    typed = [float(rows[1][f"conflict.1.player.hours_{i + 1}"]) for i in range(len(hours))]
    assert typed == pytest.approx(list(hours.values()))
    assert float(rows[0]["conflict.1.group.profit_eur"]) == pytest.approx(month.profit_eur)
    for row, department in zip(rows, ("marketing", "sales"), strict=True):
        assert float(row["conflict.1.player.payoff"]) == pytest.approx(
            month.pay_eur(department), abs=0.005
        )


# --- two players in Chromium ------------------------------------------------------------------


def only_this_machine(context, refused: list[str]) -> None:
    """Route every request of a browser context: one to another host is refused, noted in
    ``refused``."""

    def route(route):
        if urllib.parse.urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)


def submit(page, url_part: str) -> None:
    """Press the page's Next button and wait for the page whose address has ``url_part``."""
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(f"**{url_part}**", timeout=20_000)


def create_session(base: str, config: str, players: int, **changed) -> tuple[str, list[str]]:
    """A session over the REST API: its code and each participant's start address."""
    code = json.loads(
        http(
            f"{base}/api/sessions",
            payload={
                "session_config_name": config,
                "num_participants": players,
                "modified_session_config_fields": changed,
            },
        )[1]
    )["code"]
    participants = json.loads(http(f"{base}/api/sessions/{code}")[1])["participants"]
    return code, [f"{base}/InitializeParticipant/{p['code']}" for p in participants]


def play_a_month_over_http(marketing: str, sales: str, budget_1: str) -> None:
    """A firm of two plays its month on the forms as served, to the discussion (one month
    a phase): marketing's budget_1 as given, the rest as the forms start."""
    page, html = http(marketing)
    form = dict(re.findall(r'name="(budget_\d)"[^>]*value="([^"]*)"', html))
    http(page, form={**form, "budget_1": budget_1})
    page, html = http(sales)
    assert "/firm/Sales/" in page, page
    http(page, form=dict(re.findall(r'name="(hours_\d+)"[^>]*value="([^"]*)"', html)))
    for start in (marketing, sales):
        page, _ = http(start)
        assert "/firm/Results/" in page, page
        page, html = http(page, form={})  # Results -> Reveal
        assert "The end of phase 1" in html, page
        page, _ = http(page, form={})  # Reveal -> Discussion
        assert "/firm/Discussion/" in page, page


def chat(page, message: str) -> None:
    page.locator(".otree-chat__input").fill(message)
    page.get_by_role("button", name="Send").click()


def shows(page, message: str) -> None:
    """Wait until ``page``'s chat shows ``message``."""
    page.locator(".otree-chat__messages", has_text=message).wait_for(timeout=10_000)


@pytest.mark.slow
def test_two_players_in_chromium_play_a_month_to_their_scorecards(browser_page, tmp_path):
    """Firm 1 in Chromium, firm 2 over HTTP; then the firms' chats: each sees its own."""
    env = game_env()
    marketing, off_machine = browser_page
    browser = marketing.context.browser
    sales, other = browser.new_page(), browser.new_page()  # people with cookies of their own
    refused: list[str] = []
    for page in (marketing, sales, other):
        only_this_machine(page.context, refused)
    with game_server(game_copy(tmp_path), env) as base:
        code, start = create_session(base, "company_x", 4, rounds_per_phase=1)

        marketing.goto(start[0])
        marketing.wait_for_url("**/firm/Marketing/1")
        budget = marketing.locator("#id_budget_1")
        assert budget.input_value() == "3000.0"  # today's budget
        budget.fill("-5")
        marketing.get_by_role("button", name="Next").click()
        marketing.get_by_text("Number must be at least 0.").wait_for(timeout=10_000)
        marketing.locator("#id_budget_1").fill("2500")
        submit(marketing, "/firm/LeadsWaitPage/")

        sales.goto(start[1])
        sales.wait_for_url("**/firm/Sales/**", timeout=20_000)
        hours = sales.locator("#id_hours_1")
        prefilled = hours.input_value()
        hours.fill("10000")
        sales.get_by_role("button", name="Next").click()
        sales.get_by_text("more than the team's").wait_for(timeout=10_000)
        sales.locator("#id_hours_1").fill(prefilled)
        submit(sales, "/firm/Results/")

        marketing.wait_for_url("**/firm/Results/**", timeout=20_000)  # the wait page moves on
        for page in (marketing, sales):
            assert "Month 1 of 2: your scorecard" in page.content()
            assert page.locator("p.pay strong").text_content().startswith("EUR ")
        rows = {row["participant.id_in_session"]: row for row in exported(base, code)}
        assert float(rows["1"]["conflict.1.player.budget_1"]) == 2500.0
        assert float(rows["2"]["conflict.1.player.hours_1"]) == float(prefilled)
        assert rows["1"]["conflict.1.group.id_in_subsession"] == "1"
        assert rows["3"]["conflict.1.group.id_in_subsession"] == "2"

        for page in (marketing, sales):  # phase 1's end: the profit, then the discussion
            submit(page, "/firm/Reveal/")
            assert "both departments met their targets" in page.content()
            submit(page, "/firm/Discussion/")
        assert "Your instructor set phase 2's criteria" in sales.content()
        play_a_month_over_http(start[2], start[3], budget_1="1000")
        other.goto(start[2])
        other.wait_for_url("**/firm/Discussion/**")

        chat(marketing, "firm one: drop the webinars")
        shows(sales, "firm one: drop the webinars")
        chat(other, "firm two: keep every campaign")
        shows(other, "firm two: keep every campaign")
        chat(sales, "firm one: agreed")
        shows(marketing, "firm one: agreed")
        other.reload()  # the chat's history, from the server
        shows(other, "firm two: keep every campaign")
        assert "firm one" not in other.locator(".otree-chat__messages").text_content()
        for page in (marketing, sales):
            assert "firm two" not in page.locator(".otree-chat__messages").text_content()
    assert refused == [] and off_machine == [], f"requests off this machine: {refused[:5]}"
