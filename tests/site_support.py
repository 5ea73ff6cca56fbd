"""Building the site the way `make site` does, against a chosen agreements folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

SITE_FIXTURE = FIXTURES / "site" / "agreements"
STORINGEN = ROOT / "tests" / "storingen.py"
REPO_URL = "https://github.com/prestatieafspraken/prestatieafspraken"


def build_site(agreements: Path | None, dest: Path, *, workers: str | None = None,
               repo_url: str | None = None, storing: str | None = None,
               env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into `dest`; agreements None builds the repository's own agreements/.

    `workers` sets AFSPRAKEN_WORKERS; by default a small site builds in one process. `repo_url` is the
    adopter's repository (AFSPRAKEN_REPO_URL); by default none, as in mkdocs.yml. `storing` names the
    faults of tests/storingen.py to build with.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("AFSPRAKEN_AGREEMENTS", "SOURCE_DATE_EPOCH", "AFSPRAKEN_WORKERS", "AFSPRAKEN_REPO_URL"):
        env.pop(name, None)
    if workers is not None:
        env["AFSPRAKEN_WORKERS"] = workers
    if repo_url is not None:
        env["AFSPRAKEN_REPO_URL"] = repo_url
    if agreements is not None:
        env["AFSPRAKEN_AGREEMENTS"] = str(agreements)
    env.update(env_extra or {})
    mkdocs = [sys.executable, "-m", "mkdocs"] if storing is None else [sys.executable, str(STORINGEN), storing]
    return subprocess.run(
        [*mkdocs, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def build_clean(agreements: Path | None, dest: Path, *, repo_url: str | None = None) -> Path:
    """Build the site and assert it built strictly, without a warning; returns `dest`."""
    result = build_site(agreements, dest, repo_url=repo_url)
    assert result.returncode == 0, result.stderr
    assert warnings_in(result.stdout + result.stderr) == []
    return dest


def read_page(site: Path, url: str) -> str:
    """The built HTML of the page at `url` (relative to the site root, ending in /)."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "agreements"
    shutil.copytree(SITE_FIXTURE, target)
    return target


def warnings_in(output: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line or line.startswith("ERROR")]
