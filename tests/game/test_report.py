"""The instructor's side of the game: the class's export, the admin report, the sample.

The export (game/conflict/report.py's ``custom_export``) has the columns of
``incentives.data.class_results.COLUMNS`` in order, one row per firm and month, each month's
figures the model's for the decisions the bots typed; tools/class_sample.py plays a whole
session of bot firms and writes it (data/class_results/sample.csv is its output, checked
here against the model too). The admin report's charts are valid Vega-Lite, drawn by the
course's Vega bundle served from game/_static (the same file vl-convert gives, or `make
game-assets` is due), with nothing loaded from off this machine. `make game` prints the
room's address, with a QR code on a network.
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
from pathlib import Path

import pytest
from conftest import ROOT, free_port, missing, running_server

from incentives.data.class_results import COLUMNS
from incentives.model.build import company_x, velora
from incentives.model.decisions import Rules, best_hours, play

GAME = ROOT / "game"
GAME_VENV = ROOT / ".venv-game"
GAME_PYTHON = GAME_VENV / "bin" / "python"
SAMPLE = ROOT / "data" / "class_results" / "sample.csv"
STATIC = GAME / "_static" / "conflict"
COMPANIES = {"Company X": company_x, "Velora": velora}
# game/conflict/tests.py's strategies: case -> (marketing's, the chooser of sales' hours)
STRATEGIES = {  # "mixed" firms play one of its two pairs, by firm number
    "own_metrics": ("own", "reps"),
    "cooperative": ("firm", "company"),
    "mixed, marketing for itself": ("own", "company"),
    "mixed, sales for itself": ("firm", "reps"),
}


def report_module():
    """game/conflict/report.py alone: its chart builders need neither oTree nor the app."""
    spec = importlib.util.spec_from_file_location(
        "conflict_report", GAME / "conflict" / "report.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def game_python() -> Path:
    if not GAME_PYTHON.exists():
        missing(
            f"the game's environment is not installed ({GAME_PYTHON}: "
            "make .venv-game/.installed-game)"
        )
    return GAME_PYTHON


def game_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VIRTUAL_ENV")}


# --- the export's rows against the model --------------------------------------------------------


def read_export(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    return list(reader.fieldnames or []), list(reader)


def budgets_for(company, strategy: str) -> dict[str, float]:
    """As the bots type them: today's budgets; for the firm, none on small-ticket campaigns."""
    small = company.categories[-1]
    return {
        c.name: 0.0
        if strategy == "firm" and company.campaign_category(c) == small
        else float(c.budget_eur)
        for c in company.campaigns
    }


def rules_of(row: dict[str, str], company) -> Rules:
    factor = runpy.run_path(str(GAME / "settings.py"))["GAME"]["budget_limit_factor"]
    limit = factor * sum(c.budget_eur for c in company.campaigns)
    if row["phase"] == "1":
        return Rules(max_budget_eur=limit)
    return Rules(
        common_goal=row["common_goal"],
        lead_source_info=row["lead_source_info"] == "True",
        max_budget_eur=limit,
    )


def strategies_matching(row: dict[str, str]) -> set[str]:
    """The bots' strategies whose month, computed by the model directly, is the row's."""
    company = COMPANIES[row["company"]]()
    rules = rules_of(row, company)
    small = company.categories[-1]
    found = set()
    for name, (marketing, chooser) in STRATEGIES.items():
        budgets = budgets_for(company, marketing)
        month = play(company, budgets, best_hours(company, budgets, rules, chooser=chooser), rules)
        expected = dict(month.figures())
        expected["small_ticket_ad_spend_eur"] = sum(
            budgets[c.name] for c in company.campaigns if company.campaign_category(c) == small
        )
        if month.leads == 0:
            del expected["cost_per_lead_eur"]
        if all(float(row[k]) == pytest.approx(v, rel=1e-9, abs=1e-9) for k, v in expected.items()):
            found.add(name)
    return found


