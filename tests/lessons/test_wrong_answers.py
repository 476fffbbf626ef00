"""A grade means what it says: wrong answers earn nothing, and the visible test is feedback,
not the acceptance rule.

For every autograded exercise of the course, tests/wrong_answers/lesson_<id>.py lists wrong
answers of the kinds a learner might hand in (every other grid point, a guessed constant, a
function right on the lesson's own table only, a near miss). Each lesson's solution runs once
in a kernel, as the grader runs it; then each wrong answer takes the answer cell's place, the
exercise's visible and hidden tests run, and the correct answer is put back. Every wrong
answer must fail the hidden tests, and for each exercise at least one must pass the visible
tests: if none does, the visible test is the acceptance rule, and a learner can guess and
re-run until it passes.

In every lesson with a Romanian catalog, the same wrong answers run against the Romanian
solution's tests in a Romanian kernel and must pass and fail exactly the same tests: the same
answers earn the same points in both editions. So must each misconception of
tests/misconceptions/, all its answer cells replaced at once as in its submission, which
fails every test it is listed to fail (test_grading.py grades it with nbgrader in English).
"""

from __future__ import annotations

import ast
import functools
import importlib
import os
import pkgutil
import re
from pathlib import Path

import nbformat
import pytest
import wrong_answers
from conftest import ALL_LESSON_IDS, LESSON_IDS, ROOT
from misconceptions import MISCONCEPTIONS
from test_exercises import exercises, grading, is_hidden

from incentives.instructor import catalogs, translated_lessons

HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
COURSE = [lesson for lesson in ALL_LESSON_IDS if "00" <= lesson[:2] <= "07"]
ROMANIAN = [
    lesson
    for lesson in LESSON_IDS
    if lesson in COURSE and catalogs.catalog_path(ROOT, lesson, "ro").is_file()
]


