"""What a build made of each werkgebied (its pages, open data, search documents), kept for the next build.

A werkgebied's generated pages, open-data files and search documents follow from its own folder alone (a
page of a signed version shows the timeline across all versions: so every file of the folder counts), the
code and the settings that shape them. Each entry is keyed by a hash of all of that (`bouwcache`). The
folder's state on disk (`cache.fingerprint`) and its hash are taken before the build reads it (the hash by
the loader's process for that folder, `cache.Loaded.inhoud`); before an entry is stored, every file of the
folder must still have the size, modification time and inode it had then: a file saved while the build
ran stores nothing, so an entry never holds what other bytes made. (Modification times only tell
whether a file changed during this build; they are never part of a key.)
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import bouwcache
from .cache import Fingerprint, fingerprint


class Werkgebiedcache:
    """Per werkgebied and kind, the value a build made, from the cache across builds."""

    def __init__(self, cache: bouwcache.Bouwcache, inhoud: Mapping[Path, tuple[Fingerprint, str]], *,
                 base: Path | None) -> None:
        """`inhoud`: per werkgebied folder, how it was on disk and what it held before the build read it
        (`cache.Loaded.inhoud`); a folder not in it is never read from or stored in the cache."""
        self.cache = cache
        self._folders = {folder.name: folder for folder in inhoud}
        self._base = str(base) if base else ""
        self._staat: dict[str, Fingerprint] = {}
        self._voor: dict[str, str] = {}
        if cache.aan:
            self._staat = {folder.name: staat for folder, (staat, _) in inhoud.items()}
            self._voor = {folder.name: hash_ for folder, (_, hash_) in inhoud.items()}
        self._ongewijzigd: dict[str, bool] = {}

    @property
    def aan(self) -> bool:
        return self.cache.aan

    def _sleutel(self, soort: str, slug: str, inhoud: str, instellingen: tuple[str, ...]) -> str:
        return bouwcache.sha256(soort, bouwcache.code(), slug, str(self._folders[slug].absolute()), self._base,
                                inhoud, *instellingen)

    def lees(self, soort: str, slug: str, *instellingen: str) -> Any | None:
        """The value stored for this werkgebied's content and these settings, or None."""
        if slug not in self._voor:
            return None
        return self.cache.lees(soort, self._sleutel(soort, slug, self._voor[slug], instellingen))

    def heeft(self, soort: str, slug: str, *instellingen: str) -> bool:
        """Whether an entry is stored for this werkgebied's content and these settings (not whether it is usable)."""
        return slug in self._voor and self.cache.heeft(soort, self._sleutel(soort, slug, self._voor[slug], instellingen))

    def afgekeurd(self, soort: str, slug: str) -> None:
        """The value `lees` gave is not what the caller stores: a miss after all (one info line)."""
        self.cache.afgekeurd(soort)
        bouwcache.log.info(f"Bouwcache: {soort} van {slug} in de cache is onbruikbaar; wordt opnieuw gemaakt")

    def schrijf(self, soort: str, slug: str, waarde: Any, *instellingen: str) -> None:
        """Store `waarde`, unless the werkgebied's folder changed since the build began."""
        if slug not in self._voor:
            return
        if slug not in self._ongewijzigd:
            self._ongewijzigd[slug] = fingerprint(self._folders[slug]) == self._staat[slug]
        if not self._ongewijzigd[slug]:
            return
        self.cache.schrijf(soort, self._sleutel(soort, slug, self._voor[slug], instellingen), waarde)
