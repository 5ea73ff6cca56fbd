"""What every `afspraken` subcommand shares."""
from __future__ import annotations


class UsageError(Exception):
    """Wrong usage that argparse cannot see (a path that does not exist, say): exit code 2."""
