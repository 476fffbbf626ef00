"""How long each lesson takes to run top to bottom, kernel start included.

    make bench      (or: python -m benchmarks.lessons)

Each solution notebook is executed in a fresh kernel with nbclient, from its own folder, as
a student's "Restart Kernel and Run All" would. The target is at most 10 s a lesson.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0


def run_seconds(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        # ipykernel 7 logs a warning about its loopback TCP transport at every start; keep the
        # table readable (errors still show).
        extra_arguments=["--log-level=ERROR"],
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def table() -> str:
    lines = ["| lesson | seconds | within 10 s |", "| --- | ---: | --- |"]
    for path in sorted((ROOT / "solutions").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        seconds = run_seconds(path)
        ok = "yes" if seconds <= TARGET_SECONDS else "NO"
        lines.append(f"| {path.parent.name} | {seconds:.1f} | {ok} |")
    return "\n".join(lines)


def main() -> int:
    print("Lessons, solution notebooks run top to bottom (benchmarks/lessons.py)\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
