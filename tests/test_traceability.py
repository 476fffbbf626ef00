"""grading/traceability.md: every article fact it lists points at a real lesson section."""

from __future__ import annotations

import re

import nbformat
from conftest import ROOT

TABLE = ROOT / "grading" / "traceability.md"


def rows() -> list[dict]:
    found = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("fact", "---") and not set(cells[0]) <= {"-"}:
            found.append({"fact": cells[0], "lesson": cells[1].strip("`"), "section": cells[2]})
    return found


def headings(lesson: str) -> set[str]:
    titles = set()
    for path in (ROOT / "solutions" / lesson).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                titles |= {m.strip() for m in re.findall(r"^#+\s+(.+)$", cell.source, re.M)}
    return titles


def test_every_listed_fact_names_an_existing_lesson_section():
    listed = rows()
    assert len(listed) >= 10
    for row in listed:
        assert row["fact"], row
        assert (ROOT / "solutions" / row["lesson"]).is_dir(), f"no lesson {row['lesson']}"
        assert row["section"] in headings(row["lesson"]), (
            f"{row['lesson']} has no section headed {row['section']!r} (fact: {row['fact']})"
        )


def test_instructor_guide_lists_every_lesson_with_its_points():
    guide = (ROOT / "grading" / "README.md").read_text(encoding="utf-8")
    listed = {
        m.group(1): (float(m.group(2)), float(m.group(3)))
        for m in re.finditer(r"^\| `([0-9]{2}-[a-z-]+)` \| (\d+) \| (\d+) \|$", guide, re.M)
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
