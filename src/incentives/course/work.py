"""The student's work folder: their own copies of the lessons, kept apart from lessons/.

lessons/ is tracked by git and updated by the course (``git pull``); a student who edited it
in place would meet conflicts there. So `make lab` first calls :func:`sync`, which copies
each lesson into the work folder (``work/``, ignored by git) and then serves that folder.

The rules, for each notebook (or other file) under lessons/:

- not in the work folder yet: it is copied there (first start, or a new lesson);
- in the work folder, untouched by the student, and the course updated the lesson: the copy
  is replaced by the new version (nothing of the student's is lost);
- touched by the student and the course updated the lesson: the student's copy stays as it
  is and the new version arrives beside it, as ``<name>.new-<date>.ipynb``;
- otherwise nothing happens. lessons/ is only ever read.

"Touched" is decided by content, not by timestamps: a manifest in the work folder
(:data:`MANIFEST`) records, for each copy, a hash of the lesson it was made from and a hash
of what the student saw in it (each cell's type, source and outputs, so that JupyterLab
re-saving a notebook with new metadata does not count as an edit, but typing or running a
cell does).

:func:`fresh_copy` brings in a fresh copy of one lesson on request, keeping the student's
old copy as ``<name>.old-<date>.ipynb``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from incentives.course.paths import find_lesson
from incentives.i18n.editions import EDITIONS

EDITION_NAMES = {"en": "English", "ro": "Romanian"}
"""The editions' names, for messages."""

MANIFEST = ".course-copies.json"
"""The work folder's record of what each copy was made from (hidden in JupyterLab)."""

SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}


