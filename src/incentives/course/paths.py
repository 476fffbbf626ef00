"""Where the course is: its root folder, found from any folder inside it, and a lesson's
folder, found from its id.

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


def find_lesson(lessons: Path, lesson_id: str) -> str:
    """The lesson folder ``lesson_id`` names: the folder of that exact name, else the only one
    named ``lesson_id`` followed by ``-`` (``"02"`` is ``02-gates-and-parts`` even beside
    ``02b-commission-plans``), else the only one starting with it (``"02b"``)."""
    folders = sorted(p.name for p in Path(lessons).iterdir() if p.is_dir())
    if lesson_id in folders:
        return lesson_id
    for matches in (
        [f for f in folders if f.startswith(f"{lesson_id}-")],
        [f for f in folders if f.startswith(lesson_id)],
    ):
        if len(matches) == 1:
            return matches[0]
    raise FileNotFoundError(
        f"no single lesson {lesson_id!r} in {lessons}; the lessons are: {', '.join(folders)}"
    )