def registry() -> dict[str, dict[str, dict[str, str]]]:
    """``{lesson id: {answer grade_id: {name: source}}}``: the wrong answers of
    tests/wrong_answers/, and every known misconception (tests/misconceptions/), which is a
    wrong answer too, listed once there."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for module in pkgutil.iter_modules(wrong_answers.__path__):
        lesson = importlib.import_module(f"wrong_answers.{module.name}")
        assert lesson.LESSON not in found, f"two modules for {lesson.LESSON}"
        found[lesson.LESSON] = {cell: dict(answers) for cell, answers in lesson.WRONG.items()}
    for lesson, kinds in MISCONCEPTIONS.items():
        for kind, misconception in kinds.items():
            for cell, source in misconception["answers"].items():
                known = found.setdefault(lesson, {}).setdefault(cell, {})
                if source.strip() not in {s.strip() for s in known.values()}:
                    known[f"misconception {kind}"] = source
    return found


def solution_path(lesson: str) -> Path:
    (path,) = (ROOT / "solutions" / lesson).glob("*.ipynb")
    return path


def autograded(lesson: str, path: Path | None = None) -> list[dict]:
    """Each autograded exercise of the lesson: its parts, each an answer cell with the
    visible and hidden tests that follow it (up to the next answer cell). The exercises are
    read off the English solution; their cells are taken, by cell id, from the solution
    notebook at ``path`` (an edition's) when given."""
    edition = {c.id: c for c in nbformat.read(path, as_version=4).cells} if path else {}
    found = []
    for exercise in exercises(nbformat.read(solution_path(lesson), as_version=4)):
        parts = []
        for english in (c for c in exercise["cells"] if c.cell_type == "code"):
            cell = edition.get(english.id, english)
            if grading(cell).get("solution"):
                parts.append({"answer": cell, "visible": [], "hidden": []})
            elif grading(cell).get("grade") and parts:
                parts[-1]["visible"].append(HIDDEN_BLOCK.sub("", cell.source))
                if is_hidden(cell):
                    parts[-1]["hidden"].append(cell.source)
        parts = [part for part in parts if part["hidden"]]
        if parts:
            found.append({"number": exercise["number"], "parts": parts})
    return found


def test_every_autograded_exercise_has_wrong_answers_to_reject():
    wrong = registry()
    missing = []
    for lesson in COURSE:
        known = wrong.get(lesson, {})
        answer_ids = {
            grading(p["answer"])["grade_id"] for e in autograded(lesson) for p in e["parts"]
        }
        unknown = set(known) - answer_ids
        assert not unknown, f"{lesson}: no answer cell {sorted(unknown)}"
        for exercise in autograded(lesson):
            ids = [grading(part["answer"])["grade_id"] for part in exercise["parts"]]
            if sum(len(known.get(i, {})) for i in ids) < 2:
                missing.append(f"{lesson} exercise {exercise['number']} ({', '.join(ids)})")
    assert not missing, "fewer than two wrong answers for:\n" + "\n".join(missing)


class Kernel:
    """A kernel in the notebook's folder, with the grader's environment."""

    def __init__(self, folder: Path, edition: str = "en"):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(
            kernel_name="python3", cwd=str(folder), env=_grader_environment(edition)
        )

    def run(self, code: str) -> bool:
        """Run ``code``; True when it raised nothing."""
        reply = self.client.execute_interactive(
            code, timeout=120, store_history=False, output_hook=lambda message: None
        )
        return reply["content"]["status"] == "ok"

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def _grader_environment(edition: str = "en") -> dict[str, str]:
    return {**os.environ, "NBGRADER_EXECUTION": "autograde", "INCENTIVES_EDITION": edition}


def defined(source: str) -> list[str]:
    """The names an answer cell defines: its functions, classes and assigned names."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
        for target in targets:
            if target is not None:
                names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def verdicts(
    lesson: str, wrong: dict[str, dict[str, str]], path: Path | None = None, edition: str = "en"
) -> list[dict]:
    """Each wrong answer of the lesson, run against its exercise's tests (those of the
    solution at ``path``, in a kernel of ``edition``; by default the English solution's)."""
    return run_lesson(lesson, wrong, path, edition)[0]


def run_lesson(
    lesson: str,
    wrong: dict[str, dict[str, str]],
    path: Path | None = None,
    edition: str = "en",
    whole: bool = False,
) -> tuple[list[dict], dict]:
    """:func:`verdicts`, and with ``whole`` each misconception's as a whole
    (:func:`misconception_verdicts`), in one kernel that runs the solution once."""
    path = path or solution_path(lesson)
    nb = nbformat.read(path, as_version=4)
    kernel = Kernel(path.parent, edition)
    results = []
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert kernel.run(cell.source), f"the solution fails at:\n{cell.source[:300]}"
        for exercise in autograded(lesson, path):
            for part in exercise["parts"]:
                answer = part["answer"]
                grade_id = grading(answer)["grade_id"]
                forget = "".join(f"globals().pop({n!r}, None)\n" for n in defined(answer.source))
                for name, source in wrong.get(grade_id, {}).items():
                    kernel.run(forget)  # as in a submission: only what the wrong cell defines
                    kernel.run(source)
                    results.append(
                        {
                            "exercise": exercise["number"],
                            "answer": grade_id,
                            "wrong": name,
                            "visible": all(kernel.run(test) for test in part["visible"]),
                            "hidden": [kernel.run(test) for test in part["hidden"]],
                        }
                    )
                    assert kernel.run(answer.source), f"{grade_id} does not run again"
        kinds = misconception_verdicts(kernel, lesson, nb) if whole else {}
    finally:
        kernel.stop()
    return results, kinds


def misconception_verdicts(kernel: Kernel, lesson: str, nb) -> dict[str, dict[str, bool]]:
    """Each misconception of the lesson (tests/misconceptions/), all its answer cells
    replaced at once as in its submission: whether each test cell of the lesson then passes,
    by grade id (``{kind: {grade_id: passed}}``), in a kernel that ran the solution ``nb``."""
    answers = {grading(c)["grade_id"]: c for c in nb.cells if grading(c).get("solution")}
    tests = [
        (grading(c)["grade_id"], c.source)
        for c in nb.cells
        if c.cell_type == "code" and grading(c).get("grade") and not grading(c).get("solution")
    ]
    found = {}
    for kind, misconception in MISCONCEPTIONS.get(lesson, {}).items():
        for grade_id, source in misconception["answers"].items():
            names = defined(answers[grade_id].source)
            kernel.run("".join(f"globals().pop({n!r}, None)\n" for n in names))
            kernel.run(source)
        found[kind] = {grade_id: kernel.run(source) for grade_id, source in tests}
        for grade_id in misconception["answers"]:
            assert kernel.run(answers[grade_id].source), f"{grade_id} does not run again"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [lesson for lesson in LESSON_IDS if lesson in COURSE])
