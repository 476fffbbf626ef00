"""A class of bot firms plays a whole session of the game; their export is the sample.

    .venv-game/bin/python tools/class_sample.py OUT.csv [--firms N] [--seed S] [--config NAME]

(run from the repository root, in the game's environment). It writes the session's custom
export, one row per firm and month (``incentives.data.class_results.COLUMNS``), the file
lesson 07 reads; data/class_results/sample.csv is its output for 12 firms of Company X:

    .venv-game/bin/python tools/class_sample.py data/class_results/sample.csv

The firms are played by oTree's bots (game/conflict/tests.py), in-process through oTree's
bot runner, in a copy of game/ with an in-memory database, so nothing of the game's own
database is touched. Each firm plays one of the bots' strategies for the whole session
(each department for itself, cooperative, mixed: the bots' cases, those where a player
leaves left out), as many firms of each as the number allows, in an order shuffled by the
seed; the seed also sets oTree's session code. The same code, game and seed give the same
file.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"
APP = "conflict"
# The bots' cases a sample plays, in this order when the game's bots have them all.
STRATEGIES = ("own_metrics", "cooperative", "mixed")


def strategies(cases: list[str], firms: int, seed: int) -> list[str]:
    """The bots' case each firm plays, firm 1 first: the cases in turn, shuffled by ``seed``.

    Args:
        cases: The bots' cases (``PlayerBot.cases``); those where a player leaves are not
            played (``*_leaves``).
        firms: How many firms.
        seed: The shuffle's seed.

    Raises:
        ValueError: when no case is left to play.
    """
    playable = [c for c in cases if not c.endswith("_leaves")]
    ordered = [c for c in STRATEGIES if c in playable] + [
        c for c in playable if c not in STRATEGIES
    ]
    if not ordered:
        raise ValueError(f"the game's bots have no case to play (their cases: {cases})")
    chosen = [ordered[i % len(ordered)] for i in range(firms)]
    random.Random(seed).shuffle(chosen)
    return chosen


def play(out: Path, firms: int, seed: int, config: str) -> int:
    """Play the session in a copy of game/ and write its custom export to ``out``; returns
    the number of rows written (without the header)."""
    with played_session(firms, seed, config):
        from otree import export

        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as file:
            export.custom_export_app(APP, file)
    with out.open(encoding="utf-8") as file:
        return sum(1 for _ in file) - 1


@contextlib.contextmanager
def played_session(firms: int, seed: int, config: str):
    """A session of ``firms`` bot firms played to its end, in a copy of game/ (the working
    folder meanwhile) with an in-memory database; yields its code. oTree is imported here
    and stays set up for this copy: one session per process."""
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="class-sample-") as folder:
        project = Path(folder) / "game"
        shutil.copytree(
            GAME,
            project,
            ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__", "_rooms", "room-qr.*"),
        )
        os.chdir(project)
        sys.path.insert(0, str(project))
        os.environ["OTREE_IN_MEMORY"] = "1"  # oTree's bots' own database: memory only
        os.environ.pop("DATABASE_URL", None)
        try:
            yield _play_here(firms, seed, config)
        finally:
            os.chdir(cwd)


def _play_here(firms: int, seed: int, config: str) -> str:
    from otree import common, session
    from otree.bots.runner import SessionBotRunner, make_bots
    from otree.common import get_bots_module
    from otree.database import db
    from otree.main import setup

    setup()
    logging.disable(logging.INFO)  # the bots' every page
    configs = session.SESSION_CONFIGS_DICT
    if config not in configs:
        raise ValueError(f"no session config {config!r} in game/settings.py ({sorted(configs)})")
    size = int(configs[config].get("firm_size", 2))
    common.rng.seed(seed)  # the session's and participants' codes
    created = session.create_session(config, num_participants=firms * size)
    code = created.code
    bots = make_bots(session_pk=created.id, case_number=0, use_browser_bots=False)
    cases = strategies(list(get_bots_module(APP).PlayerBot.cases), firms, seed)
    firm_of = {}  # participant -> firm, as grouped in month 1
    for bot in bots:
        first = bot.player_bots[0].player
        firm_of[bot.participant_code] = first.group.id_in_subsession
    for bot in bots:
        for player_bot in bot.player_bots:
            player_bot.case = cases[firm_of[bot.participant_code] - 1]
    db.commit()
    SessionBotRunner(bots=bots).play()
    db.commit()
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the CSV to write")
    parser.add_argument("--firms", type=int, default=12, help="firms in the class (default 12)")
    parser.add_argument("--seed", type=int, default=26, help="the strategies' order (default 26)")
    parser.add_argument(
        "--config", default="company_x", help="the session config (game/settings.py)"
    )
    args = parser.parse_args(argv)
    if args.firms < 1:
        parser.error(f"--firms must be at least 1; got {args.firms}")
    out = args.out.resolve()
    rows = play(out, args.firms, args.seed, args.config)
    print(f"wrote {out}: {rows} rows, {args.firms} firms of bots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
