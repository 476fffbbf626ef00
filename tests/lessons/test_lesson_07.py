"""Lesson 07 (the class's results): the model figures its prose quotes are recomputed from
the model; it reads the export an instructor names; and on a fresh export of the game's bots
its solutions score full marks and the unmodified lesson nothing."""

from __future__ import annotations

import os
import re
import subprocess

import nbformat
import pytest
from conftest import ROOT, execute, missing

from incentives.data.class_results import (
    ENVIRONMENT_VARIABLE,
    load_class_results,
)
from incentives.model.build import company_x
from incentives.model.decisions import best_hours, play

LESSON = "07-class-results"
SOLUTION = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
STUDENT = ROOT / "lessons" / LESSON / f"{LESSON}.ipynb"
RUBRIC = ROOT / "grading" / "rubrics" / f"{LESSON}.md"
GAME_PYTHON = ROOT / ".venv-game" / "bin" / "python"
SAMPLE_TOOL = ROOT / "tools" / "class_sample.py"


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(SOLUTION, as_version=4)


def prose(nb) -> str:
    """Every markdown cell (the sample written answer included), sentences unwrapped."""
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"\s+", " ", text)


def eur(value: float) -> str:
    return f"EUR {round(value):,}"


def test_the_prose_and_the_rubric_quote_the_models_figures(notebook):
    """Company X as it runs today: both departments meet their targets, the firm misses its
    own; a cooperative firm earns more and marketing misses. Recomputed here."""
    company = company_x()
    today = company.outcome()
    targets = company.targets
    assert today.leads >= targets.leads and today.cost_per_lead_eur <= targets.cost_per_lead_eur
    assert today.revenue_eur >= targets.revenue_eur > 0
    assert today.profit_eur < targets.profit_eur

    small = company.categories[-1]
    cooperative = {
        c.name: 0.0 if company.campaign_category(c) == small else c.budget_eur
        for c in company.campaigns
    }
    firm = play(company, cooperative, best_hours(company, cooperative, chooser="company"))
    assert firm.leads < targets.leads  # marketing misses its own targets
    parts = sum(c.budget_eur for c in company.campaigns if company.campaign_category(c) == small)

    text = prose(notebook)
    rubric = re.sub(r"\s+", " ", RUBRIC.read_text(encoding="utf-8"))
    quoted = [
        f"{today.leads:.0f} leads at EUR {today.cost_per_lead_eur:.2f}",
        eur(today.revenue_eur),
        eur(today.profit_eur),
        eur(targets.profit_eur),
        eur(parts),
    ]
    assert [q for q in quoted if q not in text] == []
    assert [q for q in quoted if q not in rubric] == []
    assert eur(firm.profit_eur) in text
    assert f"(Company X: {targets.leads:.0f})" in text
    assert f"(EUR {targets.cost_per_lead_eur:.0f})" in text
    assert f"(EUR {targets.revenue_eur:,.0f})" in text


def test_the_lesson_reads_the_export_its_environment_names(notebook):
    """One cell reads the export: INCENTIVES_CLASS_RESULTS' file, or else the sample."""
    loading = [c.source for c in notebook.cells if "load_class_results(" in c.source]
    (cell,) = [source for source in loading if "EXPORT =" in source]
    assert f'os.environ.get("{ENVIRONMENT_VARIABLE}") or sample_path()' in cell
    assert ENVIRONMENT_VARIABLE.startswith("INCENTIVES_")  # the sandbox lets it through


def scores(nb) -> list[tuple[str, float, float]]:
    """(grade_id, score, max) of each autograded cell of an executed notebook, as nbgrader
    scores it."""
    from nbgrader.utils import determine_grade

    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            score, most = determine_grade(cell)
            found.append((meta["grade_id"], score, most))
    return found


def with_hidden_tests(lesson, folder):
    """A copy of the student's lesson with its locked cells as the solution has them, hidden
    tests included: what nbgrader's autograde runs."""
    solution = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nbformat.read(SOLUTION, as_version=4).cells
        if c.get("metadata", {}).get("nbgrader", {}).get("locked")
    }
    nb = nbformat.read(lesson, as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in solution:
            cell.source = solution[grade_id]
    path = folder / lesson.name
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def fresh_export(tmp_path_factory):
    """A class of six bot firms, played through oTree's bot runner by the game's own tool."""
    if not GAME_PYTHON.exists():
        missing(".venv-game is not set up (make .venv-game/.installed-game)")
    out = tmp_path_factory.mktemp("class") / "fresh.csv"
    done = subprocess.run(
        [str(GAME_PYTHON), str(SAMPLE_TOOL), str(out), "--firms", "6", "--seed", "7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"tools/class_sample.py failed:\n{done.stderr[-2000:]}"
    return out


@pytest.mark.slow
def test_on_a_fresh_bot_export_solutions_score_full_marks_and_the_lesson_none(
    fresh_export, monkeypatch, tmp_path
):
    results = load_class_results(fresh_export)
    assert results.groupby(["session", "firm"]).ngroups == 6
    assert set(results["phase"]) == {1, 2}
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(fresh_export))
    assert os.environ[ENVIRONMENT_VARIABLE] == str(fresh_export)

    solved = execute(SOLUTION, allow_errors=True)
    shown = "".join(
        str(o.get("data", {}).get("text/plain", ""))
        for c in solved.cells
        for o in c.get("outputs", [])
    )
    assert str(results["session"].iloc[0]) in shown, "the notebook did not read the fresh export"
    graded = scores(solved)
    assert graded and all(score == most for _, score, most in graded), graded

    blank = execute(with_hidden_tests(STUDENT, tmp_path), allow_errors=True)
    assert [(g, s) for g, s, _ in scores(blank) if s != 0] == []
