"""The ``course`` command: one command per step of running the course.

course lessons            clear outputs in solutions/, regenerate lessons/ with nbgrader
course lessons --check    exit 1 if lessons/ differs from what generation gives
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from incentives.course import nbgrader_tools


def _lessons(args) -> int:
    root = nbgrader_tools.find_root(args.root)
    if args.check:
        problems = nbgrader_tools.lesson_drift(root)
        for line in problems:
            print(line)
        if problems:
            print("lessons/ is out of date: run `make lessons` and commit the result")
            return 1
        print("lessons/ matches solutions/")
        return 0
    for path in nbgrader_tools.clean_solutions(root):
        print(f"cleared outputs: {path.relative_to(root)}")
    for lesson in nbgrader_tools.generate_lessons(root, ids=args.lesson or None):
        print(f"generated lessons/{lesson}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, help="course root (default: found from the cwd)")
    commands = parser.add_subparsers(dest="command", required=True)
    lessons = commands.add_parser("lessons", help="regenerate lessons/ from solutions/")
    lessons.add_argument("lesson", nargs="*", help="lesson ids (default: all)")
    lessons.add_argument("--check", action="store_true", help="only report drift")
    lessons.set_defaults(run=_lessons)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, nbgrader_tools.NbgraderError) as error:
        print(f"course: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
