"""A term without surprises, end to end with the `course` command: a class list of five (one
with Romanian diacritics), deadlines, two lessons collected from Canvas-style downloads, graded,
marked by hand as the Formgrader marks, a written answer resubmitted, graded again and with
--force, exported twice, feedback and the class report.

The same term is run in two orders: hand marks entered before the resubmission was collected
(course A), and after it was collected but before it was graded (course B, a copy of A after
the first batch). Either way the hand mark on the changed answer is set aside (flagged, kept
as history, never shown to the student as current), and the gradebook and the exports are the
same; `course grade --force` changes neither.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import zipfile

import nbformat
import pytest
from conftest import ROOT, repository_copy

from incentives.course import cli
from incentives.instructor import nbgrader_tools, record, report

pytestmark = pytest.mark.slow

START, CLOAKROOM = "00-start-here", "04-cloakroom"
LESSONS = (START, CLOAKROOM)
REFLECTION = {START: "lose_money_reflection", CLOAKROOM: "tiers_reflection"}
CLASS = (
    "id,first_name,last_name,email\n"
    "s001,Ana,Popescu,ana.popescu@example.org\n"
    "s002,Ștefan,Țurcanu,stefan.turcanu@example.org\n"
    "s003,Ioana,Marin,ioana.marin@example.org\n"
    "s004,Radu,Ene,radu.ene@example.org\n"
    "s005,Elena,Dobre,elena.dobre@example.org\n"
)
DEADLINES = (
    'timezone = "Europe/Bucharest"\n'
    'late_policy = "per-day"\n'
    "penalty_per_day = 0.25\n"
    "[due]\n"
    f'"{START}" = "2026-10-05 23:59"\n'
    f'"{CLOAKROOM}" = "2026-10-12 23:59"\n'
)
# Canvas's file name for each student: lastnamefirstname_<ids>_<their file name>
CANVAS_NAME = {
    "s001": "popescuana_1101_51",
    "s002": "turcanustefan_LATE_1102_52",
    "s003": "marinioana_1103_53",
    "s004": "eneradu_1104_54",
    "s005": "dobreelena_1105_55",
}
ON_TIME = {START: (2026, 10, 5, 20, 0, 0), CLOAKROOM: (2026, 10, 12, 18, 0, 0)}
LATE = (2026, 10, 6, 9, 15, 0)  # s002's lesson 00: 9 h 16 min late, a day started: -25%
RESUBMITTED = (2026, 10, 5, 23, 0, 0)  # s003's second version of lesson 00, still on time
FIRST_ANSWER = "Marketing can buy cheap leads that sales ignores; both meet their targets."
# The resubmitted answer holds an image from the web: the feedback page must not fetch it.
SECOND_ANSWER = "Nothing could go wrong.\n\n![our funnel](https://example.org/funnel.png)"
MARKS = {  # (student, lesson) -> (score, extra credit, comment), as the Formgrader writes them
    ("s001", START): (2.0, None, "Good: names the cost of the campaign."),
    ("s001", CLOAKROOM): (2.0, None, None),
    ("s002", START): (2.0, None, None),
    ("s002", CLOAKROOM): (1.5, None, "Name the privacy cost too."),
    ("s003", START): (2.0, 0.5, "Clear: names both targets."),
    ("s003", CLOAKROOM): (1.0, None, None),
    ("s005", START): (1.5, None, None),
}


def answered(lesson: str, reflection: str | None, correct: bool = True) -> str:
    """The released lesson with its code answered (the solution's code, or a wrong one) and
    its written answer (None: left as released)."""
    nb = nbformat.read(ROOT / "lessons" / lesson / f"{lesson}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    sources = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in solution.cells}
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name == REFLECTION[lesson]:
            if reflection is not None:
                cell.source = reflection
        elif cell.metadata.get("nbgrader", {}).get("solution"):
            code = sources[name] if correct else "def segment_tickets(tickets):\n    return []"
            cell.source = re.sub(r"\s*### (BEGIN|END) SOLUTION", "", code)
    return nbformat.writes(nb)


def work_of(student: str, lesson: str, version: int = 1) -> str | None:
    """What each student handed in (None: nothing)."""
    if student == "s004":
        return _released(lesson)  # blank: the lesson as released
    if student == "s005" and lesson == CLOAKROOM:
        return None
    if student == "s003":
        if lesson == CLOAKROOM:
            return answered(lesson, "VIPs first, quietly.", correct=False)
        return answered(lesson, FIRST_ANSWER if version == 1 else SECOND_ANSWER)
    return answered(lesson, f"{student}'s own answer about what could go wrong.")


def _released(lesson: str) -> str:
    return (ROOT / "lessons" / lesson / f"{lesson}.ipynb").read_text(encoding="utf-8")


def download(path, lesson: str, version: int = 1):
    """A Canvas "Download Submissions" archive of a lesson: every student's latest file, and
    one file Canvas named after nobody on the class list."""
    with zipfile.ZipFile(path, "w") as archive:
        for student, prefix in CANVAS_NAME.items():
            text = work_of(student, lesson, version)
            if text is None:
                continue
            when = ON_TIME[lesson]
            if (student, lesson) == ("s002", START):
                when = LATE
            if (student, lesson, version) == ("s003", START, 2):
                when = RESUBMITTED
            archive.writestr(zipfile.ZipInfo(f"{prefix}_{lesson}.ipynb", when), text)
        if version == 1:
            stranger = zipfile.ZipInfo(f"someoneelse_1199_59_{lesson}.ipynb", ON_TIME[lesson])
            archive.writestr(stranger, _released(lesson))
    return path


def course_command(course, *args) -> tuple[int, str]:
    """`course --root COURSE ARGS`: its exit code and everything it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["--root", str(course), *args])
    return code, out.getvalue()


