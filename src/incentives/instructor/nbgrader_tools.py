"""Thin helpers over nbgrader's Python API, shared by the ``course`` command and the tests.

The course root is the repository root: ``solutions/`` is nbgrader's source folder and
``lessons/`` its release folder, as ``grading/nbgrader_config.py`` says. Every helper takes
that root; passing ``course_root`` runs nbgrader on a copy elsewhere (a temporary course in
tests) with the same configuration.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# In paths.py, which the student edition ships too; the instructor's tools find them here.
from incentives.course.paths import CONFIG_FILE, find_root  # noqa: F401


def load_config(root: Path, course_root: Path | None = None):
    """Load the course's nbgrader configuration, optionally moved to ``course_root``.

    On JupyterHub the exchange is the folder named by ``COURSE_EXCHANGE``, which
    ``deploy/jupyterhub/jupyterhub_config.py`` sets in every server: the instructor's
    ``course release``, ``collect`` and ``feedback`` then use the students' exchange without
    an edit to ``grading/nbgrader_config.py``.

    Args:
        root: The repository root holding ``grading/nbgrader_config.py``.
        course_root: If given, the course folders and the gradebook live here instead.

    Returns:
        A traitlets ``Config``.
    """
    from traitlets.config.loader import PyFileConfigLoader

    path = Path(root) / CONFIG_FILE
    config = PyFileConfigLoader(path.name, path=str(path.parent)).load_config()
    if os.environ.get("COURSE_EXCHANGE"):
        config.Exchange.root = os.environ["COURSE_EXCHANGE"]
    if course_root is not None:
        course_root = Path(course_root).resolve()
        config.CourseDirectory.root = str(course_root)
        config.CourseDirectory.db_url = f"sqlite:///{course_root / 'grading' / 'gradebook.db'}"
    return config


def new_gradebook(path: Path) -> Path:
    """A new gradebook at ``path`` that holds only nbgrader's schema version: nbgrader then
    creates its tables there without running ``alembic heads`` to learn that version (a
    Python process of its own, slow to start). Where the version cannot be read, nbgrader
    makes it all (``course check``'s temporary courses use it)."""
    head = alembic_head()
    if head is not None:
        with contextlib.closing(sqlite3.connect(path)) as connection, connection:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            connection.execute("INSERT INTO alembic_version VALUES (?)", (head,))
    return path


def alembic_head(versions: Path | None = None) -> str | None:
    """The newest schema revision of nbgrader's gradebook, read from its migration scripts
    in ``versions`` (default: nbgrader's, found without importing nbgrader, which takes
    seconds); None unless exactly one revision is no other's parent."""
    if versions is None:
        spec = importlib.util.find_spec("nbgrader")
        if spec is None or not spec.submodule_search_locations:
            return None
        versions = Path(next(iter(spec.submodule_search_locations))) / "alembic" / "versions"
    quoted = re.compile(r"['\"](\w+)['\"]")
    revisions, parents = set(), set()
    for script in Path(versions).glob("*.py"):
        text = script.read_text(encoding="utf-8")
        for line in re.findall(r"^revision\s*=(.*)$", text, re.MULTILINE):
            revisions.update(quoted.findall(line))
        for line in re.findall(r"^down_revision\s*=(.*)$", text, re.MULTILINE):
            parents.update(quoted.findall(line))  # a merge names several
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def scripts_on_path() -> None:
    """nbgrader runs `alembic` as a command to create a gradebook: make sure the one beside
    this Python is found even when the virtual environment is not activated."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@contextlib.contextmanager
def gradebook(db_url: str):
    """nbgrader's ``Gradebook`` at ``db_url``, without the warnings SQLAlchemy 2 prints about
    how nbgrader's ``add_submission`` builds its rows (harmless, and noise in a grading log)."""
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    scripts_on_path()
    with warnings.catch_warnings(), Gradebook(db_url) as opened:
        warnings.simplefilter("ignore", SAWarning)
        yield opened


def api(config):
    """nbgrader's Python API (``NbGraderAPI``) for the course configuration ``config``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    scripts_on_path()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def exchange_root(config) -> str | None:
    """The exchange folder the configuration (or ``COURSE_EXCHANGE``) sets on purpose (a
    hub's), else None: nbgrader falls back on /srv/nbgrader/exchange, which the course never
    assumes."""
    if "Exchange" in config and "root" in config.Exchange:
        return config.Exchange.root
    return None


def exchange_api(root: Path):
    """nbgrader's API on the course's exchange and the exchange's folder, as ``(folder,
    api)``; ``(None, None)`` where the course sets no exchange (:func:`exchange_root`)."""
    config = load_config(root)
    exchange = exchange_root(config)
    return (exchange, api(config)) if exchange else (None, None)


def assignment_ids(root: Path) -> list[str]:
    """The lessons, by folder name in ``solutions/`` (``00-start-here``, ...), in order."""
    return sorted(p.name for p in (Path(root) / "solutions").iterdir() if p.is_dir())


class NbgraderError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's log."""


def require_success(result: dict, step: str) -> dict:
    """``result``, an nbgrader API call's answer, when it succeeded.

    Raises:
        NbgraderError: the ``step`` failed; the message carries nbgrader's log.
    """
    if not result.get("success"):
        detail = "\n".join(filter(None, [result.get("log"), result.get("error")])) or "no log"
        raise NbgraderError(f"nbgrader {step} failed:\n{detail}")
    return result


KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def clean_notebook(path: Path) -> bool:
    """Strip outputs, execution counts and saved widget state; set the course's kernelspec.

    nbgrader's metadata is kept. Returns True when the file changed.
    """
    import nbformat

    text = Path(path).read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    cleaned = nbformat.writes(nb) + "\n"
    if cleaned == text:
        return False
    Path(path).write_text(cleaned, encoding="utf-8")
    return True


def clean_solutions(root: Path) -> list[Path]:
    """Clean every notebook in ``solutions/`` (see :func:`clean_notebook`); return the changed."""
    paths = sorted(Path(root, "solutions").rglob("*.ipynb"))
    return [p for p in paths if ".ipynb_checkpoints" not in p.parts and clean_notebook(p)]


def generate_lessons(root: Path, course_root: Path | None = None, ids=None) -> list[str]:
    """Regenerate the student notebooks in ``lessons/`` from ``solutions/`` with nbgrader.

    Args:
        root: The repository root.
        course_root: Generate in this course instead (its ``solutions/`` must exist).
        ids: Lessons to generate; all by default.

    Returns:
        The lesson ids generated.
    """
    config = load_config(root, course_root)
    nbgrader = api(config)
    ids = list(ids or assignment_ids(course_root or root))
    for lesson in ids:
        require_success(
            nbgrader.generate_assignment(lesson, force=True, create=True), f"generate {lesson}"
        )
    return ids


def _notebook_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def lesson_drift(root: Path) -> list[str]:
    """Compare ``lessons/`` with what generation from ``solutions/`` gives now.

    Generation runs in a temporary copy, so nothing in the repository changes.

    Returns:
        One line per difference (a missing, extra or different file); empty when in sync.
    """
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="course-drift-") as tmp:
        course = Path(tmp)
        shutil.copytree(root / "solutions", course / "solutions")
        (course / "grading").mkdir()
        generate_lessons(root, course_root=course)
        fresh = _files(course / "lessons")
        committed = _files(root / "lessons")
        problems = [f"missing from lessons/: {name}" for name in sorted(fresh - committed)]
        problems += [f"not generated from solutions/: {name}" for name in sorted(committed - fresh)]
        for name in sorted(fresh & committed):
            new, old = course / "lessons" / name, root / "lessons" / name
            same = (
                _notebook_json(new) == _notebook_json(old)
                if name.endswith(".ipynb")
                else new.read_bytes() == old.read_bytes()
            )
            if not same:
                problems.append(f"differs from its solution: lessons/{name}")
        return problems


