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
