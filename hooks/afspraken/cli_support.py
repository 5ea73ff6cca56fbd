"""What every `afspraken` subcommand shares."""
from __future__ import annotations

from pathlib import Path

from .hashing import WERKGEBIED_FILE
from .paths import default_agreements


class UsageError(Exception):
    """Wrong usage that argparse cannot see (a path that does not exist, say): exit code 2."""


def werkgebied_folder(argument: str) -> Path:
    """The werkgebied folder a user names: a slug under ./agreements, or a path to the folder."""
    for candidate in (default_agreements() / argument, Path(argument)):
        if (candidate / WERKGEBIED_FILE).is_file():
            return candidate
    raise UsageError(f"'{argument}' is geen werkgebied: geef de naam van een map in agreements/ "
                     f"of het pad naar een map met {WERKGEBIED_FILE}")
