"""Resolve the dependencies in pyproject.toml into exact versions: requirements/*.lock.txt.

    python3 tools/lock.py     (or: make lock)

Installs the package with its ``test`` extra (the course and the test tools) into a
throwaway virtual environment, freezes it into requirements/test.lock.txt, then installs it
with its ``course`` extra (what a student's `make lab` needs: the labs, JupyterLab, nbgrader,
Voila) constrained to those versions and freezes that into requirements/lab.lock.txt, so the
two locks always agree.
It then resolves the classroom game's own environment (game/requirements.in: oTree, whose
pins clash with Jupyter's, plus the course library's base dependencies at the test lock's
versions) into requirements/game.lock.txt; ``--game`` resolves only that one.
Run it deliberately, review the diff, and commit the locks on their own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each lock file, and the extra of pyproject.toml it installs.
EXTRAS = {"test": "test", "lab": "course"}
HEADER = "# Exact versions installed by `make`; regenerate with `make lock` ({name}).\n"
GAME_INPUT = ROOT / "game" / "requirements.in"
BASE = ("numpy", "pandas", "pandera")  # the course library's base dependencies


def freeze(name: str, constraints: Path | None) -> str:
    """requirements/<name>.lock.txt's text: its extra installed in a throwaway venv, frozen."""
    with tempfile.TemporaryDirectory(prefix="course-lock-") as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        pip = [python, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
        target = f"{ROOT}[{EXTRAS[name]}]"
        command = [*pip, "install", "--quiet", target]
        if constraints:
            command += ["-c", str(constraints)]
        subprocess.run(command, check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--all", "--exclude", "incentives", "--exclude", "pip"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # Packaging tools are pinned only where a dependency asks for them (the test extra).
    lines = [
        line
        for line in frozen.splitlines(keepends=True)
        if name != "lab" or not line.lower().startswith(("setuptools==", "wheel=="))
    ]
    return HEADER.format(name=name) + "".join(lines)


def freeze_game(test_lock: Path) -> str:
    """requirements/game.lock.txt's text: oTree and the library's base dependencies (at the
    test lock's versions), installed in a throwaway venv, frozen."""
    pins = [
        line.strip()
        for line in test_lock.read_text().splitlines()
        if line.split("==")[0].lower() in BASE
    ]
    with tempfile.TemporaryDirectory(prefix="course-lock-") as tmp:
        venv.create(tmp, with_pip=True)
        pip = [str(Path(tmp) / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "-r", str(GAME_INPUT), *pins], check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--all", "--exclude", "pip", "--exclude", "setuptools"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return HEADER.format(name="game") + frozen


def main() -> int:
    out = ROOT / "requirements"
    out.mkdir(exist_ok=True)
    test_lock = out / "test.lock.txt"
    if sys.argv[1:] == ["--game"]:
        (out / "game.lock.txt").write_text(freeze_game(test_lock))
        print(f"wrote {out / 'game.lock.txt'}")
        return 0
    test_lock.write_text(freeze("test", None))
    (out / "lab.lock.txt").write_text(freeze("lab", test_lock))
    (out / "game.lock.txt").write_text(freeze_game(test_lock))
    print(f"wrote {test_lock}, {out / 'lab.lock.txt'} and {out / 'game.lock.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
