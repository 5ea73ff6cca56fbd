"""The `afspraken` command: one subcommand per verb, each in its own module under commands/."""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import argparse_nl
from .cli_support import UsageError
from .parallel import WorkersError

# Subcommand -> its module under commands/. Each module has `register(subparsers)`; the parser it adds
# has `func` as default. Only the chosen command's module is imported: together they import nearly the
# whole package (import, ci, signing), and `afspraken check` in CI should not wait for that.
COMMANDS = {"check": "check", "nieuw": "nieuw", "vaststellen": "vaststellen", "corrigeren": "corrigeren",
            "diff": "diff", "import": "import_", "export": "export", "ci": "ci"}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or with `only` that one (its help and errors are the same)."""
    argparse_nl.install()
    parser = argparse.ArgumentParser(
        prog="afspraken",
        description="Prestatieafspraken als code: controleren, vergelijken, vaststellen en publiceren.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDO", required=True)
    for name, module in COMMANDS.items():
        if only in (None, name):
            importlib.import_module(f"{__package__}.commands.{module}").register(sub)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line; None for `--help`, a typo or nothing at all."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_chosen(argv))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, WorkersError) as exc:
        print(f"afspraken {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