@dataclass(frozen=True)
class Change:
    """One thing :func:`sync` or :func:`fresh_copy` did in the work folder.

    ``kind`` is ``"new"`` (copied for the first time), ``"restored"`` (copied again after
    the student removed their copy), ``"updated"`` (an untouched copy replaced by the
    lesson's new version), ``"beside"`` (the new version put next to the student's edited
    copy, at ``path``), ``"kept"`` (the student's old copy renamed to ``path``, by
    :func:`fresh_copy`) or ``"fresh"`` (a fresh copy made by :func:`fresh_copy`).
    ``lesson`` is the file's path relative to lessons/, ``path`` relative to the work folder.
    """

    kind: str
    lesson: str
    path: str

    def __str__(self) -> str:
        messages = {
            "new": "new lesson: {path}",
            "restored": "copied again (it was missing): {path}",
            "updated": "updated lesson (you had not changed your copy): {path}",
            "beside": "updated lesson: {path} (your own copy, {lesson}, is unchanged)",
            "kept": "your copy of {lesson} is kept as {path}",
            "fresh": "fresh copy: {path}",
        }
        return messages[self.kind].format(lesson=self.lesson, path=self.path)


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes: whether the course changed a lesson."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def content_hash(path: Path) -> str:
    """A hash of what the student sees in a file: for a notebook, each cell's type, source
    and outputs (not its metadata or ids, which JupyterLab may rewrite when it saves);
    for any other file, or a notebook that does not parse, its bytes."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(data)["cells"]
            seen = [
                [
                    cell.get("cell_type"),
                    _text(cell.get("source", "")),
                    cell.get("outputs", []),
                ]
                for cell in cells
            ]
            data = json.dumps(seen, sort_keys=True, ensure_ascii=False).encode("utf-8")
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    return hashlib.sha256(data).hexdigest()


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def lesson_files(lessons: Path) -> list[Path]:
    """Every file under ``lessons`` a student gets, as paths relative to it."""
    return sorted(
        path.relative_to(lessons)
        for path in lessons.rglob("*")
        if path.is_file() and not SKIPPED_PARTS & set(path.relative_to(lessons).parts)
    )


def read_manifest(work: Path) -> dict:
    path = work / MANIFEST
    if not path.is_file():
        return {"copies": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {"copies": {}}
    manifest.setdefault("copies", {})
    return manifest


def write_manifest(work: Path, manifest: dict) -> None:
    path = work / MANIFEST
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


def _today() -> str:
    return datetime.date.today().isoformat()


def free_name(path: Path, label: str) -> Path:
    """``name.ipynb`` -> ``name.<label>-<date>.ipynb``, numbered if that name is taken."""
    stem = f"{path.stem}.{label}-{_today()}"
    candidate = path.with_name(stem + path.suffix)
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _record(manifest: dict, name: str, lesson: Path, copy: Path | None = None) -> None:
    """Note that the copy at ``name`` was made from ``lesson`` (its current content)."""
    manifest["copies"][name] = {
        "lesson": file_hash(lesson),
        "copy": content_hash(copy if copy is not None else lesson),
    }


def sync(lessons: Path, work: Path) -> list[Change]:
    """Bring the work folder up to date with lessons/ without overwriting the student's work.

    Args:
        lessons: The course's lessons/ folder (only read).
        work: The student's work folder (created if missing).

    Returns:
        What changed, in lesson order; empty when the work folder was already up to date.
    """
    lessons, work = Path(lessons), Path(work)
    if not lessons.is_dir():
        raise FileNotFoundError(f"no lessons folder at {lessons}")
    work.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(work)
    changes: list[Change] = []
    for relative in lesson_files(lessons):
        name = relative.as_posix()
        lesson, copy = lessons / relative, work / relative
        entry = manifest["copies"].get(name)
        if not copy.exists():
            _copy(lesson, copy)
            _record(manifest, name, lesson)
            changes.append(Change("new" if entry is None else "restored", name, name))
            continue
        if entry is None:
            # A file already there that no manifest knows of (a lost manifest, or the
            # student's own file of that name): keep it; deliver the lesson beside it
            # unless it is the lesson as it stands.
            if content_hash(copy) != content_hash(lesson):
                beside = free_name(copy, "new")
                _copy(lesson, beside)
                changes.append(Change("beside", name, beside.relative_to(work).as_posix()))
                manifest["copies"][name] = {"lesson": file_hash(lesson), "copy": None}
            else:
                _record(manifest, name, lesson, copy)
            continue
        if entry.get("lesson") == file_hash(lesson):
            continue  # the course did not change this lesson since the copy was made
        if entry.get("copy") == content_hash(copy):
            _copy(lesson, copy)
            _record(manifest, name, lesson)
            changes.append(Change("updated", name, name))
        else:
            beside = free_name(copy, "new")
            _copy(lesson, beside)
            changes.append(Change("beside", name, beside.relative_to(work).as_posix()))
            entry["lesson"] = file_hash(lesson)
    write_manifest(work, manifest)
    return changes


def fresh_copy(lessons: Path, work: Path, lesson_id: str) -> list[Change]:
    """Copy one lesson afresh into the work folder, keeping the student's old copy of each
    of its files under another name (``<name>.old-<date>.ipynb``).

    Returns:
        What changed; a file whose copy is already exactly the lesson is left alone.
    """
    lessons, work = Path(lessons), Path(work)
    folder = find_lesson(lessons, lesson_id)
    work.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(work)
    changes: list[Change] = []
    for relative in lesson_files(lessons / folder):
        name = (Path(folder) / relative).as_posix()
        lesson, copy = lessons / folder / relative, work / folder / relative
        if copy.exists():
            if copy.read_bytes() == lesson.read_bytes():
                _record(manifest, name, lesson)
                continue
            kept = free_name(copy, "old")
            copy.rename(kept)
            changes.append(Change("kept", name, kept.relative_to(work).as_posix()))
        _copy(lesson, copy)
        _record(manifest, name, lesson)
        changes.append(Change("fresh", name, name))
    write_manifest(work, manifest)
    return changes


def edition_of_folder(name: str) -> str:
    """The edition a lesson folder belongs to, read from its name: ``00-start-here-ro`` is
    Romanian, ``00-start-here`` English."""
    for edition in EDITIONS[1:]:
        if name.endswith(f"-{edition}"):
            return edition
    return EDITIONS[0]


def edition_lessons(root: Path, edition: str) -> Path:
    """The lessons folder of an edition of the course at ``root``.

    English: ``lessons/``. Another edition: ``build/<edition>/lessons/`` where the course
    builds it (the instructor's repository, ``course translations build``), else
    ``lessons/`` (a student edition released in that language, ``course release --lang``).
    The folder must hold lessons of that edition (``00-start-here-ro`` for Romanian):
    English and Romanian copies in the work folder then never share a name.

    Raises:
        ValueError: ``edition`` is not one of :data:`EDITIONS` (the message names them).
        FileNotFoundError: no lesson of that edition in the folder.
    """
    if edition not in EDITIONS:
        allowed = ", ".join(f"{e} ({EDITION_NAMES[e]})" for e in EDITIONS)
        raise ValueError(f"{edition!r} is not an edition of the course; the editions: {allowed}")
    root = Path(root)
    built = root / "build" / edition / "lessons"
    folder = built if edition != EDITIONS[0] and built.is_dir() else root / "lessons"
    names = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if not any(edition_of_folder(name) == edition for name in names):
        hint = (
            f" (in the instructor's repository `course translations build --lang {edition}` "
            f"builds them into {built})"
            if edition != EDITIONS[0]
            else ""
        )
        raise FileNotFoundError(f"no {EDITION_NAMES[edition]} lessons in {folder}{hint}")
    return folder


def edition_folders(root: Path) -> tuple[dict[str, Path], list[str]]:
    """Every edition's lessons folder the course at ``root`` has (:func:`edition_lessons`),
    and a line for each edition it lacks (a student edition in one language lacks the other
    silently).

    Raises:
        FileNotFoundError: no edition has lessons there.
    """
    sources, lacking = {}, []
    for edition in EDITIONS:
        try:
            sources[edition] = edition_lessons(root, edition)
        except FileNotFoundError as error:
            if edition != EDITIONS[0] or not (Path(root) / "lessons").is_dir():
                lacking.append(f"no {EDITION_NAMES[edition]} edition: {error}")
    if not sources:
        raise FileNotFoundError(f"no lessons to build the site from in {root}")
    return sources, lacking
