"""The student edition: the course as a student receives it, without what grades it.

``course release`` regenerates lessons/ (which records each lesson in the gradebook) and
then builds the edition with :func:`build_student_edition`: a folder holding the lessons,
the library, the data, the explorer and the student's set-up (the Makefile's student
commands, the lock file, the JupyterLab configuration), and nothing an instructor keeps:
no solutions/, no hidden tests, no grading/ (rubrics, gradebook, submissions), no tests,
benchmarks or maintainer tools, and of the ``course`` command only what a student runs.
:func:`scan_edition` checks a folder for such material, and
:func:`incentives.instructor.answers.stated` for text that states an answer a hidden test
expects; the release refuses to finish an edition it finds any in.
"""

from __future__ import annotations

import re
import shutil
import tarfile
import tomllib
from pathlib import Path

from incentives.instructor import answers, nbgrader_tools

# What a student's copy holds, relative to the course root.
EDITION_FOLDERS = ("lessons", "src", "data", "jupyter", "app", "binder")
EDITION_FILES = (
    "Makefile",
    "pyproject.toml",
    "environment.yml",
    "LICENSE",
    "requirements/lab.lock.txt",
)
# What a student's copy holds of the course package (src/incentives/course/): the `course`
# command with the student's verbs (`work`, `fresh-copy`, `site`: `make lab`, `make fresh`,
# `make site`) and the course root finder they use. The rest of it (the
# self-check) and the whole instructor package (lessons, grading, collecting, feedback,
# exports, reports, releases) are the instructor's: `course` registers those verbs only
# where the instructor package is.
COURSE_PACKAGE = Path("src") / "incentives" / "course"
INSTRUCTOR_PACKAGE = Path("src") / "incentives" / "instructor"
STUDENT_COURSE_MODULES = frozenset(
    {
        "__init__.py",
        "cli.py",
        "paths.py",
        "work.py",
        # `make lab`'s kernels: the course's kernelspec and its launcher (no TCP port).
        "kernelspec.py",
        "kernel_launcher.py",
    }
)
# Never in a student's copy: the instructor's folders and files, by name, at any depth.
FORBIDDEN_FOLDERS = frozenset({"solutions", "grading", "tests", "benchmarks", "tools", ".git"})
FORBIDDEN_FILES = frozenset({"course.mk", "gradebook.db", "nbgrader_config.py"})
# Text that only an instructor's notebook holds: nbgrader's solution and hidden-test markers
# (spelled in two parts here, so that a search for them finds notebooks, not this file).
FORBIDDEN_TEXT = tuple(
    f"{edge} {what}" for what in ("HIDDEN TESTS", "SOLUTION") for edge in ("BEGIN", "END")
)
SKIPPED = shutil.ignore_patterns(
    "__pycache__", ".ipynb_checkpoints", "*.egg-info", "*.pyc", ".pytest_cache"
)


def _skipped(folder: str, names: list[str]) -> set[str]:
    """What a copy of the edition's folders leaves out: caches, the instructor package and
    the course package's instructor modules."""
    left_out = set(SKIPPED(folder, names))
    here = Path(folder).resolve().parts
    if here[-2:] == INSTRUCTOR_PACKAGE.parts[:-1]:
        left_out |= {INSTRUCTOR_PACKAGE.name} & set(names)
    if here[-3:] == COURSE_PACKAGE.parts:
        left_out |= {name for name in names if name not in STUDENT_COURSE_MODULES}
    return left_out


README_TEMPLATES = Path(__file__).with_name("edition_readme")
"""The edition's README, one template per language (``en.md``, ``ro.md``); the facts they
state (commands, folders, the first lesson) come from :func:`readme_facts`, once."""
EDITION_MAKEFILE = "edition.mk"
"""Where a student edition released in another language sets the Makefile's ``EDITION``."""


class EditionError(RuntimeError):
    """The student edition would hold instructor material, or cannot be built."""


def _lesson_names(lessons: Path) -> list[str]:
    return sorted(p.name for p in lessons.iterdir() if p.is_dir() and p.name[:2].isdigit())


def readme_facts(lessons: Path) -> dict[str, str]:
    """What the edition's README states, the same in every language: the commands, the
    folders and the lessons (``lessons``: the edition's lessons folder)."""
    names = _lesson_names(lessons)
    second = next((n for n in names if n.startswith("02-")), names[-1] if names else "")
    romanian = bool(names) and all(n.endswith("-ro") for n in names)
    return {
        "lab": "make lab",
        "work": "work/",
        "first": names[0] if names else "",
        "fresh": f"make fresh LESSON={second}",
        "app": "make app",
        "site": "make site",
        "site_index": "build/site/ro/index.html" if romanian else "build/site/index.html",
        "help": "make help",
        "lessons": "\n".join(f"- `{name}`" for name in names),
    }


