"""Documents of one werkgebied that an earlier build read without a problem, from the cache on disk (`bouwcache`).

Parsing and validating is most of loading (M: 2 of 4 s), and a build reads thousands of files that did not
change. A document is found by a hash of its bytes and its kind (the pack of its werkgebied is keyed by the
code and the schemas, `bouwcache.code`), so a file is either byte for byte what was validated before, or
read and validated as always. Only a document that gave no problem at all is kept, as in
`loader.Leesgeheugen`: every problem is still found by reading. Its data is JSON; a value that JSON would
not give back exactly (a number as a key) is not kept.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from . import bouwcache
from .yamlfile import Document

SOORT = "documenten"


def _sleutel(kind: str, raw: bytes) -> str:
    return hashlib.sha256(kind.encode("ascii") + b"\0" + raw).hexdigest()


def _json_getrouw(waarde: Any) -> bool:
    """Whether JSON gives `waarde` back exactly: text keys only, and only JSON's own kinds of value."""
    soort = type(waarde)
    if soort is dict:
        return all(type(k) is str and _json_getrouw(v) for k, v in waarde.items())
    if soort is list:
        return all(_json_getrouw(v) for v in waarde)
    return waarde is None or soort is str or soort is int or soort is bool or (soort is float and math.isfinite(waarde))


class Documentpak:
    """The kept documents of the werkgebied folder `folder`; `sla_op` stores what this load used."""

    def __init__(self, cache: bouwcache.Bouwcache, folder: Path) -> None:
        self._cache = cache
        self._sleutel = bouwcache.sha256(SOORT, bouwcache.code(), str(folder.absolute()))
        oud = cache.lees(SOORT, self._sleutel)
        self._oud: dict[str, Any] = oud if isinstance(oud, dict) else {}
        self._gebruikt: dict[str, Any] = {}
        self.uit_cache = 0  # documents taken from the pack by this load
        self.gelezen = 0  # documents read (and validated) by this load and kept

    def zoek(self, path: Path, shown: str, kind: str) -> tuple[tuple[bytes, str] | None, Document | None]:
        """The file's bytes with their key (None when it is no regular file: the loader reads and reports
        it), and the document kept for exactly these bytes, if any."""
        raw = bouwcache.lees_bestand(path, 64 * 1024 * 1024)
        if raw is None:
            return None, None
        sleutel = _sleutel(kind, raw)
        if sleutel not in self._oud:
            return (raw, sleutel), None
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")  # as `yamlfile.parse_document`
        except UnicodeDecodeError:
            return (raw, sleutel), None
        self._gebruikt[sleutel] = data = self._oud[sleutel]
        self.uit_cache += 1
        return (raw, sleutel), Document(path=path, shown=shown, text=text, data=data)

    def bewaar(self, sleutel: str, document: Document) -> None:
        """Keep a document that was read and gave no problem (under the key `zoek` gave), if JSON gives its
        data back exactly."""
        try:
            if not _json_getrouw(document.data):
                return
        except RecursionError:
            return
        self._gebruikt[sleutel] = document.data
        self.gelezen += 1

    def sla_op(self) -> None:
        """Store the documents of this load (only those: a file that changed leaves nothing behind)."""
        if self._gebruikt.keys() != self._oud.keys():
            self._cache.schrijf(SOORT, self._sleutel, self._gebruikt)
