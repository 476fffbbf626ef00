"""The student edition (`course release`): lessons, library, data and set-up; nothing that
grades them, no instructor's `course` verb, and no text that states a graded answer."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, repository_copy

from incentives.course import cli
from incentives.instructor import answers, nbgrader_tools, release
from incentives.model.capstone import accepted, grid_table, pay_floor_eur

# The `course` verbs only an instructor runs, and modules of theirs a student never needs.
INSTRUCTOR_VERBS = (
    "lessons",
    "release",
    "roster",
    "collect",
    "grade",
    "export",
    "feedback",
    "report",
    "check",
)
GRADING_MODULES = (
    "batch.py",
    "submissions.py",
    "workers.py",
    "merge.py",
    "record.py",
    "backups.py",
    "flagging.py",
    "collect.py",
    "export.py",
    "report.py",
    "feedback.py",
    "sandbox.py",
    "autograde.py",
    "kernels.py",
    "check.py",
    "nbgrader_tools.py",
    "deadlines.py",
    "late_penalty.py",
    "roster.py",
    "release.py",
    "answers.py",
)


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
    package = planted / release.COURSE_PACKAGE
    shutil.copy(ROOT / release.COURSE_PACKAGE / "check.py", package)
    shutil.copytree(ROOT / "src" / "incentives" / "site" / "templates", package / "templates")
    shutil.copytree(ROOT / release.INSTRUCTOR_PACKAGE, planted / release.INSTRUCTOR_PACKAGE)
    nb = nbformat.read(next((planted / "lessons").rglob("*.ipynb")), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert 1\n"))
    nbformat.write(nb, planted / "lessons" / "extra.ipynb")

    problems = release.scan_edition(planted)

    assert "solutions/: an instructor's folder" in problems
    assert "course.mk: an instructor's file" in problems
    part = "an instructor's part of the `course` command"
    assert f"src/incentives/course/check.py: {part}" in problems
    assert f"src/incentives/course/templates: {part}" in problems
    assert f"src/incentives/instructor: {part}" in problems
    assert not [p for p in problems if "templates/" in p]  # the folder once, not its files
    assert not [p for p in problems if "instructor/" in p]
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


@pytest.mark.usefixtures("make")
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


# --- the `course` command a student gets ------------------------------------------------------


def edition_python(edition: Path, folder: Path) -> Path:
    """A `python` that runs the edition's own library (not this repository's), as the
    edition's `.venv/bin/python` would after `make lab`'s install."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "python"
    path.write_text(f"#!/bin/sh\nPYTHONPATH='{edition / 'src'}' exec '{sys.executable}' \"$@\"\n")
    path.chmod(0o755)
    return path


