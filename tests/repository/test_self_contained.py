"""The repository is self-contained: no file in it names a document that lives outside it.

A maintainer who clones the project must be able to follow every reference. What the
project needs to know about its model, its architecture and how to write a lesson is in
docs/, in the project's own words; published sources are cited by author and year.

The forbidden names are built from pieces, so this file does not contain them itself.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

OUTSIDE_DOCUMENTS = [name + ".md" for name in ("DOMAIN", "ARTICLE", "DESIGN", "STYLE")]
OUTSIDE_FOLDER = ".." + "/shared"
FORBIDDEN = [*OUTSIDE_DOCUMENTS, OUTSIDE_FOLDER]


def repository_files(root: Path) -> list[str]:
    """The files a clone of ``root`` would have: tracked ones, plus new ones not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(filter(None, listed.split("\0")))


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file (an image, say) or one that is missing."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if b"\0" in raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def outside_references(root: Path) -> list[str]:
    """Every line of the repository at ``root`` that names an outside document.

    Returns:
        ``"path:line: name"`` for each forbidden name found, in file order.
    """
    found = []
    for name in repository_files(root):
        text = text_of(root / name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            found += [f"{name}:{number}: {word}" for word in FORBIDDEN if word in line]
    return found


def test_no_file_of_the_repository_names_an_outside_document():
    found = outside_references(ROOT)
    assert not found, (
        "these lines name a document outside the repository; say what is needed in docs/ "
        "(the model: docs/model.md; the layers: docs/architecture.md; lessons and "
        "exercises: docs/writing-lessons.md) and point there instead:\n" + "\n".join(found)
    )


def git_repository(folder: Path, files: dict[str, bytes]) -> Path:
    """A git repository in ``folder`` holding ``files`` (path: content), all of them added."""
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    return folder


@pytest.mark.parametrize("word", FORBIDDEN)
def test_the_check_finds_a_planted_reference(tmp_path, word):
    root = git_repository(
        tmp_path,
        {
            "README.md": b"# A course\n\nNothing outside.\n",
            "src/pkg/module.py": f'"""Read\nthe figures in {word}, please."""\n'.encode(),
        },
    )
    assert outside_references(root) == [f"src/pkg/module.py:2: {word}"]


def test_the_check_reads_new_files_and_notebooks_but_not_binaries_or_ignored_ones(tmp_path):
    word = OUTSIDE_DOCUMENTS[0]
    root = git_repository(
        tmp_path,
        {
            ".gitignore": b"build/\n",
            "lessons/01.ipynb": ('{"cells": [{"source": ["see ' + word + '"]}]}').encode(),
            "docs/picture.png": b"\x89PNG\0" + word.encode(),
        },
    )
    (root / "Makefile").write_text(f"# from {word}\n")  # new, not yet added
    (root / "build").mkdir()
    (root / "build" / "page.html").write_text(word)  # ignored: not part of a clone
    assert outside_references(root) == [f"Makefile:1: {word}", f"lessons/01.ipynb:1: {word}"]


def test_the_check_is_case_sensitive_and_passes_a_clean_repository(tmp_path):
    root = git_repository(
        tmp_path,
        {
            "docs/design.md": b"# Our design\n\nSee docs/model.md and the style of the house.\n",
            "notes.txt": b"domain.md and Style.md are not the names; ./shared is ours.\n",
        },
    )
    assert outside_references(root) == []
