"""Content hashes of frozen versions: one per file, and one over the whole version."""
from __future__ import annotations

import hashlib
from pathlib import Path

WERKGEBIED_FILE = "werkgebied.yaml"
AFSPRAKEN_DIR = "afspraken"
VERSIE_FILE = "versie.yaml"


def file_hash(data: bytes) -> str:
    # Line endings are normalised so a checkout with CRLF (git on Windows) still matches.
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def content_files(folder: Path) -> list[str]:
    """The files a version's hash covers, relative to the folder, in a stable order."""
    names = [WERKGEBIED_FILE] if (folder / WERKGEBIED_FILE).is_file() else []
    afspraken = folder / AFSPRAKEN_DIR
    if afspraken.is_dir():
        names += sorted(f"{AFSPRAKEN_DIR}/{p.name}" for p in afspraken.glob("*.yaml")
                  if p.is_file() and not p.is_symlink() and not p.name.startswith("."))
    return names


def manifest(folder: Path) -> dict[str, str]:
    return {name: file_hash((folder / name).read_bytes()) for name in content_files(folder)}


def manifest_hash(files: dict[str, str]) -> str:
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items()))
    return "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()


def tampered(folder: Path, recorded: dict[str, str]) -> dict[str, str]:
    """Files whose content differs from what was recorded at vaststelling: name -> what happened."""
    current = manifest(folder)
    found: dict[str, str] = {}
    for name in sorted(set(current) | set(recorded)):
        if name not in current:
            found[name] = "is verwijderd"
        elif name not in recorded:
            found[name] = "is toegevoegd"
        elif current[name] != recorded[name]:
            found[name] = "is gewijzigd"
    return found
