"""The lessons' translation catalogs: one gettext ``.po`` file per lesson and language.

``translations/ro/00-start-here.po`` holds, for each cell of
``solutions/00-start-here/00-start-here.ipynb`` that has words to translate (every markdown
cell; a code cell with a comment or a sentence in quotes, :func:`code_translation.has_text`):

- ``msgctxt``: the cell's id, which nbgrader and JupyterLab keep when a cell is edited;
- ``msgid``: the English the translation was made from;
- ``msgstr``: the translation (for a code cell, the whole cell, with only its comments and
  text translated).

An entry is *missing* when it has no translation, *stale* when the English in
``solutions/`` is no longer its ``msgid`` (or :func:`update` has marked it fuzzy for that
reason), and *refused* when a code cell's translation changes its code. The files are
plain gettext (:mod:`incentives.i18n.pofile`), as Poedit, Weblate and ``msgfmt --check``
read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from incentives.i18n import editions, pofile
from incentives.instructor import code_translation, glossary

LANGUAGES = ("ro",)
FUZZY = "fuzzy"


@dataclass(frozen=True)
class Unit:
    """One cell to translate: its id, its type and its English."""

    cell_id: str
    cell_type: str
    english: str


@dataclass(frozen=True)
class Problem:
    """An entry that keeps a lesson from being built in a language."""

    lesson: str
    cell_id: str
    kind: str  # "missing", "stale", "refused" (code changed) or "glossary"
    english: str  # the English in solutions/ now
    translated_from: str = ""  # the English the translation was made from (stale)
    translation: str = ""
    reason: str = ""  # why a translation is refused or strays from the glossary

    def describe(self) -> str:
        """The problem with both texts, for a translator to act on."""
        cell = f" cell {self.cell_id}:" if self.cell_id else ""
        head = f"{self.lesson}:{cell} {self.kind}"
        parts = [head + (f": {self.reason}" if self.reason else "")]
        if self.kind == "stale":
            parts += [_block("English it was translated from", self.translated_from)]
        parts += [_block("English now", self.english)]
        if self.translation:
            parts += [_block("translation", self.translation)]
        return "\n".join(parts)


def _block(title: str, text: str) -> str:
    return f"  --- {title}:\n" + "\n".join(f"  | {line}" for line in text.splitlines())


def notebook_of(root: Path, lesson: str) -> Path:
    """The lesson's solution notebook, ``solutions/<lesson>/<lesson>.ipynb``."""
    return Path(root) / "solutions" / lesson / f"{lesson}.ipynb"


def catalog_path(root: Path, lesson: str, language: str = "ro") -> Path:
    """Where a lesson's catalog lives: ``translations/<language>/<lesson>.po``."""
    return Path(root) / "translations" / language / f"{lesson}.po"


def units(notebook: Path) -> list[Unit]:
    """The cells of a notebook that have words to translate, in the notebook's order."""
    import nbformat

    found = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        text = cell.source
        if not text.strip() or cell.cell_type not in ("markdown", "code"):
            continue
        if cell.cell_type == "code" and not code_translation.has_text(text):
            continue
        found.append(Unit(cell.id, cell.cell_type, text))
    return found


def read(path: Path) -> list[pofile.Entry] | None:
    """The entries of the catalog at ``path``, or None when the lesson has none yet."""
    return pofile.read(path)[1] if Path(path).is_file() else None


def header(lesson: str, language: str) -> dict[str, str]:
    """A lesson catalog's header: no dates or names, so a catalog changes only with its
    entries (the history of a translation is in git)."""
    return {
        "Project-Id-Version": f"incentives {lesson}",
        "Last-Translator": "see the git log",
        "Language-Team": {"ro": "Romanian"}.get(language, language),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": editions.PLURAL_FORMS[language],
    }


