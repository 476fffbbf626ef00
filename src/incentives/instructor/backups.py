"""Copies of the gradebook: a backup before a batch changes it, and the workers' snapshot.

A batch that will change a SQLite gradebook first copies it to grading/backups/ (the last
:data:`BACKUPS_KEPT`, :func:`backup_gradebook`); the workers grade against a SQLite copy of
the gradebook, SQLite or a database server's (:func:`copy_gradebook`), so that its cell ids
match.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from incentives.instructor import nbgrader_tools

BACKUP_FOLDER = Path("grading") / "backups"
BACKUPS_KEPT = 5


def sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database with SQLite's backup API: it waits for a
    writer's transaction, and rolls back one a crash left half done (a hot journal), where
    copying the file would copy it half done."""
    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()
    return target


def backup_gradebook(root: Path, master_url: str) -> Path | None:
    """Copy a SQLite gradebook to ``grading/backups/gradebook-<time>.db`` before a batch
    changes it, keeping the last :data:`BACKUPS_KEPT`; the copy, or None for a database
    server (whose backups are the server's business)."""
    if not master_url.startswith("sqlite:///"):
        return None
    source = Path(master_url.removeprefix("sqlite:///"))
    if not source.is_file():
        return None
    folder = Path(root) / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"gradebook-{stamp}.db"
    partial = folder / f".{target.name}.partial"
    sqlite_copy(source, partial)
    os.replace(partial, target)
    for old in sorted(folder.glob("gradebook-*.db"))[:-BACKUPS_KEPT]:
        old.unlink()
    return target


def copy_gradebook(source_url: str, target: Path) -> Path:
    """A SQLite copy of the gradebook at ``source_url`` (SQLite or a database server), row
    for row, so that its assignments, notebooks and cells keep their ids."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    if source_url.startswith("sqlite:///"):
        return sqlite_copy(Path(source_url.removeprefix("sqlite:///")), target)
    with nbgrader_tools.gradebook(f"sqlite:///{target}"):
        pass  # nbgrader creates the schema
    source, copy = sa.create_engine(source_url), sa.create_engine(f"sqlite:///{target}")
    try:
        with source.connect() as reading, copy.begin() as writing:
            for table in reversed(Base.metadata.sorted_tables):
                writing.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(sa.select(table))]
                if rows:
                    writing.execute(table.insert(), rows)
    finally:
        source.dispose()
        copy.dispose()
    return target
