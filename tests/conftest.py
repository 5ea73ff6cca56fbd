"""Shared fixtures: the repository root, a copy of a small valid werkgebied, and running the CLI."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
AGREEMENTS = ROOT / "agreements"


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/klein inside an agreements/ folder."""
    target = tmp_path / "agreements" / "klein"
    shutil.copytree(FIXTURES / "klein", target)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `afspraken` command the way a user does."""
    return subprocess.run(
        [sys.executable, "-m", "afspraken.cli", *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=300,
    )


def load_valid_dossier(folder: Path):
    """Load one werkgebied folder the way `afspraken check` does, asserting it is valid."""
    from afspraken.loader import load_dossier
    from afspraken.report import Report

    report = Report()
    loaded = load_dossier(folder, report)
    assert report.ok, report.as_text()
    assert loaded is not None
    return loaded