def edition_course(edition: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`course ARGS` as the edition runs it (``-c CODE ARGS`` runs Python code instead)."""
    python = edition_python(edition, tmp_path / "bin")
    command = [str(python), *(args if args[0] == "-c" else ("-m", "incentives.course.cli", *args))]
    return subprocess.run(command, cwd=edition, capture_output=True, text=True)


def test_the_edition_holds_only_the_students_part_of_the_course_package(edition):
    package = edition / release.COURSE_PACKAGE
    assert {p.name for p in package.iterdir()} == release.STUDENT_COURSE_MODULES
    assert not (edition / release.INSTRUCTOR_PACKAGE).exists()
    assert (ROOT / release.INSTRUCTOR_PACKAGE / "__init__.py").is_file()
    names = {p.name for p in edition.rglob("*")}
    assert not names & set(GRADING_MODULES)
    assert not (edition / "grading").exists()


def test_the_editions_pyproject_names_only_the_packages_it_holds(edition):
    settings = tomllib.loads((edition / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {name: edition / folder for name, folder in settings["package-dir"].items()}
    for package in settings["packages"]:
        folder = folders.get(package, edition / "src" / Path(*package.split(".")))
        assert (folder / "__init__.py").is_file() or package in folders, package
    assert "incentives.course" in settings["packages"]
    assert "incentives.instructor" not in settings["packages"]
    assert "incentives.instructor" not in settings["package-data"]


def test_an_instructor_package_the_edition_cannot_leave_out_stops_the_release():
    text = (ROOT / "pyproject.toml").read_text()
    assert '    "incentives.instructor",\n' in text  # one entry a line: left out
    one_line = 'packages = ["incentives", "incentives.course", "incentives.instructor"]\n'
    with pytest.raises(release.EditionError, match="otherwise than one entry a line"):
        release.students_pyproject(f"[tool.setuptools]\n{one_line}")


@pytest.mark.slow
def test_the_edition_builds_as_a_package_without_the_instructors(edition, tmp_path):
    """What `make lab` installs in the edition (`pip install -e .`) builds: a wheel of the
    student's library, offline, with no instructor package in it."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path), str(edition)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("incentives-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "incentives/course/cli.py" in names and "incentives/site/builder.py" in names
    assert not [n for n in names if n.startswith("incentives/instructor/")]
    assert "incentives/course/check.py" not in names


REFUSALS = """
import contextlib, io, sys
from incentives.course import cli
for verb in sys.argv[1:]:
    told = io.StringIO()
    with contextlib.redirect_stderr(told):
        try:
            cli.main([verb])
        except SystemExit as stop:
            print(verb, stop.code, told.getvalue().strip().splitlines()[-1])
"""


def test_the_editions_course_has_the_students_verbs_only(edition, tmp_path, capsys):
    shown = edition_course(edition, tmp_path, "--help")
    assert shown.returncode == 0, shown.stderr
    listed = re.findall(r"^ {4}(\S+)", shown.stdout, flags=re.MULTILINE)  # one per verb
    assert listed == ["work", "fresh-copy", "site"], shown.stdout
    refused = edition_course(edition, tmp_path, "-c", REFUSALS, *INSTRUCTOR_VERBS)
    assert refused.stdout.splitlines() == [
        f"{verb} 2 course: error: argument COMMAND: invalid choice: '{verb}' "
        "(choose from 'work', 'fresh-copy', 'site')"
        for verb in INSTRUCTOR_VERBS
    ], refused.stderr
    # The instructor's `course` (this repository) has them all.
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    told = capsys.readouterr().out
    assert all(f"\n    {verb} " in told for verb in INSTRUCTOR_VERBS), told


def test_the_edition_runs_its_own_library(edition, tmp_path):
    python = edition_python(edition, tmp_path / "bin")
    code = "import incentives.course.cli as c; print(c.__file__, c.INSTRUCTOR)"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(edition / release.COURSE_PACKAGE / "cli.py"), "False"]


# The packages of the `course` command: the student's and the instructor's.
COMMAND_PACKAGES = (release.COURSE_PACKAGE, release.INSTRUCTOR_PACKAGE)


