"""The base of a pull request as files: the merge base of REF and HEAD, read with git into a temporary folder.

`afspraken check --basis REF` and `afspraken ci commentaar --basis REF` both compare the working tree with
what the pull request started from. The merge base, not REF itself: changes merged into REF after the
branch was made are not this pull request's (and in CI, which checks out the merge of the pull request into
its target, the merge base is REF anyway). Only regular files are extracted: a symlink in the base is
skipped, never followed, and nothing is written outside the temporary folder.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .paths import AGREEMENTS_DIR


class BasisError(Exception):
    """The base cannot be read (not a git repository, unknown REF); the message is Dutch."""


def git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False, text=not binary)
    except OSError as exc:
        raise BasisError(f"git kan niet starten: {exc.strerror or exc}") from exc
    if result.returncode != 0:
        err = result.stderr if isinstance(result.stderr, str) else result.stderr.decode("utf-8", "replace")
        raise BasisError(f"git {' '.join(args)} mislukte: {err.strip()}")
    return result.stdout


def merge_base(repo: Path, ref: str) -> str:
    """The commit both REF and HEAD descend from; a clear error when REF is unknown."""
    if ref.startswith("-"):
        raise BasisError(f"'{ref}' is geen branch of commit")
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except BasisError:
        raise BasisError(f"'{ref}' is geen branch of commit in deze repository "
                         "(in CI: haal de doelbranch op, bijvoorbeeld met fetch-depth: 0)") from None
    return str(git(repo, "merge-base", ref, "HEAD")).strip()


def repo_root(path: Path) -> Path:
    return Path(str(git(path, "rev-parse", "--show-toplevel")).strip())


def gewijzigde_paden(repo: Path, commit: str) -> list[str]:
    """Paths under agreements/ that differ between `commit` and the working tree (committed or not)."""
    out = str(git(repo, "diff", "--name-only", "-z", "--no-renames", commit, "--", f"{AGREEMENTS_DIR}/"))
    untracked = str(git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", f"{AGREEMENTS_DIR}/"))
    return sorted({p for p in (out + untracked).split("\0") if p})


def lees_bestand(repo: Path, commit: str, path: str) -> bytes | None:
    """One file of `commit`, or None when it is not there."""
    try:
        data = git(repo, "show", f"{commit}:{path}", binary=True)
    except BasisError:
        return None
    return data if isinstance(data, bytes) else data.encode("utf-8")


@contextmanager
def uitgepakt(repo: Path, commit: str, *paths: str) -> Iterator[Path]:
    """The tree of `commit` (only `paths`, default agreements/) in a temporary folder, removed afterwards."""
    wanted = list(paths) or [AGREEMENTS_DIR]
    with tempfile.TemporaryDirectory(prefix="afspraken-basis-") as tmp:
        target = Path(tmp)
        present = [p for p in wanted if str(git(repo, "ls-tree", "--name-only", commit, "--", p)).strip()]
        if present:
            archive = git(repo, "archive", "--format=tar", commit, "--", *present, binary=True)
            _extract_regular_files(bytes(archive), target)
        yield target


def _extract_regular_files(archive: bytes, target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue  # symlinks, devices and odd paths never reach the disk
            dest = target.joinpath(*name.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                dest.write_bytes(source.read())
