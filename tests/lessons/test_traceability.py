"""grading/traceability.md: every article fact it lists points at a real lesson section."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import ROOT

TABLE = ROOT / "grading" / "traceability.md"
FACTS = ROOT / "grading" / "article-facts.md"


def facts() -> dict[int, str]:
    """The course's numbered list of the article's facts: number -> text."""
    found: dict[int, str] = {}
    number = None
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        start = re.match(r"^(\d+)\. (.+)$", line)
        if start:
            number = int(start.group(1))
            assert number not in found, f"fact {number} is numbered twice"
            found[number] = start.group(2)
        elif number is not None and line.startswith("   ") and line.strip():
            found[number] += " " + line.strip()
        else:
            number = None
    return found


def rows() -> list[dict]:
    """The traceability table: one row per (fact number, lesson, section)."""
    found = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].isdigit():
            found.append(
                {"fact": int(cells[0]), "lesson": cells[1].strip("`"), "section": cells[2]}
            )
    return found


def headings(lesson: str) -> set[str]:
    titles = set()
    for path in (ROOT / "solutions" / lesson).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                titles |= {m.strip() for m in re.findall(r"^#+\s+(.+)$", cell.source, re.M)}
    return titles


def test_the_facts_are_numbered_one_to_n_in_order():
    numbers = list(facts())
    assert len(numbers) >= 30
    assert numbers == list(range(1, len(numbers) + 1))


def test_every_fact_of_the_list_maps_to_a_lesson_section():
    mapped = {row["fact"] for row in rows()}
    missing = sorted(set(facts()) - mapped)
    assert missing == [], f"facts with no lesson section in traceability.md: {missing}"
    unknown = sorted(mapped - set(facts()))
    assert unknown == [], f"traceability.md maps facts that article-facts.md lacks: {unknown}"


def test_every_mapped_section_exists():
    for row in rows():
        assert (ROOT / "solutions" / row["lesson"]).is_dir(), f"no lesson {row['lesson']}"
        assert row["section"] in headings(row["lesson"]), (
            f"{row['lesson']} has no section headed {row['section']!r} (fact {row['fact']})"
        )


def test_the_checker_reports_an_unmapped_fact_and_a_missing_section(tmp_path, monkeypatch):
    """The two checks above can fail: a fact left out, a section that no lesson has."""
    import sys

    module = sys.modules[__name__]
    table = tmp_path / "traceability.md"
    kept = [
        line
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("| 8 |")
    ]
    kept.append("| 9 | `02-gates-and-parts` | A section nobody wrote |")
    table.write_text("\n".join(kept), encoding="utf-8")
    monkeypatch.setattr(module, "TABLE", table)
    with pytest.raises(AssertionError, match=r"\[8\]"):
        test_every_fact_of_the_list_maps_to_a_lesson_section()
    with pytest.raises(AssertionError, match="A section nobody wrote"):
        test_every_mapped_section_exists()


def test_instructor_guide_lists_every_lesson_with_its_points():
    guide = (ROOT / "grading" / "README.md").read_text(encoding="utf-8")
    listed = {
        m.group(1): (float(m.group(2)), float(m.group(3)))
        for m in re.finditer(r"^\| `([0-9]{2}[a-z]?-[a-z-]+)` \| (\d+) \| (\d+) \|$", guide, re.M)
    }
    actual = {}
    for folder in sorted((ROOT / "solutions").iterdir()):
        auto = manual = 0.0
        for path in folder.glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade"):
                    if meta.get("solution"):
                        manual += meta.get("points", 0)
                    else:
                        auto += meta.get("points", 0)
        actual[folder.name] = (auto, manual)
    assert listed == actual
