"""The translated edition's machinery (``course translations``): catalogs keyed by cell id
and holding the English they translate, stale and missing entries reported with both
texts, code cells whose translation may change only comments and text, and the Romanian
lesson built from them. Fast: no kernel runs here (tests/instructor/test_romanian_lesson.py
runs and grades the built lesson)."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.i18n import pofile
from incentives.instructor import catalogs, code_translation, translated_lessons

LESSON = "00-start-here"


def translated_lesson_ids() -> list[str]:
    return translated_lessons.translated_lessons(ROOT)


@pytest.fixture
def course(tmp_path):
    """A course holding lesson 00 and its Romanian catalog, as the repository has them."""
    shutil.copytree(ROOT / "solutions" / LESSON, tmp_path / "solutions" / LESSON)
    (tmp_path / "grading").mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", tmp_path / "grading")
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    return tmp_path


def edit_cell(course, cell_id: str, change) -> str:
    """Apply ``change`` to the source of an English cell; returns the new source."""
    path = catalogs.notebook_of(course, LESSON)
    notebook = nbformat.read(path, as_version=4)
    (cell,) = [c for c in notebook.cells if c.id == cell_id]
    cell.source = change(cell.source)
    nbformat.write(notebook, path)
    return cell.source


def set_translation(course, cell_id: str, text: str) -> None:
    path = catalogs.catalog_path(course, LESSON)
    entries = catalogs.read(path)
    (entry,) = [e for e in entries if e.context == cell_id]
    entry.strings = {0: text}
    catalogs.write(entries, path, LESSON, "ro")


def check(course, capsys) -> tuple[int, str]:
    """What `make translations` runs (`course translations check`), on ``course``."""
    status = cli.main(["--root", str(course), "translations", "check"])
    return status, capsys.readouterr().out


# --- the repository's own catalogs ---------------------------------------------------------


def test_the_romanian_edition_holds_lesson_00_at_least():
    assert LESSON in translated_lesson_ids()


@pytest.mark.parametrize("lesson", translated_lesson_ids())
def test_every_translated_lesson_is_complete_and_current(lesson):
    """A stale, missing or refused entry of a translated lesson fails here."""
    problems = catalogs.problems(ROOT, lesson)
    assert problems == [], "\n\n".join(p.describe() for p in problems)


def test_every_library_string_is_translated():
    problems = translated_lessons.library_problems(ROOT)
    assert problems == [], "\n\n".join(p.describe() for p in problems)


def test_make_translations_lists_a_stale_and_a_missing_entry_and_fails(
    make, venv_made_by_make, course
):
    """`make translations` itself, run in a copy of the course: one English cell changed,
    one Romanian entry emptied."""
    for name in ("Makefile", "course.mk"):
        shutil.copy(ROOT / name, course / name)
    edit_cell(course, "first-lab-table", lambda s: s.replace("Reset", "Start again"))
    set_translation(course, "summary", "")
    environment = venv_made_by_make / "bin"
    run = subprocess.run(
        [make, "-s", "translations", f"BIN={environment}", "LAB_STAMP="],
        cwd=course,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0, run.stdout
    assert f"{LESSON}: cell first-lab-table: stale" in run.stdout
    assert f"{LESSON}: cell summary: missing" in run.stdout
    assert "Start again" in run.stdout and "Cifrele laboratorului" in run.stdout
    assert "2 translation problem(s)" in run.stdout


# --- stale and missing -----------------------------------------------------------------------


def test_a_changed_english_cell_is_stale_and_an_empty_entry_missing_both_listed(course, capsys):
    assert check(course, capsys)[0] == 0  # lesson 00 as committed: complete and current
    old = catalogs.units(catalogs.notebook_of(course, LESSON))
    before = next(u.english for u in old if u.cell_id == "first-lab-table")
    after = edit_cell(course, "first-lab-table", lambda s: s.replace("Reset", "Start again"))
    set_translation(course, "summary", "")

    status, out = check(course, capsys)
    assert status == 1
    stale, missing = out.split("\n\n")[:2]
    assert stale.startswith(f"{LESSON}: cell first-lab-table: stale")
    assert "English it was translated from:\n  | " + before.splitlines()[0] in stale
    assert "Start again" in after and "Start again" in stale  # the English now
    assert "Cifrele laboratorului" in stale  # the Romanian to revise
    assert missing.startswith(f"{LESSON}: cell summary: missing")
    assert "  | ## Summary" in missing
    assert "2 translation problem(s)" in out
    with pytest.raises(translated_lessons.TranslationIncomplete, match="first-lab-table"):
        translated_lessons.build_solution(course, LESSON, course / "build")


def test_a_lesson_without_a_catalog_counts_as_untranslated(course, capsys):
    catalogs.catalog_path(course, LESSON).unlink()
    status, out = check(course, capsys)
    assert status == 1
    assert f"{LESSON}: not translated yet (18 cells" in out


def test_update_keeps_translations_adds_new_cells_drops_gone_ones_marks_changed_fuzzy(course):
    path = catalogs.notebook_of(course, LESSON)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [c for c in notebook.cells if c.id != "further-reading"]
    notebook.cells.append(nbformat.v4.new_markdown_cell("## A new part", id="new-part"))
    nbformat.write(notebook, path)
    before = edit_cell(course, "summary", lambda s: s)
    edit_cell(course, "summary", lambda s: s + "\n\nOne more line.")

    assert catalogs.update(course, LESSON) == {"added": 1, "stale": 1, "dropped": 1}
    entries = {e.context: e for e in catalogs.read(catalogs.catalog_path(course, LESSON))}
    assert "further-reading" not in entries
    assert (entries["new-part"].msgid, entries["new-part"].strings) == ("## A new part", {0: ""})
    summary = entries["summary"]
    assert summary.fuzzy and summary.previous == before == catalogs.translated_from_of(summary)
    assert summary.msgid.endswith("One more line.")
    assert summary.strings[0].startswith("## Rezumat")
    assert entries["title"].strings[0].startswith("# 00 · Începe aici")  # the others kept
    kinds = {p.cell_id: p.kind for p in catalogs.problems(course, LESSON)}
    assert kinds == {"summary": "stale", "new-part": "missing"}
    stale = next(p for p in catalogs.problems(course, LESSON) if p.kind == "stale")
    assert stale.translated_from == before  # still shown after update, from its #| lines
    # A second update changes nothing.
    text = catalogs.catalog_path(course, LESSON).read_text(encoding="utf-8")
    assert catalogs.update(course, LESSON) == {"added": 0, "stale": 0, "dropped": 0}
    assert catalogs.catalog_path(course, LESSON).read_text(encoding="utf-8") == text


# --- code cells: only comments and text ------------------------------------------------------

ENGLISH = '''def f(x):
    """Return the cost."""
    ### BEGIN SOLUTION
    return x / 2  # half
    ### END SOLUTION
table = {"budget_eur": 1}
print(f"{x:,.0f} leads a month")
'''


def romanian(english: str = ENGLISH) -> str:
    return (
        english.replace("Return the cost.", "Întoarce costul.")
        .replace("# half", "# jumătate")
        .replace("leads a month", "de leaduri pe lună")
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s.replace("x / 2", "x / 3"), "code differs from the English"),
        (lambda s: s.replace('"budget_eur"', '"buget"'), "'budget_eur' has no space"),
        (lambda s: s.replace(",.0f", ",.1f"), "',.0f' has no space"),
        (lambda s: s.replace("    ### END SOLUTION\n", ""), "code differs from the English"),
        (
            lambda s: s.replace("    ### BEGIN SOLUTION\n", "").replace(
                "    return", "    ### BEGIN SOLUTION\n    if x:\n        pass\n    return"
            ),
            "code differs from the English",
        ),
        (lambda s: s.replace("def f(x):", "def f(x:"), "not valid Python"),
    ],
)
def test_a_translation_that_changes_code_is_refused(change, reason):
    assert code_translation.code_changes(ENGLISH, romanian()) == []
    (found,) = code_translation.code_changes(ENGLISH, change(romanian()))
    assert reason in found


def test_a_code_cell_needs_translating_only_for_comments_or_sentences():
    assert code_translation.has_text(ENGLISH)
    assert code_translation.has_text("x = 1  # one")
    assert not code_translation.has_text('lab.settings = {"budget_eur": 5_000}\nlab.table')
    assert not code_translation.has_text("x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION")


def test_a_refused_code_translation_is_reported_and_not_built(course):
    set_translation(
        course, "cost-per-lead-answer", "def cost_per_lead(budget_eur, leads):\n    return 0"
    )
    (problem,) = catalogs.problems(course, LESSON)
    assert (problem.cell_id, problem.kind) == ("cost-per-lead-answer", "refused")
    assert "code differs from the English" in problem.describe()
    with pytest.raises(translated_lessons.TranslationIncomplete, match="refused"):
        translated_lessons.build_solution(course, LESSON, course / "build")


# --- the built notebook ----------------------------------------------------------------------


def test_the_built_notebook_keeps_every_cell_id_metadata_and_its_code(course):
    built = translated_lessons.build_solution(course, LESSON, course / "build")
    assert built == course / "build" / "solutions" / "00-start-here-ro" / "00-start-here-ro.ipynb"
    english = nbformat.read(catalogs.notebook_of(course, LESSON), as_version=4)
    translated = nbformat.read(built, as_version=4)
    assert translated.metadata["incentives"] == {"edition": "ro", "translated_from": LESSON}
    assert [(c.id, c.cell_type, c.metadata) for c in translated.cells] == [
        (c.id, c.cell_type, c.metadata) for c in english.cells
    ]
    changed = 0
    for ours, theirs in zip(english.cells, translated.cells, strict=True):
        if ours.cell_type == "code":
            assert code_translation.code_changes(ours.source, theirs.source) == []
        changed += ours.source != theirs.source
    assert changed == 18  # every cell with words in it
    graded = [c for c in translated.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert {c.metadata["nbgrader"]["grade_id"] for c in graded} == {
        "cost_per_lead_visible",
        "cost_per_lead_hidden",
        "lose_money_reflection",
    }


def test_build_needs_a_known_lesson_and_names_the_assignment_after_the_language():
    assert translated_lessons.assignment_id("04b-the-claim", "ro") == "04b-the-claim-ro"
    assert translated_lessons.languages() == ("ro",)


# --- the library's catalog ---------------------------------------------------------------------


def library(tmp_path, code: str):
    """A source tree holding one module of ``code`` and the library's Romanian catalog."""
    module = tmp_path / "src" / "incentives" / "labs" / "shown.py"
    module.parent.mkdir(parents=True)
    module.write_text(code, encoding="utf-8")
    catalog = translated_lessons.library_catalog_path(tmp_path)
    catalog.parent.mkdir(parents=True)
    return catalog


