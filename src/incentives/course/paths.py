"""Where the course is: its root folder, found from any folder inside it.

The one module of the course's tools that both editions need: the instructor's repository
(found by its nbgrader configuration, ``grading/nbgrader_config.py``) and the student edition
(found by its ``lessons/`` folder, since it has no ``grading/``).
"""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = Path("grading") / "nbgrader_config.py"


def find_root(start: Path | None = None, *, holding: Path = CONFIG_FILE) -> Path:
    """Return the course root: the nearest folder upward holding ``holding``
    (``grading/nbgrader_config.py``: the instructor's course; ``Path("lessons")`` finds the
    student edition too).

    Raises:
        FileNotFoundError: when no such folder exists above ``start`` (default: the cwd).
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / holding).exists():
            return folder
    raise FileNotFoundError(
        f"no {holding} found in {here} or above: run this inside the course repository"
    )
