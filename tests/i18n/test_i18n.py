"""The editions' setting, the library's catalog and the Romanian way of writing numbers,
money and dates (``incentives.i18n``), with known strings."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from incentives.i18n import (
    EditionError,
    _,
    date_text,
    edition,
    editions,
    money,
    ngettext,
    number,
    percent,
    pgettext,
    plural_index,
    pofile,
)

LIBRARY_CATALOG = editions.LOCALE / "ro" / "LC_MESSAGES" / "incentives.po"


@pytest.fixture
def romanian(monkeypatch):
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")


def test_the_edition_is_english_unless_set(monkeypatch):
    monkeypatch.delenv("INCENTIVES_EDITION", raising=False)
    assert edition() == "en"
    monkeypatch.setenv("INCENTIVES_EDITION", "")
    assert edition() == "en"
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    assert edition() == "ro"


@pytest.mark.parametrize("value", ["RO", "ro_RO.UTF-8", "fr", " ro"])
def test_an_unknown_edition_is_refused_naming_the_allowed_values(monkeypatch, value):
    monkeypatch.setenv("INCENTIVES_EDITION", value)
    with pytest.raises(EditionError, match=r'INCENTIVES_EDITION=.* set it to "en" or "ro"'):
        edition()
    with pytest.raises(EditionError):
        _("YOUR ANSWER HERE")


def test_messages_are_translated_in_the_romanian_edition_only(monkeypatch):
    monkeypatch.delenv("INCENTIVES_EDITION", raising=False)
    assert _("YOUR ANSWER HERE") == "YOUR ANSWER HERE"
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    assert _("YOUR ANSWER HERE") == "SCRIE RĂSPUNSUL TĂU AICI"
    assert _("a sentence nobody translated") == "a sentence nobody translated"
    assert pgettext("some context", "YOUR ANSWER HERE") == "YOUR ANSWER HERE"


def test_romanian_plural_forms_follow_the_catalog_header():
    header, _entries = pofile.read(LIBRARY_CATALOG)
    assert header["Plural-Forms"] == editions.PLURAL_FORMS["ro"]
    # 1 leu; 0, 2, 19, 101, 119 lei; 20, 100, 1.000, 1.020 de lei
    forms = {n: plural_index(n, "ro") for n in (1, 0, 2, 19, 101, 119, 20, 100, 1000, 1020)}
    assert forms == {1: 0, 0: 1, 2: 1, 19: 1, 101: 1, 119: 1, 20: 2, 100: 2, 1000: 2, 1020: 2}
    assert [plural_index(n, "en") for n in (0, 1, 2)] == [1, 0, 1]


def test_ngettext_picks_the_form_for_the_count(tmp_path, monkeypatch, romanian):
    catalog = tmp_path / "ro" / "LC_MESSAGES" / "incentives.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr "Language: ro\\n"\n\n'
        'msgid "{n} lead"\nmsgid_plural "{n} leads"\n'
        'msgstr[0] "{n} lead"\nmsgstr[1] "{n} leaduri"\nmsgstr[2] "{n} de leaduri"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(editions, "LOCALE", tmp_path)
    editions.catalog.cache_clear()
    try:
        got = [ngettext("{n} lead", "{n} leads", n).format(n=n) for n in (1, 5, 40)]
    finally:
        editions.catalog.cache_clear()
    assert got == ["1 lead", "5 leaduri", "40 de leaduri"]
    monkeypatch.setenv("INCENTIVES_EDITION", "en")
    assert [ngettext("{n} lead", "{n} leads", n) for n in (1, 5)] == ["{n} lead", "{n} leads"]


def test_the_reader_reads_contexts_continuations_escapes_and_skips_fuzzy(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ro\\n"\n\n'
        '#. a note\nmsgctxt "cell-1"\nmsgid ""\n"Two\\n"\n"lines \\"quoted\\""\n'
        'msgstr "Două\\nrânduri"\n\n'
        '#, fuzzy\nmsgid "Old"\nmsgstr "Vechi"\n\n#~ msgid "Gone"\n#~ msgstr "Dus"\n',
        encoding="utf-8",
    )
    header, entries = pofile.read(path)
    assert header == {"Language": "ro"}
    first, fuzzy = entries
    assert (first.context, first.msgid, first.strings) == (
        "cell-1",
        'Two\nlines "quoted"',
        {0: "Două\nrânduri"},
    )
    assert first.translated and fuzzy.fuzzy and not fuzzy.translated


def test_a_line_that_is_not_po_is_refused_with_its_place(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "A"\nmsgstr "B"\nthis is not gettext\n', encoding="utf-8")
    with pytest.raises(pofile.CatalogError, match=r"bad.po:3: not a line of a .po file"):
        pofile.read(path)


def test_the_reader_agrees_with_babel_on_every_shipped_catalog():
    catalogs = [LIBRARY_CATALOG, *sorted((ROOT / "translations").glob("*/*.po"))]
    for path in catalogs:
        with path.open("rb") as handle:
            babel = {
                (m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string
                for m in read_po(handle)
                if m.id
            }
        _header, entries = pofile.read(path)
        ours = {(e.context, e.msgid): e.strings for e in entries}
        assert set(ours) == set(babel), path
        for key, strings in ours.items():
            expected = babel[key]
            expected = list(expected) if isinstance(expected, tuple) else [expected]
            assert [strings[i] for i in sorted(strings)] == expected, (path, key)


def test_numbers_are_written_the_editions_way():
    assert number(1234.5, 1, "ro") == "1.234,5"
    assert number(1234.5, 1, "en") == "1,234.5"
    assert number(1_234_567.891, 2, "ro") == "1.234.567,89"
    assert number(-0.004, 2, "ro") == "0,00"
    assert number(-1200, 0, "ro") == "-1.200"
    assert percent(0.35, language="ro") == "35%"
    assert percent(0.045, 1, "ro") == "4,5%"
    assert percent(0.045, 1, "en") == "4.5%"


def test_money_says_lei_and_euro_in_romanian_with_de_where_romanian_puts_it():
    ro = {
        (1, "RON"): "1 leu",
        (19, "RON"): "19 lei",
        (20, "RON"): "20 de lei",
        (101, "RON"): "101 lei",
        (1234.5, "RON"): "1.234,50 lei",
        (1120, "EUR"): "1.120 de euro",
        (6.5, "EUR"): "6,50 euro",
        (40, "USD"): "40 USD",
    }
    assert {k: money(*k, language="ro") for k in ro} == ro
    assert money(1120, "EUR", language="en") == "EUR 1,120"
    assert money(6.5, "RON", language="en") == "RON 6.50"
    assert money(3200, "EUR", decimals=2, language="ro") == "3.200,00 euro"


def test_the_current_edition_is_used_when_none_is_named(romanian):
    assert number(1234.5, 1) == "1.234,5"
    assert money(45, "RON") == "45 de lei"
    assert date_text(dt.date(2026, 11, 27)) == "27.11.2026"


def test_dates_are_written_the_editions_way():
    day = dt.datetime(2026, 3, 5, 14, 30)
    assert date_text(day, "ro") == "05.03.2026"
    assert date_text(day, "en") == "2026-03-05"


def shipped_catalogs() -> list:
    return [LIBRARY_CATALOG, *sorted((ROOT / "translations").glob("*/*.po"))]


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: p.name)
def test_gnu_gettext_accepts_every_shipped_catalog(path, tmp_path):
    from conftest import require_program

    msgfmt = require_program("msgfmt", "gettext")
    run = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "x.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "error" not in run.stderr, run.stderr


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: p.name)
def test_writing_a_catalog_read_back_gives_the_same_file(path, tmp_path):
    header, entries = pofile.read(path)
    comment = "\n".join(
        line[2:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")
    )
    pofile.write(tmp_path / "copy.po", header, entries, comment)
    assert (tmp_path / "copy.po").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_the_english_a_fuzzy_entry_was_translated_from_survives_a_round_trip(tmp_path):
    entry = pofile.Entry("cell-1", "New\nEnglish", strings={0: "Vechi"}, flags={"fuzzy"})
    entry.previous = 'Old "English"\n  indented\n'
    pofile.write(tmp_path / "x.po", {"Language": "ro"}, [entry])
    text = (tmp_path / "x.po").read_text(encoding="utf-8")
    assert '#| msgctxt "cell-1"\n#| msgid ""\n#| "Old \\"English\\"\\n"\n' in text
    (read,) = pofile.read(tmp_path / "x.po")[1]
    assert read == entry and not read.translated


def test_charts_get_vegas_romanian_locale_and_none_in_english():
    from incentives.i18n import vega_locale

    assert vega_locale("en") is None
    ro = vega_locale("ro")
    assert ro["number"] == {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", " lei"],
    }
    assert ro["time"]["date"] == "%d.%m.%Y"  # 27.11.2026
    assert len(ro["time"]["months"]) == 12 and len(ro["time"]["days"]) == 7
    ro["number"]["decimal"] = "?"
    assert vega_locale("ro")["number"]["decimal"] == ","  # a fresh copy each time


def test_formatted_writes_a_python_format_with_the_editions_marks():
    from incentives.i18n import formatted

    assert formatted(0.125, ".1%", "ro") == "12,5%"
    assert formatted(1234.5, ",.2f", "ro") == "1.234,50"
    assert formatted(1234.5, ",.2f", "en") == "1,234.50"
    assert formatted(3000, "d", "ro") == "3000"


def calls_inside_fstrings(path) -> list[int]:
    """The lines where ``_``, ``N_``, ``ngettext`` or ``pgettext`` is called inside an
    f-string's braces, where the extractor cannot see it."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in ("_", "N_", "ngettext", "pgettext")
                ):
                    found.append(inner.lineno)
    return found


def test_no_library_string_is_marked_inside_an_f_string(tmp_path):
    """Babel reads an f-string as one token: a string marked inside it would never reach the
    catalog, and would show in English in every edition."""
    bad = tmp_path / "bad.py"
    bad.write_text("x = f\"<b>{_('Oops')}</b>\"\n", encoding="utf-8")
    assert calls_inside_fstrings(bad) == [1]
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "src" / "incentives").rglob("*.py"))
        if (lines := calls_inside_fstrings(path))
    }
    assert found == {}
