"""The class report: where the class scored, where it struggled, and what needs a person.

``course report`` writes grading/report/index.html and a PNG of each chart beside it:

- every student of the class list, with each lesson's points or "no submission", and
  whether the total is final or provisional (a written answer not marked yet), as in
  ``course export``;
- the spread of scores per lesson and per exercise (each student's share of the points);
- each exercise's average share of its points and how many students lost points on it, the
  most-missed first, with the commonest failure messages of its tests and how many students
  met each (read from the autograded notebooks). An exercise with answers not marked yet is
  not ranked: it is listed apart until they are;
- for a lesson graded in both editions (``00-start-here`` and ``00-start-here-ro``), each
  exercise's average share side by side, edition by edition;
- the submissions that need a human look: flagged by ``course grade`` (not gradable, a
  kernel that died, a cell stopped at its limit, a patched library, lateness, an answer
  changed after its hand mark), holding a written answer nobody has marked yet (with the
  mark set aside, if any), blank (no answer changed from the lesson as released), and the
  files ``course collect`` could match to no student (grading/unmatched/).

Its own words are in the edition the instructor runs ``course`` in (``INCENTIVES_EDITION``);
the students' ids, lessons and test messages are shown as they are.

The page works offline: Vega, Vega-Lite and Vega-Embed are inlined into it (from
vl-convert, the package that also draws the PNGs), and it loads nothing from anywhere.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from incentives.i18n import _, edition, ngettext, percent
from incentives.instructor import export, nbgrader_tools, record

FOLDER = Path("grading") / "report"
MESSAGES_SHOWN = 3
NO_RESPONSE = "No response."  # nbgrader's comment on an answer cell left as released
NO_SUBMISSIONS = "-"  # an edition no student took for a lesson


def failure_messages(root: Path) -> dict[tuple[str, str], dict[str, set[str]]]:
    """Per (lesson, grade_id) of a test cell: each failure message of the autograded
    notebooks ("AssertionError: <its first line>") and the students who met it."""
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted((Path(root) / "grading" / "autograded").glob("*/*/*.ipynb")):
        lesson, student = path.parent.name, path.parent.parent.name
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        for cell in notebook.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("grade") or meta.get("solution"):
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    first = (output.get("evalue") or "").strip().splitlines()[:1]
                    message = output.get("ename", "Error") + (f": {first[0]}" if first else "")
                    found[lesson, meta.get("grade_id", "?")][message[:240]].add(student)
    return found


def blank_submissions(db_url: str) -> set[tuple[str, str]]:
    """(student, lesson) of the submissions in which no answer cell changed from the lesson
    as released (nbgrader's "No response." on each of them)."""
    blank = set()
    with nbgrader_tools.gradebook(db_url) as opened:
        for assignment in opened.assignments:
            for submission in assignment.submissions:
                comments = [c for nb in submission.notebooks for c in nb.comments]
                if comments and all(c.auto_comment == NO_RESPONSE for c in comments):
                    blank.add((submission.student.id, assignment.name))
    return blank


def unmatched_files(root: Path) -> list[str]:
    """The files ``course collect`` could match to no student, relative to the course."""
    folder = Path(root) / "grading" / "unmatched"
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file())


def _exercises(rows, messages) -> list[dict]:
    """Each exercise's share of its points over the marked answers, the students who lost
    points on it, those whose answer is not marked yet, and its commonest messages."""
    marked: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(dict)
    unmarked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        key = (row.lesson, row.exercise)
        if row.needs_grading:
            unmarked[key].add(row.student)
            continue
        got = marked[key].setdefault(row.student, [0.0, 0.0])
        got[0] += row.score
        got[1] += row.max_score
    found = []
    for key in sorted(marked.keys() | unmarked.keys()):
        students = {s: v for s, v in marked[key].items() if s not in unmarked[key]}
        got = sum(v[0] for v in students.values())
        top = sum(v[1] for v in students.values())
        counts = messages.get(key, {})
        common = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
        found.append(
            {
                "lesson": key[0],
                "exercise": key[1],
                "share": got / top if top else None,
                "missed_by": sum(1 for g, t in students.values() if g < t),
                "students": len(students),
                "unmarked": len(unmarked[key]),
                "messages": [(m, len(who)) for m, who in common[:MESSAGES_SHOWN]],
            }
        )
    ranked = [e for e in found if not e["unmarked"] and e["share"] is not None]
    ranked.sort(key=lambda e: (e["share"], e["lesson"], e["exercise"]))
    return ranked + [e for e in found if e not in ranked]


