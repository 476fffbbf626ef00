"""The Romanian edition's lessons, built from the English solutions and the catalogs.

``course translations update`` brings the catalogs in step with ``solutions/`` and with the
library's own strings; ``check`` lists every missing, stale, refused and off-glossary
entry with its texts; ``build`` writes each translated lesson's solution notebook and has
nbgrader make its student version, in a folder of their own (``build/<language>/`` by
default, git-ignored):

    build/ro/solutions/00-start-here-ro/00-start-here-ro.ipynb   (never edited by hand)
    build/ro/lessons/00-start-here-ro/00-start-here-ro.ipynb
    build/ro/gradebook.db                                       (generation's own)

A translated lesson's assignment id is the English one with the language after it
(``00-start-here-ro``), so both editions can share one gradebook and one exchange. Its code
cells are the English cells with only comments and text translated, and every cell keeps
its id and nbgrader metadata (grade ids, points, locks), so the hidden tests are the same
code and the same answers earn the same points.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import string
from collections.abc import Iterator
from pathlib import Path

from incentives.i18n import ENVIRONMENT_VARIABLE, editions, pofile, translation
from incentives.instructor import catalogs, nbgrader_tools

SOURCE = Path("src") / "incentives"
# The classroom game's pages (an oTree project) say their words through the library's
# catalog too: a session in Romanian reads them there (game/conflict/texts.py).
GAME_SOURCE = Path("game") / "conflict"
# The functions whose first argument is a library string to translate (Babel's keywords).
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "translation": None,
}


class TranslationIncomplete(RuntimeError):
    """A lesson cannot be built in a language: entries are missing, stale or refused."""


def assignment_id(lesson: str, language: str) -> str:
    """The translated lesson's assignment id: ``00-start-here`` -> ``00-start-here-ro``."""
    return f"{lesson}-{language}"


def edition_of(assignment: str) -> str:
    """The edition an assignment belongs to, read from its id: ``00-start-here-ro`` is
    Romanian, ``00-start-here`` English (so no English lesson's id may end in ``-ro``)."""
    for language in languages():
        if assignment.endswith(f"-{language}"):
            return language
    return editions.EDITIONS[0]


@contextlib.contextmanager
def in_edition(language: str) -> Iterator[None]:
    """The library's words in ``language`` while the block runs (an instructor's tool writes
    a page in the edition of the submission it is about, whatever its own)."""
    before = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = language
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ENVIRONMENT_VARIABLE] = before


def english_lesson(assignment: str) -> str:
    """The English lesson an assignment is an edition of: ``00-start-here-ro`` ->
    ``00-start-here``; an English lesson's id is its own."""
    language = edition_of(assignment)
    return assignment.removesuffix(f"-{language}") if language in languages() else assignment


def translated_lessons(root: Path, language: str = "ro") -> list[str]:
    """The lessons of the edition: those with a catalog, in order."""
    return [
        lesson
        for lesson in nbgrader_tools.assignment_ids(root)
        if catalogs.catalog_path(root, lesson, language).is_file()
    ]


# --- the library's catalog -------------------------------------------------------------------


def library_catalog_path(root: Path, language: str = "ro") -> Path:
    """The library's catalog in a course's source tree."""
    return Path(root) / SOURCE / "i18n" / "locale" / language / "LC_MESSAGES" / "incentives.po"


