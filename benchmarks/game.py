"""The classroom game under a class: 60 players (30 firms) play a whole session over HTTP.

`otree prodserver` runs on 127.0.0.1 with its decisions in PostgreSQL (a fresh cluster, as
the tests start one), and the players of tests/game/players.py, one thread each, play the
session in the room, submitting every form as prefilled. Two classes are timed: one whose
players submit each page the moment it loads (all 60 at once, the worst case), and one
whose players read each page for a few seconds first, as students do.

The players behave as browsers: each opens the websocket its page names (oTree's
wait-page socket on a wait page, its auto-advance socket on any other) and asks for a wait
page again only when the server pushes that the firm may move on (after a long pause only
if the socket failed or stayed silent: counted).

Page response: each HTTP request on its own (a redirect's target is a request of its own),
from sending it to the whole answer read; the pages asked for again after a push are
counted apart. The server runs under a stopwatch (benchmarks/game_server.py) that writes,
for every request, the server's own time (from taking oTree's request lock, which lets one
request in at a time, to the committed answer) and, for a wait page's
``after_all_players_arrive``, the hook's time and the commit that stores what it set.

A month processed for 30 firms, the figure the goal applies to: the server's own work of a
month, the results wait page's hook (``set_outcome``: the course's model plays the firm's
decisions and the figures and pay are set) and its commit, summed over the 30 firms, in the
class that submits at once. Informative beside it: the same class's month end to end, every
sales player held until all 30 are on their decision page, then all submitting at once,
to the last of the 30 having their results page (that includes the queue of 60 players'
requests before one server). The players, PostgreSQL and the server share the machine's
cores; the server's CPU time per request says what it needs of a core whatever else the
machine is doing.
"""

from __future__ import annotations

import collections
import json
import math
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.browser import p95
from tests.game.players import (
    GAME_VENV,
    Player,
    Timed,
    class_server,
    labels,
    play_class,
)
from tests.harness import ROOT

FIRMS = 30
ROUNDS_PER_PHASE = 2  # the game's default: a 45-minute class plays 2 months per phase
THINK = (2.0, 8.0)  # seconds a student reads a page before submitting, at random
GOAL_P95_MS = 300
GOAL_MONTH_S = 1.0
STOPWATCH = ROOT / "benchmarks" / "game_server.py"


class SalesTogether:
    """Holds each sales player before they submit their hours until all are there, and
    notes when each month's submissions are released (a barrier that gives up as soon as
    a player of the class has failed)."""

    def __init__(self, firms: int):
        self.firms = firms
        self.released: list[float] = []
        self._waiting = 0
        self._turn = threading.Condition()

    def __call__(self, player: Player, page: str) -> None:
        if page != "Sales":
            return
        with self._turn:
            month = len(self.released)
            self._waiting += 1
            if self._waiting == self.firms:
                self._waiting = 0
                self.released.append(time.perf_counter())
                self._turn.notify_all()
            while len(self.released) == month:
                if player.stopped:
                    raise RuntimeError(f"{player.label}: another player failed")
                self._turn.wait(timeout=0.5)


def thinking(seed: int):
    """A pause before each submission, THINK seconds at random (seeded per player)."""
    chance = random.Random(seed)

    def choose(page: str, fields: dict[str, str]) -> dict[str, str]:
        time.sleep(chance.uniform(*THINK))
        return fields

    return choose


def months_processed(players: list[Player], released: list[float]) -> list[float]:
    """Seconds from each month's release of the sales submissions to the last sales player
    having their results page."""
    arrived: list[list[float]] = [[] for _ in released]
    for player in players:
        month, after_sales = -1, False
        for request in player.requests:
            if request.method == "POST" and request.page == "Sales":
                month, after_sales = month + 1, True
            elif after_sales and request.page == "Results" and request.status == 200:
                arrived[month].append(request.end)
                after_sales = False
    return [max(ends) - start for ends, start in zip(arrived, released, strict=True)]


def server_cpu(base: str) -> float:
    """CPU seconds the `otree prodserver` serving ``base`` has used so far (Linux's /proc;
    NaN elsewhere)."""
    wanted = f"prodserver\0{base.removeprefix('http://')}".encode()
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if wanted in (folder / "cmdline").read_bytes():
                fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return math.nan


def server_months(
    records: list[dict],
    page: str = "ResultsWaitPage",
    parts: tuple[str, ...] = ("hook_s", "commit_s"),
) -> list[float]:
    """Seconds of the server's own work on ``page``'s ``after_all_players_arrive`` in each
    month, summed over the firms: the hook and the commit that stores what it set (or the
    ``parts`` named)."""
    months: dict[int, float] = collections.defaultdict(float)
    for record in records:
        if record.get("hook") == page:
            months[record["round"]] += sum(record.get(part, 0.0) for part in parts)
    return [months[month] for month in sorted(months)]