def course_modules_imported(source: str) -> list[str]:
    """The modules of the course and instructor packages that ``source`` imports (at the
    top or inside a function), as ``course.work`` or ``instructor.batch``, leaving out
    cli.py's imports under ``if INSTRUCTOR:``."""
    tree = ast.parse(source)
    guarded = {
        id(n)
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "INSTRUCTOR"
        for n in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in guarded or not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names = [a.name for a in node.names]
        origin = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
        for package in (p.name for p in COMMAND_PACKAGES):
            dotted = f"incentives.{package}"
            if origin == "incentives" and package in names:
                found.append(package)  # the package itself
            elif origin == dotted:
                found += [f"{package}.{name}" for name in names]
            elif origin.startswith(f"{dotted}."):
                found.append(f"{package}.{origin.split('.')[2]}")
            else:
                found += [
                    f"{package}.{name.split('.')[2]}"
                    for name in names
                    if name.startswith(f"{dotted}.")
                ]
    return found


def left_out_imports(edition: Path) -> list[str]:
    """Each import, in the edition's library and notebooks, of a course or instructor
    module it lacks."""
    held = set()
    for package in COMMAND_PACKAGES:
        if (edition / package).is_dir():
            held |= {
                package.name,
                *(f"{package.name}.{p.stem}" for p in (edition / package).iterdir()),
            }
    sources = [(p, p.read_text()) for p in (edition / "src").rglob("*.py")]
    for notebook in [*edition.glob("lessons/*/*.ipynb"), *edition.glob("app/*.ipynb")]:
        cells = nbformat.read(notebook, as_version=4).cells
        sources += [(notebook, c.source) for c in cells if c.cell_type == "code"]
    assert len(sources) > 100  # the library's modules and the notebooks' cells
    return [
        f"{path.relative_to(edition)}: {module}"
        for path, source in sources
        for module in course_modules_imported(source)
        if module not in held
    ]


def test_nothing_in_the_edition_imports_a_module_it_left_out(edition, tmp_path):
    assert left_out_imports(edition) == []
    planted = tmp_path / "planted"
    shutil.copytree(edition, planted)
    plans = planted / "src" / "incentives" / "model" / "plans.py"
    plans.write_text(
        plans.read_text()
        + "\ndef f():\n    from incentives.course import check\n"
        + "    from incentives.instructor import batch\n"
        + "    import incentives.instructor.export\n"
    )
    assert left_out_imports(planted) == [
        "src/incentives/model/plans.py: course.check",
        "src/incentives/model/plans.py: instructor.batch",
        "src/incentives/model/plans.py: instructor.export",
    ]


@pytest.mark.usefixtures("make")
def test_the_editions_make_lab_and_fresh_run_its_course(edition, tmp_path):
    """`make lab` and `make fresh` in the edition, with a stand-in environment: its python
    runs the edition's library, and its `jupyter` only says how it was called."""
    venv = tmp_path / "venv"
    python = edition_python(edition, venv / "bin")
    course = venv / "bin" / "course"
    course.write_text(f"#!/bin/sh\nexec '{python}' -m incentives.course.cli \"$@\"\n")
    jupyter = venv / "bin" / "jupyter"
    jupyter.write_text('#!/bin/sh\necho jupyter "$@"\n')
    for script in (course, jupyter):
        script.chmod(0o755)
    (venv / ".installed-lab").touch()  # newer than the lock file: nothing to install
    work = tmp_path / "work"
    settings = [f"VENV={venv}", f"WORK={work}"]

    lab = subprocess.run(["make", "lab", *settings], cwd=edition, capture_output=True, text=True)
    assert lab.returncode == 0, lab.stderr
    assert "new lesson: 00-start-here/00-start-here.ipynb" in lab.stdout
    assert "jupyter lab --no-browser" in lab.stdout and f"root_dir={work}" in lab.stdout
    mine = work / "02-gates-and-parts" / "02-gates-and-parts.ipynb"
    mine.write_text(mine.read_text().replace("Company X", "My company X", 1))

    fresh = subprocess.run(
        ["make", "fresh", "LESSON=02", *settings], cwd=edition, capture_output=True, text=True
    )
    assert fresh.returncode == 0, fresh.stderr
    assert "fresh copy: 02-gates-and-parts/02-gates-and-parts.ipynb" in fresh.stdout
    kept = [p for p in mine.parent.iterdir() if ".old-" in p.name]
    assert len(kept) == 1 and "My company X" in kept[0].read_text()
    assert not (edition / "work").exists()  # the edition itself is left as it was


@pytest.mark.usefixtures("make")
def test_the_editions_make_help_speaks_of_nothing_it_lacks(edition):
    shown = subprocess.run(
        ["make", "help"], cwd=edition, capture_output=True, text=True, check=True
    ).stdout
    assert "clean" in shown and "keeps work/" in shown
    for absent in ("grading", "solutions", "course.mk", "instructor", "release", "check"):
        assert absent not in shown, absent


# --- no text that states a graded answer -----------------------------------------------------


def share_forms(rate: float) -> frozenset[str]:
    """How a text writes a share: ``0.09``, ``0.090``, ``9%``, as answers.tokens gives it."""
    return frozenset({answers._plain(repr(rate)), answers._plain(f"{rate * 100:.2f}") + "%"})


def capstone_decisions() -> list[answers.Answer]:
    """The capstone's decision as the memo's rubric (06b) grades it, from the model: every
    grid point the careful rule accepts (the grid's most profitable that keeps the pay
    promise, and the careful smaller step among them), stated as its rate and budget
    together, and its profit.

    Exercise 3's choice at today's budget is today's plan (10% of margin at EUR 5,200),
    which every lesson names as Velora's starting point, so no text can avoid it."""
    grid, floor = grid_table(), pay_floor_eur()
    source = "06b-capstone-memo, the memo's recommendation (the grid points its rubric accepts)"
    found = []
    for row in grid[accepted(grid, floor)].itertuples():
        point = f"{row.plan} at {row.rate:g}, EUR {row.total_budget_eur:,.0f}"
        budget = frozenset({f"{row.total_budget_eur:.0f}"})
        found.append(answers.Answer(point, source, (budget, share_forms(row.rate))))
        profit = answers.number_forms(round(row.profit_eur))
        found.append(answers.Answer(f"EUR {row.profit_eur:,.0f}", source, (profit,)))
    return found


@pytest.fixture(scope="module")
def graded():
    return answers.hidden_answers(ROOT) + capstone_decisions()


def test_the_graded_answers_are_every_decisions(graded):
    shown = {a.shown for a in graded}
    # lesson 01's campaign to cut and the profit it saves; 02's close rates; 02b's profit
    # at unseen rates and its plan choice; 05's choices; the capstone's rules and grid
    assert {"C-PARTS", "9533.89", "0.25631", "21745", "flat_10", "p01", "20640"} <= shown
    assert {"0.0325", "8450", "5850"} <= shown
    assert {"margin_share at 0.09, EUR 7,800", "margin_share at 0.1, EUR 6,500"} <= shown
    assert {"EUR 12,197", "EUR 11,997"} <= shown
    lessons = {a.lesson for a in graded}
    assert {"00-start-here", "01-two-departments", "06b-capstone-memo", None} <= lessons


def test_no_text_of_the_edition_states_a_graded_answer(edition, graded):
    assert answers.stated(edition, graded) == []


def test_the_scan_finds_an_answer_planted_in_the_edition(edition, graded, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(edition, planted)
    capstone = planted / "src" / "incentives" / "model" / "capstone.py"
    capstone.write_text(
        capstone.read_text().replace(
            "The pay promise.",
            "Over the whole grid, 9% of margin with EUR 7,800 of ads is best, EUR 12,197.\n\n"
            "The pay promise.",
            1,
        )
    )
    data = planted / "data" / "README.md"
    data.write_text(data.read_text() + "\nCutting C-PARTS saves EUR 9,533.89 in 2025.\n")
    # A number in a lesson's code: another lesson's answer is the lesson's own business
    # (04c's visible test expects 0.0625 of its own table); the lesson's own is not.
    for lesson in ("04c-gifts", "04b-the-claim"):
        path = planted / "lessons" / lesson / f"{lesson}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("standard_change = -0.0625"))
        nbformat.write(nb, path)

    found = answers.stated(planted, graded)

    assert sorted(found) == [
        "data/README.md: states '9533.89', the answer of 01-two-departments, the hidden test "
        "campaign_to_cut_hidden",
        "data/README.md: states 'C-PARTS', the answer of 01-two-departments, the hidden test "
        "campaign_to_cut_hidden",
        "lessons/04b-the-claim/04b-the-claim.ipynb: states '-0.0625', the answer of "
        "04b-the-claim, the hidden test spend_per_head_change_hidden",
        "src/incentives/model/capstone.py: states 'EUR 12,197', the answer of "
        "06b-capstone-memo, the memo's recommendation (the grid points its rubric accepts)",
        "src/incentives/model/capstone.py: states 'margin_share at 0.09, EUR 7,800', the "
        "answer of 06b-capstone-memo, the memo's recommendation (the grid points its rubric "
        "accepts)",
    ]


def test_a_release_refuses_an_edition_that_states_a_hidden_tests_answer(tmp_path):
    course = repository_copy(tmp_path / "course")
    model = course / "src" / "incentives" / "model" / "plans.py"
    model.write_text(model.read_text() + "\n# At 8% of margin Company X earns EUR 21,745.\n")
    with pytest.raises(release.EditionError, match="states '21745'") as refused:
        release.build_student_edition(course, tmp_path / "edition")
    assert "src/incentives/model/plans.py" in str(refused.value)
    assert "02b-commission-plans, the hidden test margin_plan_hidden" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "forms"),
    [
        (9533.89, {"9533.89", "9533.9", "9534"}),
        (0.2563096208588088, {"0.2563096208588088", "0.256", "0.2563", "25.6%", "25.63%"}),
        (21_745.0, {"21745"}),
        (-0.0625, {"0.0625", "6.25%"}),
        (1.0165, {"1.0165", "1.02"}),
        (3_300.0, set()),  # two significant digits: any text may hold it
        (0.4, set()),
        (250.0, set()),  # whole and below 1,000
    ],
)
def test_the_forms_a_text_writes_a_number_in(value, forms):
    assert answers.number_forms(value) == forms