def _extract(root: Path) -> list[pofile.Entry]:
    """Every string the library (and the classroom game, where the source tree has it)
    passes to :data:`KEYWORDS`, once, in the order found (Babel reads the code), with the
    files that use it."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str | None, str], pofile.Entry] = {}
    for source in (SOURCE, GAME_SOURCE):
        if not (Path(root) / source).is_dir():
            continue
        for filename, _line, message, comments, context in extract_from_dir(
            str(Path(root) / source),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            singular, plural = (message, None) if isinstance(message, str) else message[:2]
            entry = found.setdefault(
                (context, singular),
                pofile.Entry(context, singular, plural, comments=list(comments)),
            )
            reference = str(source / filename)
            if reference not in entry.references:
                entry.references.append(reference)
    return list(found.values())


def update_library(root: Path, language: str = "ro") -> dict[str, int]:
    """Bring the library's catalog in step with the strings its code marks: a new one gets
    an empty entry; one whose English changed a little is matched to its old translation
    and marked fuzzy, the old English kept (``#| msgid``); one no longer used is dropped.

    Returns:
        How many entries were added, marked stale and dropped.
    """
    path = library_catalog_path(root, language)
    if not (Path(root) / SOURCE).is_dir():
        return {}  # a course run from an installed library has no library source to extract
    old = {(e.context, e.msgid): e for e in catalogs.read(path) or []}
    extracted = _extract(root)
    unused = [key for key in old if key not in {(e.context, e.msgid) for e in extracted}]
    counts = {"added": 0, "stale": 0, "dropped": 0}
    forms = int(editions.PLURAL_FORMS[language].split(";")[0].split("=")[1])
    for entry in extracted:
        kept = old.get((entry.context, entry.msgid))
        if kept is None:
            close = difflib.get_close_matches(entry.msgid, [k[1] for k in unused], 1, 0.8)
            if close:
                kept = old[next(k for k in unused if k[1] == close[0])]
                unused.remove((kept.context, kept.msgid))
                entry.flags, entry.previous = {catalogs.FUZZY}, kept.previous or kept.msgid
                counts["stale"] += 1
            else:
                counts["added"] += 1
        if kept is not None:
            entry.strings, entry.flags = dict(kept.strings), entry.flags | kept.flags
            entry.previous = entry.previous or (kept.previous if kept.fuzzy else None)
        if not entry.strings:
            entry.strings = {i: "" for i in range(forms if entry.plural else 1)}
    counts["dropped"] = len(unused)
    header = {**catalogs.header("incentives", language), "Project-Id-Version": "incentives"}
    comment = (
        "The library's own strings (src/incentives), in Romanian; the English is the key.\n"
        "Updated by `course translations update`; see docs/translations.md."
    )
    pofile.write(path, header, extracted, comment)
    return counts


def library_problems(root: Path, language: str = "ro") -> list[catalogs.Problem]:
    """The library's strings with no translation, or a fuzzy one, or missing from its
    catalog (``update`` not run since the code marked them)."""
    if not (Path(root) / SOURCE).is_dir():
        return []  # the library's catalog is checked in its own source tree
    entries = {
        (e.context, e.msgid): e for e in catalogs.read(library_catalog_path(root, language)) or []
    }
    found = []
    for message in _extract(root):
        entry = entries.get((message.context, message.msgid))
        place = "library " + ", ".join(message.references)
        context = message.context or ""
        if entry is None or not all(entry.strings.values()) or not entry.strings:
            found.append(catalogs.Problem(place, context, "missing", message.msgid))
        elif entry.fuzzy:
            text = "\n".join(entry.strings[i] for i in sorted(entry.strings))
            found.append(
                catalogs.Problem(place, context, "stale", message.msgid, entry.previous or "", text)
            )
        else:
            wanted = _placeholders(message.msgid) | _placeholders(message.plural or "")
            for text in entry.strings.values():
                if _placeholders(text) != wanted:
                    reason = (
                        f"its placeholders {sorted(_placeholders(text))} are not the English's "
                        f"{sorted(wanted)}"
                    )
                    found.append(
                        catalogs.Problem(place, context, "refused", message.msgid, "", text, reason)
                    )
    return found


def _placeholders(text: str) -> set[str]:
    """The ``{names}`` a message is formatted with (a broken brace counts as one)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"(a brace that does not pair)"}


# --- the lessons -----------------------------------------------------------------------------


def build_solution(root: Path, lesson: str, out: Path, language: str = "ro") -> Path:
    """Write a lesson's translated solution notebook under ``out/solutions/``.

    Raises:
        TranslationIncomplete: the catalog has missing, stale or refused entries; the
            message lists them with their texts.
    """
    import nbformat

    problems = catalogs.problems(root, lesson, language)
    if problems:
        listed = "\n".join(p.describe() for p in problems)
        raise TranslationIncomplete(
            f"{lesson} cannot be built in {language!r}: {len(problems)} entries to fix "
            f"(course translations check):\n{listed}"
        )
    texts = catalogs.translations(root, lesson, language)
    notebook = nbformat.read(catalogs.notebook_of(root, lesson), as_version=4)
    for cell in notebook.cells:
        if cell.id in texts:
            cell.source = texts[cell.id]
    notebook.metadata["incentives"] = {"edition": language, "translated_from": lesson}
    name = assignment_id(lesson, language)
    target = Path(out) / "solutions" / name / f"{name}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


