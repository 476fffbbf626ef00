"""The explorer's texts point to the lessons behind its labs and carry their debriefs."""

from __future__ import annotations

import re

import nbformat
from conftest import ROOT

EXPLORER = ROOT / "app" / "explorer.ipynb"


def section(title_start: str) -> str:
    for cell in nbformat.read(EXPLORER, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith(title_start):
            return cell.source
    raise AssertionError(f"the explorer has no section starting {title_start!r}")


def test_the_alignment_and_cloakroom_labs_point_to_their_lessons_with_a_debrief():
    for heading, lesson in (
        ("## 1. A company", "05-common-criteria"),
        ("## 2. The cloakroom", "04-cloakroom"),
    ):
        text = section(heading)
        assert f"`{lesson}`" in text and (ROOT / "solutions" / lesson).is_dir()
        for phase in ("Describe", "Analyse", "Apply"):
            found = re.search(rf"\*\*{phase}\.\*\*([^*]+)", text)
            assert found, f"{heading}: no {phase} question"
            assert "?" in found.group(1), f"{heading}: {phase} asks nothing"