def ok(course, *args) -> str:
    code, out = course_command(course, *args)
    assert code == 0, out
    return out


def hand_mark(course) -> None:
    """Every written answer marked, as the Formgrader writes a mark."""
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    with nbgrader_tools.gradebook(db_url) as gradebook:
        for (student, lesson), (score, extra, comment) in MARKS.items():
            grade = gradebook.find_grade(REFLECTION[lesson], lesson, lesson, student)
            grade.manual_score, grade.extra_credit = score, extra
            grade.needs_manual_grade = False
            if comment:
                found = gradebook.find_comment(REFLECTION[lesson], lesson, lesson, student)
                found.manual_comment = comment
        gradebook.db.commit()


def gradebook_of(course) -> dict:
    """Everything the gradebook holds about the submissions, cell by cell."""
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    found = {}
    with nbgrader_tools.gradebook(db_url) as gradebook:
        found["students"] = sorted(s.id for s in gradebook.students)
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                key = f"{submission.student.id}/{assignment.name}"
                found[key] = str(submission.timestamp)
                for notebook in submission.notebooks:
                    found[f"{key} flagged, late penalty"] = (
                        notebook.flagged,
                        notebook.late_submission_penalty,
                    )
                    for g in notebook.grades:
                        found[f"{key}/{g.name}"] = (
                            g.auto_score,
                            g.manual_score,
                            g.extra_credit,
                            g.needs_manual_grade,
                        )
                    for c in notebook.comments:
                        found[f"{key}/{c.name} comment"] = (c.auto_comment, c.manual_comment)
    return found


def exported(course, folder) -> dict[str, str]:
    ok(course, "export", "--to", str(folder))
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("grades-*.csv"))}


def history(course) -> dict:
    return {k: e.get("history", []) for k, e in record.read_state(course).items()}


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    base = tmp_path_factory.mktemp("term")
    a = repository_copy(base / "a")
    (base / "class.csv").write_text(CLASS, encoding="utf-8")
    (a / "grading" / "deadlines.toml").write_text(DEADLINES, encoding="utf-8")
    seen = {"roster": ok(a, "roster", str(base / "class.csv"))}
    for lesson in LESSONS:
        archive = download(base / f"{lesson}-1.zip", lesson)
        seen[f"collect {lesson}"] = ok(a, "collect", lesson, "--zip", str(archive))
    second = download(base / f"{START}-2.zip", START, version=2)
    grade = ("grade", "--workers", "2", "--cell-timeout", "30")
    seen["grade 1"] = ok(a, *grade)
    b = base / "b"
    shutil.copytree(a, b)  # the same course, as the first batch left it

    # A: hand marks first, then the resubmission is collected and graded
    hand_mark(a)
    seen["collect 2"] = ok(a, "collect", START, "--zip", str(second))
    seen["grade 2"] = ok(a, *grade)
    seen["gradebook 2"] = gradebook_of(a)
    seen["export 1"] = exported(a, base / "export-1")
    seen["grade --force"] = ok(a, *grade, "--force")
    seen["gradebook --force"] = gradebook_of(a)
    # the first download collected again: older than s003's resubmission, the same as the rest
    seen["collect old"] = ok(a, "collect", START, "--zip", str(base / f"{START}-1.zip"))
    seen["export 2"] = exported(a, base / "export-2")

    # B: the resubmission collected first, hand marks entered before it was graded
    ok(b, "collect", START, "--zip", str(second))
    hand_mark(b)
    seen["B grade"] = ok(b, *grade)
    seen["B gradebook"] = gradebook_of(b)
    seen["B export"] = exported(b, base / "export-b")
    seen["history"], seen["B history"] = history(a), history(b)
    return {"a": a, "b": b, "base": base, "seen": seen}