def test_a_text_is_read_as_its_numbers_and_words():
    text = "EUR 9,533.890, 7_800.0 and 25.60 % (0.09, 7_800) C-PARTS v1.2 x9534"
    assert [t for _, t in answers.tokens(text)] == [
        "eur", "9533.89", "7800", "and", "25.6%", "0.09", "7800", "c-parts", "v1", "x9534"
    ]  # fmt: skip


def test_romanian_prose_is_read_with_its_own_numbers_and_its_code_spans_as_python():
    """In Romanian a point groups thousands and a comma marks decimals: "16.500 de euro" is
    16500 (not the answer 16.5), "16,5%" is 16.5%; `0.165` between backticks is code."""
    text = "Profit 16.500 de euro, 9.533,89 lei și 16,5 % din `0.165` sau `1_550.0`"
    numbers = [t for _, t in answers.tokens(text, romanian=True) if t[0].isdigit()]
    assert numbers == ["16500", "9533.89", "16.5%", "0.165", "1550"]
    assert "16.5" in [t for _, t in answers.tokens("16.500 de euro")]  # read as English


def test_a_romanian_lesson_states_an_answer_only_as_romanian_writes_it(tmp_path):
    answer = answers.Answer("16.5", "06-capstone, a test", (answers.number_forms(16.5),))
    lesson = tmp_path / "02-gates-and-parts-ro"
    lesson.mkdir()
    cell = {"cell_type": "markdown", "metadata": {}, "source": "Profitul: 16.500 de euro."}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (lesson / "02-gates-and-parts-ro.ipynb").write_text(json.dumps(notebook))
    assert answers.stated(tmp_path, [answer]) == []
    cell["source"] = "Ponderea este 16,5 la sută."
    (lesson / "02-gates-and-parts-ro.ipynb").write_text(json.dumps(notebook))
    assert answers.stated(tmp_path, [answer]) == [
        "02-gates-and-parts-ro/02-gates-and-parts-ro.ipynb: states '16.5', the answer of "
        "06-capstone, a test"
    ]


