"""Where things are: the agreements/ folder and the werkgebied folder a path belongs to."""
from __future__ import annotations

from pathlib import Path

from .hashing import WERKGEBIED_FILE
from .loader import VERSIES_DIR

AGREEMENTS_DIR = "agreements"


def werkgebied_folder_of(path: Path) -> Path | None:
    """The werkgebied folder that holds `path` (a file or folder inside it, or the folder itself)."""
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if (candidate / WERKGEBIED_FILE).is_file():
            if candidate.parent.name == VERSIES_DIR:
                return candidate.parent.parent
            return candidate
    return None


def default_agreements(cwd: Path | None = None) -> Path:
    return (cwd or Path.cwd()) / AGREEMENTS_DIR