def readme(lessons: Path, language: str = "en") -> str:
    """The edition's README in ``language``, from its template and :func:`readme_facts`."""
    template = (README_TEMPLATES / f"{language}.md").read_text(encoding="utf-8")
    return template.format(**readme_facts(lessons))


def edition_lessons(root: Path, language: str = "en") -> Path:
    """The lessons a student edition in ``language`` ships: ``lessons/`` for English, the
    translated lessons built into ``build/<language>/lessons/`` for another."""
    root = Path(root)
    return root / "lessons" if language == "en" else root / "build" / language / "lessons"


def build_translated(root: Path, lessons: list[str], language: str) -> list[str]:
    """Build the lessons of an edition in ``language`` (``lessons``, or every one with a
    catalog) from solutions/ and the catalogs, recorded in the course's gradebook (to grade
    them there) as ``<lesson>-<language>``; return their assignment ids.

    Raises:
        EditionError: no lesson has a catalog in ``language``.
        TranslationIncomplete: a lesson's catalog is not complete and current.
    """
    from incentives.instructor import translated_lessons

    chosen = lessons or translated_lessons.translated_lessons(root, language)
    if not chosen:
        raise EditionError(f"no lesson has a {language!r} catalog to release")
    return translated_lessons.build(root, chosen, None, language, record=True)


def build_student_edition(root: Path, target: Path, language: str = "en") -> Path:
    """Copy the student's part of the course at ``root`` into ``target`` (made empty first).

    Args:
        root: The course root (the repository).
        target: The edition's folder; replaced if it exists (it must not be ``root`` or
            hold it).
        language: The lessons' language: "en" ships ``lessons/``; another ships the lessons
            built in it (``build/<language>/lessons/``, ``course translations build``) as
            the edition's ``lessons/``, with its README in that language and ``edition.mk``
            setting the Makefile's ``EDITION`` to it (``make lab`` runs it in that language).

    Returns:
        ``target``.

    Raises:
        EditionError: if ``target`` is or contains the course root, a part of the edition
            is missing, or the built folder holds instructor material (see
            :func:`scan_edition`) or states an answer of a hidden test (see
            :func:`incentives.instructor.answers.stated`).
    """
    root, target = Path(root).resolve(), Path(target).resolve()
    if target == root or target in root.parents:
        raise EditionError(f"the edition's folder {target} would hold the course itself")
    missing = [n for n in (*EDITION_FOLDERS, *EDITION_FILES) if not (root / n).exists()]
    if missing:
        raise EditionError(f"the course at {root} lacks {', '.join(missing)}")
    if not (README_TEMPLATES / f"{language}.md").is_file():
        raise EditionError(f"no student edition in {language!r}: no README template for it")
    lessons = edition_lessons(root, language)
    if not lessons.is_dir() or not _lesson_names(lessons):
        raise EditionError(f"no lessons in {lessons} to release")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in EDITION_FOLDERS:
        source = lessons if name == "lessons" else root / name
        shutil.copytree(source, target / name, ignore=_skipped)
    for name in EDITION_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    pyproject = target / "pyproject.toml"
    pyproject.write_text(students_pyproject(pyproject.read_text(encoding="utf-8")), "utf-8")
    (target / "README.md").write_text(readme(target / "lessons", language), encoding="utf-8")
    if language != "en":
        (target / EDITION_MAKEFILE).write_text(
            f"# This student edition's lessons are in {language!r}: `make lab` runs them so.\n"
            f"EDITION ?= {language}\n",
            encoding="utf-8",
        )
    problems = scan_edition(target)
    if problems:
        raise EditionError(
            "the student edition would hold instructor material:\n" + "\n".join(problems)
        )
    stated = answers.stated(target, answers.hidden_answers(root))
    if stated:
        raise EditionError(
            "the student edition would state answers that hidden tests expect (reword the "
            "text, or move it to grading/):\n" + "\n".join(stated)
        )
    return target


