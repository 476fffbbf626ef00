"""The course command: one command per step of running the course.

course work               copy new and updated lessons into the student's work folder
                          (--edition ro: the Romanian lessons, named <lesson>-ro)
course fresh-copy LESSON  a fresh copy of one lesson in the work folder, keeping the old one
course site               the lessons as web pages to read offline, with sliders (build/site/)

The instructor's commands (incentives.instructor.commands; the student edition ships without
that package, so its course offers only the three above):

course lessons            clear outputs in solutions/, regenerate lessons/ with nbgrader
course lessons --check    exit 1 if lessons/ differs from what generation gives
course release [LESSON]   regenerate lessons/ (recording them in the gradebook) and build the
                          student edition: lessons, library, data, set-up; no solutions,
                          hidden tests, grading material or stated answers; --lang ro: the
                          Romanian edition (its lessons built, recorded as <lesson>-ro)
course roster FILE.csv    add or update the class list in the gradebook (id, names, e-mail)
course game-labels        the classroom game's room labels (game/_rooms/class.txt): the class
                          list's ids, from the gradebook or --from FILE.csv
course collect LESSON     submissions from nbgrader's exchange, or --zip an LMS's download
course grade [LESSON]     autograde every new or changed submission with parallel workers
course export             grades as CSV: student x lesson and student x exercise
course feedback [LESSON]  HTML feedback per student: each test's result, no hidden test code
course report             the class report: score spreads, most-missed exercises, who needs a look
course translations ACTION  the Romanian edition: `update` the catalogs from solutions/,
                          `check` them (missing and stale entries with both texts), `build`
                          the translated lessons in build/ro/ (docs/translations.md)
course check LESSON [NB]  a self-learner's check: their notebook graded with the hidden tests in a
                          temporary course (never the gradebook), HTML feedback in work/feedback/
                          (LESSON-ro or --edition ro: the Romanian copy, feedback in Romanian)

Exit status: 0 done; 1 a check found a problem (a failing test in course check, lessons/
out of date, a mistake in grading/deadlines.toml); 2 the command could not run as asked
(an unknown lesson or option, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from incentives.course import paths, work
from incentives.i18n.editions import EDITIONS

# The instructor's commands live in incentives.instructor.commands, beside this package. The
# student edition leaves that package out (incentives.instructor.release), and then `course`
# has none of them.
# Looked for beside this package rather than imported: Python would find the package of
# another copy of the library on its path (an editable install of the instructor's
# repository) for an edition run from its own folder.
INSTRUCTOR = (Path(__file__).resolve().parents[1] / "instructor" / "__init__.py").is_file()
if INSTRUCTOR:
    from incentives.course import check
    from incentives.instructor import commands as instructor


def _folders(args) -> tuple[Path, Path]:
    """The lessons folder of the edition (read) and the student's work folder (written)."""
    lessons, folder = args.lessons, args.work
    if lessons is None or folder is None:
        # The instructor's course, or a student edition (which has no grading/).
        root = paths.find_root(args.root, holding=Path("lessons"))
        lessons = lessons or work.edition_lessons(root, args.edition)
        folder = folder or root / "work"
    return lessons, folder


def _work(args) -> int:
    lessons, folder = _folders(args)
    changes = work.sync(lessons, folder)
    for change in changes:
        print(f"  {change}")
    status = f"{len(changes)} change(s)" if changes else "up to date with lessons/"
    print(f"Your work folder: {folder} ({status})")
    return 0


def _fresh_copy(args) -> int:
    lessons, folder = _folders(args)
    changes = work.fresh_copy(lessons, folder, args.lesson)
    for change in changes:
        print(f"  {change}")
    if not changes:
        print(f"Your copy of {args.lesson} is already the lesson as it stands: nothing to do")
    return 0


def _site(args) -> int:
    from incentives.site import builder  # nbconvert and jinja2: only when a site is built

    if args.lessons is None or args.out is None:
        root = paths.find_root(args.root, holding=Path("lessons"))
    out = args.out or root / "build" / "site"
    sources = _site_sources(args.lessons, None if args.lessons else root)
    start = time.perf_counter()
    print(f"Building the reading site in {out}/ ({', '.join(sources)})")
    indexes = builder.build_editions(
        sources, out, args.lesson, lab_port=args.lab_port, app_port=args.app_port, jobs=args.jobs
    )
    took = time.perf_counter() - start
    print(f"Built in {took:.0f} s. Open {indexes[0]} in a browser, or serve it:")
    print(f"  python3 -m http.server --bind 127.0.0.1 --directory {out} 8000")
    print("  then http://127.0.0.1:8000/")
    return 0


def _site_sources(lessons: Path | None, root: Path | None) -> dict[str, Path]:
    """Each edition's lessons folder for the site: the one given (its edition read from its
    lessons' names), or every edition the course at ``root`` has."""
    if lessons is not None:
        found = {work.edition_of_folder(p.name) for p in Path(lessons).iterdir() if p.is_dir()}
        return {e: Path(lessons) for e in EDITIONS if e in found or (not found and e == "en")}
    sources, lacking = work.edition_folders(root)
    for line in lacking:
        print(f"  {line}")
    return sources


