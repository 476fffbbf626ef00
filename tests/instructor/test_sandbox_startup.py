"""What a sandboxed kernel's start costs the grader: no pandas import to find the data
folder, and bytecode written once by the grader, since the kernel cannot write its own."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from incentives.instructor import sandbox


def test_the_sandbox_reads_the_data_folder_the_loader_reads():
    from incentives.data.loader import shipped_dir

    assert sandbox.shipped_data() == shipped_dir().resolve()
    assert any(sandbox.shipped_data().is_relative_to(p) for p in sandbox.readonly_paths())


def test_building_a_sandbox_imports_no_pandas():
    code = (
        "import sys; from incentives.instructor import sandbox; sandbox.readonly_paths(); "
        "print(sorted(m for m in ('pandas', 'numpy', 'incentives.data') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@pytest.fixture
def module(tmp_path, monkeypatch):
    """A module's source in a folder of its own, and bytecode writing allowed."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    sandbox.compile_bytecode.cache_clear()
    source = tmp_path / "lesson_helpers.py"
    source.write_text("ANSWER = 42\n")
    yield source
    sandbox.compile_bytecode.cache_clear()


def test_the_grader_writes_the_bytecode_a_sandboxed_kernel_cannot(module):
    assert sandbox.compile_bytecode((module.parent,)) == [module.parent]
    cached = importlib.util.cache_from_source(str(module))
    with open(cached, "rb") as pyc:
        assert pyc.read(4) == importlib.util.MAGIC_NUMBER


def test_no_bytecode_is_written_where_python_is_told_not_to(module, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert sandbox.compile_bytecode((module.parent,)) == []
    assert not (module.parent / "__pycache__").exists()