def rows_of(table_text: str) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(table_text)))
    return {"header": rows[0], **{row[0]: row for row in rows[1:]}}


def test_the_class_list_and_the_downloads_are_taken_in(term):
    seen = term["seen"]
    assert "class.csv: 5 students (5 added" in seen["roster"]
    assert re.search(r"^  new +5 ", seen[f"collect {START}"], re.M)
    assert "s002: turcanustefan_LATE_1102_52_00-start-here.ipynb" in seen[f"collect {START}"]
    assert re.search(r"^  new +4 ", seen[f"collect {CLOAKROOM}"], re.M)
    assert "no student matches someoneelse" in seen[f"collect {START}"]
    assert "9 submissions: 8 graded, 1 flagged, 0 unchanged" in seen["grade 1"]  # s002 late


def test_the_hand_mark_on_the_changed_answer_is_flagged_and_not_current(term):
    seen = term["seen"]
    flagged = next(line for line in seen["grade 2"].splitlines() if line.startswith("| s003"))
    assert "| flagged |" in flagged
    assert "cell lose_money_reflection: the answer changed since it was marked (2/2, extra " in (
        flagged
    )
    assert "9 submissions: 0 graded, 1 flagged, 8 unchanged since the last run" in seen["grade 2"]
    after = seen["gradebook 2"]
    # needs a hand mark again; the extra credit and the comment are not carried over
    assert after[f"s003/{START}/lose_money_reflection"] == (None, None, None, True)
    assert after[f"s003/{START}/lose_money_reflection comment"] == (None, None)
    # the marks on answers that did not change are kept, s003's other lesson's too
    assert after[f"s001/{START}/lose_money_reflection"] == (None, 2.0, None, False)
    assert after[f"s003/{CLOAKROOM}/tiers_reflection"] == (None, 1.0, None, False)
    # the old mark is history, shown to the instructor
    assert seen["history"][f"s003/{START}"] == [
        {
            "cell": f"{START}/lose_money_reflection",
            "score": 2.0,
            "extra_credit": 0.5,
            "comment": "Clear: names both targets.",
            "max_score": 2.0,
        }
    ]
    s003 = rows_of(seen["export 1"]["grades-by-lesson.csv"])["s003"]
    assert s003[4:6] == [
        "provisional",
        f"{START}/lose_money_reflection (answer changed after its mark 2/2, extra credit 0.5: "
        "'Clear: names both targets.')",
    ]


def test_grading_again_with_force_changes_neither_gradebook_nor_export(term):
    seen = term["seen"]
    assert "9 submissions: 8 graded, 1 flagged, 0 unchanged" in seen["grade --force"]
    assert seen["gradebook --force"] == seen["gradebook 2"]
    assert seen["export 2"] == seen["export 1"]


def test_the_order_of_grading_and_hand_marking_does_not_matter(term):
    seen = term["seen"]
    assert seen["B gradebook"] == seen["gradebook --force"]
    assert seen["B export"] == seen["export 2"]
    assert seen["B history"] == seen["history"]


