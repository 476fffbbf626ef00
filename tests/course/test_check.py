"""`course check`: a self-learner's notebook graded with the hidden tests in a temporary
course, leaving the course's gradebook and grading/ folder alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import LESSON_IDS, ROOT, nbgrader_meta, repository_copy

from incentives.course import check, cli
from incentives.i18n import translation
from incentives.instructor import catalogs, feedback, nbgrader_tools, translated_lessons

# Lesson 00 (one exercise) and lesson 02 (charts, six exercises): grading every lesson is
# tests/instructor/test_grading.py's work; these show the self-check reports what grading gives.
CHECKED = [lesson for lesson in ("00-start-here", "02-gates-and-parts") if lesson in LESSON_IDS]
# README.md's example: lesson 00 answered without a check for a negative number of leads.
README_ANSWER = (
    "00-start-here",
    "cost_per_lead_answer",
    "def cost_per_lead(budget_eur, leads):\n"
    "    if leads == 0:\n"
    '        raise ValueError("a campaign without leads has no cost per lead")\n'
    "    return budget_eur / leads\n",
)


def course_check(course: Path, *args: str) -> subprocess.CompletedProcess:
    """`course --root COURSE check ARGS...` in a fresh Python process, as a learner runs it."""
    command = [sys.executable, "-m", "incentives.course.cli", "--root", str(course), "check"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=course)


def graded_cells(lesson: str) -> dict[str, float]:
    """The lesson's autograded test cells and their points, read from the solution."""
    solution = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    return {
        nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
        for c in solution.cells
        if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")
    }


def hidden_test_lines(lesson: str) -> list[str]:
    """Every line of the lesson's hidden tests long enough to be recognised in an output."""
    solution = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    lines = []
    for cell in solution.cells:
        if feedback.HIDDEN in cell.source:
            hidden = cell.source.split(feedback.HIDDEN, 1)[1]
            lines += [line.strip() for line in hidden.splitlines() if len(line.strip()) > 20]
    return lines


