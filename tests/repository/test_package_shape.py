"""The library's shape, as a maintainer finds it: modules of one idea, names that cannot be
mistaken for each other, each audience's tools in its own package."""

from __future__ import annotations

import ast
from itertools import combinations
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src" / "incentives"
LONGEST = 600


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def one_letter_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter changed, added or removed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def names_a_letter_apart(names) -> list[tuple[str, str]]:
    return [(a, b) for a, b in combinations(sorted(set(names)), 2) if one_letter_apart(a, b)]


def test_the_letter_check_finds_what_it_should():
    assert names_a_letter_apart(["company", "companies", "check", "checks", "charts"]) == [
        ("check", "checks")
    ]
    assert one_letter_apart("grading", "grading_") and one_letter_apart("roster", "rooster")
    assert not one_letter_apart("model", "views")


def test_no_two_modules_or_packages_are_named_a_letter_apart():
    names = [p.stem for p in modules() if p.stem != "__init__"]
    names += [p.name for p in SRC.rglob("*") if p.is_dir() and p.name != "__pycache__"]
    assert names_a_letter_apart(names) == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_longer_than_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{path.relative_to(SRC)} has {lines} lines: split it by idea"


def importers_of(name: str) -> set[str]:
    """The modules of the library that import ``name`` (a function or module name)."""
    found = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names):
                found.add(str(path.relative_to(SRC)))
    return found


def test_a_company_is_built_from_its_files_in_one_module():
    """The data layer reads and checks the files; one model module turns them into a
    Company; everything else asks that module."""
    assert importers_of("read_company") <= {"model/build.py", "data/__init__.py"}
    defined = [
        str(p.relative_to(SRC))
        for p in modules()
        if "def company_from_files(" in p.read_text(encoding="utf-8")
    ]
    assert defined == ["model/build.py"]


def test_the_student_package_holds_neither_the_grader_nor_the_site():
    course = {p.stem for p in (SRC / "course").glob("*.py")}
    assert not course & {"grading", "site", "collect", "export", "roster", "report", "release"}
    assert (SRC / "instructor").is_dir() and (SRC / "site").is_dir()