def _files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }


@dataclass(frozen=True)
class CellScore:
    """The grade of one graded cell of one submitted notebook."""

    notebook: str
    grade_id: str
    kind: str  # "autograded" (a test cell) or "manual" (a written answer)
    score: float | None  # None until a person grades a manual cell
    max_score: float


def autograde(config, lesson: str, student: str) -> dict:
    """Autograde ``grading/submitted/<student>/<lesson>/``; raise NbgraderError if it fails."""
    return require_success(
        api(config).autograde(lesson, student, force=True, create=True), "autograde"
    )


def cell_scores(config, lesson: str, student: str) -> list[CellScore]:
    """Every graded cell of a student's autograded lesson, read from the gradebook."""
    return cell_scores_at(config.CourseDirectory.db_url, lesson, student)


def cell_scores_at(db_url: str, lesson: str, student: str) -> list[CellScore]:
    """:func:`cell_scores` from the gradebook at ``db_url``."""
    from nbgrader.api import Gradebook, MissingEntry

    scores = []
    with Gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(lesson, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                try:  # a graded cell that is also a solution cell is an answer a person marks
                    gradebook.find_solution_cell(grade.name, notebook.name, lesson)
                    kind, score = "manual", grade.manual_score
                except MissingEntry:
                    kind, score = "autograded", grade.score
                scores.append(
                    CellScore(notebook.name, grade.name, kind, score, float(grade.max_score))
                )
    return scores
