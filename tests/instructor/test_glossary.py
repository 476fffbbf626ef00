"""The glossary (docs/glossary.md) fixes one Romanian word per business term; the Romanian
catalogs use it, never its listed alternatives, and write ș and ț with a comma below."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from incentives.i18n import pofile
from incentives.instructor import catalogs, glossary, translated_lessons

TERMS = glossary.terms(ROOT)
REQUIRED = [
    "lead",
    "cost per lead",
    "close rate",
    "scorecard",
    "commission",
    "common criteria",
    "target",
    "bonus",
    "lead source",
    "conversion",
    "revenue",
    "profit",
    "campaign",
    "gross margin",
]


def test_the_glossary_fixes_each_business_term_once():
    heads = [t.english[0] for t in TERMS]
    assert set(REQUIRED) <= set(heads)
    assert len(heads) == len(set(heads))
    for term in TERMS:
        assert term.romanian, term
        assert not set(term.romanian) & set(term.never), term
    words = [w.lower() for t in TERMS for w in t.romanian]
    assert len(words) == len(set(words)), "a Romanian form belongs to two terms"


def test_the_glossary_writes_romanian_with_comma_below_letters():
    text = (ROOT / glossary.GLOSSARY).read_text(encoding="utf-8")
    table = text.split("## Terms", 1)[1]
    assert glossary.cedilla(table) == []
    assert "ș" in table and "ț" in table


@pytest.mark.parametrize("lesson", translated_lessons.translated_lessons(ROOT))
def test_every_translated_cell_uses_the_glossarys_words(lesson):
    english = {u.cell_id: u for u in catalogs.units(catalogs.notebook_of(ROOT, lesson))}
    strays = {}
    for entry in catalogs.read(catalogs.catalog_path(ROOT, lesson)):
        unit = english.get(entry.context)
        if unit is not None and entry.strings.get(0):
            found = glossary.problems(TERMS, unit.english, entry.strings[0], unit.cell_type)
            if found:
                strays[entry.context] = found
    assert strays == {}


PLACEHOLDER = re.compile(r"\{\w*\}")


def library_translations() -> list[tuple[pofile.Entry, str, str]]:
    """Each translation in the library's catalog with the English it translates: the
    library's words and the classroom game's pages (game/conflict/texts.py), which read
    theirs there too. A ``{placeholder}`` is no word of either."""
    _header, entries = pofile.read(translated_lessons.library_catalog_path(ROOT))
    return [
        (
            entry,
            PLACEHOLDER.sub(" ", entry.msgid if form == 0 else entry.plural or entry.msgid),
            PLACEHOLDER.sub(" ", text),
        )
        for entry in entries
        for form, text in sorted(entry.strings.items())
        if text
    ]


def test_the_library_and_the_games_romanian_use_the_glossarys_words():
    translations = library_translations()
    places = {ref.split("/")[0] for entry, _en, _ro in translations for ref in entry.references}
    assert {"src", "game"} <= places  # the game's texts are among those checked
    strays = {
        entry.msgid: found
        for entry, english, romanian in translations
        if (found := glossary.problems(TERMS, english, romanian, "markdown"))
    }
    assert strays == {}


def test_a_library_string_off_the_glossary_is_reported():
    english, romanian = (PLACEHOLDER.sub(" ", t) for t in ("{n} leads", "{n} prospecți"))
    missing, wrong = glossary.problems(TERMS, english, romanian, "markdown")
    assert "the glossary's word is 'lead'" in missing
    assert "'prospecți' is not the glossary's word for 'lead'" in wrong


def test_no_catalog_writes_a_cedilla_letter():
    paths = [translated_lessons.library_catalog_path(ROOT), *ROOT.glob("translations/*/*.po")]
    for path in paths:
        for entry in pofile.read(path)[1]:
            for text in entry.strings.values():
                assert glossary.cedilla(text) == [], (path.name, entry.context or entry.msgid)


# --- the check finds what it should ----------------------------------------------------------


def test_an_alternative_a_missing_term_and_a_cedilla_are_each_reported():
    found = glossary.problems(
        TERMS, "The close rate of a campaign.", "Rata de succes a unei campanii.", "markdown"
    )
    assert len(found) == 2
    assert "glossary's word is 'rată de închidere'" in found[0]
    assert "'rata de succes' is not the glossary's word for 'close rate'" in found[1]
    cedilla, missing = glossary.problems(TERMS, "A target.", "O ţintă.", "markdown")
    assert "'ţ' (write 'ț', with a comma below)" in cedilla
    assert "glossary's word is 'țintă'" in missing  # a cedilla ţintă is not the word


def test_a_term_counts_across_a_line_break_and_any_case_but_not_inside_code():
    assert (
        glossary.problems(
            TERMS, "Sales and\ngross\nmargin.", "Vânzările și marja\nbrută.", "markdown"
        )
        == []
    )
    assert (
        glossary.problems(TERMS, "The `lead_source` column.", "Coloana `lead_source`.", "markdown")
        == []
    )
    code = 'x = 1  # the target\nprint("the revenue is")\n'
    romanian = 'x = 1  # ținta\nprint("veniturile sunt")\n'
    assert glossary.problems(TERMS, code, romanian, "code") == []
    missing, wrong = glossary.problems(TERMS, code, romanian.replace("ținta", "targetul"), "code")
    assert "glossary's word is 'țintă'" in missing
    assert "'targetul' is not the glossary's word for 'target'" in wrong


def test_the_translators_check_reports_a_cell_that_strays(tmp_path):
    import shutil

    lesson = "00-start-here"
    shutil.copytree(ROOT / "solutions" / lesson, tmp_path / "solutions" / lesson)
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / glossary.GLOSSARY, tmp_path / glossary.GLOSSARY)
    assert catalogs.problems(tmp_path, lesson) == []
    path = catalogs.catalog_path(tmp_path, lesson)
    entries = catalogs.read(path)
    entry = next(e for e in entries if e.context == "first-lab")
    entry.strings[0] = entry.strings[0].replace("costul per lead", "costul pe lead")
    catalogs.write(entries, path, lesson, "ro")
    (problem,) = catalogs.problems(tmp_path, lesson)
    assert (problem.cell_id, problem.kind) == ("first-lab", "glossary")
    assert "'costul pe lead' is not the glossary's word" in problem.describe()
