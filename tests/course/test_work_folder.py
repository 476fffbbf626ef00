"""The student's work folder (incentives.course.work): copies of the lessons that the course's
updates never overwrite once the student has touched them."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import ROOT

from incentives.course import cli, work

LESSON = "02-gates-and-parts/02-gates-and-parts.ipynb"


def notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "code", "id": f"c{i}", "metadata": {}, "source": s, "outputs": []}
        for i, s in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def snapshot(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def course(tmp_path):
    """A lessons/ folder with two lessons, and the path of a (not yet made) work folder."""
    lessons = tmp_path / "lessons"
    for name, source in [("00-start-here", "x = 1"), ("02-gates-and-parts", "answer = None")]:
        (lessons / name).mkdir(parents=True)
        (lessons / name / f"{name}.ipynb").write_text(notebook(source))
    (lessons / "00-start-here" / ".ipynb_checkpoints").mkdir()
    (lessons / "00-start-here" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    return lessons, tmp_path / "work"


def edit(path, source: str) -> None:
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = source
    path.write_text(json.dumps(nb))


def test_first_start_copies_every_lesson(course):
    lessons, folder = course
    before = snapshot(lessons)
    changes = work.sync(lessons, folder)
    assert [(c.kind, c.path) for c in changes] == [
        ("new", "00-start-here/00-start-here.ipynb"),
        ("new", LESSON),
    ]
    assert (folder / LESSON).read_bytes() == (lessons / LESSON).read_bytes()
    assert not (folder / "00-start-here" / ".ipynb_checkpoints").exists()
    assert set(json.loads((folder / work.MANIFEST).read_text())["copies"]) == {
        "00-start-here/00-start-here.ipynb",
        LESSON,
    }
    assert snapshot(lessons) == before


def test_a_second_start_changes_nothing(course):
    lessons, folder = course
    work.sync(lessons, folder)
    before = snapshot(folder)
    assert work.sync(lessons, folder) == []
    assert snapshot(folder) == before


def test_an_edited_copy_survives_a_second_start(course):
    lessons, folder = course
    work.sync(lessons, folder)
    edit(folder / LESSON, "answer = 42")
    assert work.sync(lessons, folder) == []
    assert "answer = 42" in (folder / LESSON).read_text()


def test_new_metadata_alone_is_not_an_edit(course):
    """JupyterLab may re-save a notebook it opened with new metadata; that is not the
    student's work, so an updated lesson may still replace it."""
    lessons, folder = course
    work.sync(lessons, folder)
    nb = json.loads((folder / LESSON).read_text())
    nb["metadata"]["kernelspec"] = {"name": "python3"}
    (folder / LESSON).write_text(json.dumps(nb, indent=2))
    edit(lessons / LESSON, "answer = None  # now with a hint")
    assert [c.kind for c in work.sync(lessons, folder)] == ["updated"]
    assert "with a hint" in (folder / LESSON).read_text()


def test_an_updated_lesson_replaces_an_untouched_copy(course):
    lessons, folder = course
    work.sync(lessons, folder)
    edit(lessons / LESSON, "answer = None  # now with a hint")
    changes = work.sync(lessons, folder)
    assert [(c.kind, c.path) for c in changes] == [("updated", LESSON)]
    assert (folder / LESSON).read_bytes() == (lessons / LESSON).read_bytes()
    assert work.sync(lessons, folder) == []


def test_an_updated_lesson_arrives_beside_an_edited_copy(course):
    lessons, folder = course
    work.sync(lessons, folder)
    edit(folder / LESSON, "answer = 42")
    edit(lessons / LESSON, "answer = None  # now with a hint")
    (change,) = work.sync(lessons, folder)
    assert change.kind == "beside"
    assert change.path.startswith("02-gates-and-parts/02-gates-and-parts.new-")
    assert "answer = 42" in (folder / LESSON).read_text()
    assert (folder / change.path).read_bytes() == (lessons / LESSON).read_bytes()
    # delivered once: the next start does not bring it again
    assert work.sync(lessons, folder) == []
    assert len(list((folder / "02-gates-and-parts").glob("*.ipynb"))) == 2


