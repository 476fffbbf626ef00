"""The glossary's check: one Romanian word per business term, and Romanian letters.

``docs/glossary.md`` fixes each term of the course (lead, cost per lead, close rate...) in
a table: its English forms, the Romanian forms a translation may use, and the words it must
never use. :func:`problems` reads a cell's English and its translation as a reader sees them
(:func:`prose`) and says where the translation strays.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

GLOSSARY = Path("docs") / "glossary.md"
# The cedilla letters old keyboards type for Romanian's comma-below ș and ț.
CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}


@dataclass(frozen=True)
class Term:
    """One row of the glossary."""

    english: tuple[str, ...]
    romanian: tuple[str, ...]
    never: tuple[str, ...]


def terms(root: Path) -> list[Term]:
    """The glossary's terms, from the table under ``## Terms`` in ``docs/glossary.md``
    (none when the course has no glossary)."""
    path = Path(root) / GLOSSARY
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8").split("\n## Terms", 1)[-1].split("\n## ", 1)[0]
    found = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "") or set(cells[0]) <= {"-", " "}:
            continue
        english, romanian, never = (
            tuple(w.strip() for w in c.split(",") if w.strip() and w.strip() != "-") for c in cells
        )
        found.append(Term(english, romanian, never))
    return found


def prose(text: str, cell_type: str) -> str:
    """What a reader reads of a cell: a markdown cell without its code and link targets; a
    code cell's comments and its string literals with a space in them."""
    if cell_type == "markdown":
        text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
        text = re.sub(r"`[^`]*`", " ", text)
        text = re.sub(r"<https?://[^>]*>|\]\([^)]*\)", " ", text)
        return " ".join(text.split())  # a term broken over two lines is still the term
    try:
        words = [
            token.string.lstrip("#")
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT
        ]
        tree = ast.parse(text)
    except (SyntaxError, tokenize.TokenError):
        return ""  # not plain Python: the code check reports it
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
            words.append(node.value)
    return " ".join(" ".join(words).split())


def _uses(words: tuple[str, ...], text: str) -> list[str]:
    """The words of ``words`` that ``text`` uses as whole words, whatever their case."""
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]


def cedilla(text: str) -> list[str]:
    """Each cedilla letter in ``text`` with the letter to use instead."""
    return [
        f"{bad!r} (write {good!r}, with a comma below)"
        for bad, good in CEDILLA.items()
        if bad in text
    ]


def problems(glossary: list[Term], english: str, translation: str, cell_type: str) -> list[str]:
    """Where a cell's translation departs from the glossary or writes cedilla letters.

    Args:
        glossary: The terms (:func:`terms`).
        english: The cell's English.
        translation: Its Romanian.
        cell_type: "markdown" or "code".

    Returns:
        One sentence per problem; empty when the translation keeps to the glossary.
    """
    ours, theirs = prose(english, cell_type), prose(translation, cell_type)
    found = [f"a cedilla letter: {letter}" for letter in cedilla(translation)]
    for term in glossary:
        if _uses(term.english, ours) and not _uses(term.romanian, theirs):
            found.append(
                f"the English says {term.english[0]!r}: the glossary's word is "
                f"{term.romanian[0]!r} (or a form of it: {', '.join(term.romanian[1:])})"
            )
        for word in _uses(term.never, theirs):
            found.append(
                f"{word!r} is not the glossary's word for {term.english[0]!r}: "
                f"use {term.romanian[0]!r}"
            )
    return found