def test_expected_values_are_what_the_asserts_compare_with():
    source = """
import math as _math
_t = _pd.DataFrame({"cost": [2_537.5, 11_250.0]})
assert _math.isclose(best(_t), 12_197.0)
assert choose(_t, pay_floor=1_876) == ("margin", 0.105)
for _k, _v in {"A": 0.4, "B": 1 / 3}.items():
    assert _math.isclose(_got[_k], _v)
_cases = [([1, 2], 1_550.0), ([3], 288.0)]
for _given, _want in _cases:
    assert spend(_given) == _want
_want = [4.9999, 25.0]
assert all(_math.isclose(g, w) for g, w in zip(_got, _want, strict=True))
assert str(cut) == "C-PARTS"
"""
    found = answers.expected_values(source)
    # what is compared with, and nothing the test gives (a table, a pay floor, inputs)
    for want in (12197.0, ("margin", 0.105), "C-PARTS", 0.4, 1 / 3, 1550.0, 288.0, 4.9999, 25.0):
        assert want in found, want
    for given in (2537.5, 11250.0, 1876, [1, 2], 3, "A", "B"):
        assert given not in found, given


# --- the Romanian edition: `course release --lang ro` ------------------------------------------


@pytest.fixture(scope="module")
def romanian_release(tmp_path_factory):
    """`course release --lang ro` run in a copy of the repository with an exchange (a hub's):
    (course, edition, output)."""
    course = repository_copy(tmp_path_factory.mktemp("course"))
    config = course / "grading" / "nbgrader_config.py"
    exchange = tmp_path_factory.mktemp("exchange")
    config.write_text(config.read_text() + f"\nc.Exchange.root = {str(exchange)!r}\n")
    run = course_command(course, "release", "--lang", "ro")
    assert run.returncode == 0, run.stderr
    return course, course / "dist" / "student-edition-ro", run.stdout