def test_the_late_penalty_is_a_share_of_the_final_score_taken_once(term):
    lessons = rows_of(term["seen"]["export 2"]["grades-by-lesson.csv"])
    assert lessons["header"] == [
        "student",
        START,
        CLOAKROOM,
        "total",
        "status",
        "needs_grading",
        "late_penalties",
    ]
    # s002: 3 autograded + 2 by hand = 5, a day started late at 25%: -1.25
    assert lessons["s002"][1:4] == ["3.75", "5.5", "9.25"]
    assert lessons["s002"][6] == f"{START} -1.25"
    assert term["seen"]["gradebook --force"][f"s002/{START} flagged, late penalty"][1] is None
    flag = next(line for line in term["seen"]["grade 1"].splitlines() if "| s002 | 00" in line)
    assert "late by 9 h 16 min (policy per-day: -25% of the final score)" in flag


def test_every_student_is_in_every_export_with_no_submission_where_there_is_none(term):
    exports = term["seen"]["export 2"]
    lessons = rows_of(exports["grades-by-lesson.csv"])
    assert sorted(k for k in lessons if k != "header") == ["s001", "s002", "s003", "s004", "s005"]
    assert lessons["s005"][1:5] == ["4.5", "no submission", "4.5", "final"]
    assert lessons["s004"][1:5] == ["0", "0", "0", "final"]  # blank, nothing to mark
    exercises = rows_of(exports["grades-by-exercise.csv"])
    assert exercises["header"] == [
        "student",
        f"{START}: Exercise 1: cost per lead (3 points)",
        f"{START}: Exercise 2: what could go wrong? (2 points)",
        f"{CLOAKROOM}: Exercise 1: the waiter's lookup (4 points)",
        f"{CLOAKROOM}: Exercise 2: visible or discreet? (2 points)",
        "status",
    ]
    assert exercises["s003"][1:] == ["3", "not marked yet", "0", "1", "provisional"]
    assert exercises["s005"][3:5] == ["no submission", "no submission"]


def test_the_lms_fill_refuses_provisional_totals_then_takes_them_once_marked(term):
    course, base = term["b"], term["base"]
    canvas = base / "canvas.csv"
    canvas.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,"
        f"{START} (201),{CLOAKROOM} (202)\n"
        "    Points Possible,,,,,5,6\n"
        + "".join(f'"{s}",{900 + n},{s},,S1,,\n' for n, s in enumerate(CANVAS_NAME, start=1)),
        encoding="utf-8",
    )
    folder = base / "lms"
    command = ("export", "--to", str(folder), "--lms", "canvas", "--template", str(canvas))
    code, out = course_command(course, *command)
    assert code == 2 and out.count("\n") == 1
    assert "provisional" in out and f"s003 {START}" in out
    assert not folder.exists()  # nothing written
    # the instructor marks the new answer in the Formgrader
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    with nbgrader_tools.gradebook(db_url) as gradebook:
        grade = gradebook.find_grade("lose_money_reflection", START, START, "s003")
        grade.manual_score, grade.needs_manual_grade = 0.5, False
        gradebook.db.commit()
    out = ok(course, *command)
    assert "no submission, cell left as it was: s005 04-cloakroom" in out
    filled = list(csv.reader((folder / "canvas-filled.csv").open(encoding="utf-8")))
    assert filled[4] == ["s003", "903", "s003", "", "S1", "3.5", "1"]
    assert filled[6] == ["s005", "905", "s005", "", "S1", "4.5", ""]
    lessons = rows_of((folder / "grades-by-lesson.csv").read_text(encoding="utf-8"))
    assert lessons["s003"][4] == "final"


def test_an_older_download_collected_again_replaces_nothing(term):
    said = term["seen"]["collect old"]
    assert re.search(r"^  older +1  .*s003", said, re.M), said
    assert re.search(r"^  unchanged +4 ", said, re.M), said
    assert re.search(r"^  (new|changed) +0 ", said, re.M), said


def test_every_version_handed_in_is_still_on_disk(term):
    course = term["a"]
    first = work_of("s003", START, 1).encode("utf-8")
    second = work_of("s003", START, 2).encode("utf-8")
    current = course / "grading" / "submitted" / "s003" / START / f"{START}.ipynb"
    assert current.read_bytes() == second
    kept = [
        p
        for p in (course / "grading").rglob("*.ipynb")
        if "submitted" not in p.parts and p.read_bytes() == first
    ]
    assert kept, "the first version of s003's lesson 00 is nowhere on disk"
    versions = course / "grading" / "versions" / "s003" / START
    assert any(p.read_bytes() == first for p in versions.rglob("*.ipynb")), versions
    unmatched = list((course / "grading" / "unmatched").rglob("someoneelse_*"))
    assert unmatched