def read_records(path: Path) -> list[dict]:
    """The stopwatch's lines (benchmarks/game_server.py), one a request."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run(database: str, think: bool) -> dict:
    """One class playing a session: its requests, the server's own times, and each month
    processed (the class that submits at once holds its sales players to submit together;
    the reading one does not)."""
    config = {"rounds_per_phase": ROUNDS_PER_PHASE, "decision_timeout_seconds": 3600}
    together = None if think else SalesTogether(FIRMS)
    with tempfile.TemporaryDirectory(prefix="game-bench-") as folder:
        times = Path(folder) / "times.jsonl"
        stopwatch = [str(GAME_VENV / "bin" / "python"), str(STOPWATCH), str(times)]
        with class_server(database, 2 * FIRMS, config, otree=stopwatch) as server:
            players = [
                Player(label, choose=thinking(n) if think else None, before_submit=together)
                for n, label in enumerate(labels(2 * FIRMS))
            ]
            start, cpu = time.perf_counter(), server_cpu(server.base)
            skipped = len(read_records(times))  # the session's creation and the start's checks
            play_class(server.room_url, players, timeout=900)
            seconds, cpu = time.perf_counter() - start, server_cpu(server.base) - cpu
        records = read_records(times)[skipped:]
    requests: list[Timed] = [r for p in players for r in p.requests]
    return dict(
        pages=[r.seconds for r in requests if not r.poll],
        polls=[r.seconds for r in requests if r.poll],
        own=[r["server_s"] for r in records],
        months=months_processed(players, together.released) if together else [],
        server_months=server_months(records),
        commits=server_months(records, parts=("commit_s",)),
        leads_months=server_months(records, "LeadsWaitPage"),
        seconds=seconds,
        server_cpu=cpu,
        resent=sum(p.resent for p in players),
        sockets=sum(p.sockets for p in players),
        pushes=sum(p.pushes for p in players),
        fallbacks=sum(p.fallbacks for p in players),
    )


def model_month(firms: int = FIRMS) -> float:
    """Seconds the course's model takes, in one process, for what the server asks of it in
    a month of ``firms`` firms (phase 2, today's budgets): sales' suggested hours, the
    outcome and its figures, both departments' scorecards."""
    from incentives.model.build import company_x
    from incentives.model.decisions import Rules, best_hours, campaign_names, play

    company = company_x()
    budgets = {
        n: c.budget_eur for n, c in zip(campaign_names(company), company.campaigns, strict=True)
    }
    rules = Rules(common_goal="profit", lead_source_info=True, max_budget_eur=12_900)
    start = time.perf_counter()
    for _ in range(firms):
        month = play(company, budgets, best_hours(company, budgets, rules), rules)
        month.figures()
        month.scorecard("marketing")
        month.scorecard("sales")
    return time.perf_counter() - start


def measure() -> dict[str, dict]:
    """Both classes, each on a fresh server and database."""
    from tests.conftest import postgres_server

    measured = {}
    for name, think in (("at once", False), ("after reading each page", True)):
        with postgres_server() as database:
            measured[name] = run(database, think)
    return measured


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}, {p95(values) * 1000:.0f}" if values else "-"


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in values)


def table() -> str:
    load = os.getloadavg()[0]
    measured = measure()
    ms = 1000
    lines = [
        "| players submit | requests | median (ms) | p95 (ms) | goal p95 | within goal "
        "| pages asked again after a push: count, median, p95 (ms) | websockets, pushes, "
        "pauses without a push | session (s) | server's own time per request: median, p95 "
        "(ms) | server's CPU per request (ms) |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | --- | ---: | --- | ---: |",
    ]
    for name, got in measured.items():
        top = p95(got["pages"]) * ms
        lines.append(
            f"| {name} | {len(got['pages']):,} | {statistics.median(got['pages']) * ms:.0f} "
            f"| {top:.0f} | at most {GOAL_P95_MS} | {'yes' if top <= GOAL_P95_MS else 'NO'} "
            f"| {len(got['polls']):,}, {_ms(got['polls'])} "
            f"| {got['sockets']:,}, {got['pushes']:,}, {got['fallbacks']} "
            f"| {got['seconds']:.0f} | {_ms(got['own'])} "
            f"| {got['server_cpu'] / (len(got['pages']) + len(got['polls'])) * ms:.1f} |"
        )
    at_once = measured["at once"]
    own, ends = at_once["server_months"], at_once["months"]
    slowest = max(own)
    lines += [
        "",
        f"| a month processed for {FIRMS} firms | each month (s) | slowest (s) | goal "
        "| within goal |",
        "| --- | --- | ---: | --- | --- |",
        f"| the server's own work: the results wait page's hook (the model's outcome, figures "
        f"and pay set) and its commit, summed over {FIRMS} firms | {_seconds(own)} "
        f"| {slowest:.2f} | at most {GOAL_MONTH_S:.0f} "
        f"| {'yes' if slowest <= GOAL_MONTH_S else 'NO'} |",
        f"| of which the commits | {_seconds(at_once['commits'])} "
        f"| {max(at_once['commits']):.2f} | - | - |",
        f"| informative: the leads wait page's hook (sales' suggested hours) and its commit, "
        f"summed over {FIRMS} firms | {_seconds(at_once['leads_months'])} "
        f"| {max(at_once['leads_months'], default=math.nan):.2f} | - | - |",
        f"| informative: end to end, {FIRMS} sales submissions at once to the last results "
        f"page | {_seconds(ends)} | {max(ends):.2f} | - | - |",
        f"| informative: the model's work alone, in one process | - | {model_month():.3f} "
        "| - | - |",
        "",
        f"{2 * FIRMS} players ({FIRMS} firms of two), {2 * ROUNDS_PER_PHASE} months; reading "
        f"each page: {THINK[0]:.0f} to {THINK[1]:.0f} s at random before each submission; "
        f"each page's websocket opened as a browser opens it; the players' threads, PostgreSQL "
        f"and the server on the same machine; load average before the run: {load:.1f}; "
        f"requests sent again after a dropped connection: "
        f"{', '.join(str(got['resent']) for got in measured.values())}",
    ]
    return "\n".join(lines)
