"""What every `afspraken` subcommand shares."""
from __future__ import annotations

from pathlib import Path

from .hashing import WERKGEBIED_FILE
from .paths import default_agreements


class UsageError(Exception):
    """Wrong usage that argparse cannot see (a path that does not exist, say): exit code 2."""


def werkgebied_folder(argument: str) -> Path:
    """The werkgebied folder a user names: a slug under ./agreements, or a path to the folder."""
    root = default_agreements()
    for candidate in (root / argument, Path(argument)):
        if (candidate / WERKGEBIED_FILE).is_file():
            return candidate
    known = sorted(f.name for f in root.iterdir() if (f / WERKGEBIED_FILE).is_file()) if root.is_dir() else []
    raise UsageError(f"werkgebied '{argument}' bestaat niet; kies uit: {', '.join(known) or '(nog geen werkgebieden)'} "
                     f"(of geef het pad naar een map met {WERKGEBIED_FILE})")