def files_under(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file's bytes and every entry's modification time under ``folder``."""
    return {
        str(path.relative_to(folder)): (
            path.read_bytes() if path.is_file() else None,
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
    }


def answered(lesson: Path, target: Path, grade_id: str, source: str) -> None:
    """The lesson with the answer cell ``grade_id`` holding ``source``, at ``target``."""
    nb = nbformat.read(lesson, as_version=4)
    (cell,) = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id]
    cell.source = source
    nbformat.write(nb, target)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """A writable copy of the repository whose grading/ holds a gradebook (bytes no SQLite
    opens: any attempt fails) and a submission. In its work folder, lesson 00 answered as in
    README.md, then each checked lesson's solution, are checked as the learner's copy (the
    default notebook); the lesson as released is checked by its path (another work folder).
    Returns the runs, the copy, and its grading/ before and after."""
    course = repository_copy(tmp_path_factory.mktemp("check") / "course")
    (course / "grading" / "gradebook.db").write_bytes(b"not for course check to open")
    submitted = course / "grading" / "submitted" / "alice" / "00-start-here"
    shutil.copytree(ROOT / "lessons" / "00-start-here", submitted)
    before = files_under(course / "grading")
    runs = {}
    for lesson in CHECKED:
        own = course / "work" / lesson / f"{lesson}.ipynb"
        own.parent.mkdir(parents=True)
        if lesson == README_ANSWER[0]:
            answered(course / "lessons" / lesson / f"{lesson}.ipynb", own, *README_ANSWER[1:])
            runs["readme"] = course_check(course, lesson)
        shutil.copyfile(ROOT / "solutions" / lesson / f"{lesson}.ipynb", own)
        runs[lesson, "solution"] = course_check(course, lesson)
        released = course / "lessons" / lesson / f"{lesson}.ipynb"
        elsewhere = ["--work", str(course / "other-work")]  # its feedback beside the other's
        runs[lesson, "lesson"] = course_check(course, lesson, str(released), *elsewhere)
    if README_ANSWER[0] in CHECKED:
        runs.update(romanian_runs(course))
    return runs, course, before, files_under(course / "grading")


ROMANIAN = "00-start-here-ro"
# The README's answer, which first asserts that its kernel runs in Romanian (else it defines
# nothing and even the visible test fails).
ROMANIAN_ANSWER = (
    "from incentives.i18n import edition\n"
    'assert edition() == "ro", f"the kernel runs in {edition()!r}"\n\n' + README_ANSWER[2]
)


def romanian_runs(course: Path) -> dict:
    """Lesson 00's Romanian edition built as `make lab EDITION=ro` builds it, then checked:
    its solution as the learner's copy (``00-ro``), the README's answer, and the lesson as
    released (by its path, ``--edition ro``, in another work folder)."""
    translated_lessons.build(course, ["00-start-here"])
    built = course / "build" / "ro"
    own = course / "work" / ROMANIAN / f"{ROMANIAN}.ipynb"
    own.parent.mkdir(parents=True)
    released = built / "lessons" / ROMANIAN / f"{ROMANIAN}.ipynb"
    elsewhere = ["--work", str(course / "other-work")]
    runs = {}
    answered(released, own, README_ANSWER[1], ROMANIAN_ANSWER)
    runs[ROMANIAN, "readme"] = course_check(course, ROMANIAN)
    shutil.copyfile(built / "solutions" / ROMANIAN / f"{ROMANIAN}.ipynb", own)
    runs[ROMANIAN, "solution"] = course_check(course, "00-ro")
    runs[ROMANIAN, "lesson"] = course_check(
        course, "00", str(released), "--edition", "ro", *elsewhere
    )
    return runs


def report_lines(run: subprocess.CompletedProcess, lesson: str) -> dict[str, str]:
    """Each test cell's line of the report, by grade id, with the line under it."""
    lines = run.stdout.splitlines()
    found = {}
    for number, line in enumerate(lines):
        words = line.split()
        if words and words[0] in graded_cells(lesson):
            found[words[0]] = f"{line}\n{lines[number + 1]}"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lesson", CHECKED)
def test_the_solution_scores_full_marks_with_nothing_on_stderr(checked, lesson):
    runs, course, _before, _after = checked
    run = runs[lesson, "solution"]
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    cells = graded_cells(lesson)
    total = sum(cells.values())
    assert f"Checking work/{lesson}/{lesson}.ipynb" in run.stdout
    assert f"Autograded: {total:g} / {total:g} points" in run.stdout
    lines = report_lines(run, lesson)
    assert set(lines) == set(cells)
    for grade_id, points in cells.items():
        assert f"{points:g} / {points:g}  passed" in lines[grade_id]
    assert "FAILED" not in run.stdout
    assert f"Feedback (HTML, hidden tests shown only as results): work/feedback/{lesson}/" in (
        run.stdout
    )
    html = (course / "work" / "feedback" / lesson / f"{lesson}.html").read_text()
    assert "Hidden tests: passed" in html and feedback.HIDDEN not in html


@pytest.mark.slow
@pytest.mark.parametrize("lesson", CHECKED)
def test_the_untouched_lesson_scores_zero_and_says_why(checked, lesson):
    runs, course, _before, _after = checked
    run = runs[lesson, "lesson"]
    assert (run.returncode, run.stderr) == (1, ""), run.stderr  # 1: a test failed
    cells = graded_cells(lesson)
    assert f"Autograded: 0 / {sum(cells.values()):g} points" in run.stdout
    lines = report_lines(run, lesson)
    assert set(lines) == set(cells)
    for grade_id, points in cells.items():
        line, message = lines[grade_id].splitlines()
        assert f"0 / {points:g}  FAILED" in line
        assert message.startswith("      ") and "Error" in message, message
    first = lines[next(iter(cells))].splitlines()[1].strip()
    assert first == (
        "NotImplementedError: the answer is still the stub: "
        "put your code in place of `raise NotImplementedError()`"
    )
    hidden_lines = hidden_test_lines(lesson)
    assert hidden_lines, f"{lesson} has no hidden test to look for"
    for hidden in hidden_lines:
        assert hidden not in run.stdout
    html = (course / "other-work" / "feedback" / lesson / f"{lesson}.html").read_text()
    assert "Hidden tests: failed: NotImplementedError" in html and feedback.HIDDEN not in html


@pytest.mark.slow
def test_a_failing_test_prints_its_assertion_message(checked):
    lesson = "02-gates-and-parts"
    if lesson not in CHECKED:
        pytest.skip("INCENTIVES_TEST_LESSONS leaves out lesson 02")
    message = report_lines(checked[0][lesson, "lesson"], lesson)["close_rate_of_visible"]
    assert message.splitlines()[1].strip() == (
        "NotImplementedError: the answer is still the stub: "
        "put your code in place of `raise NotImplementedError()`"
    )


@pytest.mark.slow
def test_the_readme_shows_what_the_command_prints(checked):
    if "readme" not in checked[0]:
        pytest.skip("INCENTIVES_TEST_LESSONS leaves out lesson 00")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For self-learners", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    run = checked[0]["readme"]
    assert (run.returncode, run.stderr) == (1, "")  # one test fails
    assert shown.strip() == run.stdout.strip()
    assert "FAILED\n      AssertionError: cost_per_lead(500, -5) returned -100.0 instead" in shown


def romanian(checked, kind: str) -> subprocess.CompletedProcess:
    if (ROMANIAN, kind) not in checked[0]:
        pytest.skip("INCENTIVES_TEST_LESSONS leaves out lesson 00")
    return checked[0][ROMANIAN, kind]


def feedback_page(path: Path) -> str:
    """A feedback page's HTML, asserted to be in Romanian and to hide the hidden tests."""
    html = path.read_text(encoding="utf-8")
    assert '<html lang="ro">' in html, html[:300]
    assert feedback.HIDDEN not in html
    assert translation(feedback.PLACEHOLDER, "ro") in html
    assert feedback.PLACEHOLDER not in html
    return html


@pytest.mark.slow
def test_the_romanian_solution_scores_full_marks_with_a_romanian_feedback_page(checked):
    run = romanian(checked, "solution")
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    total = sum(graded_cells("00-start-here").values())
    assert f"Se verifică work/{ROMANIAN}/{ROMANIAN}.ipynb cu testele lecției {ROMANIAN}" in (
        run.stdout
    )  # the report speaks the lesson's language
    assert f"Notat automat: {total:g} / {total:g} puncte" in run.stdout
    assert "PICAT" not in run.stdout and "Autograded" not in run.stdout
    page = checked[1] / "work" / "feedback" / ROMANIAN / f"{ROMANIAN}.html"
    assert f"work/feedback/{ROMANIAN}/{ROMANIAN}.html" in run.stdout
    html = feedback_page(page)
    assert translation("Hidden tests: passed", "ro") in html
    assert "Hidden tests: passed" not in html


@pytest.mark.slow
def test_the_untouched_romanian_lesson_scores_zero(checked):
    run = romanian(checked, "lesson")
    assert (run.returncode, run.stderr) == (1, ""), run.stderr
    cells = graded_cells("00-start-here")
    assert f"Notat automat: 0 / {sum(cells.values()):g} puncte" in run.stdout
    lines = report_lines(run, "00-start-here")
    assert set(lines) == set(cells)
    for grade_id, points in cells.items():
        assert f"0 / {points:g}  PICAT" in lines[grade_id]
        assert "NotImplementedError: răspunsul este încă cel de început" in lines[grade_id]
    for hidden in hidden_test_lines("00-start-here"):
        assert hidden not in run.stdout
    html = feedback_page(checked[1] / "other-work" / "feedback" / ROMANIAN / f"{ROMANIAN}.html")
    failed = translation("Hidden tests: failed: {error}", "ro").format(error="NotImplementedError")
    assert failed in html


@pytest.mark.slow
def test_a_romanian_copy_runs_in_a_romanian_kernel_and_fails_in_romanian(checked):
    run = romanian(checked, "readme")
    assert (run.returncode, run.stderr) == (1, ""), run.stderr
    lines = report_lines(run, "00-start-here")
    assert "1 / 1  trecut" in lines["cost_per_lead_visible"]  # the kernel's edition was ro
    hidden = lines["cost_per_lead_hidden"]
    assert "0 / 2  PICAT" in hidden
    assert "AssertionError: cost_per_lead(500, -5)" in hidden and "returned" not in hidden


@pytest.mark.slow
def test_the_course_gradebook_and_grading_folder_are_untouched(checked):
    runs, course, before, after = checked
    assert runs, "no lesson was checked"
    assert after == before
    assert not (course / "grading" / "autograded").exists()
    assert not (course / "grading" / "feedback").exists()


@pytest.mark.slow
def test_the_alembic_head_read_from_the_scripts_is_nbgraders():
    from nbgrader.api import get_alembic_version

    nbgrader_tools.scripts_on_path()
    assert nbgrader_tools.alembic_head() == get_alembic_version()


def test_the_alembic_head_is_the_revision_no_other_follows(tmp_path):
    (tmp_path / "a.py").write_text("revision = 'aaa'\ndown_revision = None\n")
    (tmp_path / "b.py").write_text('revision = "bbb"\ndown_revision = "aaa"\n')
    assert nbgrader_tools.alembic_head(tmp_path) == "bbb"
    (tmp_path / "c.py").write_text("revision = 'ccc'\ndown_revision = 'aaa'\n")
    assert nbgrader_tools.alembic_head(tmp_path) is None  # two heads: nbgrader makes it all
    (tmp_path / "d.py").write_text("revision = 'ddd'\ndown_revision = ('bbb', 'ccc')\n")
    assert nbgrader_tools.alembic_head(tmp_path) == "ddd"


# ---------------------------------------------------------------------------------------------
# What the command refuses, in one clear message and exit status 2
# ---------------------------------------------------------------------------------------------


def refused(capsys, *args: str) -> str:
    """Run `course ... check ...` in this process; assert it exits 2 having printed nothing
    but its message on stderr (an exception would fail the test); return the message."""
    assert cli.main(list(args)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("course: ") and len(err.strip().splitlines()) == 1, err
    return err


def test_the_student_edition_is_told_it_needs_the_full_repository(tmp_path, capsys, monkeypatch):
    edition = tmp_path / "edition"
    shutil.copytree(ROOT / "lessons" / "00-start-here", edition / "lessons" / "00-start-here")
    shutil.copytree(ROOT / "lessons" / "00-start-here", edition / "work" / "00-start-here")
    monkeypatch.chdir(edition / "work")
    message = refused(capsys, "check", "00-start-here")
    assert "`course check` needs the full course repository" in message
    assert f"{edition.resolve()}" in message and "student edition" in message


def test_an_unknown_lesson_is_named_with_the_known_ones(tmp_path, capsys):
    message = refused(capsys, "--root", str(ROOT), "check", "09", "--work", str(tmp_path))
    assert "no single lesson '09'" in message
    assert "the lessons are: 00-start-here, 01-two-departments" in message
    assert list(tmp_path.iterdir()) == []


def test_a_missing_copy_in_the_work_folder_says_how_to_make_it(tmp_path, capsys):
    message = refused(capsys, "--root", str(ROOT), "check", "00", "--work", str(tmp_path))
    expected = tmp_path / "00-start-here" / "00-start-here.ipynb"
    assert f"no notebook at {expected}, your copy of the lesson: `make lab`" in message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no notebook at {path}"),
        ("folder", "{path} is a folder: give the notebook's path"),
        ('{"cells": [', "cannot check {path}: mine.ipynb is not a notebook: not valid JSON ("),
        ("[1, 2]", "cannot check {path}: it is JSON, but not a notebook"),
    ],
    ids=["missing", "folder", "broken-json", "json-not-notebook"],
)
def test_a_notebook_that_cannot_be_checked_is_named_with_the_problem(
    tmp_path, capsys, content, says
):
    path = tmp_path / "mine.ipynb"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content)
    work = tmp_path / "work"
    message = refused(capsys, "--root", str(ROOT), "check", "00", str(path), "--work", str(work))
    assert says.format(path=path) in message
    assert not work.exists()