@pytest.mark.slow  # a copy of the repository, built and released
def test_the_romanian_release_ships_the_built_romanian_lessons_as_its_lessons(romanian_release):
    course, edition, output = romanian_release
    translated = sorted(p.stem for p in (course / "translations" / "ro").glob("*.po"))
    names = sorted(p.name for p in (edition / "lessons").iterdir() if p.is_dir())
    assert names == [f"{lesson}-ro" for lesson in translated]
    assert f"built {names[0]}" in output
    built = course / "build" / "ro" / "lessons" / names[0] / f"{names[0]}.ipynb"
    shipped = edition / "lessons" / names[0] / f"{names[0]}.ipynb"
    assert shipped.read_bytes() == built.read_bytes()
    assert "SCRIE CODUL TĂU AICI" in shipped.read_text(encoding="utf-8")
    # released to the exchange under its own name, beside the English lessons
    assert f"released {names[0]} to the exchange" in output
    config = nbgrader_tools.load_config(course)
    outbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "outbound"
    assert (outbound / names[0] / f"{names[0]}.ipynb").read_bytes() == built.read_bytes()
    assert release.scan_edition(edition) == []
    # `make lab` and `make fresh` in it serve the Romanian lessons, the kernels in Romanian
    assert (edition / release.EDITION_MAKEFILE).read_text().endswith("EDITION ?= ro\n")
    for target in ("lab", "fresh LESSON=00"):
        dry_run = subprocess.run(
            ["make", "--dry-run", *target.split()], cwd=edition, capture_output=True, text=True
        ).stdout
        assert "--edition ro" in dry_run, dry_run
    lab = subprocess.run(["make", "--dry-run", "lab"], cwd=edition, capture_output=True, text=True)
    assert "INCENTIVES_EDITION=ro" in lab.stdout and "translations build" not in lab.stdout


@pytest.mark.slow  # a copy of the repository, built and released
def test_the_romanian_lessons_are_recorded_beside_the_english_without_colliding(romanian_release):
    course, _edition, _output = romanian_release
    gradebook = nbgrader_tools.load_config(course).CourseDirectory.db_url
    from nbgrader.api import Gradebook

    with Gradebook(gradebook) as book:
        recorded = {assignment.name for assignment in book.assignments}
    translated = {p.stem for p in (course / "translations" / "ro").glob("*.po")}
    assert {f"{lesson}-ro" for lesson in translated} <= recorded
    english = {p.name for p in (course / "solutions").iterdir() if p.is_dir()}
    assert not english & {f"{lesson}-ro" for lesson in translated}
    assert not [name for name in english if name.endswith("-ro")]


@pytest.mark.slow  # a copy of the repository, built and released
def test_the_romanian_editions_readme_is_romanian_with_the_same_facts(romanian_release):
    _course, edition, _output = romanian_release
    text = (edition / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Marketing vs. Vânzări: ediția studentului")
    assert "`00-start-here-ro`" in text and "make lab" in text and "work/" in text
    assert "build/site/ro/index.html" in text
    for english in ("You need Python", "Start with", "Lessons", "lists the commands"):
        assert english not in text
    assert "ş" not in text and "ţ" not in text  # the comma below, never the cedilla
    # one source of facts: each template states every fact, none spelled out in it
    facts = release.readme_facts(edition / "lessons")
    for language in ("en", "ro"):
        template = (release.README_TEMPLATES / f"{language}.md").read_text(encoding="utf-8")
        assert {f"{{{name}}}" for name in facts} <= set(re.findall(r"\{\w+\}", template))
        assert "make " not in template and "00-start-here" not in template


def test_a_release_in_a_language_without_lessons_built_is_refused(tmp_path):
    course = repository_copy(tmp_path / "course")
    with pytest.raises(release.EditionError, match="no lessons in .*build/ro/lessons"):
        release.build_student_edition(course, tmp_path / "out", "ro")
    with pytest.raises(release.EditionError, match="no student edition in 'fr'"):
        release.build_student_edition(course, tmp_path / "out", "fr")