def check_rows(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """Every row is a month of one of the bots' strategies, a firm keeps its strategy, and the
    columns hold what COLUMNS says; returns each firm's strategies (by session and firm)."""
    by_firm: dict[str, set[str]] = {}
    for row in rows:
        company = COMPANIES[row["company"]]()
        targets = company.targets
        assert row["phase"] in ("1", "2")
        assert row["lead_source_info"] in ("True", "False")
        if row["phase"] == "1":
            assert (row["common_goal"], row["lead_source_info"], row["criteria_by"]) == (
                "",
                "False",
                "",
            )
        else:
            assert row["common_goal"] in ("revenue", "profit")
            assert row["criteria_by"] in ("leader", "instructor")
        assert [float(row[f"target_{k}"]) for k in ("leads", "cost_per_lead_eur")] == [
            targets.leads,
            targets.cost_per_lead_eur,
        ]
        assert float(row["target_revenue_eur"]) == targets.revenue_eur
        assert float(row["target_profit_eur"]) == targets.profit_eur
        matching = strategies_matching(row)
        assert matching, f"no strategy of the bots gives this month: {row}"
        firm = f"{row['session']} {row['firm']}"
        by_firm[firm] = by_firm.get(firm, matching) & matching
        assert by_firm[firm], f"firm {firm} changed strategy: {row}"
    return by_firm


def test_the_shipped_sample_is_twelve_bot_firms_whose_months_are_the_models():
    header, rows = read_export(SAMPLE.read_text(encoding="utf-8"))
    assert header == list(COLUMNS)
    game = runpy.run_path(str(GAME / "settings.py"))["GAME"]
    assert len(rows) == 12 * 2 * game["rounds_per_phase"]  # 12 firms, every month
    assert {r["session"] for r in rows} == {rows[0]["session"]}
    assert sorted({int(r["firm"]) for r in rows}) == list(range(1, 13))
    size = game.get("firm_size", 2)
    assert {(r["company"], r["firm_size"]) for r in rows} == {("Company X", str(size))}
    by_firm = check_rows(rows)
    assert set().union(*by_firm.values()) == set(STRATEGIES)  # every strategy is played
    # each department for itself in phase 1: the company as it runs today
    today = company_x().outcome().profit_eur
    own = [
        r
        for r in rows
        if r["phase"] == "1" and "own_metrics" in by_firm[f"{r['session']} {r['firm']}"]
    ]
    assert own and all(float(r["profit_eur"]) == pytest.approx(today) for r in own)


# --- the admin report, from rows of known numbers ------------------------------------------------


def row(firm: int, month: int, phase: int, leads: float, revenue: float, profit: float) -> dict:
    """A month of Company X with its targets (300 leads at EUR 20, EUR 70,000, EUR 17,000)."""
    return dict(
        {c: None for c in COLUMNS},
        session="abc",
        firm=firm,
        month=month,
        phase=phase,
        leads=leads,
        ad_spend_eur=6000.0,
        cost_per_lead_eur=6000.0 / leads if leads else None,
        revenue_eur=revenue,
        profit_eur=profit,
        marketing_pay_eur=500.0,
        sales_pay_eur=1000.0,
        target_leads=300.0,
        target_cost_per_lead_eur=20.0,
        target_revenue_eur=70_000.0,
        target_profit_eur=17_000.0,
    )


ROWS = [
    row(1, 1, 1, 400, 80_000, 16_000),  # both on target, profit short of its target
    row(1, 2, 2, 400, 80_000, 19_000),  # both on target, profit on target
    row(2, 1, 1, 200, 80_000, -500),  # sales only (too few leads), a loss
    row(2, 2, 2, 0, 60_000, 21_000),  # no leads: marketing off target, sales too
    row(10, 1, 1, 250, 60_000, 18_000),  # 250 leads at EUR 24: neither
]


def test_targets_met_is_judged_on_each_departments_targets():
    report = report_module()
    met = [report.targets_met(r) for r in ROWS]
    assert met == ["both departments", "both departments", "sales only", "neither", "neither"]
    assert [report.on_target_short(r) for r in ROWS] == [True, False, False, False, False]


def test_the_firm_table_has_each_phases_average_profit_and_the_change():
    table = report_module().firm_table(ROWS)
    assert [(t["firm"], t["months"]) for t in table] == [(1, 2), (2, 2), (10, 1)]
    assert table[0]["profit_phase_1"] == "EUR 16,000"
    assert table[0]["profit_phase_2"] == "EUR 19,000"
    assert table[0]["change"] == "EUR +3,000"
    assert table[0]["on_target_short"] == 1
    assert table[1]["change"] == "EUR +21,500"
    assert table[2]["profit_phase_2"] == "-" and table[2]["change"] == "-"
    assert table[0]["marketing_pay"] == "EUR 1,000" and table[0]["sales_pay"] == "EUR 2,000"


def test_the_summary_counts_months_on_target_with_profit_short_and_losses():
    report = report_module()
    assert report.summary(ROWS) == (
        "5 months played by 3 firms. In 1 of them both departments met their targets and the "
        "profit missed its target; 1 lost money."
    )
    assert report.summary([]).startswith("No firm has finished a month yet")
    assert report.charts([]) == {}


def test_the_charts_are_valid_vega_lite_of_the_courses_version_with_the_rows_inline():
    import altair as alt

    specs = report_module().charts(ROWS)
    assert set(specs) == {"chart-targets", "chart-phases"}
    for spec in specs.values():
        major = re.search(r"/v(\d+)", spec["$schema"]).group(1)
        assert alt.SCHEMA_VERSION.startswith(f"v{major}.")
        assert len(spec["data"]["values"]) == len(ROWS)  # no data fetched: inline rows
    alt.LayerChart.from_dict(specs["chart-targets"], validate=True)
    alt.Chart.from_dict(specs["chart-phases"], validate=True)
    firms = [v["firm"] for v in specs["chart-phases"]["data"]["values"]]
    assert firms == ["Firm 1", "Firm 1", "Firm 2", "Firm 2", "Firm 10"]
    places = {v["firm"]: v["order"] for v in specs["chart-phases"]["data"]["values"]}
    assert places == {"Firm 1": 0, "Firm 2": 1, "Firm 10": 2}  # Firm 2 before Firm 10


def test_the_charts_json_cannot_close_its_script_element():
    text = report_module().script_json({"title": "</script><script>alert(1)</script>"})
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script>"}


def test_the_report_reads_an_exported_class_back_as_numbers():
    report = report_module()
    _, records = read_export(SAMPLE.read_text(encoding="utf-8"))
    rows = report.rows_of(records)
    assert rows[0]["firm"] == 1 and rows[0]["phase"] == 1
    assert isinstance(rows[0]["profit_eur"], float)
    assert rows[0]["lead_source_info"] is False
    shown = report.report_vars(rows)
    assert shown["firms"] == 12 and shown["months_played"] == 48
    assert len(json.loads(shown["charts_json"])) == 2


def test_the_report_page_loads_only_the_projects_own_static_files():
    template = (GAME / "conflict" / "admin_report.html").read_text()
    sources = re.findall(r'(?:src|href)="([^"]*)"', template)
    assert sources == ["{% static 'conflict/vega.js' %}", "{% static 'conflict/admin_report.js' %}"]
    assert not re.search(r"https?:|//", template)
    for name in ("vega.js", "admin_report.js"):
        assert (STATIC / name).is_file()
    script = (STATIC / "admin_report.js").read_text()
    assert "vegaEmbed" in script and "http" not in script


def test_the_shipped_vega_bundle_is_the_one_vl_convert_gives():
    from incentives.views.live import page_bundle

    shipped = (STATIC / "vega.js").read_text(encoding="utf-8")
    assert shipped == page_bundle(), (
        "game/_static/conflict/vega.js is not the bundle of the installed vl-convert: run "
        "`make game-assets` and commit it"
    )
    assert "window.vegaEmbed=" in shipped
    if shutil.which("make") is not None:  # the command the message names writes this file
        recipe = subprocess.run(
            ["make", "--dry-run", "-o", ".venv/.installed-lab", "game-assets"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "page_bundle" in recipe and "game/_static/conflict/vega.js" in recipe


# --- make game's addresses and QR code ------------------------------------------------------


def test_make_game_prints_the_addresses_and_the_rooms_qr_code_through_room_address():
    if shutil.which("make") is None:
        missing("make is not installed")
    env = {**game_env(), "OTREE_ADMIN_PASSWORD": "some-secret"}
    run = subprocess.run(
        ["make", "--dry-run", "-o", ".venv-game/.installed-game", "game", "HOST=0.0.0.0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "room_address.py" in run.stdout
    assert '"http://${address:-0.0.0.0}:8010" class --svg room-qr.svg' in run.stdout
    assert "--labels _rooms/class.txt" in run.stdout
    lines = run.stdout.splitlines()
    address = next(i for i, line in enumerate(lines) if "room_address.py" in line)
    server = next(i for i, line in enumerate(lines) if "otree prodserver" in line)
    assert address < server


def room_address(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(game_python()), str(GAME / "room_address.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_on_a_network_the_room_gets_a_qr_code_in_the_terminal_and_as_svg(tmp_path):
    url = "http://192.168.1.20:8010/room/class"
    run = room_address("http://192.168.1.20:8010", "class", "--svg", "qr.svg", cwd=tmp_path)
    assert f"Students (the room):  {url}" in run.stdout
    assert "Instructor (admin):   http://192.168.1.20:8010/rooms" in run.stdout
    drawn = [line for line in run.stdout.splitlines() if set(line) <= set("█▀▄ ") and line]
    # the modules drawn in the terminal, two rows a line, are segno's code for the address
    check = subprocess.run(
        [
            str(game_python()),
            "-c",
            "import sys, json, segno; q = segno.make(sys.argv[1], error='m', micro=False); "
            "print(json.dumps([list(r) for r in q.matrix]))",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    matrix = json.loads(check.stdout)
    assert modules_of(drawn, border=2) == matrix
    svg = (tmp_path / "qr.svg").read_text()
    assert svg.startswith("<?xml") and "<title>The game's room</title>" in svg
    assert f"The room's QR code to project: {tmp_path / 'qr.svg'}" in run.stdout


def modules_of(lines: list[str], border: int) -> list[list[int]]:
    """The QR matrix segno's compact terminal drawing shows (a light module is a block; each
    character is two rows: upper half, lower half), without the border."""
    upper = {"█": 0, "▀": 0, "▄": 1, " ": 1}  # 1: dark
    lower = {"█": 0, "▀": 1, "▄": 0, " ": 1}
    rows = []
    for line in lines:
        rows.append([upper[c] for c in line])
        rows.append([lower[c] for c in line])
    size = len(lines[0]) - 2 * border
    return [r[border : border + size] for r in rows[border : border + size]]


def test_on_this_computer_only_there_is_no_code_to_scan(tmp_path):
    args = ("http://127.0.0.1:8010", "class", "--svg", "qr.svg", "--labels", "class.txt")
    run = room_address(*args, cwd=tmp_path)
    assert "Students (the room):  http://127.0.0.1:8010/room/class" in run.stdout
    assert "Only this computer can join" in run.stdout
    assert "█" not in run.stdout and not (tmp_path / "qr.svg").exists()
    assert "The room lets anyone in; `course game-labels` limits it" in run.stdout
    (tmp_path / "class.txt").write_text("s001\ns002\ns003\n")
    run = room_address(*args, cwd=tmp_path)
    assert "The room lets in the class list's 3 students, each with their own id." in run.stdout


# --- a whole bot-played session: the tool, the export, the report ----------------------------

PROBE = """
import json, shutil, sys
from pathlib import Path
sys.path.insert(0, ".")
from tools import class_sample

firms, seed, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
with class_sample.played_session(firms, seed, "company_x") as code:
    from starlette.testclient import TestClient
    from otree.asgi import app
    from otree.database import save_sqlite_db
    client = TestClient(app)
    page = client.get(f"/AdminReport/{code}")
    (out / "report.html").write_text(page.text)
    served = [
        client.get(f"/static/conflict/{name}").content
        == Path("_static", "conflict", name).read_bytes()
        for name in ("vega.js", "admin_report.js")
    ]
    save_sqlite_db()
    shutil.copy("db.sqlite3", out / "db.sqlite3")
print(json.dumps(dict(code=code, status=page.status_code, served=served)))
"""


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Three bot firms played through a session: the report page, the database, the code."""
    out = tmp_path_factory.mktemp("played")
    run = subprocess.run(
        [str(game_python()), "-c", PROBE, "3", "7", str(out)],
        cwd=ROOT,
        env=game_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out, json.loads(run.stdout.splitlines()[-1])


@pytest.mark.slow
def test_class_sample_writes_the_export_the_lesson_reads_the_same_for_a_seed(tmp_path):
    python = game_python()
    databases = sorted(GAME.glob("db.sqlite3*"))
    outs = [tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"]
    for out, seed in zip(outs, ("5", "5", "6"), strict=True):
        run = subprocess.run(
            [str(python), "tools/class_sample.py", str(out), "--firms", "4", "--seed", seed],
            cwd=ROOT,
            env=game_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        assert f"wrote {out}: 16 rows, 4 firms of bots" in run.stdout
    header, rows = read_export(outs[0].read_text(encoding="utf-8"))
    assert header == list(COLUMNS)
    assert len(rows) == 16
    check_rows(rows)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert outs[0].read_bytes() != outs[2].read_bytes()  # another session code at least
    assert sorted(GAME.glob("db.sqlite3*")) == databases  # game/'s own database untouched


@pytest.mark.slow
def test_class_sample_refuses_an_unknown_session_config(tmp_path):
    run = subprocess.run(
        [str(game_python()), "tools/class_sample.py", str(tmp_path / "x.csv"), "--config", "nope"],
        cwd=ROOT,
        env=game_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0
    assert "no session config 'nope'" in run.stderr
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.slow
def test_the_admin_report_of_a_played_session_shows_every_firm_and_both_charts(played):
    out, done = played
    assert done["status"] == 200
    assert done["served"] == [True, True]  # the project's own files at /static/conflict/
    html = (out / "report.html").read_text()
    assert "12 months played by 3 firms." in html
    assert len(re.findall(r"<tr>\s*<td>" + done["code"], html)) == 3
    charts = json.loads(re.search(r'id="conflict-charts">([^<]*)</script>', html).group(1))
    assert set(charts) == {"chart-targets", "chart-phases"}
    assert len(charts["chart-targets"]["data"]["values"]) == 12
    assert '<script src="/static/conflict/vega.js"></script>' in html


@pytest.mark.slow
def test_the_report_draws_its_charts_in_chromium_from_the_projects_bundle(
    played, browser_page, tmp_path
):
    out, done = played
    page, off_machine = browser_page
    project = tmp_path / "game"
    shutil.copytree(GAME, project, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__"))
    shutil.copy(out / "db.sqlite3", project / "db.sqlite3")
    port = free_port()
    env = {
        **game_env(),
        "PATH": f"{GAME_VENV / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": "sqlite:///db.sqlite3",
        "OTREE_AUTH_LEVEL": "",
        "OTREE_PRODUCTION": "",
    }
    with running_server(
        [str(GAME_VENV / "bin" / "otree"), "prodserver", f"127.0.0.1:{port}"],
        port,
        tmp_path / "otree.log",
        cwd=project,
        timeout=60,
        status_path="/api/otree_version",
        env=env,
    ) as base:
        page.goto(f"{base}/AdminReport/{done['code']}")
        for chart in ("chart-targets", "chart-phases"):
            page.locator(f'[data-spec="{chart}"] svg').first.wait_for(timeout=20_000)
        assert (
            page.locator('[data-spec="chart-targets"] svg .mark-symbol.role-mark path').count()
            == 12
        )
        assert "could not be drawn" not in page.content()
    assert off_machine == [], f"requests off this machine: {off_machine[:5]}"


def test_the_reports_targets_agree_with_the_models_scorecards_on_the_sample():
    """Company X as it runs today (each department for itself, phase 1): both departments
    on target, the profit short of its target, as the model's scorecards say."""
    report = report_module()
    today = company_x().outcome()
    cards = today.scorecards().set_index("metric")["met"]
    rows = report.rows_of(read_export(SAMPLE.read_text(encoding="utf-8"))[1])
    own = [
        r for r in rows if r["phase"] == 1 and r["profit_eur"] == pytest.approx(today.profit_eur)
    ]
    assert own
    marketing = bool(cards["leads"] and cards["cost_per_lead_eur"])
    assert (marketing, bool(cards["revenue_eur"]), bool(cards["profit_eur"])) == (
        True,
        True,
        False,
    )
    assert {report.targets_met(r) for r in own} == {"both departments"}
    assert all(report.on_target_short(r) for r in own)
