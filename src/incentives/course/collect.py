"""Submissions into grading/submitted/: from nbgrader's exchange, or from an LMS download.

``course collect LESSON`` asks nbgrader to collect from its exchange (on JupyterHub, where
``c.Exchange.root`` is set). ``course collect LESSON --zip submissions.zip`` reads an LMS's
bulk download instead (Canvas's "Download Submissions", Moodle's "Download all
submissions"): each notebook in the archive is matched to a student of the class list
(``course roster``) by the student's id or e-mail appearing in its path, or by the name the
LMS wrote into the file or folder name (Canvas: ``lastnamefirstname_...``, Moodle:
``First Last_..._assignsubmission_file_/``), diacritics and case ignored. It is then stored as
``grading/submitted/<id>/<lesson>/<lesson>.ipynb`` with a ``timestamp.txt`` from the
archive's time of that file (read in the deadlines' time zone), which ``course grade``
uses for lateness.

Nothing is lost: a notebook no student matches is kept in ``grading/unmatched/<lesson>/``
and listed; a student's earlier submission is moved to ``grading/replaced/`` before the new
one is stored.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from incentives.course import deadlines as course_deadlines
from incentives.course import nbgrader_tools
from incentives.course.roster import Student


class CollectError(ValueError):
    """A download that cannot be read, or a lesson that does not exist."""


@dataclass
class Collected:
    stored: dict[str, str] = field(default_factory=dict)  # student -> file in the archive
    unmatched: list[str] = field(default_factory=list)  # files kept in grading/unmatched/
    replaced: list[str] = field(default_factory=list)  # students whose old work was moved
    ambiguous: list[str] = field(default_factory=list)  # files two students could own


def _plain(text: str) -> str:
    """Lower case, no diacritics, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(
        r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    )


def _keys(student) -> set[str]:
    """The plain forms a student may appear under in a download's paths."""
    keys = {_plain(student.id)}
    if student.email:
        keys.add(_plain(student.email.split("@")[0]))
    first, last = student.first_name or "", student.last_name or ""
    if first and last:
        keys |= {_plain(last + first), _plain(first + last)}
    return {k for k in keys if len(k) >= 3}


def match(path: str, students) -> list:
    """The students one of whose keys (id, e-mail name, last+first or first+last name, in
    plain form) equals a piece of ``path``: a folder or file name, or a part of one between
    underscores."""
    parts = PurePosixPath(path)
    names = [*parts.parts[:-1], parts.stem]  # the file's name without .ipynb
    pieces = {_plain(piece) for name in names for piece in name.split("_")}
    return [student for student in students if _keys(student) & pieces]


def _timestamp(info: zipfile.ZipInfo, zone) -> str:
    local = dt.datetime(*info.date_time, tzinfo=zone)
    return local.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def from_zip(root: Path, lesson: str, archive: Path) -> Collected:
    """Store the notebooks of an LMS download as ``lesson``'s submissions (see the module)."""
    from incentives.course.nbgrader_tools import gradebook

    root = Path(root).resolve()
    names = sorted(p.name for p in (root / "solutions" / lesson).glob("*.ipynb"))
    if not names:
        raise CollectError(f"no lesson {lesson!r} in solutions/")
    target_name = names[0]
    config = nbgrader_tools.load_config(root)
    with gradebook(config.CourseDirectory.db_url) as opened:
        students = [Student(s.id, s.first_name, s.last_name, s.email) for s in opened.students]
    if not students:
        raise CollectError("the class list is empty: run `course roster FILE.csv` first")
    deadlines = course_deadlines.load(root) or course_deadlines.Deadlines()
    zone = ZoneInfo(deadlines.timezone)
    try:
        opened_zip = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise CollectError(f"{Path(archive).name}: not a zip archive ({error})") from None
    result = Collected()
    today = dt.date.today().isoformat()
    with opened_zip:
        notebooks = [
            i for i in opened_zip.infolist() if i.filename.endswith(".ipynb") and not i.is_dir()
        ]
        for info in notebooks:
            owners = match(info.filename, students)
            if len(owners) != 1:
                keep = root / "grading" / "unmatched" / lesson / PurePosixPath(info.filename).name
                keep.parent.mkdir(parents=True, exist_ok=True)
                keep.write_bytes(opened_zip.read(info))
                (result.ambiguous if owners else result.unmatched).append(info.filename)
                continue
            student = owners[0]
            folder = root / "grading" / "submitted" / student.id / lesson
            if student.id in result.stored:
                result.ambiguous.append(info.filename)
                continue
            if folder.exists():
                moved = root / "grading" / "replaced" / today / student.id / lesson
                if moved.exists():
                    shutil.rmtree(moved)
                moved.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(folder), str(moved))
                result.replaced.append(student.id)
            folder.mkdir(parents=True)
            (folder / target_name).write_bytes(opened_zip.read(info))
            (folder / "timestamp.txt").write_text(_timestamp(info, zone))
            result.stored[student.id] = info.filename
    return result


def from_exchange(root: Path, lesson: str) -> str:
    """Collect ``lesson`` from nbgrader's exchange; returns nbgrader's log."""
    config = nbgrader_tools.load_config(root)
    return nbgrader_tools._check(nbgrader_tools._api(config).collect(lesson), "collect").get(
        "log", ""
    )
