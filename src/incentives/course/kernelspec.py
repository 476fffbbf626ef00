"""The course's kernelspec: ``python3``, started so that the kernel listens on no TCP port.

ipykernel's wheel installs ``<environment>/share/jupyter/kernels/python3/kernel.json``,
which starts ``python -m ipykernel_launcher``: a kernel with one TCP port on 127.0.0.1
however its transport is set (see :mod:`incentives.course.kernel_launcher`). ``make``
rewrites that file after every install, and again at each ``make lab`` (a ``%pip install``
in a notebook may reinstall ipykernel, which puts the original back); so does the hub's
configuration when it starts (deploy/jupyterhub/jupyterhub_config.py)::

    python -m incentives.course.kernelspec

The kernel then starts with ``python -m incentives.course.kernel_launcher``. Its name,
``python3``, and its display name stay, so the notebooks' saved kernelspec still matches;
``python`` is the one jupyter_client replaces with its own Python, the environment's.
Standard library only: it runs right after an install, whatever was installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

NAME = "python3"
DISPLAY_NAME = "Python 3 (ipykernel)"
LAUNCHER = "incentives.course.kernel_launcher"
ARGV = ["python", "-m", LAUNCHER, "-f", "{connection_file}"]
LOGOS = ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg")


def kernelspec_folder(prefix: str | os.PathLike) -> Path:
    """Where an environment keeps its ``python3`` kernelspec."""
    return Path(prefix) / "share" / "jupyter" / "kernels" / NAME


def course_kernelspec(existing: dict | None = None) -> dict:
    """``existing`` (ipykernel's kernelspec, or None) with the course's launcher as its
    command; everything else of it is kept."""
    spec = {"display_name": DISPLAY_NAME, "language": "python", "metadata": {"debugger": True}}
    spec.update(existing or {})
    spec.pop("argv", None)
    return {"argv": list(ARGV), **spec}


def _read(path: Path) -> dict | None:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return spec if isinstance(spec, dict) else None


def _copy_logos(folder: Path) -> None:
    """ipykernel's logos beside a kernelspec written from scratch, when ipykernel is there."""
    found = importlib.util.find_spec("ipykernel")
    if found is None or found.origin is None:
        return
    resources = Path(found.origin).parent / "resources"
    for name in LOGOS:
        if (resources / name).exists() and not (folder / name).exists():
            shutil.copyfile(resources / name, folder / name)


def install_kernelspec(prefix: str | os.PathLike = sys.prefix) -> bool:
    """Make the environment's ``python3`` kernelspec start the course's launcher.

    Idempotent: a spec that already names the launcher is left as it is.

    Args:
        prefix: The environment (``sys.prefix`` of its Python).

    Returns:
        Whether the file was written.
    """
    folder = kernelspec_folder(prefix)
    path = folder / "kernel.json"
    existing = _read(path)
    spec = course_kernelspec(existing)
    if spec == existing:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    _copy_logos(folder)
    # Readable by every account that runs kernels from the environment (a hub's students),
    # whatever the umask of whoever rewrites it.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    partial.chmod(mode)
    partial.replace(path)
    return True


def main() -> int:
    path = kernelspec_folder(sys.prefix) / "kernel.json"
    if install_kernelspec(sys.prefix):
        print(f"kernelspec {NAME}: kernels start with {LAUNCHER}, no TCP port ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