def write(entries: list[pofile.Entry], path: Path, lesson: str, language: str) -> None:
    """Write a lesson's catalog."""
    comment = (
        f"The {language} translation of the lesson {lesson}, cell by cell (msgctxt: the "
        "cell's id;\nmsgid: the English it translates). See docs/translations.md."
    )
    pofile.write(path, header(lesson, language), entries, comment)


def update(root: Path, lesson: str, language: str = "ro") -> dict[str, int]:
    """Bring a lesson's catalog in step with its solution notebook.

    A new cell gets an empty entry; an entry keeps its translation; a translated entry
    whose English changed takes the new English as its ``msgid`` and is marked fuzzy, the
    English it was translated from kept (``#| msgid``, as GNU ``msgmerge`` does and Poedit
    shows) until a translator revises it and removes the flag; an entry of a cell that is
    gone is dropped. Creates the catalog when there is none.

    Returns:
        How many entries were added, marked stale and dropped.
    """
    path = catalog_path(root, lesson, language)
    old = {e.context: e for e in read(path) or []}
    counts = {"added": 0, "stale": 0, "dropped": 0}
    entries = []
    for unit in units(notebook_of(root, lesson)):
        entry = pofile.Entry(context=unit.cell_id, msgid=unit.english, strings={0: ""})
        entry.comments = [
            f"{unit.cell_type} cell"
            + (
                ": translate only its comments and text in quotes"
                if unit.cell_type == "code"
                else ""
            )
        ]
        previous = old.pop(unit.cell_id, None)
        if previous is None:
            counts["added"] += 1
        elif previous.strings.get(0):
            entry.strings, entry.flags = dict(previous.strings), set(previous.flags)
            entry.previous = previous.previous if previous.fuzzy else None
            if previous.msgid != unit.english:
                entry.flags.add(FUZZY)
                entry.previous = entry.previous or previous.msgid
                counts["stale"] += 1
        entries.append(entry)
    counts["dropped"] = len(old)
    write(entries, path, lesson, language)
    return counts


def translated_from_of(entry: pofile.Entry) -> str:
    """The English an entry's translation was made from: its ``msgid``, or for an entry
    :func:`update` marked fuzzy, the English it keeps as the previous one."""
    return entry.previous if entry.fuzzy and entry.previous is not None else entry.msgid


def problems(root: Path, lesson: str, language: str = "ro") -> list[Problem]:
    """Every missing, stale, refused or off-glossary entry of a lesson's catalog, in the
    notebook's order (every cell to translate is missing when the lesson has no catalog)."""
    entries = {e.context: e for e in read(catalog_path(root, lesson, language)) or []}
    terms = glossary.terms(root)
    found = []
    for unit in units(notebook_of(root, lesson)):
        entry = entries.get(unit.cell_id)
        translation = entry.strings.get(0, "") if entry else ""
        problem = dict(lesson=lesson, cell_id=unit.cell_id, english=unit.english)
        if not translation:
            found.append(Problem(kind="missing", **problem))
            continue
        if entry.msgid != unit.english or entry.fuzzy:
            then = translated_from_of(entry)
            found.append(
                Problem(kind="stale", translated_from=then, translation=translation, **problem)
            )
            continue
        refused = (
            code_translation.code_changes(unit.english, translation)
            if unit.cell_type == "code"
            else []
        )
        # A refused code cell may not even parse: its glossary waits until it is fixed.
        strays = (
            [] if refused else glossary.problems(terms, unit.english, translation, unit.cell_type)
        )
        for kind, reasons in (("refused", refused), ("glossary", strays)):
            if reasons:
                reason = "; ".join(reasons)
                found.append(Problem(kind=kind, translation=translation, reason=reason, **problem))
    return found


def translations(root: Path, lesson: str, language: str = "ro") -> dict[str, str]:
    """The translation of each cell, by cell id, from a lesson's catalog."""
    entries = read(catalog_path(root, lesson, language)) or []
    return {e.context: e.strings[0] for e in entries if e.strings.get(0)}
