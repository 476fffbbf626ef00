"""Run the speed measurements: every one (``make bench``), or those named.

    python -m benchmarks                 # all, in the order of BENCHMARKS
    python -m benchmarks model labs      # only these

Each benchmark prints its tables, and its section of docs/performance.md is rewritten with
them, under the day and the machine they were measured on; the sections of the benchmarks
not run, and the hand-measured notes at the end of the file, stay as they were.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE = ROOT / "docs" / "performance.md"
# Every benchmark, by name (a module of this package whose ``table()`` gives Markdown), and
# the title of its section.
BENCHMARKS = {
    "model": "Incentive model, whole run per leads table",
    "labs": "Lab latency, control change to all views updated",
    "lessons": "Lessons, solution notebooks run top to bottom",
    "grading": "Autograding, one nbgrader call for a class",
    "class_grading": "A class graded by nbgrader and by course grade, with and without the sandbox",
    "explorer": "Explorer app, page opened to first chart",
    "browser": "Slider to redraw in headless Chromium",
    "game": "Classroom game, a class of 60 on the production server and PostgreSQL",
    "setup": "Set-up: a fresh environment for `make test` from the lock files",
}

INTRO = """\
# Performance

How fast the course runs, measured on the 2-core development machine that runs its tests.
Each section below is written by a benchmark in `benchmarks/`: `make bench` runs them all,
`python -m benchmarks NAME` one of them, and each rewrites only its own section (do not
edit those by hand). The tests never assert a time; speed is measured here. Timings vary
with what else the machine is doing: compare figures measured on the same day.
"""
END_OF_BENCHMARKS = "<!-- end of the benchmarks' sections: what follows is kept as written -->"
SECTION = re.compile(r"<!-- benchmark (\w+) -->\n.*?<!-- end of benchmark \1 -->\n", re.DOTALL)


def section(name: str, title: str, tables: str, measured: str) -> str:
    """One benchmark's section of docs/performance.md, between its markers."""
    return (
        f"<!-- benchmark {name} -->\n## {title}\n\n"
        f"`python -m benchmarks {name}`, {measured}.\n\n{tables.strip()}\n"
        f"<!-- end of benchmark {name} -->\n"
    )


def unmeasured(name: str) -> str:
    return (
        f"<!-- benchmark {name} -->\n## {BENCHMARKS[name]}\n\nNot measured yet: "
        f"`python -m benchmarks {name}`.\n<!-- end of benchmark {name} -->\n"
    )


def render(new: dict[str, str], old: str = "") -> str:
    """docs/performance.md with the sections in ``new`` (by benchmark name), the others'
    sections and the hand-written end kept from ``old`` (the file as it was)."""
    kept = {match.group(1): match.group(0) for match in SECTION.finditer(old)}
    tail = old.split(END_OF_BENCHMARKS, 1)[1].strip() if END_OF_BENCHMARKS in old else ""
    parts = [new.get(name) or kept.get(name) or unmeasured(name) for name in BENCHMARKS]
    text = INTRO + "\n" + "\n".join(parts) + "\n" + END_OF_BENCHMARKS + "\n"
    return text + (f"\n{tail}\n" if tail else "")


def machine() -> str:
    """The day and the machine, as a section says where it was measured."""
    return (
        f"measured {datetime.date.today().isoformat()} on {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument("--out", type=Path, default=PERFORMANCE, help="the file to rewrite")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}: choose from {', '.join(BENCHMARKS)}")
    written = {}
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"{BENCHMARKS[name]} (benchmarks/{name}.py)\n", flush=True)
        tables = module.table()
        print(tables + "\n", flush=True)
        written[name] = section(name, BENCHMARKS[name], tables, machine())
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render(written, old), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
