"""oTree's time-out worker on SQLite: each time-out in a transaction of its own."""

from __future__ import annotations

import functools


def commit_before_each_time_out():
    """Let oTree's time-out worker release SQLite's lock before it submits a page.

    The worker (a process of its own beside `otree prodserver`) handles the time-outs due in
    one pass of a database session, and asks the server over HTTP to submit each page. Once
    it has deleted one handled time-out, its session holds SQLite's write lock, so the server
    cannot store the next page's submission ("database is locked") and that time-out is
    lost: with a SQLite file, a player who left stayed on their page whenever another page's
    time-out fell due in the same pass. Committing before each task releases the lock
    (PostgreSQL locks rows, not the file, and needs none of this).
    """
    from otree import tasks
    from otree.database import db

    for name in ("submit_expired_url", "ensure_pages_visited"):
        task = getattr(tasks.Worker, name)
        if getattr(task, "commits_first", False):
            continue

        @functools.wraps(task)
        def commits_first(self, *args, _task=task, **kwargs):
            db.commit()
            return _task(self, *args, **kwargs)

        commits_first.commits_first = True
        setattr(tasks.Worker, name, commits_first)
