"""English left where Romanian should be: the check the Romanian edition's browser tests
run over what a page shows, against the catalogs (an English text of a translated entry
that shows on a Romanian page is untranslated there)."""

from __future__ import annotations

import re

from conftest import ROOT

from incentives.i18n import pofile
from incentives.site import words

LIBRARY_CATALOG = ROOT / "src" / "incentives" / "i18n" / "locale" / "ro" / "LC_MESSAGES"
# Words the two languages share (the glossary's borrowed terms, units, names): never proof
# of an untranslated text on their own.
SHARED = re.compile(r"^(lead|leads|EUR|RON|%|JupyterLab|Python|marketing|bonus)$", re.I)


def english_fragments() -> list[str]:
    """The English of every translated entry of the library's catalog, cut at its
    placeholders into fragments of at least two words (or one word of 5 letters or more),
    leaving out those any Romanian translation also holds (a shared word is no sign of
    English)."""
    _header, entries = pofile.read(LIBRARY_CATALOG / "incentives.po")
    translated = [e for e in entries if e.translated]
    romanian = " ".join(text for e in translated for text in e.strings.values())
    found = set()
    for entry in translated:
        for english in filter(None, (entry.msgid, entry.plural)):
            for part in re.split(r"\{[^}]*\}|[():;,.!?·\n]", english):
                part = part.strip()
                words_in = re.findall(r"[A-Za-z]+", part)
                if not words_in or all(SHARED.match(w) for w in words_in):
                    continue
                if len(words_in) < 2 and len(part) < 5:
                    continue
                if re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", romanian):
                    continue
                found.add(part)
    return sorted(found, key=len, reverse=True)


def english_in(texts: list[str], fragments: list[str]) -> list[tuple[str, str]]:
    """``(fragment, text)`` for each English fragment found, as whole words, in a text."""
    found = []
    for text in texts:
        for part in fragments:
            if re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", text):
                found.append((part, text[:160]))
    return found


def site_english() -> list[str]:
    """The reading site's own English words (incentives.site.words), in fragments longer than
    12 characters, but the language switch's own, which is English on purpose."""
    return [
        part.strip()
        for key, text in words.WORDS["en"].items()
        if key not in ("switch_text", "language_name", "site_title")
        for part in re.split(r"<[^>]+>|\{\w+\}|[.;:,]", text)
        if len(part.strip()) > 12
    ]
