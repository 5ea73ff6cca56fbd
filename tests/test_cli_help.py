"""The CLI speaks Dutch: --help of every command and argparse's own errors."""
from __future__ import annotations

import pytest

from afspraken.cli import COMMANDS
from conftest import run_cli

ENGLISH = ("usage:", "options:", "show this help message", "positional arguments", "error:", "required:")
SUBCOMMANDS = [module.__name__.rsplit(".", 1)[1].rstrip("_") for module in COMMANDS]


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in SUBCOMMANDS]])
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