def test_a_new_lesson_arrives_and_a_removed_copy_comes_back(course):
    lessons, folder = course
    work.sync(lessons, folder)
    (lessons / "03-speed").mkdir()
    (lessons / "03-speed" / "03-speed.ipynb").write_text(notebook("speed = 1"))
    (folder / "00-start-here" / "00-start-here.ipynb").unlink()
    changes = work.sync(lessons, folder)
    assert sorted((c.kind, c.path) for c in changes) == [
        ("new", "03-speed/03-speed.ipynb"),
        ("restored", "00-start-here/00-start-here.ipynb"),
    ]


def test_a_file_the_manifest_does_not_know_is_kept(course):
    lessons, folder = course
    (folder / "02-gates-and-parts").mkdir(parents=True)
    (folder / LESSON).write_text(notebook("my own work"))
    changes = work.sync(lessons, folder)
    assert ("beside", LESSON) in [(c.kind, c.lesson) for c in changes]
    assert "my own work" in (folder / LESSON).read_text()
    assert work.sync(lessons, folder) == []


def test_fresh_copy_keeps_the_old_one(course):
    lessons, folder = course
    work.sync(lessons, folder)
    edit(folder / LESSON, "answer = 42")
    before = snapshot(lessons)
    changes = work.fresh_copy(lessons, folder, "02-gates-and-parts")
    assert [c.kind for c in changes] == ["kept", "fresh"]
    kept = folder / changes[0].path
    assert kept.name.startswith("02-gates-and-parts.old-")
    assert "answer = 42" in kept.read_text()
    assert (folder / LESSON).read_bytes() == (lessons / LESSON).read_bytes()
    assert snapshot(lessons) == before
    # the fresh copy counts as untouched: an update may replace it
    edit(lessons / LESSON, "answer = None  # now with a hint")
    assert [c.kind for c in work.sync(lessons, folder)] == ["updated"]


def test_fresh_copy_twice_keeps_both_old_copies(course):
    lessons, folder = course
    work.sync(lessons, folder)
    for answer in ("1", "2"):
        edit(folder / LESSON, f"answer = {answer}")
        work.fresh_copy(lessons, folder, "02")
    old = sorted((folder / "02-gates-and-parts").glob("*.old-*.ipynb"))
    assert len(old) == 2
    assert {json.loads(p.read_text())["cells"][0]["source"] for p in old} == {
        "answer = 1",
        "answer = 2",
    }


def test_fresh_copy_of_an_untouched_lesson_does_nothing(course):
    lessons, folder = course
    work.sync(lessons, folder)
    assert work.fresh_copy(lessons, folder, "02-gates-and-parts") == []


def test_fresh_copy_names_the_lessons_when_it_finds_none(course):
    lessons, folder = course
    with pytest.raises(FileNotFoundError, match="00-start-here, 02-gates-and-parts"):
        work.fresh_copy(lessons, folder, "07")


def test_the_course_command_syncs_and_makes_fresh_copies(course, capsys):
    lessons, folder = course
    args = ["--lessons", str(lessons), "--work", str(folder)]
    assert cli.main(["work", *args]) == 0
    assert "new lesson: 02-gates-and-parts" in capsys.readouterr().out
    assert cli.main(["work", *args]) == 0
    assert "up to date" in capsys.readouterr().out
    edit(folder / LESSON, "answer = 42")
    assert cli.main(["fresh-copy", "02", *args]) == 0
    assert "is kept as 02-gates-and-parts/02-gates-and-parts.old-" in capsys.readouterr().out
    assert cli.main(["fresh-copy", "07", *args]) == 2


def test_the_work_folder_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "work/00-start-here/00-start-here.ipynb"], cwd=ROOT
    )
    assert ignored.returncode == 0


