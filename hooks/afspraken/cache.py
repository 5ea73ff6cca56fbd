"""Loading the archief again without re-reading the werkgebieden that did not change (for `mkdocs serve`).

MkDocs re-imports its hook files on every rebuild, but this package stays imported, so a cache kept
here lives from one rebuild to the next. A werkgebied folder is loaded again only when something in it
changed: a file or folder added or removed, or a file with another size, modification time or inode
(editors that save by renaming change the inode). Its problems are kept with it, so the report is the
same as that of a fresh `load_archief`. A single build or `afspraken check` loads everything once, as
before: the cache only helps the second time.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import bouwcache, model
from .loader import Leesgeheugen, load_dossiers, stray_werkgebieden, werkgebied_folders
from .report import Problem, Report
from .schemas import SCHEMA_DIR

Fingerprint = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True)
class _Entry:
    key: tuple[object, ...]
    dossier: model.Dossier | None
    problems: tuple[Problem, ...]
    inhoud: str | None = None  # the folder's content hash from before it was read (`bouwcache.map_inhoud`)


@dataclass(frozen=True)
class Loaded:
    archief: model.Archief
    report: Report
    changed: frozenset[str]  # slugs of the werkgebieden (re)loaded by this call, not taken from the cache
    # With `load(inhoud=True)`: per werkgebied folder, how it was on disk (`fingerprint`) and a hash of its
    # content (`bouwcache.map_inhoud`), both from before the model was read from it (`werkgebiedcache`).
    inhoud: dict[Path, tuple[Fingerprint, str]] = field(default_factory=dict)


class ArchiefCache:
    """`load_archief` that reuses each werkgebied whose files are unchanged since the previous call."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Entry] = {}
        self.dossiers_loaded = 0  # how many werkgebied folders were read from disk, over all calls
        self._geheugen = Leesgeheugen()
        self._shared: tuple[object, ...] = ()

    @property
    def documenten_bewaard(self) -> int:
        """How many documents `mkdocs serve` keeps in memory (`loader.Leesgeheugen`)."""
        return len(self._geheugen)

    def load(self, root: Path, *, base: Path | None = None, docs: Path | None = None,
             documenten_bewaren: bool = False, schijf: bouwcache.Bouwcache | None = None,
             inhoud: bool = False) -> Loaded:
        """With `documenten_bewaren` (`mkdocs serve`), a reloaded werkgebied parses only its changed files
        again (`loader.Leesgeheugen`). `schijf` is the cache across builds (`leescache`); under `mkdocs serve`
        only the first load uses it, after that the documents in memory are the newer ones. `inhoud` asks
        for `Loaded.inhoud`."""
        report = Report()
        report.extend(stray_werkgebieden(root, base, docs))  # cheap: names only, never cached
        dossiers: list[model.Dossier] = []
        changed: set[str] = set()
        entries: dict[Path, _Entry] = {}
        # Messages show paths relative to `base` (or the working directory) and depend on the schemas.
        shared = (str(base) if base else os.getcwd(), fingerprint(SCHEMA_DIR))
        if shared != self._shared or not documenten_bewaren:
            self._geheugen.vergeet()
            self._shared = shared
        folders = werkgebied_folders(root)
        keys = {folder: (shared, fingerprint(folder)) for folder in folders}
        stale = [f for f in folders if f not in self._entries or self._entries[f].key != keys[f]]
        geheugen = self._geheugen if documenten_bewaren else None
        self._geheugen.begin()
        if documenten_bewaren and self._entries:
            schijf = None
        hashes: dict[Path, str] | None = {} if inhoud else None
        for folder, (dossier, problems) in zip(stale, load_dossiers(stale, base=base, geheugen=geheugen, cache=schijf,
                                                                     inhoud=hashes)):
            self._entries[folder] = _Entry(keys[folder], dossier, tuple(problems),
                                           hashes.get(folder) if hashes is not None else None)
            self.dossiers_loaded += 1
            changed.add(folder.name)
        toestand: dict[Path, tuple[Fingerprint, str]] = {}
        for folder in folders:
            entry = self._entries[folder]
            if inhoud and entry.inhoud is None:
                # Loaded earlier in this process without its hash: hashed now, and only used when the folder is
                # still as it was when it was loaded (its key, taken before that load read it).
                hash_ = bouwcache.map_inhoud(folder)
                if fingerprint(folder) == entry.key[1]:
                    entry = self._entries[folder] = replace(entry, inhoud=hash_)
            if inhoud and entry.inhoud is not None:
                toestand[folder] = (entry.key[1], entry.inhoud)  # type: ignore[assignment]
            entries[folder] = entry
            report.extend(list(entry.problems))
            if entry.dossier is not None:
                dossiers.append(entry.dossier)
        # A removed folder is forgotten, and so are the documents of files that changed or went.
        self._geheugen.ruim_op([*stale, *(self._entries.keys() - entries.keys())])
        self._entries = entries
        return Loaded(model.Archief(tuple(dossiers)), report, frozenset(changed), toestand)


def fingerprint(folder: Path) -> Fingerprint:
    """Every file and folder under `folder` with size, modification time (ns) and inode; sorted."""
    found: list[tuple[str, int, int, int]] = []
    if not folder.is_dir():
        return ()
    todo = [(str(folder), "")]  # (folder, its path relative to `folder` with a trailing separator)
    while todo:
        current, relative = todo.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:  # removed while we looked: the next rebuild sees it
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            found.append((relative + entry.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
            if entry.is_dir(follow_symlinks=False):
                todo.append((entry.path, relative + entry.name + os.sep))
    return tuple(sorted(found))


# The one cache of this process: the MkDocs hook loads through it on every (re)build.
SHARED = ArchiefCache()
