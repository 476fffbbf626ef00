"""The instructor's verbs of the ``course`` command: lessons, releases, the class list,
grading and what it gives, and the translated edition.

:mod:`incentives.course.cli` adds them (:func:`add_commands`) only where this package is,
after the student's verbs; the command list with what each verb does is that module's
docstring. :data:`ERRORS` and :data:`CONFIG_ERRORS` are the errors these verbs report in one
line, without a traceback (exit status 2 and 1).
"""

from __future__ import annotations

import sys
from pathlib import Path

from incentives.course import paths
from incentives.i18n.pofile import CatalogError
from incentives.instructor import (
    batch,
    catalogs,
    collect,
    deadlines,
    export,
    feedback,
    game_labels,
    nbgrader_tools,
    release,
    report,
    roster,
    submissions,
    translated_lessons,
)

# The errors a command reports in one line, without a traceback (exit status 2).
ERRORS: tuple[type[Exception], ...] = (
    nbgrader_tools.NbgraderError,
    release.EditionError,
    roster.RosterError,
    game_labels.LabelError,
    collect.CollectError,
    export.LmsError,
    batch.SandboxUnavailable,
    CatalogError,
    translated_lessons.TranslationIncomplete,
)
# Mistakes in the course's configuration files (exit status 1).
CONFIG_ERRORS: tuple[type[Exception], ...] = (deadlines.DeadlineError,)


def add_commands(commands) -> None:
    """Add the verbs of the instructor's repository: lessons, releases, grading and its
    reports (``commands.add_parser(name, help=...)`` makes each verb's parser)."""
    lessons = commands.add_parser("lessons", help="regenerate lessons/ from solutions/")
    lessons.add_argument("lesson", nargs="*", help="lesson ids (default: all)")
    lessons.add_argument("--check", action="store_true", help="only report drift")
    lessons.set_defaults(run=_lessons)
    publish = commands.add_parser(
        "release",
        help="regenerate lessons/ (recorded in the gradebook) and build the student edition",
    )
    publish.add_argument("lesson", nargs="*", help="lesson ids to regenerate (default: all)")
    publish.add_argument(
        "--edition", type=Path, help="the edition's folder (default: ROOT/dist/student-edition)"
    )
    publish.add_argument("--archive", action="store_true", help="also pack it as .tar.gz")
    publish.add_argument(
        "--lang",
        choices=("en", *translated_lessons.languages()),
        default="en",
        help="en (lessons/), or ro: the lessons with a catalog, built and recorded as "
        "<lesson>-ro, in dist/student-edition-ro",
    )
    publish.set_defaults(run=_release)
    students = commands.add_parser("roster", help="import the class list from a CSV file")
    students.add_argument("file", type=Path, help="CSV with id, first_name, last_name, email")
    students.set_defaults(run=_roster)
    room = commands.add_parser(
        "game-labels", help="write the classroom game's room labels: the class list's ids"
    )
    room.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="FILE.csv",
        help="a class list CSV, as for `course roster` (default: the gradebook's students)",
    )
    room.add_argument(
        "--out", type=Path, metavar="FILE", help="default: ROOT/game/_rooms/class.txt"
    )
    room.set_defaults(run=_game_labels)
    gather = commands.add_parser(
        "collect", help="submissions from the exchange, or from an LMS download (--zip)"
    )
    gather.add_argument("lesson", help="the lesson's id")
    gather.add_argument("--zip", type=Path, help="an LMS's bulk download of submissions")
    gather.add_argument(
        "--allow-older",
        action="store_true",
        help="let a file older than the submission stored replace it (both are kept)",
    )
    gather.set_defaults(run=_collect)
    autograde = commands.add_parser(
        "grade", help="autograde new or changed submissions with parallel workers"
    )
    autograde.add_argument("lesson", nargs="*", help="lesson ids (default: all)")
    autograde.add_argument("--student", action="append", help="only this student (repeatable)")
    autograde.add_argument(
        "--workers", type=int, default=None, help="parallel workers (default: the cores)"
    )
    autograde.add_argument("--force", action="store_true", help="grade unchanged ones again")
    autograde.add_argument(
        "--cell-timeout",
        type=float,
        default=batch.DEFAULT_CELL_TIMEOUT,
        help="seconds a cell may run (default: 60)",
    )
    autograde.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the submissions' code with your rights (only where bubblewrap cannot run; "
        "every result is flagged)",
    )
    autograde.set_defaults(run=_grade)
    grades = commands.add_parser("export", help="grades as CSV (student x lesson, x exercise)")
    grades.add_argument("--to", type=Path, help="folder (default: ROOT/grading/export)")
    grades.add_argument("--lms", choices=export.LMS_LAYOUTS, help="also fill in an LMS's CSV")
    grades.add_argument("--template", type=Path, help="the gradebook CSV exported from the LMS")
    grades.add_argument(
        "--provisional",
        action="store_true",
        help="fill in the LMS's CSV even with written answers not marked yet",
    )
    grades.set_defaults(run=_export)
    notes = commands.add_parser("feedback", help="HTML feedback per student (no hidden tests)")
    notes.add_argument("lesson", nargs="*", help="lesson ids (default: all)")
    notes.add_argument("--student", action="append", help="only this student (repeatable)")
    notes.set_defaults(run=_feedback)
    summary = commands.add_parser("report", help="the class report (HTML and PNG)")
    summary.add_argument("--to", type=Path, help="folder (default: ROOT/grading/report)")
    summary.set_defaults(run=_report)
    translate = commands.add_parser(
        "translations", help="update, check or build the translated edition's lessons"
    )
    translate.add_argument("action", choices=("update", "check", "build"))
    translate.add_argument("lesson", nargs="*", help="lessons (default: every translated one)")
    languages = translated_lessons.languages()
    translate.add_argument(
        "--lang", choices=languages, default=languages[0], help="language (default: %(default)s)"
    )
    translate.add_argument("--out", type=Path, help="where build writes (default: ROOT/build/LANG)")
    translate.add_argument(
        "--record",
        action="store_true",
        help="build: record the lessons in the course's gradebook (to grade them there)",
    )
    translate.set_defaults(run=_translations)