def test_hidden_tests_reject_every_wrong_answer_and_visible_tests_let_some_through(lesson):
    results = english_verdicts(lesson)

    accepted = [r for r in results if any(r["hidden"])]
    assert not accepted, "hidden tests pass wrong answers:\n" + "\n".join(
        f"exercise {r['exercise']}: {r['answer']} = {r['wrong']}" for r in accepted
    )
    for number in sorted({r["exercise"] for r in results}):
        assert any(r["visible"] for r in results if r["exercise"] == number), (
            f"{lesson} exercise {number}: the visible test rejects every wrong answer, so it "
            "is the acceptance rule (check type, range and misconceptions there, not the answer)"
        )


@functools.cache
def english_run(lesson: str) -> tuple[list[dict], dict]:
    """The English verdicts of the lesson's wrong answers (and of its misconceptions as a
    whole, where the lesson has a Romanian edition to compare), run once per test process."""
    return run_lesson(lesson, registry().get(lesson, {}), whole=lesson in ROMANIAN)


def english_verdicts(lesson: str) -> list[dict]:
    return english_run(lesson)[0]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", ROMANIAN)
def test_wrong_answers_pass_and_fail_the_same_tests_in_the_romanian_edition(lesson, tmp_path):
    """Each wrong answer (and misconception) in the Romanian solution's place, in a Romanian
    kernel: the same visible and hidden tests pass and fail as in English."""
    problems = catalogs.problems(ROOT, lesson, "ro")
    assert not problems, "\n".join(p.describe() for p in problems)
    path = translated_lessons.build_solution(ROOT, lesson, tmp_path, "ro")
    for data in (ROOT / "solutions" / lesson).iterdir():  # the files the lesson reads, if any
        if data.suffix != ".ipynb":
            (path.parent / data.name).symlink_to(data)
    romanian, kinds = run_lesson(lesson, registry().get(lesson, {}), path, "ro", whole=True)
    assert romanian, f"{lesson} has no wrong answers to carry"
    assert romanian == english_verdicts(lesson)
    # Each misconception whole, as its submission makes it: every test it is listed to fail
    # fails, and every test cell passes or fails as in English.
    for kind, passed in kinds.items():
        zero = MISCONCEPTIONS[lesson][kind]["zero"]
        assert [g for g in zero if passed[g]] == [], f"{kind} passes tests in Romanian"
    assert kinds == english_run(lesson)[1]


@pytest.mark.slow
def test_the_check_fails_on_a_right_answer_and_on_a_visible_test_that_accepts_nothing():
    """Shown failing on purpose: the solution itself, listed as wrong, passes the hidden
    tests; and a broken answer passes no visible test."""
    lesson = "00-start-here"
    (exercise, *_) = autograded(lesson)
    (part,) = exercise["parts"]
    answer = part["answer"]
    grade_id = grading(answer)["grade_id"]
    wrong = {grade_id: {"the_solution": answer.source, "broken": "raise RuntimeError"}}

    by_name = {r["wrong"]: r for r in verdicts(lesson, wrong)}

    assert all(by_name["the_solution"]["hidden"]) and by_name["the_solution"]["visible"]
    assert not any(by_name["broken"]["hidden"]) and not by_name["broken"]["visible"]
