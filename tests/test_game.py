"""The classroom game (game/, an oTree project) in its own environment, .venv-game.

oTree's bots play every page in both roles under three strategies, on both companies, and
check after each month that every payoff and figure is the model's, computed directly
(game/conflict/tests.py); refused inputs must be refused; a player who never submits gets
the default decision when the page times out, and the firm plays on. `make test` installs
.venv-game; elsewhere these tests skip without it (under CI they fail).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import ROOT, missing

GAME = ROOT / "game"
GAME_VENV = ROOT / ".venv-game"
OTREE = GAME_VENV / "bin" / "otree"
CASES = 5  # game/conflict/tests.py: own_metrics, cooperative, mixed, and each one leaving


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


def game_env() -> dict[str, str]:
    if not OTREE.exists():
        missing(
            f"the game's environment is not installed ({OTREE}: make .venv-game/.installed-game)"
        )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VIRTUAL_ENV")}
    env["PATH"] = f"{GAME_VENV / 'bin'}{os.pathsep}{env['PATH']}"
    return env


@pytest.mark.slow
@pytest.mark.parametrize(("session", "players"), [("company_x", 4), ("velora", 2)])
def test_bots_play_every_page_and_role_and_get_the_models_payoffs(session, players, tmp_path):
    """In a copy of game/: a database left there by `make game` would stop the bots."""
    env = game_env()
    project = tmp_path / "game"
    shutil.copytree(GAME, project, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__"))
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
    # the players who leave: every month of both cases, their decision page timed out
    months = 2 * 2  # settings.GAME: rounds_per_phase
    firms = players // 2
    assert len(re.findall(r"timeout_happened", out)) == 2 * months * firms, out[-3000:]
    # phase 2 with lead-source information: sales typed hours for 2 x 6 (or 2 x 4) lead types
    assert re.search(r"'hours_12'|'hours_8'", out), out[-3000:]


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
