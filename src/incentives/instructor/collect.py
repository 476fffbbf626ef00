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

Collecting never loses or rolls back work:

- Every version a student handed in is kept in
  ``grading/versions/<id>/<lesson>/<submission time>-<sha256>/`` (the time to the
  microsecond, UTC, and the first 12 hex digits of the files' hash): a path is only ever
  written once, with the one content its name says.
- A file that is the submission already stored (same sha256) is reported *unchanged* and
  nothing is written, so ``course grade`` does not grade it again.
- A file older than the submission stored (by submission time) is *refused*, kept among the
  versions, unless ``allow_older`` (``--allow-older``).
- A notebook no student matches, or that two students could own, is kept in
  ``grading/unmatched/<lesson>/`` and listed with where it is; so is a student's second
  notebook in one download (the newest one is taken).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from incentives.instructor import deadlines as course_deadlines
from incentives.instructor import nbgrader_tools, roster, submissions
from incentives.instructor.roster import Student

VERSIONS = Path("grading") / "versions"
UNMATCHED = Path("grading") / "unmatched"
TIMESTAMP = "timestamp.txt"
EXCHANGE = "the exchange"


class CollectError(ValueError):
    """A download that cannot be read, a lesson that does not exist, no exchange to collect
    from."""


@dataclass
class Collected:
    """What a collect did. Students map to the file they handed in (its path in the
    download, or "the exchange"); kept files map to where they are, relative to the root."""

    lesson: str
    source: str
    new: dict[str, str] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)
    unchanged: dict[str, str] = field(default_factory=dict)
    older: dict[str, str] = field(default_factory=dict)  # refused: older than what is stored
    took_older: list[str] = field(default_factory=list)  # in changed, by allow_older
    unmatched: dict[str, str] = field(default_factory=dict)  # file -> where it is kept
    ambiguous: dict[str, str] = field(default_factory=dict)  # file -> where it is kept
    extra: dict[str, str] = field(default_factory=dict)  # a student's other files -> kept at
    not_on_list: dict[str, str] = field(default_factory=dict)  # exchange: id -> its folder
    log: str = ""  # nbgrader's, for an exchange

    @property
    def stored(self) -> dict[str, str]:
        """Students whose submission was written: new or changed."""
        return {**self.new, **self.changed}


# ---------------------------------------------------------------------------------------------
# Matching a download's paths to the class list
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Versions: every submission kept under its time and hash
# ---------------------------------------------------------------------------------------------


def digest(files: dict[str, bytes]) -> str:
    """The sha256 of a submission's files (names and bytes), its timestamp.txt left out:
    the same work handed in twice has the same digest."""
    hashed = hashlib.sha256()
    for name in sorted(files):
        if name != TIMESTAMP:
            hashed.update(name.encode() + b"\0" + files[name] + b"\0")
    return hashed.hexdigest()