def fill(catalog, translations: dict) -> None:
    header, entries = pofile.read(catalog)
    for entry in entries:
        value = translations[entry.msgid]
        entry.strings = dict(enumerate(value)) if isinstance(value, list) else {0: value}
    pofile.write(catalog, header, entries)


def test_update_finds_the_librarys_marked_strings_and_check_wants_them_translated(tmp_path):
    code = (
        "from incentives.i18n import N_, _, ngettext\n"
        'LABEL = N_("Budget (EUR)")\n'
        "def shown(n):\n"
        '    return _("Profit: {amount}"), ngettext("{n} lead", "{n} leads", n)\n'
    )
    catalog = library(tmp_path, code)
    assert translated_lessons.update_library(tmp_path) == {"added": 3, "stale": 0, "dropped": 0}
    missing = translated_lessons.library_problems(tmp_path)
    assert [(p.kind, p.english) for p in missing] == [
        ("missing", "Budget (EUR)"),
        ("missing", "Profit: {amount}"),
        ("missing", "{n} lead"),
    ]
    assert missing[0].describe().startswith("library src/incentives/labs/shown.py: missing")
    fill(
        catalog,
        {
            "Budget (EUR)": "Buget (euro)",
            "Profit: {amount}": "Profit: {suma}",
            "{n} lead": ["{n} lead", "{n} leaduri", "{n} de leaduri"],
        },
    )
    (refused,) = translated_lessons.library_problems(tmp_path)
    assert (refused.kind, refused.english) == ("refused", "Profit: {amount}")
    assert "placeholders ['suma'] are not the English's ['amount']" in refused.reason
    # The English changes a little: the old translation is kept, marked stale.
    (tmp_path / "src" / "incentives" / "labs" / "shown.py").write_text(
        code.replace("Budget (EUR)", "Budget (in EUR)"), encoding="utf-8"
    )
    assert translated_lessons.update_library(tmp_path) == {"added": 0, "stale": 1, "dropped": 0}
    stale = next(p for p in translated_lessons.library_problems(tmp_path) if p.kind == "stale")
    assert (stale.english, stale.translated_from) == ("Budget (in EUR)", "Budget (EUR)")
    assert stale.translation == "Buget (euro)"


def test_a_cell_that_is_not_plain_python_must_stay_as_it_is():
    magic = "%timeit sum(range(10))  # how long it takes"
    assert code_translation.has_text(magic)
    assert code_translation.code_changes(magic, magic) == []
    (found,) = code_translation.code_changes(magic, "%timeit sum(range(10))  # cât durează")
    assert "not plain Python" in found


def test_a_broken_catalog_is_reported_in_one_line(course, capsys):
    catalogs.catalog_path(course, LESSON).write_text('msgid "A"\nnonsense\n', encoding="utf-8")
    assert cli.main(["--root", str(course), "translations", "check"]) == 2
    assert "00-start-here.po:2: not a line of a .po file" in capsys.readouterr().err
