"""The `afspraken` command: one subcommand per verb, each in its own module under commands/."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import argparse_nl
from .cli_support import UsageError
from .parallel import WorkersError
from .commands import check, ci, corrigeren, diff, export, import_, nieuw, vaststellen

# Each command module has `register(subparsers)`; the parser it adds has `func` as default.
COMMANDS = [check, nieuw, vaststellen, corrigeren, diff, import_, export, ci]


def build_parser() -> argparse.ArgumentParser:
    argparse_nl.install()
    parser = argparse.ArgumentParser(
        prog="afspraken",
        description="Prestatieafspraken als code: controleren, vergelijken, vaststellen en publiceren.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDO", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, WorkersError) as exc:
        print(f"afspraken {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