def build(
    root: Path,
    lessons: list[str] | None = None,
    out: Path | None = None,
    language: str = "ro",
    record: bool = False,
) -> list[str]:
    """Build the translated solutions and have nbgrader generate their student versions.

    Args:
        root: The course root.
        lessons: English lesson ids; by default every lesson with a catalog.
        out: Where to build; ``ROOT/build/<language>`` by default.
        language: The edition's language.
        record: Record the lessons in the course's gradebook (to grade them there, as a
            release of the edition will), rather than in ``out/gradebook.db``.

    Returns:
        The assignment ids built (``00-start-here-ro``, ...).

    Raises:
        TranslationIncomplete: a lesson's catalog is not complete and current.
    """
    root = Path(root).resolve()
    out = Path(out or root / "build" / language).resolve()
    lessons = list(lessons or translated_lessons(root, language))
    for lesson in lessons:
        build_solution(root, lesson, out, language)
    ids = [assignment_id(lesson, language) for lesson in lessons]
    if ids:
        config = generation_config(root, out, language)
        if record:
            config.CourseDirectory.db_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
        elif not (out / "gradebook.db").exists():
            nbgrader_tools.new_gradebook(out / "gradebook.db")
        nbgrader = nbgrader_tools.api(config)
        for lesson in ids:
            result = nbgrader.generate_assignment(lesson, force=True, create=True)
            nbgrader_tools.require_success(result, f"generate {lesson}")
    return ids


def generation_config(root: Path, out: Path, language: str):
    """The course's nbgrader configuration, reading from ``out/solutions``, writing to
    ``out/lessons`` and recording in ``out/gradebook.db``, with the stubs a learner
    replaces (``# YOUR CODE HERE``) in the edition's language."""
    config = nbgrader_tools.load_config(root)
    config.CourseDirectory.source_directory = str(Path(out) / "solutions")
    config.CourseDirectory.release_directory = str(Path(out) / "lessons")
    config.CourseDirectory.db_url = f"sqlite:///{Path(out) / 'gradebook.db'}"
    code = translation("# YOUR CODE HERE", language)
    config.ClearSolutions.code_stub = {"python": f"{code}\nraise NotImplementedError()"}
    config.ClearSolutions.text_stub = translation("YOUR ANSWER HERE", language)
    return config


def check(root: Path, lessons: list[str] | None = None, language: str = "ro") -> list[str]:
    """Every problem of the edition, one block of text each: the library's strings, then
    each lesson's entries (a lesson with no catalog yet is one problem)."""
    lines = [p.describe() for p in library_problems(root, language)]
    for lesson in lessons or nbgrader_tools.assignment_ids(root):
        if not catalogs.catalog_path(root, lesson, language).is_file():
            count = len(catalogs.units(catalogs.notebook_of(root, lesson)))
            lines.append(
                f"{lesson}: not translated yet ({count} cells; start with "
                f"`course translations update {lesson}`)"
            )
            continue
        lines += [p.describe() for p in catalogs.problems(root, lesson, language)]
    return lines


def languages() -> tuple[str, ...]:
    """The languages an edition can be built in (every edition but the English source)."""
    return tuple(e for e in editions.EDITIONS if e != editions.EDITIONS[0])


# --- a submission carried from one edition into another ---------------------------------------


def carry(submission, released, translated):
    """A submission's answers carried into another edition's lesson, as a student of that
    edition would have handed in the same answers.

    Each answer cell (an nbgrader solution cell) of ``submission`` is matched by its grade id
    to the translated lesson's cell; its source is copied there unless it is still the
    released lesson's (an answer left as released keeps the translated lesson's own stub,
    ``# SCRIE CODUL TĂU AICI``). Every other cell is the translated lesson's.

    Args:
        submission: The submitted notebook (a NotebookNode), in the source edition.
        released: That edition's lesson as released (to tell a stub from an answer).
        translated: The other edition's lesson as released.

    Returns:
        A copy of ``translated`` holding the submission's answers.

    Raises:
        ValueError: an answer of the submission has no cell of the same grade id in the
            translated lesson (the two lessons are not editions of one lesson).
    """
    import copy

    def answers(notebook) -> dict[str, str]:
        return {
            cell.metadata["nbgrader"]["grade_id"]: cell.source
            for cell in notebook.cells
            if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
        }

    given, stubs = answers(submission), answers(released)
    carried = copy.deepcopy(translated)
    targets = {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in carried.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    unknown = sorted(set(given) - set(targets))
    if unknown:
        raise ValueError(f"no answer cell {', '.join(unknown)} in the translated lesson")
    for grade_id, source in given.items():
        if source != stubs.get(grade_id):
            targets[grade_id].source = source
    return carried