def test_make_fresh_runs_the_fresh_copy_command():
    dry_run = subprocess.run(
        ["make", "--dry-run", "fresh", "LESSON=02-gates-and-parts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "course fresh-copy 02-gates-and-parts" in dry_run.stdout, dry_run.stdout + dry_run.stderr


def test_make_lab_fills_the_work_folder_before_starting(tmp_path):
    dry_run = subprocess.run(
        ["make", "--dry-run", "lab", f"WORK={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    commands = dry_run.stdout
    assert 0 <= commands.index("course work") < commands.index("jupyter lab"), commands
    assert f"--ServerApp.root_dir={tmp_path}" in commands


def test_a_lesson_is_found_by_its_number_beside_its_second_part(tmp_path):
    """The number "02" is 02-gates-and-parts even beside 02b-commission-plans; "02b" is
    the second part; a prefix that two lessons share names neither."""
    for name in ("00-start-here", "02-gates-and-parts", "02b-commission-plans", "04-cloakroom"):
        (tmp_path / name).mkdir()
    (tmp_path / "04b-the-claim").mkdir()
    assert work.find_lesson(tmp_path, "02") == "02-gates-and-parts"
    assert work.find_lesson(tmp_path, "02b") == "02b-commission-plans"
    assert work.find_lesson(tmp_path, "02b-commission-plans") == "02b-commission-plans"
    assert work.find_lesson(tmp_path, "02-gates") == "02-gates-and-parts"
    assert work.find_lesson(tmp_path, "04") == "04-cloakroom"
    with pytest.raises(FileNotFoundError, match="no single lesson '0'"):
        work.find_lesson(tmp_path, "0")


# --- the editions: `make lab EDITION=ro` -------------------------------------------------------


def edition_course(tmp_path, *, built: bool):
    """A course root with English lessons in lessons/ and, when ``built``, the Romanian
    lesson in build/ro/lessons/ (as `course translations build` leaves it)."""
    (tmp_path / "lessons" / "00-start-here").mkdir(parents=True)
    (tmp_path / "lessons" / "00-start-here" / "00-start-here.ipynb").write_text(notebook("x=1"))
    if built:
        folder = tmp_path / "build" / "ro" / "lessons" / "00-start-here-ro"
        folder.mkdir(parents=True)
        (folder / "00-start-here-ro.ipynb").write_text(notebook("x = 1  # romana"))
    return tmp_path


def test_both_editions_share_the_work_folder_and_never_overwrite_each_other(tmp_path, capsys):
    root = edition_course(tmp_path, built=True)
    assert cli.main(["--root", str(root), "work"]) == 0
    assert cli.main(["--root", str(root), "work", "--edition", "ro"]) == 0
    assert "new lesson: 00-start-here-ro/00-start-here-ro.ipynb" in capsys.readouterr().out
    english = root / "work" / "00-start-here" / "00-start-here.ipynb"
    romanian = root / "work" / "00-start-here-ro" / "00-start-here-ro.ipynb"
    assert "romana" in romanian.read_text() and "romana" not in english.read_text()
    # the student's English answer survives a Romanian sync, and the other way round
    english.write_text(notebook("x = 2  # mine"))
    romanian.write_text(notebook("x = 3  # al meu"))
    assert cli.main(["--root", str(root), "work", "--edition", "ro"]) == 0
    assert cli.main(["--root", str(root), "work"]) == 0
    assert "# mine" in english.read_text() and "# al meu" in romanian.read_text()


def test_a_romanian_student_edition_serves_its_own_lessons_folder(tmp_path):
    (tmp_path / "lessons" / "00-start-here-ro").mkdir(parents=True)
    assert work.edition_lessons(tmp_path, "ro") == tmp_path / "lessons"
    with pytest.raises(FileNotFoundError, match="no English lessons"):
        work.edition_lessons(tmp_path, "en")


def test_an_edition_with_no_lessons_or_an_unknown_edition_is_refused_clearly(tmp_path):
    root = edition_course(tmp_path, built=False)
    with pytest.raises(FileNotFoundError, match="no Romanian lessons .*course translations build"):
        work.edition_lessons(root, "ro")
    with pytest.raises(ValueError, match=r"'fr' is not an edition.*en \(English\), ro"):
        work.edition_lessons(root, "fr")


@pytest.mark.parametrize("edition", ["fr", "EN", "''"])
def test_make_lab_refuses_an_edition_naming_the_allowed_values(edition):
    run = subprocess.run(
        ["make", "--dry-run", "lab", f"EDITION={edition.strip(chr(39))}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "is not an edition of the course: use EDITION=en" in run.stderr
    assert "EDITION=ro (Romanian)" in run.stderr


def test_make_lab_in_romanian_builds_the_lessons_and_runs_the_kernels_in_romanian():
    run = subprocess.run(
        ["make", "--dry-run", "lab", "EDITION=ro", "LESSON=00-start-here"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "course translations build 00-start-here --lang ro" in run
    assert "course work --work work --edition ro" in run
    assert "INCENTIVES_EDITION=ro" in run
    english = subprocess.run(
        ["make", "--dry-run", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "translations build" not in english and "INCENTIVES_EDITION=en" in english
