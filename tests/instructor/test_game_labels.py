"""`course game-labels`: the game's room labels from the class list, refused before writing.

The label file is oTree's participant label file: one student id a line, each id oTree takes
(letters, digits, '_'; at most 100 characters). game/settings.py's room uses it when it
exists, and takes anyone when it does not.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess

import pytest
from conftest import ROOT, missing

from incentives.course import cli
from incentives.instructor import game_labels, roster

CLASS = "id,first_name,last_name,email\ns002,Ana,Popescu,ana@example.org\ns001,Ion,,\nab_3,,,\n"


@pytest.fixture
def course(tmp_path):
    """A course folder with the course's nbgrader configuration and no gradebook yet."""
    (tmp_path / "grading").mkdir()
    (tmp_path / "solutions").mkdir()
    config = (ROOT / "grading" / "nbgrader_config.py").read_text()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(config)
    return tmp_path


def labels_file(course):
    return course / "game" / "_rooms" / "class.txt"


def test_the_gradebooks_class_list_becomes_the_rooms_labels(course, capsys):
    db_url = f"sqlite:///{course / 'grading' / 'gradebook.db'}"
    found = roster.read_class_list(CLASS.encode())
    roster.import_roster(db_url, found.students, found.details)
    assert cli.main(["--root", str(course), "game-labels"]) == 0
    assert labels_file(course).read_text() == "ab_3\ns001\ns002\n"  # the gradebook's order
    out = capsys.readouterr().out
    assert f"wrote {labels_file(course)}: 3 students' ids from the gradebook" in out


def test_a_class_list_file_gives_the_labels_without_a_gradebook(course, tmp_path, capsys):
    listed = tmp_path / "class.csv"
    listed.write_text(CLASS)
    out = tmp_path / "labels.txt"
    code = cli.main(
        ["--root", str(course), "game-labels", "--from", str(listed), "--out", str(out)]
    )
    assert code == 0
    assert out.read_text() == "s002\ns001\nab_3\n"  # the file's order
    assert not (course / "grading" / "gradebook.db").exists()
    assert "from class.csv" in capsys.readouterr().out


def test_an_empty_class_list_is_refused_naming_the_command_that_fills_it(course, capsys):
    assert cli.main(["--root", str(course), "game-labels"]) == 2
    err = capsys.readouterr().err
    assert "the class list is empty" in err and "course roster FILE.csv" in err
    assert not labels_file(course).exists()


def test_ids_otree_cannot_take_are_named_and_nothing_is_written(course, tmp_path, capsys):
    labels_file(course).parent.mkdir(parents=True)
    labels_file(course).write_text("old\n")
    listed = tmp_path / "class.csv"
    listed.write_text("id\ns001\nana.popescu\nion-ionescu\n")
    assert cli.main(["--root", str(course), "game-labels", "--from", str(listed)]) == 2
    err = capsys.readouterr().err
    assert "'ana.popescu', 'ion-ionescu'" in err and "letters, digits and '_' only" in err
    assert labels_file(course).read_text() == "old\n"  # the file as it was


def test_the_labels_follow_otrees_rule():
    assert game_labels.room_labels(["s1", "A_2", "s1", "x" * 100]) == ["s1", "A_2", "x" * 100]
    with pytest.raises(game_labels.LabelError, match="'xxx"):
        game_labels.room_labels(["x" * 101])
    with pytest.raises(game_labels.LabelError, match="and 2 more"):
        game_labels.room_labels([f"s.{i}" for i in range(12)])


def test_the_room_uses_the_label_file_when_it_exists(tmp_path):
    game = tmp_path / "game"
    game.mkdir()
    shutil.copy(ROOT / "game" / "settings.py", game / "settings.py")
    (room,) = runpy.run_path(str(game / "settings.py"))["ROOMS"]
    assert "participant_label_file" not in room  # anyone may join
    (game / "_rooms").mkdir()
    game_labels.write_labels(["s001", "s002"], game / "_rooms" / "class.txt")
    (room,) = runpy.run_path(str(game / "settings.py"))["ROOMS"]
    assert room["participant_label_file"] == str(game / "_rooms" / "class.txt")
    assert room["name"] == "class"


def test_the_label_file_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "game/_rooms/" in ignored and "game/room-qr.svg" in ignored


OTREE_READS = """
import json
from otree.common import validate_alphanumeric
from otree.room import ROOM_DICT

room = ROOM_DICT["class"]
refused = []
for label in ("a.b", "c-d", "e_f", "x" * 100):
    try:
        validate_alphanumeric(label, "participant label")
    except ValueError:
        refused.append(label)
print(json.dumps([type(room).__name__, room.get_participant_labels(), refused]))
"""


def test_otree_reads_the_file_as_written_and_refuses_what_the_command_refuses(tmp_path):
    python = ROOT / ".venv-game" / "bin" / "python"
    if not python.exists():
        missing(f"the game's environment is not installed ({python})")
    game = tmp_path / "game"
    game.mkdir()
    shutil.copy(ROOT / "game" / "settings.py", game / "settings.py")
    ids = ["s002", "s001", "ab_3"]
    game_labels.write_labels(game_labels.room_labels(ids), game / "_rooms" / "class.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VIRTUAL_ENV")}
    run = subprocess.run(
        [str(python), "-c", OTREE_READS],
        cwd=game,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    kind, labels, refused = json.loads(run.stdout)
    assert (kind, labels, refused) == ("LabelRoom", ids, ["a.b", "c-d"])
    for label in refused:
        with pytest.raises(game_labels.LabelError):
            game_labels.room_labels([label])
