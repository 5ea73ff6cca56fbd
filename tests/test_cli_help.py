"""The CLI speaks Dutch: --help of every command and argparse's own errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from afspraken.cli import COMMANDS
from conftest import ROOT, run_cli

ENGLISH = ("usage:", "options:", "show this help message", "positional arguments", "error:", "required:")


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in COMMANDS]])
def test_help_is_dutch(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gebruik: afspraken")
    assert "opties:" in result.stdout and "toon deze hulp en stop" in result.stdout
    assert not [word for word in ENGLISH if word in result.stdout]


def test_usage_errors_are_dutch() -> None:
    missing = run_cli("diff", "borger-odoorn")
    assert missing.returncode == 2
    assert "afspraken diff: fout: deze argumenten ontbreken: VAN, TOT" in missing.stderr
    choice = run_cli("diff", "borger-odoorn", "2023", "concept", "--format", "pdf")
    assert "ongeldige keuze: 'pdf' (kies uit" in choice.stderr
    unknown = run_cli("check", "--snel")
    assert "afspraken: fout: onbekende argumenten: --snel" in unknown.stderr
    assert not [word for word in ENGLISH if word in missing.stderr + choice.stderr + unknown.stderr]


def test_help_lists_every_command() -> None:
    listed = {line.split()[0] for line in run_cli("--help").stdout.splitlines() if line.startswith("    ") and line.strip()}
    assert set(COMMANDS) <= listed


def test_check_imports_none_of_the_other_commands(klein: Path) -> None:
    # `afspraken check` runs on every push and in every editor; the import, signing and CI commands'
    # modules (and what they import) are not part of its start-up.
    code = ("import sys; from afspraken.cli import main; code = main(['check', sys.argv[1]]); "
            "print(code, *sorted(m for m in sys.modules if m.startswith('afspraken.')))")
    result = subprocess.run([sys.executable, "-c", code, str(klein)], capture_output=True, text=True, cwd=ROOT)
    exit_code, *modules = result.stdout.splitlines()[-1].split()
    assert exit_code == "0", result.stdout + result.stderr
    assert "afspraken.commands.check" in modules
    assert not {"afspraken.commands.import_", "afspraken.importer", "afspraken.commands.ci", "afspraken.commentaar",
                "afspraken.ondertekening", "afspraken.commands.vaststellen"} & set(modules)
