"""README's "Without make" commands work: a venv, the lock file, the student's lab.

The test reads the commands from README.md's first ```bash block under "## Without make",
so the README and this test cannot drift, and runs them in a temporary copy of the
repository. The last command starts JupyterLab; the test adds only what a test needs
(a free port, no browser, no token, root allowed) and waits for /lab to answer 200.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest
from conftest import ROOT, free_port, get, repository_copy, running_server

pytestmark = pytest.mark.slow


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Without make", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, 'README.md: no ```bash block under "## Without make"'
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_commands_set_up_and_start_the_students_lab(tmp_path):
    *setup, start = readme_commands()
    assert start.split()[-1] == "--ServerApp.root_dir=work", start
    repository = repository_copy(tmp_path / "course")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "JUPYTER_CONFIG_PATH")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    for command in setup:
        run = subprocess.run(
            ["bash", "-c", command], cwd=repository, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"

    port = free_port()
    test_options = [
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
    ]
    if os.geteuid() == 0:
        test_options.append("--ServerApp.allow_root=True")
    command = ["bash", "-c", f"{start} {shlex.join(test_options)}"]
    log = tmp_path / "lab.log"
    with running_server(command, port, log, cwd=repository, timeout=60) as base:
        status, page = get(f"{base}/lab")
        assert status == 200
        _status, listing = get(f"{base}/api/contents/")
        names = {item["name"] for item in json.loads(listing)["content"]}
        lessons = {p.name for p in (ROOT / "lessons").iterdir() if p.is_dir()}
        assert lessons <= names, names
        config = json.loads(
            re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
        )
        assert "@jupyter/nbgrader:create-assignment" in config.get("disabledExtensions", [])
    assert not (repository / "lessons" / ".ipynb_checkpoints").exists()
