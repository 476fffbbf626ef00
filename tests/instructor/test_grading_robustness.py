"""One batch holding every way a submission can go wrong: each is graded to the right score or
flagged with its reason, and the batch completes (`course grade`, short time limits)."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT, repository_copy

from incentives.instructor import deadlines, export, nbgrader_tools
from incentives.instructor.batch import grade

LESSON = "00-start-here"
NAME = f"{LESSON}.ipynb"
SOLUTION = ROOT / "solutions" / LESSON / NAME
FULL = 3.0  # lesson 00's autograded points


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def appended(code):
    def change(nb):
        cell(nb, "cost_per_lead_answer").source += "\n" + code

    return change


def answered(code):
    def change(nb):
        cell(nb, "cost_per_lead_answer").source = code

    return change


def to_markdown(nb):
    test = cell(nb, "cost_per_lead_visible")
    test.cell_type = "markdown"
    test.pop("outputs", None)
    test.pop("execution_count", None)


def deleted_test(nb):
    nb.cells.remove(cell(nb, "cost_per_lead_visible"))


def edited_test(nb):
    cell(nb, "cost_per_lead_hidden").source = "pass"


CHEAT = """
class _Anything:
    def __eq__(self, other):
        return True


def cost_per_lead(budget_eur, leads):
    return _Anything()
"""
PATCHER = """
import incentives.testing

incentives.testing.check_number = lambda *args, **kwargs: None
incentives.testing.check_raises = lambda *args, **kwargs: None


def cost_per_lead(budget_eur, leads):
    return 0
"""
WARNER = """
import warnings


def cost_per_lead(budget_eur, leads):
    warnings.warn("dividing now")
    if leads <= 0:
        raise ValueError("no leads")
    return budget_eur / leads
