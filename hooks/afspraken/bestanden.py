"""Writing files all or nothing, with the permissions any new file of the user gets."""
from __future__ import annotations

import os
import stat
import tempfile
from functools import cache
from pathlib import Path


def atomic_write(path: Path, text: str, *, newline: str = "\n") -> None:
    """Write next to the target and rename: a reader, or a crash, never sees half a file.

    The temporary file is created owner-only; before the rename it gets the mode the file already had,
    or the mode a new file gets from the user's umask (usually readable by everyone, like the rest of a
    repository).
    """
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            out.write(text)
            os.fchmod(out.fileno(), _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    # The only way to read the umask is to set it; done once, before any thread writes files.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
