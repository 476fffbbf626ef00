"""The student edition (`course release`): lessons, library, data and set-up; nothing that
grades them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT, repository_copy

from incentives.course import cli, release


def course_command(course, *args) -> subprocess.CompletedProcess:
    """`course --root COURSE ARGS...` in a fresh Python process, as an instructor runs it."""
    command = [sys.executable, "-m", "incentives.course.cli", "--root", str(course), *args]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return release.build_student_edition(ROOT, tmp_path_factory.mktemp("out") / "edition")


def test_the_edition_holds_the_lessons_library_data_and_set_up(edition):
    for lesson in (ROOT / "lessons").iterdir():
        for notebook in lesson.glob("*.ipynb"):
            copied = edition / "lessons" / lesson.name / notebook.name
            assert copied.read_bytes() == notebook.read_bytes()
    assert (edition / "src" / "incentives" / "model" / "company.py").is_file()
    assert (edition / "data" / "company_x" / "leads.csv").is_file()
    assert (edition / "requirements" / "lab.lock.txt").is_file()
    assert (edition / "jupyter" / "student").is_dir()
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "`00-start-here`" in readme


def test_the_edition_holds_no_solution_hidden_test_or_grading_material(edition):
    assert release.scan_edition(edition) == []
    names = {p.name for p in edition.rglob("*")}
    assert not names & {"solutions", "grading", "tests", "benchmarks", "tools", "course.mk"}
    for path in edition.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path
    # No rubric, answer or model memo: the written answers' rubrics live only in grading/.
    rubric = (ROOT / "grading" / "rubrics" / "03-speed-and-handoff.md").read_text()
    sample = next(line for line in rubric.splitlines() if line.startswith("**4 points.**"))
    for path in edition.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".ipynb", ".py", ".txt"):
            assert sample[20:80] not in path.read_text(encoding="utf-8", errors="replace")


def test_the_scan_finds_each_kind_of_instructor_material(edition, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(edition, planted)
    shutil.copytree(ROOT / "solutions" / "00-start-here", planted / "solutions" / "00-start-here")
    (planted / "course.mk").write_text("test:\n")
    nb = nbformat.read(next((planted / "lessons").rglob("*.ipynb")), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert 1\n"))
    nbformat.write(nb, planted / "lessons" / "extra.ipynb")

    problems = release.scan_edition(planted)

    assert "solutions/: an instructor's folder" in problems
    assert "course.mk: an instructor's file" in problems
    assert "lessons/extra.ipynb: holds 'BEGIN HIDDEN TESTS'" in problems
    # one line for the planted folder, not one per file in it
    assert sum(p.startswith("solutions") for p in problems) == 1


def test_a_release_refuses_lessons_that_leak_hidden_tests(tmp_path):
    course = repository_copy(tmp_path / "course")
    path = next((course / "lessons").rglob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert 1\n"))
    nbformat.write(nb, path)
    with pytest.raises(release.EditionError, match="BEGIN HIDDEN TESTS"):
        release.build_student_edition(course, tmp_path / "edition")
    with pytest.raises(release.EditionError, match="would hold the course itself"):
        release.build_student_edition(course, course)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_editions_make_offers_the_students_commands_only(edition):
    shown = subprocess.run(
        ["make", "help"], cwd=edition, capture_output=True, text=True, check=True
    ).stdout
    commands = {line.split()[0] for line in shown.splitlines() if line.strip()}
    assert {"lab", "fresh", "app"} <= commands
    assert not commands & {"test", "instructor", "lessons", "release", "bench", "data"}
    dry = subprocess.run(
        ["make", "--dry-run", "lab"], cwd=edition, capture_output=True, text=True, check=True
    ).stdout
    assert "course work --work work" in dry and "jupyter lab" in dry


def test_course_work_runs_in_the_edition(edition, tmp_path, monkeypatch, capsys):
    """The edition has no grading/: `make lab`'s `course work` still finds its lessons."""
    monkeypatch.chdir(edition)
    assert cli.main(["work", "--work", str(tmp_path / "work")]) == 0
    assert (tmp_path / "work" / "00-start-here" / "00-start-here.ipynb").is_file()
    assert "Your work folder" in capsys.readouterr().out


@pytest.mark.slow
def test_course_release_records_the_lessons_and_builds_the_archive(tmp_path):
    """On a fresh clone (no gradebook), release leaves the lesson in the gradebook, so that
    autograde finds it, and packs the edition."""
    course = repository_copy(tmp_path / "course")
    assert not (course / "grading" / "gradebook.db").exists()
    done = course_command(course, "release", "00-start-here", "--archive")
    assert done.returncode == 0, done.stderr
    assert "student edition:" in done.stdout
    assert (course / "dist" / "student-edition.tar.gz").is_file()
    assert release.scan_edition(course / "dist" / "student-edition") == []

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gradebook:
        assert [a.name for a in gradebook.assignments] == ["00-start-here"]


@pytest.mark.slow
def test_course_release_puts_the_lesson_in_a_configured_exchange(tmp_path):
    course = repository_copy(tmp_path / "course")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    config = course / "grading" / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.Exchange.root = {str(exchange)!r}\n")
    done = course_command(course, "release", "00-start-here")
    assert done.returncode == 0, done.stderr
    assert f"released 00-start-here to the exchange at {exchange}" in done.stdout
    released = exchange / "marketing-vs-sales" / "outbound" / "00-start-here"
    assert (released / "00-start-here.ipynb").is_file()
    assert "HIDDEN TESTS" not in (released / "00-start-here.ipynb").read_text()


def test_the_course_command_starts_without_importing_nbgrader():
    """`make lab` runs `course work` at every start: it must not pay for nbgrader's import
    (about 1.4 s); the verbs that need nbgrader import it when they run."""
    code = "import sys, incentives.course.cli; print('nbgrader' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
