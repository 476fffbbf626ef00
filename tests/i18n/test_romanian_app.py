"""The explorer app in Romanian: its markdown from app/locale/ro/explorer.po, its code as it is."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT

from incentives.i18n import app, pofile


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def test_the_romanian_explorer_has_every_text_cell_translated_and_the_same_code(tmp_path):
    assert app.problems(ROOT, "ro") == []
    built = app.build(ROOT, tmp_path, "ro")
    assert built == tmp_path / "ro" / "app" / "explorer.ipynb"
    english, romanian = cells(ROOT / app.NOTEBOOK), cells(built)
    assert [c["id"] for c in english] == [c["id"] for c in romanian]
    for en, ro in zip(english, romanian, strict=True):
        if en["cell_type"] == "markdown":
            assert source(ro) != source(en)
            assert "ş" not in source(ro) and "ţ" not in source(ro)  # comma below only
        else:
            assert source(ro) == source(en)
    title = source(romanian[0])
    assert title.startswith("# Marketing contra vânzări: exploratorul")


def test_an_english_change_makes_the_romanian_explorer_stale_and_refused(tmp_path):
    (tmp_path / "app" / "locale" / "ro").mkdir(parents=True)
    shutil.copy(ROOT / app.NOTEBOOK, tmp_path / app.NOTEBOOK)
    shutil.copy(app.catalog_path(ROOT, "ro"), app.catalog_path(tmp_path, "ro"))
    notebook = json.loads((tmp_path / app.NOTEBOOK).read_text(encoding="utf-8"))
    notebook["cells"][0]["source"] = "# A new title\n"
    (tmp_path / app.NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    assert app.problems(tmp_path, "ro") == ["title: stale (its English changed)"]
    with pytest.raises(ValueError, match="title: stale"):
        app.build(tmp_path, tmp_path / "build", "ro")
    assert app.update(tmp_path, "ro") == {"added": 0, "stale": 1, "dropped": 0}
    _header, entries = pofile.read(app.catalog_path(tmp_path, "ro"))
    entry = next(e for e in entries if e.context == "title")
    assert entry.fuzzy and entry.msgid == "# A new title\n"
    assert entry.previous.startswith("# Marketing vs. Sales")
    assert entry.strings[0].startswith("# Marketing contra vânzări")
