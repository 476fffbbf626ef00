"""The explorer app (``app/explorer.ipynb``, served by ``make app``) in another edition.

The app's words are its markdown cells; its labs translate themselves (the library's
catalog). Like a lesson, the app has one catalog per language, keyed by cell id:
``app/locale/<language>/explorer.po``. This module keeps that catalog in step with the
notebook and writes the translated notebook that ``make app EDITION=ro`` serves. It needs
only the standard library, so a student's copy of the course runs it too:

    python -m incentives.i18n.app --lang ro --out build
    python -m incentives.i18n.app --lang ro --update   # a translator, after the English changed
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from incentives.i18n import pofile
from incentives.i18n.editions import EDITIONS, PLURAL_FORMS

NOTEBOOK = Path("app") / "explorer.ipynb"
FUZZY = "fuzzy"


def catalog_path(root: Path, language: str) -> Path:
    """Where the app's catalog for ``language`` lives."""
    return Path(root) / "app" / "locale" / language / "explorer.po"


def _cells(root: Path) -> list[dict]:
    notebook = json.loads((Path(root) / NOTEBOOK).read_text(encoding="utf-8"))
    return notebook["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _header(language: str) -> dict[str, str]:
    return {
        "Project-Id-Version": "incentives explorer",
        "Last-Translator": "see the git log",
        "Language-Team": {"ro": "Romanian"}.get(language, language),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }


def update(root: Path, language: str) -> dict[str, int]:
    """Give each markdown cell of the app an entry: a new cell an empty one, a cell whose
    English changed keeps its translation marked fuzzy (the old English kept); an entry
    whose cell is gone is dropped. Returns how many were added, marked stale and dropped."""
    path = catalog_path(root, language)
    old = {e.context: e for e in (pofile.read(path)[1] if path.is_file() else [])}
    entries, counts = [], {"added": 0, "stale": 0, "dropped": 0}
    for cell in _cells(root):
        if cell["cell_type"] != "markdown" or not _source(cell).strip():
            continue
        text, kept = _source(cell), old.pop(cell["id"], None)
        entry = pofile.Entry(context=cell["id"], msgid=text, comments=["markdown cell"])
        if kept is None:
            entry.strings = {0: ""}
            counts["added"] += 1
        else:
            entry.strings, entry.flags = dict(kept.strings), set(kept.flags)
            if kept.msgid != text and kept.translated:
                entry.flags.add(FUZZY)
                entry.previous = kept.previous or kept.msgid
                counts["stale"] += 1
            elif kept.fuzzy:
                entry.previous = kept.previous
        entries.append(entry)
    counts["dropped"] = len(old)
    path.parent.mkdir(parents=True, exist_ok=True)
    comment = (
        f"The {language} translation of the explorer app (app/explorer.ipynb), cell by cell\n"
        "(msgctxt: the cell's id; msgid: the English it translates). See docs/translations.md."
    )
    pofile.write(path, _header(language), entries, comment)
    return counts


def problems(root: Path, language: str) -> list[str]:
    """The app's cells with no translation or a stale one, by cell id."""
    path = catalog_path(root, language)
    entries = {e.context: e for e in (pofile.read(path)[1] if path.is_file() else [])}
    found = []
    for cell in _cells(root):
        if cell["cell_type"] != "markdown" or not _source(cell).strip():
            continue
        entry = entries.get(cell["id"])
        if entry is None or not entry.translated:
            found.append(f"{cell['id']}: missing")
        elif entry.fuzzy or entry.msgid != _source(cell):
            found.append(f"{cell['id']}: stale (its English changed)")
    return found


def build(root: Path, out: Path, language: str) -> Path:
    """Write the app in ``language`` to ``out/<language>/app/explorer.ipynb``.

    Raises:
        ValueError: a cell has no translation or a stale one (listed), or the language is
            not an edition of the course.
    """
    if language not in EDITIONS:
        raise ValueError(f"{language!r} is not an edition of the course; choose from {EDITIONS}")
    notebook = json.loads((Path(root) / NOTEBOOK).read_text(encoding="utf-8"))
    if language != EDITIONS[0]:
        found = problems(root, language)
        if found:
            listed = "\n".join(f"  {p}" for p in found)
            raise ValueError(
                f"the explorer cannot be built in {language!r}: translate these cells of "
                f"{catalog_path(root, language)}:\n{listed}"
            )
        _header_, entries = pofile.read(catalog_path(root, language))
        texts = {e.context: e.strings[0] for e in entries}
        for cell in notebook["cells"]:
            if cell.get("id") in texts:
                cell["source"] = texts[cell["id"]]
    notebook.setdefault("metadata", {})["incentives"] = {"edition": language}
    target = Path(out) / language / "app" / "explorer.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=EDITIONS, default="ro")
    parser.add_argument("--out", type=Path, default=Path("build"))
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--update", action="store_true", help="update the catalog instead")
    args = parser.parse_args(argv)
    if args.update:
        counts = update(args.root, args.lang)
        print(f"updated {catalog_path(args.root, args.lang)}: {counts}")
        return 0
    try:
        print(build(args.root, args.out, args.lang))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
