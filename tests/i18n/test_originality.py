"""The originality rule: the Romanian edition shares at most 8 words in a row with the
original article outside quotation marks.

The repository holds no word of the article: tools/originality.py hashed each of its
9-word windows into tests/fixtures/article-shingles.txt, and these tests hash each 9-word
window of every Romanian text the course ships (each translation of every catalog; any
other Romanian file: a README, the site's pages), with what it puts in quotation marks
(„...”, "...") taken out, and look each up there.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import ROOT

from incentives.i18n import pofile
from tools import originality

ARTICLE = originality.read_fixture()
# A Romanian file the course ships: in a folder "ro", or named *.ro.* / *-ro.* / *_ro.*.
ROMANIAN_PATH = re.compile(r"(^|/)ro/|[-._]ro\.[a-z]+$")
TEXT_SUFFIXES = (".po", ".md", ".html", ".txt", ".rst", ".ipynb", ".json", ".py", ".yml")


def romanian_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return sorted(
        path
        for path in listed
        if ROMANIAN_PATH.search(path) and path.endswith(TEXT_SUFFIXES) and (ROOT / path).is_file()
    )


def texts_of(path: str) -> list[tuple[str, str]]:
    """A file's Romanian texts: each translation of a catalog, or the whole file."""
    if path.endswith(".po"):
        _header, entries = pofile.read(ROOT / path)
        return [
            (entry.context or entry.msgid[:40], text)
            for entry in entries
            for text in entry.strings.values()
            if text
        ]
    return [(path, (ROOT / path).read_text(encoding="utf-8"))]


def test_the_fixture_holds_the_articles_runs_as_hashes_only():
    assert len(ARTICLE) > 500  # a whole article's windows, not a handful
    assert all(re.fullmatch(r"[0-9a-f]{16}", digest) for digest in ARTICLE)


def test_the_shipped_romanian_files_are_found():
    files = romanian_files()
    assert "src/incentives/i18n/locale/ro/LC_MESSAGES/incentives.po" in files
    assert "translations/ro/00-start-here.po" in files


@pytest.mark.parametrize("path", romanian_files())
def test_no_romanian_text_shares_9_words_in_a_row_with_the_article(path):
    shared = {
        where: runs
        for where, text in texts_of(path)
        if (runs := originality.shared_runs(text, ARTICLE))
    }
    assert shared == {}, "retell these in the course's words, or quote them „...” with a source"


# --- the check finds what it should ----------------------------------------------------------

PLANTED = "Tabloul de bord al echipei arată clar ținta lunii acesteia, mereu."


def planted_fixture(tmp_path) -> set[str]:
    """A copy of the fixture with one 9-word run added (as if the article had it)."""
    copy = tmp_path / "article-shingles.txt"
    run = originality.words(PLANTED)[:9]
    text = originality.FIXTURE.read_text(encoding="utf-8")
    copy.write_text(text + originality.shingle_hash(run) + "\n", encoding="utf-8")
    return originality.read_fixture(copy)


def test_a_planted_9_word_run_is_caught_whatever_its_case_accents_and_commas(tmp_path):
    hashes = planted_fixture(tmp_path)
    text = "Iată: TABLOUL de bord, al echipei; arata clar tinta lunii acesteia, mereu!"
    (run,) = originality.shared_runs(f"Începutul. {text}", hashes)
    assert run == "tabloul de bord al echipei arata clar tinta lunii"
    assert originality.shared_runs(text, ARTICLE) == []  # the real article has no such run


def test_8_words_in_a_row_pass_and_a_quotation_does_not_count(tmp_path):
    hashes = planted_fixture(tmp_path)
    eight = "Tabloul de bord al echipei arată clar ținta altei luni."
    assert originality.shared_runs(eight, hashes) == []
    for quoted in (f"Articolul spune „{PLANTED}” (sursa).", f'Articolul spune "{PLANTED}".'):
        assert originality.shared_runs(quoted, hashes) == []
        assert originality.shared_runs(quoted.replace("„", "").replace('"', ""), hashes)


def test_the_tool_writes_a_fixture_of_hashes_from_a_text_file(tmp_path):
    source = tmp_path / "text.txt"
    source.write_text("unu doi trei patru cinci șase șapte opt nouă zece", encoding="utf-8")
    output = tmp_path / "shingles.txt"
    assert originality.main([str(source), "--output", str(output)]) == 0
    hashes = originality.read_fixture(output)
    assert len(hashes) == 2  # two 9-word windows of 10 words
    assert "unu" not in output.read_text(encoding="utf-8")
    assert originality.shared_runs("Unu, doi, trei, patru, cinci, sase, sapte, opt, noua.", hashes)
