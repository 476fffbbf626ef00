"""The classroom game under a class: 60 players (30 firms) play a whole session over HTTP.

`otree prodserver` runs on 127.0.0.1 with its decisions in PostgreSQL (a fresh cluster, as
the tests start one), and the players of tests/game/players.py, one thread each, play the
session in the room, submitting every form as prefilled. Two classes are timed: one whose
players submit each page the moment it loads (all 60 at once, the worst case), and one
whose players read each page for a few seconds first, as students do.

Page response: each HTTP request on its own (a redirect's target is a request of its own),
from sending it to the whole answer read; the wait pages a player asks for again until the
firm moves on (a browser is told by a websocket instead) are counted apart. A month
processed for 30 firms: every sales player waits until all 30 are on their decision page,
then all submit at once; from that moment to the last of the 30 having their results page
(each firm's outcome is computed by the course's model when its sales player arrives at the
results wait page). The players, PostgreSQL and the server share the machine's cores, and
the server answers one request at a time (oTree runs one process): the server's CPU time
per request says what it needs of a core whatever else the machine is doing.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import threading
import time
from pathlib import Path

from benchmarks.browser import p95
from tests.game.players import Player, Timed, class_server, labels, play_class

FIRMS = 30
ROUNDS_PER_PHASE = 2  # the game's default: a 45-minute class plays 2 months per phase
THINK = (2.0, 8.0)  # seconds a student reads a page before submitting, at random
GOAL_P95_MS = 300
GOAL_MONTH_S = 1.0
POLL_SECONDS = 1.0  # fewer than the tests' 0.5 s: a browser waits on a websocket instead


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


def run(database: str, think: bool) -> dict:
    """One class playing a session: its requests, and each month processed (the class that
    submits at once holds its sales players to submit together; the reading one does not)."""
    config = {"rounds_per_phase": ROUNDS_PER_PHASE, "decision_timeout_seconds": 3600}
    together = None if think else SalesTogether(FIRMS)
    with class_server(database, 2 * FIRMS, config) as server:
        players = [
            Player(
                label,
                choose=thinking(n) if think else None,
                before_submit=together,
                poll_seconds=POLL_SECONDS,
            )
            for n, label in enumerate(labels(2 * FIRMS))
        ]
        start, cpu = time.perf_counter(), server_cpu(server.base)
        play_class(server.room_url, players, timeout=900)
        seconds, cpu = time.perf_counter() - start, server_cpu(server.base) - cpu
    requests: list[Timed] = [r for p in players for r in p.requests]
    return dict(
        pages=[r.seconds for r in requests if not r.poll],
        polls=[r.seconds for r in requests if r.poll],
        months=months_processed(players, together.released) if together else [],
        seconds=seconds,
        server_cpu=cpu,
        resent=sum(p.resent for p in players),
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


def table() -> str:
    load = os.getloadavg()[0]
    measured = measure()
    ms = 1000
    lines = [
        "| players submit | requests | median (ms) | p95 (ms) | goal p95 | within goal "
        "| wait pages asked again: count, median, p95 (ms) | session (s) "
        "| server's CPU per request (ms) |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |",
    ]
    for name, got in measured.items():
        top = p95(got["pages"]) * ms
        lines.append(
            f"| {name} | {len(got['pages']):,} | {statistics.median(got['pages']) * ms:.0f} "
            f"| {top:.0f} | at most {GOAL_P95_MS} | {'yes' if top <= GOAL_P95_MS else 'NO'} "
            f"| {len(got['polls']):,}, {statistics.median(got['polls']) * ms:.0f}, "
            f"{p95(got['polls']) * ms:.0f} | {got['seconds']:.0f} "
            f"| {got['server_cpu'] / (len(got['pages']) + len(got['polls'])) * ms:.1f} |"
        )
    months = measured["at once"]["months"]
    slowest = max(months)
    lines += [
        "",
        f"| a month processed for {FIRMS} firms | each month (s) | slowest (s) | goal "
        "| within goal |",
        "| --- | --- | ---: | --- | --- |",
        f"| {FIRMS} sales submissions at once to the last results page | "
        f"{', '.join(f'{s:.2f}' for s in months)} | {slowest:.2f} | at most {GOAL_MONTH_S:.0f} "
        f"| {'yes' if slowest <= GOAL_MONTH_S else 'NO'} |",
        f"| of which the model's work, in one process | - | {model_month():.3f} | - | - |",
        "",
        f"{2 * FIRMS} players ({FIRMS} firms of two), {2 * ROUNDS_PER_PHASE} months; reading "
        f"each page: {THINK[0]:.0f} to {THINK[1]:.0f} s at random before each submission; a "
        f"wait page asked again every {POLL_SECONDS} s; the players' threads, PostgreSQL and "
        f"the server on the same machine; load average before the run: {load:.1f}; requests "
        f"sent again after a dropped connection: "
        f"{', '.join(str(got['resent']) for got in measured.values())}",
    ]
    return "\n".join(lines)