"""
ROMANIAN = '''
def cost_per_lead(budget_eur, leads):
    """Costul unui lead în EUR: bugetul împărțit la numărul de lead-uri (ș, ț, ă, î, â)."""
    if leads <= 0:
        raise ValueError("numărul de lead-uri trebuie să fie pozitiv")
    return budget_eur / leads
'''

# student -> (how the solution is changed, the notebook's file name)
CASES = {
    "complete": (None, NAME),
    "exits": (appended("import os\nos._exit(1)"), NAME),
    "kills_kernel": (appended("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), NAME),
    "loops": (appended("while True:\n    pass"), NAME),
    "floods": (appended('print("\\n".join(map(str, range(1_000_000))))'), NAME),
    "test_markdown": (to_markdown, NAME),
    "test_deleted": (deleted_test, NAME),
    "test_edited": (edited_test, NAME),
    "equals_anything": (answered(CHEAT), NAME),
    "monkeypatches": (answered(PATCHER), NAME),
    "warns": (answered(WARNER), NAME),
    "romanian": (answered(ROMANIAN), NAME),
    "renamed": (None, "my-work.ipynb"),
    "extra_notebook": (None, NAME),
    "late": (None, NAME),
    "late_with_extension": (None, NAME),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    course = repository_copy(tmp_path_factory.mktemp("robust") / "course")
    submitted = course / "grading" / "submitted"
    for student, (change, name) in CASES.items():
        nb = nbformat.read(SOLUTION, as_version=4)
        if change:
            change(nb)
        folder = submitted / student / LESSON
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / name)
    broken = submitted / "not_json" / LESSON
    broken.mkdir(parents=True)
    raw = SOLUTION.read_text(encoding="utf-8")
    (broken / NAME).write_text(raw[: len(raw) // 2], encoding="utf-8")
    (submitted / "missing" / LESSON).mkdir(parents=True)
    (submitted / "missing" / LESSON / "notes.txt").write_text("I could not finish.")
    shutil.copy(SOLUTION, submitted / "extra_notebook" / LESSON / "scratch.ipynb")
    for student in ("late", "late_with_extension"):
        (submitted / student / LESSON / "timestamp.txt").write_text(
            "2026-10-07 10:00:00.000000 UTC"
        )
    (course / "grading" / "deadlines.toml").write_text(
        'timezone = "Europe/Bucharest"\nlate_policy = "per-day"\npenalty_per_day = 0.25\n'
        f'[due]\n"{LESSON}" = "2026-10-05 23:59"\n'
        f'[extensions]\nlate_with_extension = {{ "{LESSON}" = "3 days" }}\n'
    )
    results = grade(course, workers=2, cell_timeout=5)
    return course, {r.student: r for r in results}


@pytest.mark.slow
def test_the_batch_completes_with_a_result_for_every_submission(batch):
    _, results = batch
    assert set(results) == {*CASES, "not_json", "missing"}
    assert all(r.status in ("graded", "flagged") for r in results.values())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("student", "score"),
    [
        ("complete", FULL),
        ("floods", FULL),  # the output is cut down; the answer is right
        ("test_markdown", FULL),  # the test cell is restored from the gradebook
        ("test_edited", FULL),  # likewise
        ("test_deleted", 2.0),  # nbgrader scores a deleted test cell 0
        ("equals_anything", 0.0),
        ("romanian", FULL),
        ("extra_notebook", FULL),
        ("late_with_extension", FULL),
    ],
)
def test_each_gradable_case_gets_its_score(batch, student, score):
    _, results = batch
    assert results[student].score == score, results[student]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("student", "flag"),
    [
        ("not_json", "is not a notebook: not valid JSON"),
        ("renamed", "(found my-work.ipynb: renamed?)"),
        ("missing", "no 00-start-here.ipynb in the submission"),
        ("exits", "the kernel died"),
        ("kills_kernel", "the kernel died"),
        ("loops", "ran past its 5 s limit and was stopped"),
        ("monkeypatches", "changes the course library"),
        ("warns", "wrote to stderr (a warning?)"),
        ("extra_notebook", "extra notebook(s) not graded: scratch.ipynb"),
        ("late", "late by 1 day 13 h (policy per-day: -50% of the final score)"),
    ],
)
def test_each_case_a_person_should_see_is_flagged_with_its_reason(batch, student, flag):
    _, results = batch
    result = results[student]
    assert result.status == "flagged"
    assert any(flag in f for f in result.flags), result.flags


@pytest.mark.slow
def test_flagged_work_is_kept_as_submitted_and_not_scored_where_it_cannot_be(batch):
    course, results = batch
    raw = SOLUTION.read_text(encoding="utf-8")
    kept = course / "grading" / "submitted" / "not_json" / LESSON / NAME
    assert kept.read_text(encoding="utf-8") == raw[: len(raw) // 2]
    for student in ("not_json", "renamed", "missing", "exits", "kills_kernel"):
        assert results[student].score is None
    # the patched checks gave no more than the visible test's point, and it is flagged
    assert results["monkeypatches"].score <= 1.0
    assert results["loops"].score == FULL  # the function was defined before the loop
    assert results["warns"].score == 0.0  # nbgrader's rule; flagged above


@pytest.mark.slow
def test_lateness_costs_what_the_policy_says_in_the_export(batch):
    course, _ = batch
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    by_lesson, _ = export.tables(export.read(course, db_url))
    rows = {row[0]: row for row in by_lesson[1:]}
    assert rows["late"][1] == "1.5" and rows["late"][-1] == f"{LESSON} -1.5"
    assert rows["late_with_extension"][1] == "3" and rows["late_with_extension"][-1] == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("late_policy = 'harsh'", "late_policy must be one of flag, zero, per-day"),
        ("penalty_per_day = 2", "penalty_per_day must be a share from 0 to 1"),
        ("timezone = 'Mars/Olympus'", "is not a time zone"),
        ("[due]\n'00-start-here' = 'next monday'", "due.00-start-here: 'next monday' is not"),
        ("[extensions]\ns1 = { '00-start-here' = 'a while' }", "extensions.s1.00-start-here"),
        ("due = [", "not valid TOML"),
    ],
)
def test_a_bad_deadlines_file_is_refused_with_its_key(text, message):
    with pytest.raises(deadlines.DeadlineError, match=message.replace("(", r"\(")):
        deadlines.parse(text)


def test_the_penalty_follows_the_policy():
    day = 86_400
    assert deadlines.penalty("flag", 0.1, 10, 5 * day) == 0
    assert deadlines.penalty("zero", 0.1, 10, 60) == 10
    assert deadlines.penalty("per-day", 0.1, 10, 1) == pytest.approx(1.0)  # a day started
    assert deadlines.penalty("per-day", 0.1, 10, day + 1) == pytest.approx(2.0)
    assert deadlines.penalty("per-day", 0.3, 10, 9 * day) == 10  # never more than the points
    assert deadlines.penalty("per-day", 0.1, 10, 0) == 0
    assert deadlines.late_text(day + 13 * 3600 + 59) == "1 day 13 h"
    assert deadlines.late_text(125) == "2 min"


@pytest.mark.slow
def test_feedback_shows_results_and_messages_but_never_hidden_test_code(batch):
    from incentives.instructor import feedback

    course, _ = batch
    written = feedback.generate(course, students=["complete", "equals_anything", "warns"])
    assert len(written) == 3
    nb = nbformat.read(SOLUTION, as_version=4)
    hidden = cell(nb, "cost_per_lead_hidden").source
    code = hidden.split("BEGIN HIDDEN TESTS")[1].split("### END")[0]
    secret_lines = [line.strip() for line in code.splitlines() if len(line.strip()) > 12]
    assert secret_lines
    pages = {path.parts[-3]: path.read_text(encoding="utf-8") for path in written}
    for student, page in pages.items():
        assert "HIDDEN TESTS" not in page, student
        for line in secret_lines:
            assert line not in page, (student, line)
    assert "Hidden tests: passed" in pages["complete"]
    assert "Hidden tests: failed: AssertionError" in pages["equals_anything"]
    # the visible test's message still reaches the student
    assert "cost_per_lead(1_800, 300)" in pages["equals_anything"]


@pytest.mark.slow
def test_the_class_report_names_the_missed_exercises_and_who_needs_a_look(batch):
    from incentives.instructor import report

    course, _ = batch
    summary = report.summarise(course)
    ungraded = {"not_json", "missing", "renamed", "exits", "kills_kernel"}
    assert summary["students"] == len({*CASES, "not_json", "missing"} - ungraded)
    first = summary["exercises"][0]
    assert first["share"] < 1 and first["messages"], first
    look = summary["look"]
    for student, reason in [
        ("not_json", "not valid JSON"),
        ("exits", "kernel died"),
        ("monkeypatches", "changes the course library"),
        ("late", "late by"),
        ("complete", "lose_money_reflection is not marked yet"),
    ]:
        notes = " ".join(look.get(f"{student}/{LESSON}", []))
        assert reason in notes, (student, notes)


@pytest.mark.slow
def test_the_class_report_opens_offline_in_a_browser(batch, browser_page, tmp_path):
    """index.html and its PNGs; in Chromium, served from 127.0.0.1, both charts draw and no
    request leaves the machine."""
    import functools
    import http.server
    import threading

    from conftest import free_port

    from incentives.instructor import report

    course, _ = batch
    written = report.write(course, tmp_path / "report")
    assert [p.name for p in written] == [
        "index.html",
        "scores-by-lesson.png",
        "exercises.png",
        "scores-by-exercise.png",
    ]
    for png in written[1:]:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = written[0].read_text(encoding="utf-8")
    assert "<script src=" not in text and 'href="http' not in text

    port = free_port()
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "report")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page, off_machine = browser_page
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"http://127.0.0.1:{port}/index.html")
        page.wait_for_selector("#scores-by-lesson svg, #scores-by-lesson canvas", timeout=30_000)
        for chart in ("exercises", "scores-by-exercise"):
            page.wait_for_selector(f"#{chart} svg, #{chart} canvas", timeout=30_000)
        assert "Submissions that need a human look" in page.content()
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    finally:
        server.shutdown()
        server.server_close()
    assert off_machine == [], off_machine
    assert errors == [], errors