def _lessons(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    args.lesson = _lesson_ids(root, args.lesson)
    if args.check:
        problems = nbgrader_tools.lesson_drift(root)
        for line in problems:
            print(line)
        if problems:
            print("lessons/ is out of date: run `make lessons` and commit the result")
            return 1
        print("lessons/ matches solutions/")
        return 0
    _generate(root, args.lesson)
    return 0


def _generate(root: Path, lessons: list[str]) -> None:
    """Clear the solutions' outputs and generate ``lessons`` (all when none), saying so."""
    for path in nbgrader_tools.clean_solutions(root):
        print(f"cleared outputs: {path.relative_to(root)}")
    for lesson in nbgrader_tools.generate_lessons(root, ids=lessons or None):
        print(f"generated lessons/{lesson}")


def _release(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    args.lesson = _lesson_ids(root, args.lesson)
    if args.lang == "en":
        _generate(root, args.lesson)
        assignments = args.lesson
        target = args.edition or root / "dist" / "student-edition"
    else:
        try:
            assignments = release.build_translated(root, args.lesson, args.lang)
        except translated_lessons.TranslationIncomplete as error:
            print(f"course: {error}", file=sys.stderr)
            return 1
        for lesson in assignments:
            print(f"built {lesson}")
        target = args.edition or root / "dist" / f"student-edition-{args.lang}"
    edition = release.build_student_edition(root, target, args.lang)
    print(f"student edition: {edition}")
    print("  lessons, library, data and the student's set-up; no solutions, hidden tests,")
    print("  grading tools or stated answers (checked). A student runs `make lab` in it.")
    if args.archive:
        print(f"archive: {release.archive(edition)}")
    exchange, released = release.to_exchange(root, assignments, args.lang)
    for lesson in released:
        print(f"released {lesson} to the exchange at {exchange}")
    return 0


def _translations(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    lessons = _lesson_ids(root, args.lesson)
    if args.action == "update":
        counts = translated_lessons.update_library(root, args.lang)
        if counts:
            path = translated_lessons.library_catalog_path(root, args.lang).relative_to(root)
            print(f"updated {path}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))

        for lesson in lessons or translated_lessons.translated_lessons(root, args.lang):
            counts = catalogs.update(root, lesson, args.lang)
            path = catalogs.catalog_path(root, lesson, args.lang)
            print(
                f"updated {path.relative_to(root)}: "
                + ", ".join(f"{n} {k}" for k, n in counts.items())
            )
        return 0
    if args.action == "check":
        problems = translated_lessons.check(root, lessons or None, args.lang)
        if problems:
            print("\n\n".join(problems))
            print(
                f"\n{len(problems)} translation problem(s): fix the entries above, then check again"
            )
            return 1
        print(f"every {args.lang} translation is complete and current")
        return 0
    try:
        built = translated_lessons.build(root, lessons or None, args.out, args.lang, args.record)
    except translated_lessons.TranslationIncomplete as error:
        print(f"course: {error}", file=sys.stderr)
        return 1
    for lesson in built:
        print(f"built {lesson}")
    return 0


def _lesson_ids(root: Path, given) -> list[str]:
    """The lessons named on the command line (``02`` is ``02-gates-and-parts``); an unknown
    one stops the command with a line naming the lessons there are."""
    return [paths.find_lesson(root / "solutions", lesson) for lesson in given or ()]


def graded_lesson_ids(root: Path, given) -> list[str]:
    """The lessons named on a grading command's line, in either edition: ``00`` is
    ``00-start-here``, ``00-ro`` or ``00-start-here-ro`` its Romanian edition."""
    found = []
    for lesson in given or ():
        language = next(
            (lang for lang in translated_lessons.languages() if lesson.endswith(f"-{lang}")), None
        )
        if language is None:
            found += _lesson_ids(root, [lesson])
        else:
            (english,) = _lesson_ids(root, [lesson.removesuffix(f"-{language}")])
            found.append(translated_lessons.assignment_id(english, language))
    return found


def _roster(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    found = roster.read_class_list(args.file)
    db_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
    done = roster.import_roster(db_url, found.students, found.details)
    counts = (
        f"{len(done.added)} added, {len(done.updated)} updated, {len(done.unchanged)} unchanged"
    )
    print(f"{args.file.name}: {len(found.students)} students ({counts})")
    if found.layout != "course":
        print(f"  a {found.layout} export: the ids are its {found.id_column!r} column")
    for kind, ids in (("added", done.added), ("updated", done.updated)):
        if ids:
            print(f"  {kind}: {', '.join(ids)}")
    return 0


def _game_labels(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    if args.source is not None:
        students = roster.read_roster(args.source)
        source = args.source.name
    else:
        students = roster.class_list(nbgrader_tools.load_config(root).CourseDirectory.db_url)
        source = "the gradebook"
    labels = game_labels.room_labels(student.id for student in students)
    path = game_labels.write_labels(labels, args.out or root / game_labels.LABEL_FILE)
    print(f"wrote {path}: {len(labels)} students' ids from {source}, the room's labels")
    print("  (re)start `make game`; each student joins the room with their own id")
    return 0


def _grade(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    args.lesson = graded_lesson_ids(root, args.lesson)
    deadlines.load(root)  # checked before anything is written
    found = submissions.find(root, args.lesson or None, args.student or None)
    if not found:
        print("no submissions in grading/submitted/ for these lessons and students")
        return 0
    done = []

    def progress(result: batch.Result) -> None:
        done.append(result)
        width = 30
        filled = round(width * len(done) / len(found))
        score = f"{result.score:g}/{result.max_score:g}" if result.graded else result.status
        print(
            f"[{'#' * filled}{'.' * (width - filled)}] {len(done)}/{len(found)} "
            f"{result.student} {result.lesson}: {score}",
            flush=True,
        )

    results = batch.grade(
        root,
        found,
        workers=args.workers,
        force=args.force,
        cell_timeout=args.cell_timeout,
        report=progress,
        sandboxed=not args.no_sandbox,
    )
    print()
    print(batch.summary(results))
    return 0


def _export(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    db_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
    folder = args.to or root / "grading" / "export"
    if args.lms and args.template is None:  # before anything is written
        raise export.LmsError(f"--lms {args.lms} needs --template: the LMS's gradebook CSV")
    if args.lms and not args.template.is_file():
        raise export.LmsError(f"--template {args.template}: no such file")
    if args.template is not None and not args.lms:
        raise export.LmsError("--template needs --lms canvas or --lms moodle: the LMS it is from")
    grades = export.read(root, db_url)
    lms = None
    if args.lms:  # every check before anything is written
        lms = export.fill_lms(
            args.lms,
            args.template,
            grades.lesson_scores(),
            roster.class_list(db_url),
            provisional=grades.provisional(),
            allow_provisional=args.provisional,
        )
    for path in export.export(root, db_url, folder, grades):
        print(f"wrote {path}")
    unmarked = sorted(grades.provisional())
    if unmarked:
        print(f"provisional (written answers not marked yet): {export.pairs_text(unmarked)}")
    if lms:
        target = export.write_csv(Path(folder) / f"{args.template.stem}-filled.csv", lms.rows)
        print(f"wrote {target}: {', '.join(lms.columns)} filled in; import it into {args.lms}")
        for row in lms.unmatched:
            print(f"  no student of the class list matches the {args.lms} row {row}")
        for student in lms.missing:
            print(f"  {student} is on the class list but has no row in the {args.lms} file")
        if lms.no_submission:
            cells = export.pairs_text(lms.no_submission)
            print(f"  no submission, cell left as it was: {cells}")
        if lms.provisional:
            cells = export.pairs_text(lms.provisional)
            print(f"  filled in though provisional (--provisional): {cells}")
    return 0


def _feedback(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    args.lesson = graded_lesson_ids(root, args.lesson)
    written = feedback.generate(root, args.lesson or None, args.student or None)
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    if not written:
        print("no autograded submissions: run `course grade` first")
    exchange, released = feedback.to_exchange(root, written)
    for lesson in released:
        print(f"released the feedback of {lesson} to the exchange at {exchange}")
    return 0


def _report(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    for path in report.write(root, args.to):
        print(f"wrote {path}")
    return 0


def _collect(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    (lesson,) = _lesson_ids(root, [args.lesson])
    if args.zip is None:
        found = collect.from_exchange(root, lesson, allow_older=args.allow_older)
    else:
        found = collect.from_zip(root, lesson, args.zip, allow_older=args.allow_older)
    print("\n".join(collect.summary(found)))
    return 0