def test_feedback_says_not_marked_yet_and_names_each_test_after_its_exercise(term):
    course = term["a"]
    out = ok(course, "feedback", START, "--student", "s001", "--student", "s003")
    assert out.count("wrote grading/feedback/") == 2
    pages = {
        s: (course / "grading" / "feedback" / s / START / f"{START}.html").read_text("utf-8")
        for s in ("s001", "s003")
    }
    toc = {s: page.split('<nav id="toc">')[1].split("</nav>")[0] for s, page in pages.items()}
    assert "Test cell" not in toc["s003"]
    assert (
        "Exercise 1: cost per lead (3 points), hidden tests</a> (Score: 2.0 / 2.0)" in (toc["s003"])
    )
    assert (
        "Exercise 2: what could go wrong? (2 points), your answer</a> (not marked yet)"
        in (toc["s003"])
    )
    assert "Clear: names both targets." not in pages["s003"]  # the old comment
    assert "Score: 3 / 5, provisional" in pages["s003"]
    assert "Good: names the cost of the campaign." in pages["s001"]
    assert "Score: 5 / 5)" in pages["s001"]


def test_a_feedback_page_loads_nothing_from_outside(term, browser_page):
    """Chromium opens students' pages from disk, every request for anything but a file
    counted. s001's page asks for nothing else; s003's own answer holds an image from the
    web, which the page's Content-Security-Policy stops before it is fetched."""
    course = term["a"]
    folder = course / "grading" / "feedback"
    if not (folder / "s003" / START / f"{START}.html").exists():
        ok(course, "feedback", START, "--student", "s001", "--student", "s003")
    page, _ = browser_page
    fetched, refused, stopped = [], [], {}

    def route(handled):
        if handled.request.url.startswith("file://"):
            handled.continue_()
        else:  # a request on its way to the network
            fetched.append(handled.request.url)
            handled.abort()

    page.route("**/*", route)
    page.on("request", lambda r: None if r.url.startswith("file://") else refused.append(r.url))
    page.on("requestfailed", lambda r: stopped.update({r.url: r.failure}))
    opened = {}
    for student in ("s001", "s003"):
        refused.clear()
        text = (folder / student / START / f"{START}.html").read_text(encoding="utf-8")
        assert "<script src=" not in text and "mathjax" not in text.lower()
        page.goto((folder / student / START / f"{START}.html").as_uri())
        page.wait_for_load_state("load")
        opened[student] = (list(refused), page.locator("#toc").inner_text())
    assert opened["s001"][0] == []  # the page itself asks for nothing
    assert "not marked yet" not in opened["s001"][1]
    assert opened["s003"][0] == ["https://example.org/funnel.png"]  # the student's image
    assert stopped["https://example.org/funnel.png"] == "csp"  # refused by the page's policy
    assert opened["s003"][1].count("not marked yet") == 1
    assert fetched == []  # nothing reached the network


def test_the_report_names_every_student_and_what_needs_a_look(term):
    summary = report.summarise(term["a"])
    assert summary["students"] == 5 and summary["submitted"] == 5
    assert [row[0] for row in summary["table"][1:]] == ["s001", "s002", "s003", "s004", "s005"]
    exercises = {(e["lesson"], e["exercise"].split(":")[0]): e for e in summary["exercises"]}
    lookup = exercises[CLOAKROOM, "Exercise 1"]
    assert (lookup["missed_by"], lookup["students"]) == (2, 4)  # s003 wrong, s004 blank
    assert lookup["messages"] and all(n <= 2 for _, n in lookup["messages"])
    written = exercises[START, "Exercise 2"]
    assert written["unmarked"] == 1
    ranked = [e for e in summary["exercises"] if not e["unmarked"]]
    assert summary["exercises"][: len(ranked)] == ranked  # the unmarked one is not ranked
    look = summary["look"]
    assert "lose_money_reflection (answer changed after its mark 2/2" in " ".join(
        look[f"s003/{START}"]
    )
    assert "blank: no answer changed" in " ".join(look[f"s004/{CLOAKROOM}"])
    assert any(key.startswith("grading/unmatched/") for key in look)
    html = report.page(summary, {}, "")
    assert "5 students on the class list" in html and "no submission" in html