def _across_editions(rows) -> list[dict]:
    """For each lesson graded in more than one edition (``00-start-here`` and
    ``00-start-here-ro``: the same exercises, the same grade ids), each exercise's average
    share of its points in each edition, over the marked answers, and its students."""
    from incentives.instructor.translated_lessons import edition_of, english_lesson

    found: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for row in rows:
        if row.needs_grading:
            continue
        key = (english_lesson(row.lesson), row.exercise)
        got = found[key].setdefault(edition_of(row.lesson), [0.0, 0.0, set()])
        got[0] += row.score
        got[1] += row.max_score
        got[2].add(row.student)
    mixed = {lesson for (lesson, _), by in found.items() if len(by) > 1}
    return [
        {
            "lesson": lesson,
            "exercise": exercise,
            "editions": {
                language: {"share": got / top if top else None, "students": len(who)}
                for language, (got, top, who) in sorted(found[lesson, exercise].items())
            },
        }
        for lesson, exercise in sorted(found, key=lambda k: (k[0], export._exercise_order(k[1])))
        if lesson in mixed
    ]


def summarise(root: Path) -> dict:
    """Everything the report shows, as plain data (tested without drawing)."""
    root = Path(root).resolve()
    db_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
    grades = export.read(root, db_url)
    rows = grades.rows
    lesson_points: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    student_exercise: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    cell_exercise: dict[tuple[str, str], str] = {}
    look: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        cell_exercise[row.lesson, row.grade_id] = row.exercise
        if row.needs_grading:  # a written answer nobody has marked: not a score yet
            text = grades.pending_text(row).split("/", 1)[1]
            look[f"{row.student}/{row.lesson}"].append(
                _("{answer} is not marked yet").format(answer=text)
            )
            continue
        lesson_points[row.student, row.lesson][0] += row.score
        lesson_points[row.student, row.lesson][1] += row.max_score
        student_exercise[row.student, row.lesson, row.exercise][0] += row.score
        student_exercise[row.student, row.lesson, row.exercise][1] += row.max_score
    scores = [
        {"student": s, "lesson": lesson, "share": got / top if top else 0.0}
        for (s, lesson), (got, top) in sorted(lesson_points.items())
    ]
    messages: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (lesson, grade_id), counts in failure_messages(root).items():
        exercise = cell_exercise.get((lesson, grade_id), export.OUTSIDE)
        for message, who in counts.items():
            messages[lesson, exercise][message] |= who
    for key, entry in sorted(record.read_state(root).items()):
        look[key] = entry.get("result", {}).get("flags", []) + look.get(key, [])
    for student, lesson in sorted(blank_submissions(db_url)):
        look[f"{student}/{lesson}"].append(
            _("blank: no answer changed from the lesson as released")
        )
    for path in unmatched_files(root):
        look[path].append(_("no student of the class list matched this file (course collect)"))
    lesson_table = export.tables(grades)[0]
    submitted = {r.student for r in rows}
    return {
        "students": len(lesson_table) - 1,
        "submitted": len(submitted),
        "submissions": len({(r.student, r.lesson) for r in rows}),
        "table": lesson_table,
        "scores": scores,
        "exercises": _exercises(rows, messages),
        "exercise_scores": [
            {"student": st, "exercise": f"{lesson}: {label}", "share": got / top if top else 0.0}
            for (st, lesson, label), (got, top) in sorted(student_exercise.items())
        ],
        "look": {key: notes for key, notes in sorted(look.items()) if notes},
        "editions": _across_editions(rows),
    }