def read_folder(folder: Path) -> dict[str, bytes]:
    """A submission folder's files: relative path -> bytes (checkpoints left out)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".ipynb_checkpoints" not in path.parts
    }


def submitted_at(files: dict[str, bytes]) -> dt.datetime | None:
    """The submission's time (its timestamp.txt, as nbgrader reads it), aware, or None."""
    text = files.get(TIMESTAMP, b"").decode("utf-8", "replace").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.removesuffix(" UTC"))
    except ValueError:
        try:
            from nbgrader.utils import parse_utc

            moment = parse_utc(text)
        except (ValueError, OverflowError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _utc_text(moment: dt.datetime) -> str:
    """nbgrader's timestamp.txt format."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def keep_version(root: Path, student: str, lesson: str, files: dict[str, bytes]) -> Path:
    """Keep a submission in grading/versions/ (once: a folder already there has these very
    files, since its name is their time and hash); returns its folder."""
    moment = submitted_at(files)
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ") if moment else "untimed"
    target = Path(root) / VERSIONS / student / lesson / f"{stamp}-{digest(files)[:12]}"
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".incoming-", dir=target.parent))
    _write(scratch, files)
    scratch.rename(target)
    return target


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _store(root: Path, folder: Path, files: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``, swapping folders by renames (the earlier
    submission is in grading/versions/ already)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".collect-", dir=Path(root) / "grading"))
    try:
        _write(scratch / "new", files)
        if folder.exists():
            folder.rename(scratch / "old")
        (scratch / "new").rename(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _keep_unmatched(root: Path, lesson: str, name: str, data: bytes) -> str:
    """Keep a file nobody (or more than one student) matches; returns where, from the root.
    Its path in the download becomes its name (folders joined by "__"); a different file
    of the same name gets its hash added, so none is overwritten."""
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".", "..", "/")]
    flat = "__".join(parts) or "unnamed.ipynb"
    folder = Path(root) / UNMATCHED / lesson
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / flat
    if path.exists() and path.read_bytes() != data:
        stem, suffix = PurePosixPath(flat).stem, PurePosixPath(flat).suffix
        path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    if not path.exists():
        path.write_bytes(data)
    return path.relative_to(root).as_posix()


def _file_time(info: zipfile.ZipInfo, zone) -> dt.datetime:
    return dt.datetime(*info.date_time, tzinfo=zone).astimezone(dt.UTC)


def _timestamp(info: zipfile.ZipInfo, zone) -> str:
    return _utc_text(_file_time(info, zone))


# ---------------------------------------------------------------------------------------------
# An LMS download
# ---------------------------------------------------------------------------------------------


def _lesson_notebook(root: Path, lesson: str) -> str:
    names = sorted(p.name for p in (root / "solutions" / lesson).glob("*.ipynb"))
    if not names:
        known = ", ".join(nbgrader_tools.assignment_ids(root))
        raise CollectError(f"no lesson {lesson!r} in solutions/ (lessons: {known})")
    return names[0]


def _class_list(root: Path) -> list[Student]:
    return roster.class_list(nbgrader_tools.load_config(root).CourseDirectory.db_url)


def _settle(
    root: Path,
    result: Collected,
    student: str,
    handed_in: str,
    files: dict[str, bytes],
    allow_older: bool,
) -> None:
    """Store one student's file unless it is the submission already stored (unchanged) or
    older than it (refused unless ``allow_older``); every version is kept."""
    lesson = result.lesson
    folder = Path(root) / "grading" / "submitted" / student / lesson
    current = read_folder(folder) if folder.is_dir() else {}
    if not current:
        keep_version(root, student, lesson, files)
        _store(root, folder, files)
        result.new[student] = handed_in
        return
    keep_version(root, student, lesson, current)
    if digest(current) == digest(files):
        result.unchanged[student] = handed_in  # the same work: no new version
        return
    keep_version(root, student, lesson, files)
    before, now = submitted_at(current), submitted_at(files)
    if before and now and now < before:
        if not allow_older:
            result.older[student] = handed_in
            return
        result.took_older.append(student)
    _store(root, folder, files)
    result.changed[student] = handed_in


def from_zip(root: Path, lesson: str, archive: Path, allow_older: bool = False) -> Collected:
    """Store the notebooks of an LMS download as ``lesson``'s submissions (see the module).

    Raises:
        CollectError: an unknown lesson, an empty class list, a file that is not a zip.
        DeadlineError: grading/deadlines.toml (read for its time zone) is wrong.
    """
    root = Path(root).resolve()
    target_name = _lesson_notebook(root, lesson)
    deadlines = course_deadlines.load(root) or course_deadlines.Deadlines()
    zone = ZoneInfo(deadlines.timezone)
    students = _class_list(root)
    if not students:
        raise CollectError("the class list is empty: run `course roster FILE.csv` first")
    try:
        opened_zip = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise CollectError(f"{Path(archive).name}: not a zip archive ({error})") from None
    result = Collected(lesson, Path(archive).name)
    with opened_zip:
        by_student: dict[str, list[zipfile.ZipInfo]] = {}
        for info in opened_zip.infolist():
            if info.is_dir() or not info.filename.endswith(".ipynb"):
                continue
            owners = match(info.filename, students)
            if len(owners) == 1:
                by_student.setdefault(owners[0].id, []).append(info)
                continue
            kept = _keep_unmatched(root, lesson, info.filename, opened_zip.read(info))
            (result.ambiguous if owners else result.unmatched)[info.filename] = kept
        for student, infos in sorted(by_student.items()):
            infos.sort(key=lambda i: (i.date_time, PurePosixPath(i.filename).name == target_name))
            chosen = infos.pop()
            for other in infos:
                result.extra[other.filename] = _keep_unmatched(
                    root, lesson, other.filename, opened_zip.read(other)
                )
            files = {
                target_name: opened_zip.read(chosen),
                TIMESTAMP: _timestamp(chosen, zone).encode(),
            }
            _settle(root, result, student, chosen.filename, files, allow_older)
    return result


# ---------------------------------------------------------------------------------------------
# nbgrader's exchange
# ---------------------------------------------------------------------------------------------


def _inbound_times(config, lesson: str) -> dict[str, dt.datetime]:
    """Each student's newest submission time in the exchange's inbound folder (nbgrader
    names each ``student+lesson+time[+random]``), which is the one nbgrader collects."""
    from nbgrader.utils import parse_utc

    inbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "inbound"
    times: dict[str, dt.datetime] = {}
    for path in inbound.glob(f"*+{lesson}+*") if inbound.is_dir() else ():
        parts = path.name.rsplit("+", 3)
        if len(parts) < 3 or parts[1] != lesson:
            continue
        try:
            moment = parse_utc(parts[2])
        except (ValueError, OverflowError):
            continue
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        times[parts[0]] = max(moment, times.get(parts[0], moment))
    return times


def _submitted(root: Path, lesson: str) -> dict[str, dict[str, bytes]]:
    """Each student's stored submission of ``lesson``: its files' bytes by name."""
    return {s.student: read_folder(s.folder) for s in submissions.find(root, [lesson])}


def from_exchange(root: Path, lesson: str, allow_older: bool = False) -> Collected:
    """Collect ``lesson`` from nbgrader's exchange, keeping every version (see the module).

    nbgrader takes each student's newest submission in the exchange and replaces a stored
    one only with a newer one; a stored submission newer than the exchange's (one collected
    from a download, say) is kept unless ``allow_older``.

    Raises:
        CollectError: no exchange is configured, or an unknown lesson.
        NbgraderError: nbgrader's collect failed (with its log).
    """
    root = Path(root).resolve()
    config = nbgrader_tools.load_config(root)
    exchange = nbgrader_tools.exchange_root(config)
    if not exchange:
        raise CollectError(
            "no exchange to collect from (set c.Exchange.root in grading/nbgrader_config.py, "
            "or COURSE_EXCHANGE, as on JupyterHub): for an LMS's download use --zip FILE"
        )
    _lesson_notebook(root, lesson)
    inbound_folder = Path(exchange) / config.CourseDirectory.course_id / "inbound"
    if not inbound_folder.is_dir():
        raise CollectError(
            f"nothing to collect: the exchange has no {inbound_folder} (release the lesson "
            "with `course release` first)"
        )
    before = _submitted(root, lesson)
    for student, files in before.items():
        keep_version(root, student, lesson, files)
    inbound = _inbound_times(config, lesson)
    result = Collected(lesson, EXCHANGE)
    aside = Path(tempfile.mkdtemp(prefix=".collect-", dir=root / "grading"))
    try:
        for student, files in before.items():
            stored_at = submitted_at(files)
            if student in inbound and stored_at and inbound[student] < stored_at:
                if not allow_older:
                    result.older[student] = EXCHANGE
                    continue
                result.took_older.append(student)  # set aside, so that nbgrader takes it
                (root / "grading" / "submitted" / student / lesson).rename(aside / student)
        done = nbgrader_tools.api(config).collect(lesson)
        if not done.get("success"):
            for student in result.took_older:  # put back what was set aside
                folder = root / "grading" / "submitted" / student / lesson
                if not folder.exists():
                    (aside / student).rename(folder)
        log = nbgrader_tools.require_success(done, "collect")
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    known = {s.id for s in _class_list(root)}
    for student, files in _submitted(root, lesson).items():
        keep_version(root, student, lesson, files)
        if student not in known:
            result.not_on_list[student] = f"grading/submitted/{student}/{lesson}/"
        if student in result.older or (student in before and student not in inbound):
            continue
        if student not in before:
            result.new[student] = EXCHANGE
        elif digest(before[student]) != digest(files) or student in result.took_older:
            result.changed[student] = EXCHANGE
        else:
            result.unchanged[student] = EXCHANGE
    result.log = log.get("log", "")
    return result


# ---------------------------------------------------------------------------------------------
# What the instructor reads
# ---------------------------------------------------------------------------------------------


def warnings(log: str) -> list[str]:
    """nbgrader's warnings and errors in a captured log (``[WARNING] ...``), one line each: a
    submission owned by another account than the student it claims to be from, say."""
    records = re.split(r"^\[(\w+)\]", log, flags=re.M)[1:]
    return [
        " ".join(text.split())
        for level, text in zip(records[::2], records[1::2], strict=True)
        if level in ("WARNING", "ERROR", "CRITICAL")
    ]


def _names(students) -> str:
    return ", ".join(sorted(students)) or "-"


def summary(result: Collected) -> list[str]:
    """The lines ``course collect`` prints: each student's file, then one line per kind
    (new, changed, unchanged, older, unmatched) with its count and names, and where every
    file not stored as a submission is kept."""
    lesson = result.lesson
    lines = [f"  {student}: {name}" for student, name in sorted(result.stored.items())]
    older = (
        " (refused: older than the submission stored; --allow-older takes them)"
        if result.older
        else ""
    )
    took = (
        f" ({_names(result.took_older)} older, taken by --allow-older)" if result.took_older else ""
    )
    unmatched = {**result.unmatched, **result.ambiguous}
    lines += [
        f"{lesson} from {result.source}:",
        f"  new        {len(result.new):>3}  {_names(result.new)}",
        f"  changed    {len(result.changed):>3}  {_names(result.changed)}{took}",
        f"  unchanged  {len(result.unchanged):>3}  {_names(result.unchanged)}",
        f"  older      {len(result.older):>3}  {_names(result.older)}{older}",
        f"  unmatched  {len(unmatched):>3}",
    ]
    for name, kept in sorted(result.unmatched.items()):
        lines.append(f"    no student matches {name}: kept in {kept}")
    for name, kept in sorted(result.ambiguous.items()):
        lines.append(f"    more than one student matches {name}: kept in {kept}")
    for student, folder in sorted(result.not_on_list.items()):
        lines.append(
            f"  {student} is not on the class list (course roster): stored in {folder} all the same"
        )
    for name, kept in sorted(result.extra.items()):
        lines.append(f"  another notebook of the same student, {name}: kept in {kept}")
    lines += [f"  nbgrader warns: {warning}" for warning in warnings(result.log)]
    lines += [
        f"Submissions:             grading/submitted/<id>/{lesson}/",
        f"Every version handed in: {VERSIONS.as_posix()}/<id>/{lesson}/",
    ]
    return lines