# ---------------------------------------------------------------------------------------------
# A lesson's edition
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "edition"),
    [("00-ro", None), ("00-start-here-ro", None), ("00", "ro"), ("00-start-here-ro", "ro")],
)
def test_a_romanian_lesson_is_named_short_or_whole_or_by_its_edition(given, edition):
    assert check.find_lesson(ROOT, given, edition) == "00-start-here-ro"
    assert check.find_lesson(ROOT, "00", None) == "00-start-here"


def test_an_unknown_edition_is_named_with_the_editions(tmp_path, capsys):
    root = ["--root", str(ROOT)]
    message = refused(capsys, *root, "check", "00-start-here-fr", "--work", str(tmp_path))
    assert "00-start-here-fr: 'fr' is not an edition of the course" in message
    assert "the editions are en, ro" in message
    with pytest.raises(check.CheckError, match="'fr' is not an edition of the course"):
        check.find_lesson(ROOT, "00", "fr")
    with pytest.raises(check.CheckError, match="00-ro is a lesson of the 'ro' edition"):
        check.find_lesson(ROOT, "00-ro", "en")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_romanian_copy_says_how_to_make_it(tmp_path, capsys):
    message = refused(capsys, "--root", str(ROOT), "check", "00-ro", "--work", str(tmp_path))
    expected = tmp_path / ROMANIAN / f"{ROMANIAN}.ipynb"
    assert f"no notebook at {expected}, your copy of the lesson: `make lab EDITION=ro`" in message


def test_a_lesson_without_a_complete_romanian_catalog_is_named(tmp_path):
    lesson = "00-start-here"
    shutil.copytree(ROOT / "solutions" / lesson, tmp_path / "solutions" / lesson)
    with pytest.raises(check.CheckError) as refusal:
        check.find_lesson(tmp_path, "00-ro")
    assert str(refusal.value).startswith(
        f"{lesson} has no 'ro' edition: no catalog translations/ro/{lesson}.po"
    )
    catalog = catalogs.catalog_path(tmp_path, lesson)
    catalog.parent.mkdir(parents=True)
    entries = catalogs.read(catalogs.catalog_path(ROOT, lesson))
    entries[0].strings = {0: ""}  # one translation emptied: the lesson cannot be built
    catalogs.write(entries, catalog, lesson, "ro")
    with pytest.raises(check.CheckError, match=f"{lesson} cannot be checked in 'ro': its catalog"):
        check.find_lesson(tmp_path, "00-start-here-ro")
