"""The solutions' outputs, to show that a refactor moved no number a lesson prints.

    python -m tools.solution_outputs record OUT.json   # run every solution, keep its outputs
    python -m tools.solution_outputs compare A.json B.json

``record`` runs each notebook of solutions/ top to bottom in a fresh kernel from its own
folder (as ``course check`` does) and keeps, per code cell, its printed text and plain-text
results, with memory addresses blanked. Charts and widgets are left out: their specs carry
random dataset names. Run ``record`` on two checkouts (each with its own ``make`` environment)
and ``compare`` the files: it prints each cell whose outputs differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def cell_text(cell) -> list[str]:
    """What a code cell showed, as text: streams, plain-text results and errors."""
    shown = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            shown.append(output["text"])
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "text/plain" in data and not any(k.startswith("application/") for k in data):
                shown.append(data["text/plain"])
        elif output["output_type"] == "error":
            shown.append(f"{output['ename']}: {output['evalue']}")
    return [ADDRESS.sub(" at 0x?", text) for text in shown]


def record(out: Path) -> None:
    """Run every solution notebook and write each code cell's text outputs to ``out``."""
    import nbformat
    from nbclient import NotebookClient

    outputs = {}
    for path in sorted((ROOT / "solutions").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        name = str(path.relative_to(ROOT))
        outputs[name] = [cell_text(c) for c in notebook.cells if c.cell_type == "code"]
        print(f"{name}: {len(outputs[name])} code cells", file=sys.stderr)
    out.write_text(json.dumps(outputs, indent=1, sort_keys=True), encoding="utf-8")


def compare(a: Path, b: Path) -> int:
    """Print each cell whose outputs differ between two records; 1 if any does, else 0."""
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    differences = 0
    for name in sorted(set(first) | set(second)):
        if name not in first or name not in second:
            print(f"{name}: only in {'B' if name not in first else 'A'}")
            differences += 1
            continue
        for index, (x, y) in enumerate(zip(first[name], second[name], strict=False)):
            if x != y:
                print(f"{name}, code cell {index}:\n  A: {x!r}\n  B: {y!r}")
                differences += 1
        if len(first[name]) != len(second[name]):
            print(f"{name}: {len(first[name])} code cells against {len(second[name])}")
            differences += 1
    cells = sum(len(cells) for cells in first.values())
    print(f"{len(first)} notebooks, {cells} code cells: {differences} difference(s)")
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("record").add_argument("out", type=Path)
    both = commands.add_parser("compare")
    both.add_argument("a", type=Path)
    both.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        record(args.out)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
