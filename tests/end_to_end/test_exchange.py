"""nbgrader's exchange end to end on one machine: `course release` puts a lesson in it, a
student fetches and submits it with nbgrader, `course collect` brings the submission in,
`course grade` grades it and `course feedback` puts the feedback back in the exchange."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, repository_copy

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
COURSE_ID = "marketing-vs-sales"


def run(args, cwd, env=None):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_release_fetch_submit_collect_grade_and_feedback_through_the_exchange(tmp_path):
    course = repository_copy(tmp_path / "course")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    config = course / "grading" / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.Exchange.root = {str(exchange)!r}\n")
    course_cmd = [sys.executable, "-m", "incentives.course.cli", "--root", str(course)]
    nbgrader = [str(ROOT / ".venv" / "bin" / "nbgrader")]
    if not os.path.exists(nbgrader[0]):
        nbgrader = [sys.executable, "-m", "nbgrader"]

    assert "released 00-start-here to the exchange" in run([*course_cmd, "release", LESSON], course)

    # The student, in a home of her own, with nbgrader's student commands. nbgrader files a
    # submission under the OS account that submits it (not $USER nor the hub's user name):
    # here, the account running the tests.
    student = pwd.getpwuid(os.getuid()).pw_name
    home = tmp_path / "student"
    home.mkdir()
    student_env = dict(os.environ)
    options = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE_ID}"]
    run([*nbgrader, "fetch_assignment", LESSON, *options], home, student_env)
    fetched = home / LESSON / f"{LESSON}.ipynb"
    assert fetched.is_file()
    shutil.copy(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", fetched)  # the answers
    run([*nbgrader, "submit", LESSON, *options], home, student_env)

    out = run([*course_cmd, "collect", LESSON], course)
    submitted = course / "grading" / "submitted" / student / LESSON
    assert (submitted / f"{LESSON}.ipynb").is_file(), out
    assert (submitted / "timestamp.txt").is_file()  # the exchange's time of submission
    out = run([*course_cmd, "grade", "--workers", "1"], course)
    assert f"{student} 00-start-here: 3/3" in out
    out = run([*course_cmd, "feedback", LESSON], course)
    assert "released the feedback of 00-start-here to the exchange" in out
    assert list((exchange / COURSE_ID / "feedback").glob("*.html"))
