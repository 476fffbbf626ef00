"""The `course` command's help, messages and exit codes: plain text, one line for a mistake,
nothing written before it is caught."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from conftest import ROOT

from incentives.course import check, cli

LESSONS = ("00-start-here", "01-two-departments")


@pytest.fixture
def course(tmp_path):
    """A course with two lessons and no gradebook."""
    (tmp_path / "grading").mkdir()
    config = (ROOT / "grading" / "nbgrader_config.py").read_text()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(config)
    for lesson in LESSONS:
        (tmp_path / "solutions" / lesson).mkdir(parents=True)
        (tmp_path / "solutions" / lesson / f"{lesson}.ipynb").write_text("{}")
    return tmp_path


def help_text(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*args, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def subcommands() -> list[str]:
    """The subcommands, read from the parser that `course` builds."""
    seen = []
    original = argparse.ArgumentParser.parse_args

    def record(parser, argv=None, namespace=None):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                seen.extend(action.choices)
        raise SystemExit(0)

    argparse.ArgumentParser.parse_args = record
    try:
        with pytest.raises(SystemExit):
            cli.main([])
    finally:
        argparse.ArgumentParser.parse_args = original
    return seen


def test_the_help_is_plain_text_with_every_command(capsys):
    text = help_text(capsys)
    assert not re.search(r"``|:func:|:class:|:mod:", text), text
    assert text.splitlines()[2] == "The course command: one command per step of running the course."
    names = subcommands()
    assert {"roster", "collect", "grade", "export", "check"} <= set(names)
    for name in names:
        assert re.search(rf"^    {re.escape(name)}\s", text, re.M), f"{name} not listed"
    assert "Exit status: 0 done; 1 a check found a problem" in text


@pytest.mark.parametrize("name", subcommands())
def test_every_subcommand_has_a_description(capsys, name):
    lines = help_text(capsys, name).split("\n\n")
    description = lines[1].strip()
    assert description and not description.startswith(("positional", "options")), lines
    assert "``" not in description


def test_an_unknown_lesson_to_grade_is_refused_naming_the_known_ones(course, capsys):
    assert cli.main(["--root", str(course), "grade", "07-nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no single lesson '07-nope'" in err
    assert "the lessons are: 00-start-here, 01-two-departments" in err
    assert sorted(p.name for p in (course / "grading").iterdir()) == ["nbgrader_config.py"]


def test_a_lesson_may_be_given_by_its_number(course, capsys):
    assert cli.main(["--root", str(course), "grade", "01"]) == 0
    assert "no submissions in grading/submitted/" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", [["feedback"], ["lessons"], ["lessons", "--check"], ["release"], ["collect"]]
)
def test_every_command_taking_a_lesson_refuses_an_unknown_one(course, capsys, command):
    before = sorted(course.rglob("*"))
    assert cli.main(["--root", str(course), *command, "07-nope"]) == 2
    assert "no single lesson '07-nope'" in capsys.readouterr().err
    assert sorted(course.rglob("*")) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lms", "canvas"], "--lms canvas needs --template"),
        (["--lms", "moodle", "--template", "missing.csv"], "--template missing.csv: no such file"),
        (["--template", "x.csv"], "--template needs --lms canvas or --lms moodle"),
    ],
)
def test_export_refuses_a_wrong_lms_option_before_writing(course, capsys, options, message):
    folder = course / "out"
    assert cli.main(["--root", str(course), "export", "--to", str(folder), *options]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not folder.exists()
    assert not (course / "grading" / "gradebook.db").exists()


@pytest.mark.parametrize(("scores", "status"), [((1, 2), 0), ((1, 0), 1)])
def test_course_check_exits_1_when_a_test_fails(monkeypatch, capsys, scores, status):
    def graded(root, lesson, notebook, work, started, edition):
        assert edition is None  # the lesson's name says its edition
        return check.Check(
            lesson,
            Path("work/x.ipynb"),
            [check.Exercise("one", scores[0], 1), check.Exercise("two", scores[1], 2)],
        )

    monkeypatch.setattr(check, "check", graded)
    assert cli.main(["--root", str(ROOT), "check", "00"]) == status
    assert ("FAILED" in capsys.readouterr().out) == bool(status)


def test_course_check_passes_the_edition_asked_for(monkeypatch, capsys):
    asked = []

    def graded(root, lesson, notebook, work, started, edition):
        asked.append((lesson, edition))
        return check.Check(lesson, Path("work/x.ipynb"), [check.Exercise("one", 1, 1)])

    monkeypatch.setattr(check, "check", graded)
    assert cli.main(["--root", str(ROOT), "check", "00", "--edition", "ro"]) == 0
    assert asked == [("00", "ro")]


def test_course_site_builds_the_courses_lessons_into_build_site(tmp_path, monkeypatch, capsys):
    """`course site` (`make site`) hands each edition's lessons (lessons/, and the Romanian
    ones built into build/ro/lessons/) and build/site/ to the site's builder, found from a
    folder inside the course, as a student edition has them."""
    from incentives.site import builder

    (tmp_path / "lessons" / "02-gates-and-parts").mkdir(parents=True)
    (tmp_path / "work").mkdir()
    asked = []

    def build_editions(sources, out, only, *, lab_port, app_port, jobs):
        asked.append((sources, out, only, lab_port, app_port, jobs))
        return [out / "index.html"]

    monkeypatch.setattr(builder, "build_editions", build_editions)
    monkeypatch.chdir(tmp_path / "work")
    assert cli.main(["site", "--lesson", "02", "--lab-port", "9999"]) == 0
    root = tmp_path.resolve()
    english = {"en": root / "lessons"}
    assert asked == [(english, root / "build" / "site", ["02"], 9999, 8866, None)]
    output = capsys.readouterr().out
    assert f"Open {root / 'build' / 'site' / 'index.html'} in a browser" in output
    assert "no Romanian edition: no Romanian lessons" in output

    (root / "build" / "ro" / "lessons" / "02-gates-and-parts-ro").mkdir(parents=True)
    assert cli.main(["site"]) == 0
    assert asked[-1][0] == {**english, "ro": root / "build" / "ro" / "lessons"}


def test_course_site_in_a_romanian_student_edition_builds_the_romanian_site(tmp_path, monkeypatch):
    from incentives.site import builder

    (tmp_path / "lessons" / "00-start-here-ro").mkdir(parents=True)
    asked = []
    monkeypatch.setattr(
        builder, "build_editions", lambda sources, out, *a, **k: asked.append(sources) or [out]
    )
    assert cli.main(["--root", str(tmp_path), "site"]) == 0
    assert asked == [{"ro": tmp_path.resolve() / "lessons"}]