def _check(args) -> int:
    # The instructor's course; found by lessons/ so that a student edition is told what it lacks.
    root = paths.find_root(args.root, holding=Path("lessons"))

    def started(lesson: str, notebook: Path) -> None:
        print(check.started_line(notebook, lesson) + "\n", flush=True)

    found = check.check(root, args.lesson, args.notebook, args.work, started, args.edition)
    print(check.summary(found))
    return 0 if all(exercise.passed for exercise in found.exercises) else 1


def _work_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lessons", type=Path, help="lessons folder (default: ROOT/lessons)")
    parser.add_argument("--work", type=Path, help="the student's work folder (default: ROOT/work)")
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default=EDITIONS[0],
        help="the lessons' edition: en (lessons/) or ro (Romanian, named <lesson>-ro: "
        "build/ro/lessons/, or lessons/ in a Romanian student edition); default: en",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course",
        description=__doc__.partition("\n")[0],
        epilog="Exit status" + __doc__.split("\nExit status", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, help="course root (default: found from the cwd)")
    commands = _Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    _student_commands(commands)
    if INSTRUCTOR:
        instructor.add_commands(commands)
        _check_command(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except _errors() as error:
        print(f"course: {error}", file=sys.stderr)
        return 2
    except _config_errors() as error:  # a mistake in the course's configuration
        print(f"course: {error}", file=sys.stderr)
        return 1


def _errors() -> tuple[type[Exception], ...]:
    """The errors a command reports in one line, without a traceback (exit status 2)."""
    if not INSTRUCTOR:
        return (FileNotFoundError,)
    return (FileNotFoundError, check.CheckError, *instructor.ERRORS)


def _config_errors() -> tuple[type[Exception], ...]:
    """Mistakes in the course's configuration files (exit status 1)."""
    return instructor.CONFIG_ERRORS if INSTRUCTOR else ()


def _student_commands(commands) -> None:
    """The verbs a student runs (through `make lab`, `make fresh` and `make site`)."""
    sync = commands.add_parser(
        "work", help="copy new and updated lessons into the work folder, never overwriting"
    )
    _work_options(sync)
    sync.set_defaults(run=_work)
    fresh = commands.add_parser(
        "fresh-copy", help="a fresh copy of one lesson in the work folder, keeping the old one"
    )
    fresh.add_argument("lesson", help="the lesson's folder name, e.g. 02-gates-and-parts (or 02)")
    _work_options(fresh)
    fresh.set_defaults(run=_fresh_copy)
    pages = commands.add_parser(
        "site", help="build the lessons as web pages to read offline, with sliders"
    )
    pages.add_argument("--lessons", type=Path, help="lessons folder (default: ROOT/lessons)")
    pages.add_argument("--out", type=Path, help="the site's folder (default: ROOT/build/site)")
    pages.add_argument("--lesson", action="append", metavar="ID", help="only this lesson")
    pages.add_argument("--lab-port", type=int, default=8888, help="make lab's port, for links")
    pages.add_argument("--app-port", type=int, default=8866, help="make app's port, for links")
    pages.add_argument("--jobs", type=int, default=None, help="lessons run at once")
    pages.set_defaults(run=_site)


def _check_command(commands) -> None:
    """The self-check, last of the instructor's verbs: it grades with the hidden tests, which
    only the instructor's course has (course/check.py)."""
    selfcheck = commands.add_parser(
        "check", help="grade your own notebook with the hidden tests (never the gradebook)"
    )
    selfcheck.add_argument(
        "lesson",
        help="the lesson's folder name, e.g. 02-gates-and-parts (or 02); its Romanian "
        "edition: 02-gates-and-parts-ro (or 02-ro)",
    )
    selfcheck.add_argument(
        "notebook", nargs="?", type=Path, help="default: your copy, WORK/LESSON/LESSON.ipynb"
    )
    selfcheck.add_argument("--work", type=Path, help="your work folder (default: ROOT/work)")
    selfcheck.add_argument(
        "--edition",
        choices=EDITIONS,
        help="the lesson's edition: ro checks your Romanian copy, WORK/LESSON-ro/ (default: "
        "the one the lesson's name says, English without -ro)",
    )
    selfcheck.set_defaults(run=_check)


class _Commands:
    """argparse's subcommands, each given its help line as its description too (shown by
    ``course COMMAND --help``)."""

    def __init__(self, subparsers):
        self.subparsers = subparsers

    def add_parser(self, name: str, *, help: str) -> argparse.ArgumentParser:  # noqa: A002
        return self.subparsers.add_parser(
            name, help=help, description=help[0].upper() + help[1:] + "."
        )


if __name__ == "__main__":
    sys.exit(main())
