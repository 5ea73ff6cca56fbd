"""Writing files all or nothing, with the permissions any new file of the user gets."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
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


# The staging folder of `write_all` inside the target folder; check reports one an interruption left.
STAGING_PREFIX = ".import-"


def write_all(folder: Path, files: Iterable[tuple[str, str, int | None]]) -> None:
    """Write many files into `folder` (name, text, mode: None for the mode a new file gets), each whole.

    All are written into a staging folder first and then put in place: no reader and no crash ever sees
    half a file, and a failure while they are written leaves none of them (a crash leaves the staging
    folder, which check reports). Per file this is an open, a write and a close, where `atomic_write`
    needs twice as many system calls: an import writes 100,000 files. Into an empty `folder` (a new
    werkgebied) the staging folder, made beside it, replaces it in one rename; otherwise it sits inside
    `folder` and each file is renamed into place.
    """
    empty = _empty_folder(folder)
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder.parent if empty is not None else folder)
    source = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    try:
        names = []
        for name, text, mode in files:
            # 0o666 less the umask: the mode any new file of the user gets.
            handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=source)
            try:
                data = memoryview(text.encode("utf-8"))
                while data:
                    data = data[os.write(handle, data):]
                if mode is not None:
                    os.fchmod(handle, mode)
            finally:
                os.close(handle)
            names.append(name)
        if empty is not None:
            os.fchmod(source, empty)  # mkdtemp made it owner-only; it becomes the folder it replaces
            try:
                os.replace(staging, folder)  # POSIX: a folder replaces an empty folder in one step
                return
            except OSError:  # something appeared in `folder` meanwhile: file by file after all
                pass
        target = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for name in names:
                os.replace(name, name, src_dir_fd=source, dst_dir_fd=target)
        finally:
            os.close(target)
    finally:
        os.close(source)
        shutil.rmtree(staging, ignore_errors=True)


def _empty_folder(folder: Path) -> int | None:
    """The permissions of `folder` when it is a folder with nothing in it (not a link); else None."""
    try:
        if folder.is_symlink():
            return None
        with os.scandir(folder) as entries:
            if next(entries, None) is not None:
                return None
        return stat.S_IMODE(folder.stat().st_mode)
    except OSError:
        return None


def mode_of(path: Path) -> int | None:
    """The permissions of an existing file, for `write_all` to keep; None when there is none."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _mode_for(path: Path) -> int:
    mode = mode_of(path)
    return mode if mode is not None else 0o666 & ~_umask()


@cache
def _umask() -> int:
    # The only way to read the umask is to set it; done once, before any thread writes files.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
