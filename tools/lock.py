"""Resolve the dependencies in pyproject.toml into exact versions: requirements/*.lock.txt.

    python3 tools/lock.py     (or: make lock)

Installs the package with its test extras into a throwaway virtual environment, freezes it
into requirements/test.lock.txt, then installs the package alone constrained to those
versions and freezes that into requirements/lab.lock.txt, so the two locks always agree.
Run it deliberately, review the diff, and commit the locks on their own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# Exact versions installed by `make`; regenerate with `make lock` ({extra}).\n"


def freeze(extra: str, constraints: Path | None) -> str:
    with tempfile.TemporaryDirectory(prefix="course-lock-") as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        pip = [python, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
        target = f"{ROOT}[{extra}]" if extra != "lab" else str(ROOT)
        command = [*pip, "install", "--quiet", target]
        if constraints:
            command += ["-c", str(constraints)]
        subprocess.run(command, check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--all", "--exclude", "incentives", "--exclude", "pip"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # Packaging tools are pinned only where a dependency asks for them (the test extra).
    lines = [
        line
        for line in frozen.splitlines(keepends=True)
        if extra != "lab" or not line.lower().startswith(("setuptools==", "wheel=="))
    ]
    return HEADER.format(extra=extra) + "".join(lines)


def main() -> int:
    out = ROOT / "requirements"
    out.mkdir(exist_ok=True)
    test_lock = out / "test.lock.txt"
    test_lock.write_text(freeze("test", None))
    (out / "lab.lock.txt").write_text(freeze("lab", test_lock))
    print(f"wrote {test_lock} and {out / 'lab.lock.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
