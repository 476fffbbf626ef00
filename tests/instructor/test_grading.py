"""nbgrader round trip: lessons are generated from solutions, and grading gives the right marks.

Every lesson with a Romanian catalog is graded in the Romanian edition too, in the same
batches, kept lean (each Romanian grading costs as much as an English one): the Romanian
solution, the blank and rigged submissions carried into the Romanian lesson (the same answers,
:func:`incentives.instructor.translated_lessons.carry`), which must score what they score in
English cell by cell, and one submission holding the other blank-equivalent kinds, a kind per
answer cell in turn, which must score 0. The wrong answers and misconceptions are compared
test by test in a Romanian kernel (tests/lessons/test_wrong_answers.py)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import LESSON_IDS, ROOT
from misconceptions import MISCONCEPTIONS

from incentives.instructor import batch, catalogs, nbgrader_tools, translated_lessons
from incentives.views.live import DRAW_ANYWAY_ENV

pytestmark = pytest.mark.slow

# The lessons of the Romanian edition (those with a catalog), and their assignment ids.
ROMANIAN = {
    lesson: translated_lessons.assignment_id(lesson, "ro")
    for lesson in LESSON_IDS
    if catalogs.catalog_path(ROOT, lesson, "ro").is_file()
}
# The English kinds carried one by one into the Romanian edition; the others are graded there
# together, in one submission of the kind "blank_equivalents" (see rotated_copy).
CARRIED = ("blank", "rigged")


def test_lessons_match_what_solutions_generate():
    problems = nbgrader_tools.lesson_drift(ROOT)
    assert problems == [], "lessons/ is stale, run `make lessons`:\n" + "\n".join(problems)


def test_drift_check_fails_when_a_solution_changes_without_regeneration(tmp_path):
    course = tmp_path / "course"
    for folder in ("solutions", "lessons", "grading"):
        shutil.copytree(ROOT / folder, course / folder, ignore=shutil.ignore_patterns("*.db"))
    path = next((course / "solutions").rglob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\n\nA sentence added to the solution only."
    nbformat.write(nb, path)

    problems = nbgrader_tools.lesson_drift(course)

    assert problems == [
        f"differs from its solution: lessons/{path.relative_to(course / 'solutions')}"
    ]


CHEAT = '''
class _EqualsAnything:
    """An answer that claims to equal whatever it is compared with."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__
'''


RIGGED = '''
class _Rigged(float):
    """A float valued 0 that compares equal to, less than and greater than anything."""

    def __eq__(self, other):
        return True

    __ne__ = lambda self, other: False
    __lt__ = __gt__ = __le__ = __ge__ = __eq__
    __hash__ = float.__hash__
