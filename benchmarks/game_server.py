"""`otree prodserver` with a stopwatch on its own work, for `python -m benchmarks game`.

Run by the game's Python (.venv-game) in the project folder, in place of ``otree``:
``python game_server.py TIMES prodserver 127.0.0.1:PORT``. It serves exactly as
``otree prodserver`` does, and appends to the file TIMES one line of JSON per request the
server handled: the page (the last part of the path that names one), the seconds from
taking oTree's request lock to the answer with its transaction committed, and, for a
request that ran a wait page's ``after_all_players_arrive``, the page's class, the month
(round) and the seconds of that hook and of the commit that stores what it set. With
GAME_PROFILE set, the server runs under cProfile and writes its statistics to that file
when it stops.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time


def timed_server(times: str) -> None:
    """Wrap oTree's request transaction and its wait pages' hook to write their times."""
    from otree import middleware
    from otree.database import db
    from otree.views.abstract import WaitPage

    out = open(times, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open while serving)
    current: dict = {}
    run_hook = WaitPage._run_aapa_and_notify
    commit = type(db).commit
    dispatch = middleware.CommitTransactionMiddleware.dispatch

    def run_aapa_and_notify(self, group_or_subsession):
        start = time.perf_counter()
        try:
            return run_hook(self, group_or_subsession)
        finally:
            current["hook"] = type(self).__name__
            current["round"] = group_or_subsession.round_number
            current["hook_s"] = time.perf_counter() - start

    def timed_commit(self):
        start = time.perf_counter()
        try:
            return commit(self)
        finally:
            current["commit_s"] = current.get("commit_s", 0.0) + time.perf_counter() - start

    async def timed_dispatch(self, request, call_next):
        start = time.perf_counter()
        response = await dispatch(self, request, _locked(call_next, current))
        locked = current.pop("locked", start)
        record = dict(
            method=request.method,
            page=_page(request.url.path),
            status=response.status_code,
            server_s=time.perf_counter() - locked,
            **current,
        )
        current.clear()
        out.write(json.dumps(record) + "\n")
        return response

    WaitPage._run_aapa_and_notify = run_aapa_and_notify
    type(db).commit = timed_commit
    middleware.CommitTransactionMiddleware.dispatch = timed_dispatch


def _locked(call_next, current: dict):
    """``call_next``, noting when it is called (once oTree's request lock is taken)."""

    async def note_and_call(request):
        current.clear()
        current["locked"] = time.perf_counter()
        return await call_next(request)

    return note_and_call


def _page(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[3] if len(parts) >= 5 and parts[0] == "p" else parts[0]


def profiled(path: str) -> None:
    """Profile each page's work (oTree runs it in a worker thread, one request at a time)
    and write the statistics to ``path`` when the server stops."""
    import cProfile

    from otree.views import abstract

    profile = cProfile.Profile()
    in_threadpool = abstract.run_in_threadpool

    def run(work, *args):
        def profiled_work(*args):
            profile.enable()
            try:
                return work(*args)
            finally:
                profile.disable()

        return in_threadpool(profiled_work, *args)

    abstract.run_in_threadpool = run
    atexit.register(profile.dump_stats, path)


def main() -> None:
    times, *arguments = sys.argv[1:]
    sys.argv[:] = ["otree", *arguments]  # oTree reads the list it imported
    from otree import main as otree_main

    setup = otree_main.setup

    def setup_then_time():
        setup()  # oTree's settings and database first
        timed_server(times)
        if os.environ.get("GAME_PROFILE"):
            profiled(os.environ["GAME_PROFILE"])

    otree_main.setup = setup_then_time
    otree_main.execute_from_command_line()


if __name__ == "__main__":
    main()
