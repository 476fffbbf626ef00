"""A class graded into a PostgreSQL gradebook: a real server, started here on 127.0.0.1.

Outside CI the test skips, naming what is missing, when PostgreSQL's server programs are not
installed (Debian's `postgresql` package; `.ci/run` installs it) or, as root, there is no
`postgres` account to run the server as (PostgreSQL refuses to run as root). Under CI
(`CI=true`) it must run.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, postgres_server, repository_copy

from incentives.course import cli
from incentives.instructor import batch, export, nbgrader_tools

pytestmark = pytest.mark.slow

LESSON = "00-start-here"


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh PostgreSQL cluster on 127.0.0.1 (trusting every connection), its database
    URL; stopped afterwards."""
    with postgres_server() as url:
        yield url


def test_a_class_is_graded_into_postgresql_and_exported(postgres_url, tmp_path, monkeypatch):
    import psycopg

    course = repository_copy(tmp_path / "course")
    monkeypatch.setenv("COURSE_GRADEBOOK_URL", postgres_url)
    assert nbgrader_tools.load_config(course).CourseDirectory.db_url == postgres_url

    (tmp_path / "class.csv").write_text("id,first_name,last_name\nana,Ana,Pop\nbo,Bo,Ene\n")
    assert cli.main(["--root", str(course), "roster", str(tmp_path / "class.csv")]) == 0
    submitted = course / "grading" / "submitted"
    shutil.copytree(ROOT / "solutions" / LESSON, submitted / "ana" / LESSON)
    shutil.copytree(ROOT / "lessons" / LESSON, submitted / "bo" / LESSON)

    results = {r.student: r for r in batch.grade(course, workers=2, cell_timeout=30)}

    assert results["ana"].score == 3 and results["bo"].score == 0
    assert not (course / "grading" / "gradebook.db").exists()  # nothing went to SQLite
    by_lesson, _ = export.tables(export.cell_grades(course, postgres_url))
    assert [row[:2] for row in by_lesson[1:]] == [["ana", "3"], ["bo", "0"]]
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        (count,) = connection.execute("select count(*) from submitted_assignment").fetchone()
        (names,) = connection.execute("select count(*) from student").fetchone()
    assert count == 2 and names == 2