def students_pyproject(text: str) -> str:
    """The course's pyproject.toml as the edition holds it: without the instructor package
    in its packages and package data, which the edition leaves out (setuptools refuses to
    install a list of packages naming a folder that is not there).

    Raises:
        EditionError: the file still names the instructor package (it is written otherwise
            than one entry a line).
    """
    package = ".".join(INSTRUCTOR_PACKAGE.parts[1:])
    quoted = re.escape(f'"{package}"')
    # its line in the list of packages, and its line of package data
    entry = re.compile(rf"\s*{quoted}\s*(,|=\s*\[[^\]]*\])?\s*(#.*)?\n?")
    kept = "".join(line for line in text.splitlines(keepends=True) if not entry.fullmatch(line))
    settings = tomllib.loads(kept).get("tool", {}).get("setuptools", {})
    if package in settings.get("packages", []) or package in settings.get("package-data", {}):
        raise EditionError(f"pyproject.toml names {package} otherwise than one entry a line")
    return kept


def scan_edition(folder: Path) -> list[str]:
    """Instructor material found in ``folder``: one line per folder, file or marker.

    Looks for the instructor's folders and files by name (``FORBIDDEN_FOLDERS``,
    ``FORBIDDEN_FILES``), for the instructor package (``INSTRUCTOR_PACKAGE``), for what the
    course package holds beyond a student's part of it (``STUDENT_COURSE_MODULES``) and, in
    every file that reads as text, for nbgrader's solution and hidden-test markers
    (``FORBIDDEN_TEXT``).
    """
    folder = Path(folder)
    problems = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        instructors = _instructors_part(relative)
        if instructors is not None:
            if instructors == relative:  # reported once, as the module or its folder
                problems.append(f"{relative}: an instructor's part of the `course` command")
            continue
        if path.is_dir():
            if path.name in FORBIDDEN_FOLDERS:
                problems.append(f"{relative}/: an instructor's folder")
            continue
        if any(part in FORBIDDEN_FOLDERS for part in relative.parts[:-1]):
            continue  # reported once, as its folder
        if path.name in FORBIDDEN_FILES:
            problems.append(f"{relative}: an instructor's file")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # not text: no notebook or source hides in it
        for marker in FORBIDDEN_TEXT:
            if marker in text:
                problems.append(f"{relative}: holds {marker!r}")
    return problems


def _instructors_part(relative: Path) -> Path | None:
    """The instructor package, or the module or folder of the course package, that
    ``relative`` is or lies in, when it is not a student's (``src/incentives/instructor``,
    ``src/incentives/course/check.py``); None otherwise."""
    depth = len(INSTRUCTOR_PACKAGE.parts)
    if relative.parts[:depth] == INSTRUCTOR_PACKAGE.parts:
        return INSTRUCTOR_PACKAGE
    depth = len(COURSE_PACKAGE.parts)
    if relative.parts[:depth] != COURSE_PACKAGE.parts or len(relative.parts) == depth:
        return None
    top = relative.parts[depth]
    if top in STUDENT_COURSE_MODULES or top == "__pycache__":
        return None
    return Path(*relative.parts[: depth + 1])


def to_exchange(root: Path, lessons=None, language: str = "en") -> tuple[str | None, list[str]]:
    """Release ``lessons`` (default: every lesson) to nbgrader's exchange, where the course
    sets one (:func:`incentives.instructor.nbgrader_tools.exchange_root`: a hub's).

    Args:
        root: The course root.
        lessons: Assignment ids (a translated lesson's: ``00-start-here-ro``).
        language: "en" releases from ``lessons/``; another language from the lessons built
            in it (``build/<language>/lessons/``).

    Returns:
        The exchange's folder and the lessons released; ``(None, [])`` where there is none.

    Raises:
        NbgraderError: nbgrader's release failed (with its log).
    """
    config = nbgrader_tools.load_config(root)
    exchange = nbgrader_tools.exchange_root(config)
    if not exchange:
        return None, []
    if language != "en":
        config.CourseDirectory.release_directory = str(edition_lessons(root, language))
    nbgrader = nbgrader_tools.api(config)
    released = []
    every = (
        nbgrader_tools.assignment_ids(root)
        if language == "en"
        else _lesson_names(edition_lessons(root, language))
    )
    for lesson in lessons or every:
        nbgrader_tools.require_success(nbgrader.release_assignment(lesson), f"release {lesson}")
        released.append(lesson)
    return exchange, released


def archive(folder: Path) -> Path:
    """``folder`` packed as ``<folder>.tar.gz`` beside it, its files under one top folder."""
    folder = Path(folder)
    path = folder.with_name(folder.name + ".tar.gz")
    with tarfile.open(path, "w:gz") as packed:
        packed.add(folder, arcname=folder.name)
    return path