'''

# A kind of submission: the code that defines its helpers, and the value every answer gets.
ANSWER_KINDS = {
    "cheat": (CHEAT, "_EqualsAnything()"),
    "rigged": (RIGGED, "_Rigged(0)"),
    "zero": ("", "0"),
    "none": ("", "None"),
    "empty_text": ("", "''"),
    "empty_list": ("", "[]"),
    "empty_frame": ("import pandas as _pd", "_pd.DataFrame()"),
}


def rotated_copy(lesson_notebook, target, kinds) -> None:
    """The lesson with its answer cells answered by ``kinds`` in turn: the first answer cell
    as :func:`answered_copy` answers it for the first kind, the second for the second, and
    so on round again (one submission where a lesson has more answer cells than kinds)."""
    copies = []
    for kind in kinds:
        answered_copy(lesson_notebook, target, kind)
        copies.append(nbformat.read(target, as_version=4))
    nb = copies[0]
    answers = [
        i
        for i, c in enumerate(nb.cells)
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c.cell_type == "code"
    ]
    for turn, index in enumerate(answers):
        nb.cells[index].source = copies[turn % len(copies)].cells[index].source
    nbformat.write(nb, target)


def answered_copy(lesson_notebook, target, kind: str):
    """The lesson with every answer cell replaced by its names bound to one value of
    ``kind`` (and its functions returning that value): 'cheat' games ``assert answer ==
    42``, 'rigged' is a float valued 0 that compares equal, less and greater to anything,
    the others are blank answers in another form."""
    prelude, value = ANSWER_KINDS[kind]
    nb = nbformat.read(lesson_notebook, as_version=4)
    solution = ROOT / "solutions" / lesson_notebook.relative_to(ROOT / "lessons")
    sources = {
        c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c.source
        for c in nbformat.read(solution, as_version=4).cells
    }
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        lines = [prelude]
        for node in ast.parse(sources[meta["grade_id"]]).body:
            if isinstance(node, ast.FunctionDef):
                lines.append(f"def {node.name}(*args, **kwargs):\n    return {value}")
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            for target_node in targets:
                for name in ast.walk(target_node) if target_node is not None else ():
                    if isinstance(name, ast.Name):
                        lines.append(f"{name.id} = {value}")
        cell.source = "\n".join(lines)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def temporary_course(course: Path, ids=None, romanian: bool = False):
    """A course folder with the solutions and freshly generated lessons (all, or ``ids``),
    and with ``romanian`` their Romanian editions; returns its nbgrader config and its
    submitted/ folder."""
    shutil.copytree(ROOT / "solutions", course / "solutions")
    (course / "grading").mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    nbgrader_tools.generate_lessons(ROOT, course_root=course, ids=ids)
    if romanian:
        build_romanian(course, [lesson for lesson in ids or LESSON_IDS if lesson in ROMANIAN])
    config = nbgrader_tools.load_config(ROOT, course_root=course)
    return config, course / "grading" / "submitted"


def build_romanian(course: Path, lessons: list[str]) -> None:
    """Build the Romanian edition of ``lessons`` in the course and record it in its gradebook
    (a lesson whose catalog is not complete is left out: its Romanian tests fail, naming
    the entries, and the English ones run)."""
    if not lessons:
        return
    shutil.copytree(ROOT / "translations", course / "translations", dirs_exist_ok=True)
    complete = [lesson for lesson in lessons if not catalogs.problems(course, lesson, "ro")]
    if complete:
        translated_lessons.build(course, complete, record=True)


def romanian_notebook(course: Path, lesson: str, folder: str = "lessons") -> Path:
    """The built Romanian lesson (or solution, ``folder="solutions"``) of an English lesson."""
    ro = ROMANIAN[lesson]
    path = course / "build" / "ro" / folder / ro / f"{ro}.ipynb"
    if not path.is_file():
        problems = "\n".join(p.describe() for p in catalogs.problems(course, lesson, "ro"))
        pytest.fail(f"{lesson} has no Romanian edition to grade:\n{problems}", pytrace=False)
    return path


def carry_into_romanian(course: Path, submitted: Path, lesson: str, students) -> None:
    """Each student's English submission of ``lesson`` carried into the Romanian lesson, as
    that student's submission of the Romanian edition."""
    ro = ROMANIAN[lesson]
    target = romanian_notebook(course, lesson)
    translated = nbformat.read(target, as_version=4)
    (released_path,) = (course / "lessons" / lesson).glob("*.ipynb")
    released = nbformat.read(released_path, as_version=4)
    for student in students:
        (english,) = (submitted / student / lesson).glob("*.ipynb")
        carried = translated_lessons.carry(
            nbformat.read(english, as_version=4), released, translated
        )
        (submitted / student / ro).mkdir(parents=True)
        nbformat.write(carried, submitted / student / ro / target.name)


def grade_every_lesson(
    course, kinds=tuple(ANSWER_KINDS), romanian: bool = True, blank: bool = True
):
    """Autograde, in a temporary course, 'complete' (the solutions), 'blank' (the lessons as
    released; not without ``blank``) and a submission of each of ``kinds`` (see
    :func:`answered_copy`); scores by lesson and student. With ``romanian``, each lesson with
    a catalog is graded in Romanian too: 'romanian_solution', the kinds of :data:`CARRIED`
    carried over, and the others in one submission, 'blank_equivalents'
    (:func:`rotated_copy`)."""
    config, submitted = temporary_course(course, ids=LESSON_IDS, romanian=romanian)
    for lesson in LESSON_IDS:
        shutil.copytree(ROOT / "solutions" / lesson, submitted / "complete" / lesson)
        if blank:
            shutil.copytree(ROOT / "lessons" / lesson, submitted / "blank" / lesson)
        for notebook in (ROOT / "lessons" / lesson).glob("*.ipynb"):
            for kind in kinds:
                answered_copy(notebook, submitted / kind / lesson / notebook.name, kind)
        if romanian and lesson in ROMANIAN:
            in_romanian(course, submitted, lesson, kinds)
    autograde_all(course)
    scores = {}
    for lesson in LESSON_IDS:
        for student in ("complete", *(["blank"] if blank else []), *kinds):
            scores[lesson, student] = nbgrader_tools.cell_scores(config, lesson, student)
        if romanian and lesson in ROMANIAN:
            ro = ROMANIAN[lesson]
            for student in submitted.iterdir():
                if (student / ro).is_dir():
                    scores[ro, student.name] = nbgrader_tools.cell_scores(config, ro, student.name)
    return scores


def in_romanian(course: Path, submitted: Path, lesson: str, kinds) -> None:
    """The Romanian submissions of a lesson (see :func:`grade_every_lesson`)."""
    ro = ROMANIAN[lesson]
    carry_into_romanian(course, submitted, lesson, [k for k in ("blank", *kinds) if k in CARRIED])
    solution = romanian_notebook(course, lesson, "solutions")
    shutil.copytree(solution.parent, submitted / "romanian_solution" / ro)
    others = [k for k in kinds if k not in CARRIED]
    if others:
        (notebook,) = (ROOT / "lessons" / lesson).glob("*.ipynb")
        english = course / "english-rotated" / lesson / notebook.name
        rotated_copy(notebook, english, others)
        released = nbformat.read(notebook, as_version=4)
        translated = nbformat.read(romanian_notebook(course, lesson), as_version=4)
        carried = translated_lessons.carry(
            nbformat.read(english, as_version=4), released, translated
        )
        (submitted / "blank_equivalents" / ro).mkdir(parents=True)
        nbformat.write(carried, submitted / "blank_equivalents" / ro / f"{ro}.ipynb")


def autograde_all(course: Path) -> None:
    """Autograde every submission of a temporary course with the course's own parallel
    grader (`course grade`, one worker per core): the same scores as nbgrader's sequential
    autograde (tests/instructor/test_class_grading.py), in about half the time."""
    results = batch.grade(course)
    ungraded = [f"{r.student}/{r.lesson}: {r.flags}" for r in results if not r.graded]
    assert ungraded == [], ungraded


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """Every lesson graded as nbgrader runs it: in the grader mode, charts are not drawn."""
    course = tmp_path_factory.mktemp("course")
    return grade_every_lesson(course), course


@pytest.fixture(scope="module")
def graded(graded_course):
    return graded_course[0]


def autograded_text(course, lesson: str, student: str) -> str:
    (path,) = (course / "grading" / "autograded" / student / lesson).glob("*.ipynb")
    return path.read_text(encoding="utf-8")


def test_the_grader_mode_changes_no_score(graded_course, tmp_path):
    """The solutions graded with every chart drawn score the same, cell by cell (the
    solutions run every chart; a wrong answer's path does not depend on drawing)."""
    if "01-two-departments" not in LESSON_IDS:
        pytest.skip("INCENTIVES_TEST_LESSONS leaves out lesson 01, whose charts this test reads")
    graded, course = graded_course
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DRAW_ANYWAY_ENV, "1")
        drawn = grade_every_lesson(tmp_path, kinds=(), romanian=False, blank=False)
    for key, cells in drawn.items():
        assert graded[key] == cells, key
    # The two runs did differ: charts (and their JavaScript) only where drawing was asked for.
    quiet = autograded_text(course, "01-two-departments", "complete")
    loud = autograded_text(tmp_path, "01-two-departments", "complete")
    assert "chart not drawn under the grader" in quiet and "vega" not in quiet.lower()
    assert "chart not drawn under the grader" not in loud and "vega" in loud.lower()
    assert len(quiet.encode()) <= 200_000 < len(loud.encode())


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_solutions_score_full_marks(graded, lesson):
    cells = graded[lesson, "complete"]
    autograded = [c for c in cells if c.kind == "autograded"]
    assert autograded, f"{lesson} has no autograded test cell"
    for cell in autograded:
        assert cell.score == cell.max_score, f"{cell.grade_id}: {cell.score}/{cell.max_score}"
    assert any(c.kind == "manual" for c in cells), f"{lesson} has no answer graded by hand"


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_unmodified_lesson_scores_zero_on_every_autograded_cell(graded, lesson):
    autograded = [c for c in graded[lesson, "blank"] if c.kind == "autograded"]
    assert autograded
    for cell in autograded:
        assert cell.score == 0, f"{cell.grade_id} gave {cell.score} to an empty lesson"


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_answers_that_equal_anything_score_zero(graded, lesson):
    autograded = [c for c in graded[lesson, "cheat"] if c.kind == "autograded"]
    assert autograded
    for cell in autograded:
        assert cell.score == 0, f"{cell.grade_id} gave {cell.score} to an always-equal answer"


BLANK_KINDS = [k for k in ANSWER_KINDS if k != "cheat"]


@pytest.mark.parametrize("kind", BLANK_KINDS)
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_blank_equivalent_and_rigged_answers_score_zero(graded, lesson, kind):
    """0, None, '', [], an empty table, functions returning them, and a float valued 0
    that compares equal (and less, and greater) to anything: no points anywhere."""
    autograded = [c for c in graded[lesson, kind] if c.kind == "autograded"]
    assert autograded
    scored = [f"{c.grade_id}: {c.score}" for c in autograded if c.score != 0]
    assert scored == [], f"{kind} answers earned points in {lesson}"


def misconceived_copy(solution_notebook, target, answers: dict[str, str]) -> None:
    """The solution with the answer cells named in ``answers`` replaced by their sources."""
    nb = nbformat.read(solution_notebook, as_version=4)
    found = set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
            found.add(grade_id)
    assert found == set(answers), f"no answer cells {set(answers) - found}"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


MISCONCEIVED = [
    (lesson, kind)
    for lesson, kinds in MISCONCEPTIONS.items()
    if lesson in LESSON_IDS
    for kind in kinds
]


@pytest.fixture(scope="module")
def misconceived(tmp_path_factory):
    """Every misconception of tests/misconceptions.py, graded: scores by (lesson, kind)."""
    config, submitted = temporary_course(tmp_path_factory.mktemp("misconceptions"), ids=LESSON_IDS)
    scores = {}
    for lesson, kind in MISCONCEIVED:
        (notebook,) = (ROOT / "solutions" / lesson).glob("*.ipynb")
        student = f"misconceived_{kind}"
        misconceived_copy(
            notebook,
            submitted / student / lesson / notebook.name,
            MISCONCEPTIONS[lesson][kind]["answers"],
        )
    autograde_all(submitted.parent.parent)
    for lesson, kind in MISCONCEIVED:
        student = f"misconceived_{kind}"
        scores[lesson, kind] = nbgrader_tools.cell_scores(config, lesson, student)
    return scores


@pytest.mark.parametrize(("lesson", "kind"), MISCONCEIVED)
def test_a_misconception_scores_zero_where_it_occurs(misconceived, lesson, kind):
    zero = MISCONCEPTIONS[lesson][kind]["zero"]
    cells = {c.grade_id: c for c in misconceived[lesson, kind]}
    assert set(zero) <= set(cells), f"unknown graded cells {set(zero) - set(cells)}"
    scored = [f"{g}: {cells[g].score}" for g in zero if cells[g].score != 0]
    assert scored == [], f"{kind} earned points in {lesson}"


def points(cells) -> dict[str, tuple[float, float]]:
    """``grade_id -> (score, max_score)`` of a submission's graded cells."""
    return {c.grade_id: (c.score, c.max_score) for c in cells}


@pytest.mark.parametrize("student", CARRIED)
@pytest.mark.parametrize("lesson", list(ROMANIAN))
def test_the_same_answers_earn_the_same_points_in_the_romanian_edition(graded, lesson, student):
    english, romanian = points(graded[lesson, student]), points(graded[ROMANIAN[lesson], student])
    assert romanian == english


@pytest.mark.parametrize("student", [*CARRIED, "blank_equivalents"])
@pytest.mark.parametrize("lesson", list(ROMANIAN))
def test_blank_and_rigged_romanian_submissions_score_zero(graded, lesson, student):
    """The Romanian lesson as released, the rigged answers and the other blank-equivalent
    kinds (0, None, '', [], an empty table, an always-equal answer, a kind per answer cell):
    no points on any autograded cell, the cells of the English lesson."""
    cells = graded[ROMANIAN[lesson], student]
    autograded = [c for c in cells if c.kind == "autograded"]
    assert autograded
    assert [f"{c.grade_id}: {c.score}" for c in autograded if c.score != 0] == []
    assert points(cells).keys() == points(graded[lesson, "blank"]).keys()


@pytest.mark.parametrize("lesson", list(ROMANIAN))
def test_the_romanian_solution_scores_full_marks(graded, lesson):
    cells = graded[ROMANIAN[lesson], "romanian_solution"]
    autograded = [c for c in cells if c.kind == "autograded"]
    assert autograded, f"{ROMANIAN[lesson]} has no autograded test cell"
    assert [c.grade_id for c in autograded if c.score != c.max_score] == []
    assert points(cells).keys() == points(graded[lesson, "complete"]).keys()


@pytest.mark.parametrize("lesson", list(ROMANIAN))
def test_a_blank_carried_into_romanian_is_the_romanian_lesson_as_released(graded_course, lesson):
    """The carrier keeps the Romanian stubs where the English answer was left as released:
    the blank submission graded in Romanian is the unmodified Romanian lesson."""
    course = graded_course[1]
    ro = ROMANIAN[lesson]
    (carried,) = (course / "grading" / "submitted" / "blank" / ro).glob("*.ipynb")
    released = nbformat.read(romanian_notebook(course, lesson), as_version=4)
    assert [c.source for c in nbformat.read(carried, as_version=4).cells] == [
        c.source for c in released.cells
    ]
    assert "SCRIE CODUL TĂU AICI" in "".join(c.source for c in released.cells)


def test_the_rigged_float_is_rigged():
    namespace = {}
    exec(RIGGED, namespace)  # noqa: S102 (our own test code)
    rigged = namespace["_Rigged"](0)
    assert rigged == 42 and rigged < -1 and rigged > 1 and float(rigged) == 0.0


def test_the_cheat_would_pass_a_naive_equality_test():
    """The cheating answers are real cheats: `assert answer == expected` passes with them."""
    namespace = {}
    exec(CHEAT + "answer = _EqualsAnything()", namespace)
    assert namespace["answer"] == 42
    assert namespace["answer"] == [1, 2, 3]


@pytest.fixture(scope="module")
def broken_submissions(tmp_path_factory):
    """Lesson 00 submitted three broken ways, beside one good submission."""
    lesson, name = "00-start-here", "00-start-here.ipynb"
    config, submitted = temporary_course(tmp_path_factory.mktemp("broken"), ids=[lesson])
    solution = ROOT / "solutions" / lesson / name

    def submit(student: str) -> Path:
        (submitted / student / lesson).mkdir(parents=True)
        return submitted / student / lesson / name

    def with_its_test_changed(change) -> nbformat.NotebookNode:
        """The solution with ``change(notebook, visible_test_cell)`` applied."""
        nb = nbformat.read(solution, as_version=4)
        test = next(
            c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == "cost_per_lead_visible"
        )
        change(nb, test)
        return nb

    raw = solution.read_text()
    submit("truncated").write_text(raw[: len(raw) // 2])  # a save cut off half-way
    edited = with_its_test_changed(lambda nb, test: setattr(test, "source", "pass"))
    nbformat.write(edited, submit("edited"))
    deleted = with_its_test_changed(lambda nb, test: nb.cells.remove(test))
    nbformat.write(deleted, submit("deleted"))
    shutil.copy(solution, submit("good"))

    outcome = {"raw": raw, "submitted": submitted, "lesson": lesson, "name": name}
    for student in ("truncated", "edited", "deleted", "good"):
        try:
            nbgrader_tools.autograde(config, lesson, student)
            outcome[student] = {
                c.grade_id: c.score for c in nbgrader_tools.cell_scores(config, lesson, student)
            }
        except nbgrader_tools.NbgraderError as error:
            outcome[student] = error
    return outcome


def test_a_submission_that_is_not_json_fails_alone_with_a_clear_error(broken_submissions):
    error = broken_submissions["truncated"]
    assert isinstance(error, nbgrader_tools.NbgraderError)
    assert "does not appear to be JSON" in str(error)
    assert "student 'truncated'" in str(error)
    # nothing is lost: the student's file is as submitted, and the next student is graded
    kept = broken_submissions["submitted"] / "truncated" / "00-start-here" / "00-start-here.ipynb"
    raw = broken_submissions["raw"]
    assert kept.read_text() == raw[: len(raw) // 2]
    assert broken_submissions["good"]["cost_per_lead_hidden"] == 2


def test_an_edited_test_cell_is_restored_before_grading(broken_submissions):
    assert broken_submissions["edited"]["cost_per_lead_visible"] == 1


def test_a_deleted_test_cell_scores_zero(broken_submissions):
    scores = broken_submissions["deleted"]
    assert scores["cost_per_lead_visible"] == 0
    assert scores["cost_per_lead_hidden"] == 2