def charts(summary: dict) -> dict[str, dict]:
    """The report's Vega-Lite specs, by file name (without extension)."""
    from incentives.views.live import load_altair
    from incentives.views.theme import PALETTE

    alt = load_altair()
    import pandas as pd

    scores = pd.DataFrame(summary["scores"], columns=["student", "lesson", "share"])
    ranked = [e for e in summary["exercises"] if e["share"] is not None and not e.get("unmarked")]
    exercises = pd.DataFrame(
        [{"exercise": f"{e['lesson']}: {e['exercise']}", "share": e["share"]} for e in ranked],
        columns=["exercise", "share"],
    )
    spread = (
        alt.Chart(scores, title=_("How the class scored, lesson by lesson"))
        .mark_boxplot(color=PALETTE["marketing"], size=28)
        .encode(
            x=alt.X("lesson:N", title=_("lesson")),
            y=alt.Y("share:Q", title=_("share of the lesson's points"), axis=alt.Axis(format="%")),
        )
        .properties(width=520, height=260)
        .properties(
            description=_(
                "Box plot: each student's share of the points, one box per lesson; "
                "the line in a box is the middle student and the box holds the middle half of "
                "the class, so a low or tall box marks a lesson many students found hard."
            )
        )
    )
    missed = (
        alt.Chart(exercises, title=_("The most-missed exercises come first"))
        .mark_bar(color=PALETTE["sales"])
        .encode(
            y=alt.Y("exercise:N", sort=None, title=None),
            x=alt.X("share:Q", title=_("average share of the points"), axis=alt.Axis(format="%")),
        )
        .properties(width=420, height=max(120, 18 * len(exercises)))
        .properties(
            description=_(
                "Bar chart: each exercise's average share of its points, one bar per "
                "exercise, the most-missed first; the shortest bars are the exercises to go "
                "over again."
            )
        )
    )
    per_exercise = pd.DataFrame(
        summary["exercise_scores"], columns=["student", "exercise", "share"]
    )
    order = [f"{e['lesson']}: {e['exercise']}" for e in summary["exercises"]]
    order += sorted(set(per_exercise["exercise"]) - set(order))
    exercise_spread = (
        alt.Chart(per_exercise, title=_("How the class scored, exercise by exercise"))
        .mark_tick(color=PALETTE["company"], thickness=2)
        .encode(
            y=alt.Y("exercise:N", sort=order, title=None),
            x=alt.X(
                "share:Q", title=_("a student's share of the points"), axis=alt.Axis(format="%")
            ),
            tooltip=["student:N", "exercise:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width=420, height=max(120, 18 * len(order)))
        .properties(
            description=_(
                "Tick chart: a row per exercise, most-missed first, with a tick for "
                "each student at the share of the points they earned; ticks bunched at the left "
                "mark an exercise much of the class missed."
            )
        )
    )
    return {
        "scores-by-lesson": spread.to_dict(),
        "exercises": missed.to_dict(),
        "scores-by-exercise": exercise_spread.to_dict(),
    }


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _editions_table(rows: list[dict]) -> str:
    """The section comparing a lesson's editions exercise by exercise ("" when no lesson was
    graded in more than one)."""
    if not rows:
        return ""
    languages = sorted({language for row in rows for language in row["editions"]})
    headers = [
        _("exercise"),
        *(_("{edition}: average share (students)").format(edition=x) for x in languages),
    ]

    def cell(found) -> str:
        if not found:
            return NO_SUBMISSIONS
        share = "-" if found["share"] is None else percent(found["share"])
        return f"{share} ({found['students']})"

    body = [
        [f"{row['lesson']}: {row['exercise']}", *(cell(row["editions"].get(x)) for x in languages)]
        for row in rows
    ]
    heading = _("One lesson in two editions, exercise by exercise")
    note = _(
        "The editions of a lesson have the same exercises and hidden tests: a gap between "
        "them is worth a look at the translation."
    )
    return f"<h2>{heading}</h2>\n<p>{note}</p>\n" + _table(headers, body)


def _students(count: int) -> str:
    return ngettext("{n} student", "{n} students", count).format(n=count)


def page(summary: dict, specs: dict[str, dict], bundle: str) -> str:
    """The report as one self-contained HTML page."""
    from incentives.views.theme import PALETTE

    worst = [e for e in summary["exercises"] if not e["unmarked"] and (e["share"] or 0) < 1]
    missed_rows = [
        [
            f"{e['lesson']}: {e['exercise']}",
            "-" if e["share"] is None else percent(e["share"]),
            _("{count} of {students}").format(count=e["missed_by"], students=e["students"]),
            "; ".join(f"{m} ({_students(n)})" for m, n in e["messages"]) or "-",
        ]
        for e in worst[:10]
    ]
    waiting = [
        _("{exercise} ({count} not marked yet)").format(
            exercise=f"{e['lesson']}: {e['exercise']}", count=e["unmarked"]
        )
        for e in summary["exercises"]
        if e["unmarked"]
    ]
    waiting_text = (
        "<p>"
        + html.escape(
            _("Not ranked until every answer is marked: {exercises}.").format(
                exercises="; ".join(waiting)
            )
        )
        + "</p>"
        if waiting
        else ""
    )
    missed_headers = [
        _("exercise"),
        _("average share of the points"),
        _("students who lost points"),
        _("commonest failure messages"),
    ]
    look_rows = [[key, "; ".join(notes)] for key, notes in summary["look"].items()]
    editions_text = _editions_table(summary.get("editions", []))
    divs = "".join(f'<div class="chart" id="{name}"></div>' for name in specs)
    embeds = "".join(
        f"vegaEmbed('#{name}', {json.dumps(spec)}, {{actions: false}});"
        for name, spec in specs.items()
    )
    title = html.escape(_("Class report"))
    counts = html.escape(
        ngettext(
            "{students} student on the class list, {submitted} with a graded\n"
            "submission; {submissions} graded submissions.",
            "{students} students on the class list, {submitted} with a graded\n"
            "submission; {submissions} graded submissions.",
            summary["students"],
        ).format(
            students=summary["students"],
            submitted=summary["submitted"],
            submissions=summary["submissions"],
        )
    )
    none = _("None.")
    look_table = _table([_("submission"), _("why")], look_rows) if look_rows else f"<p>{none}</p>"
    headings = [
        _("Students"),
        _("Scores"),
        _("The most-missed exercises, and what their tests said"),
        _("Submissions that need a human look"),
    ]
    text = f"""<!DOCTYPE html>
<html lang="{edition()}"><head><meta charset="utf-8">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; color: black; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid {{border}}; padding: 0.3em 0.6em; text-align: left; }}
.chart {{ margin: 1em 0; }}
</style>
<script>{bundle}</script>
</head><body>
<h1>{title}</h1>
<p>{counts}</p>
<h2>{headings[0]}</h2>
{_table(summary["table"][0], summary["table"][1:])}
<h2>{headings[1]}</h2>
{divs}
<h2>{headings[2]}</h2>
{_table(missed_headers, missed_rows)}
{waiting_text}
{editions_text}
<h2>{headings[3]}</h2>
{look_table}
<script>{embeds}</script>
</body></html>
"""
    return text.replace("{border}", PALETTE["neutral"], 1)


def write(root: Path, folder: Path | None = None) -> list[Path]:
    """Write the report (index.html and one PNG per chart); returns the files."""
    import vl_convert as vlc

    root = Path(root).resolve()
    folder = Path(folder) if folder else root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    summary = summarise(root)
    specs = charts(summary)
    written = []
    for name, spec in specs.items():
        path = folder / f"{name}.png"
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))
        written.append(path)
    index = folder / "index.html"
    index.write_text(page(summary, specs, vlc.javascript_bundle()), encoding="utf-8")
    return [index, *written]
