"""A cache across builds, on disk: what a build made of content that did not change, for the next build.

Signed versions never change, and a pull request usually changes one werkgebied; a second `mkdocs build`
(or `make site`, or a CI run that keeps the folder) takes from here what the same inputs made before.

Correctness first, since a wrong entry would be a wrong public site:

- Every entry is found by a key that is a hash of every input it depends on: the content of the files
  (never their modification time: a CI checkout has fresh ones), the code (every file under hooks/, the
  schemas, mkdocs.yml), the Python version and the version of every installed distribution, and the
  settings of the caller. When in doubt, a miss.
- Data only: an entry is zlib-compressed JSON (strings, numbers, lists, objects), never pickle or code. A
  pull request can commit any file into the checkout, so the cache lives outside it: $AFSPRAKEN_CACHE, or
  $XDG_CACHE_HOME/afspraken, or ~/.cache/afspraken; AFSPRAKEN_CACHE=uit turns it off.
- Nothing is read through a symbolic link: a cache folder that is a link, not owned by this user or
  writable by others is not used (one info line). An entry that cannot be read, is damaged, or holds
  another key is a miss (one info line), never a failure.
- Written atomically (a temporary file renamed into place), so a reader sees a whole entry or none.
- Bounded: after a build the least recently used entries go until the cache is under its size
  (AFSPRAKEN_CACHE_MB, 1024 by default).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

ENV = "AFSPRAKEN_CACHE"  # a folder, or "uit" (also "0", "off", "false") for no cache
MB_ENV = "AFSPRAKEN_CACHE_MB"
UIT = frozenset({"uit", "0", "off", "false", "nee", "no"})
STANDAARD_MB = 1024
FORMAAT = 1  # the layout of an entry; another number reads as a miss
_KOP = b"afspraken-bouwcache 1\n"  # the first bytes of every entry: a foreign file is a miss at once
_MAX_BYTES = 512 * 1024 * 1024  # no entry is read beyond this
_HOOKS = Path(__file__).resolve().parent.parent  # hooks/: the package, the MkDocs plugin, macros and theme
_REPO = _HOOKS.parent

log = logging.getLogger("mkdocs.plugins.afspraken.bouwcache")


def standaard_map() -> Path:
    """Where the cache lives unless AFSPRAKEN_CACHE says otherwise: outside every checkout."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    basis = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return basis / "afspraken"


def gekozen_map() -> Path | None:
    """The cache folder chosen by the environment, or None when the cache is off."""
    gekozen = os.environ.get(ENV, "").strip()
    if gekozen.casefold() in UIT:
        return None
    return Path(gekozen).expanduser().absolute() if gekozen else standaard_map()


def _max_bytes() -> int:
    gekozen = os.environ.get(MB_ENV, "").strip()
    return (int(gekozen) if gekozen.isdigit() else STANDAARD_MB) * 1024 * 1024


def sha256(*delen: str | bytes) -> str:
    """One hash of several parts; each part's length is hashed with it, so ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for deel in delen:
        data = deel.encode("utf-8") if isinstance(deel, str) else deel
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def lees_bestand(pad: Path, limiet: int) -> bytes | None:
    """A regular file's bytes, never through a symbolic link; None when it cannot be read so."""
    try:
        handle = os.open(pad, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as bestand:
        if not stat.S_ISREG(os.fstat(bestand.fileno()).st_mode):
            return None
        data = bestand.read(limiet + 1)
    return data if len(data) <= limiet else None


def map_inhoud(folder: Path, *, broncode: bool = False) -> str:
    """A hash of everything under `folder`: every name, what it is, and every regular file's bytes.

    A symbolic link counts by its name only (it is never read; the loader refuses it anyway). With `broncode`,
    Python's byte-code folders are left out: Python writes them as it imports.
    """
    regels: list[str] = []
    todo = [(folder, "")]
    while todo:
        huidig, relatief = todo.pop()
        try:
            items = list(os.scandir(huidig))
        except OSError:
            regels.append(f"{relatief}\0onleesbaar")
            continue
        for item in items:
            naam = relatief + item.name
            if broncode and (item.name == "__pycache__" or item.name.endswith(".pyc")):
                continue
            if item.is_symlink():
                regels.append(f"{naam}\0link")
            elif item.is_dir(follow_symlinks=False):
                regels.append(f"{naam}\0map")
                todo.append((Path(item.path), naam + "/"))
            else:
                data = lees_bestand(Path(item.path), 64 * 1024 * 1024)
                regels.append(f"{naam}\0" + (hashlib.sha256(data).hexdigest() if data is not None else "onleesbaar"))
    regels.sort()
    return sha256("\n".join(regels))


@cache
def code() -> str:
    """A hash of everything besides the content that shapes what the build makes: every file under hooks/
    and schema/, mkdocs.yml, the Python version and every installed distribution with its version."""
    delen: list[str] = [sys.version, str(FORMAAT)]
    for map_ in (_HOOKS, _REPO / "schema"):
        if map_.is_dir():
            delen.append(map_inhoud(map_, broncode=True))
    mkdocs_yml = lees_bestand(_REPO / "mkdocs.yml", 1024 * 1024)
    delen.append(hashlib.sha256(mkdocs_yml or b"").hexdigest())
    delen.append("\n".join(_distributies()))
    return sha256(*delen)


def _distributies() -> list[str]:
    """Every installed distribution with its version, as the names of its metadata folders
    (jinja2-3.1.4.dist-info): a listing of each folder on sys.path, not a read of every metadata file."""
    namen: set[str] = set()
    for plek in sys.path:
        try:
            items = os.scandir(plek or ".")
        except OSError:
            continue
        with items:
            namen.update(f"{plek}\0{item.name}" for item in items if item.name.endswith((".dist-info", ".egg-info")))
    return sorted(namen)


def pad_binnen(map_: Path, pad: str) -> Path:
    """`pad` (relative, as an entry holds it) inside `map_`; a ValueError for anything that would leave it."""
    relatief = PurePosixPath(pad)
    if relatief.is_absolute() or not relatief.parts or any(deel in ("", ".", "..") or "\\" in deel
                                                          for deel in relatief.parts):
        raise ValueError(f"geen pad binnen de map: {pad!r}")
    return map_.joinpath(*relatief.parts)


@dataclass
class Bouwcache:
    """The cache folder of one build. `lees` and `schrijf` JSON values by kind and key; counts hits and misses."""

    map_: Path | None
    treffers: Counter[str] = field(default_factory=Counter)
    missers: Counter[str] = field(default_factory=Counter)
    _veilig: set[Path] = field(default_factory=set)  # folders found safe to read from in this build

    @classmethod
    def uit_omgeving(cls) -> Bouwcache:
        """The cache as the environment chooses it; off (with one info line) when its folder is not safe."""
        gekozen = gekozen_map()
        if gekozen is None:
            return cls(None)
        reden = _onveilig(gekozen)
        if reden:
            log.info(f"De bouwcache in {gekozen} wordt niet gebruikt: {reden}")
            return cls(None)
        return cls(gekozen)

    @property
    def aan(self) -> bool:
        return self.map_ is not None

    def _pad(self, soort: str, sleutel: str) -> Path:
        assert self.map_ is not None
        return self.map_ / f"v{FORMAAT}" / soort / f"{sleutel}.json.z"

    def lees(self, soort: str, sleutel: str) -> Any | None:
        """The value stored under (soort, sleutel), or None: a miss, also for an entry that cannot be used."""
        if self.map_ is None:
            return None
        pad = self._pad(soort, sleutel)
        if not self._leesbaar(pad.parent):
            self.missers[soort] += 1
            return None
        data = lees_bestand(pad, _MAX_BYTES)
        if data is None:
            if pad.exists() or pad.is_symlink():
                log.info(f"Bouwcache-bestand {pad} is niet te lezen; wordt opnieuw gemaakt")
            self.missers[soort] += 1
            return None
        try:
            if not data.startswith(_KOP):
                raise ValueError("geen bouwcache-bestand")
            inhoud = json.loads(zlib.decompress(data[len(_KOP):]).decode("utf-8"))
            if not isinstance(inhoud, dict) or inhoud.get("soort") != soort or inhoud.get("sleutel") != sleutel:
                raise ValueError("een andere sleutel dan de bestandsnaam")
            waarde = inhoud["waarde"]
        except (ValueError, KeyError, zlib.error, UnicodeDecodeError, RecursionError) as fout:
            log.info(f"Bouwcache-bestand {pad} is beschadigd ({fout}); wordt opnieuw gemaakt")
            self.missers[soort] += 1
            return None
        try:
            os.utime(pad)  # recently used: kept when the cache is trimmed
        except OSError:
            pass
        self.treffers[soort] += 1
        return waarde

    def heeft(self, soort: str, sleutel: str) -> bool:
        """Whether an entry exists under (soort, sleutel); `lees` says whether it is usable."""
        return self.map_ is not None and self._pad(soort, sleutel).is_file()

    def afgekeurd(self, soort: str) -> None:
        """The caller found the value `lees` gave unusable (not what it stores): a miss after all."""
        self.treffers[soort] -= 1
        self.missers[soort] += 1

    def _leesbaar(self, map_: Path) -> bool:
        """Whether every folder from the cache folder down to `map_` exists and is safe (`_onveilig`)."""
        assert self.map_ is not None
        if map_ in self._veilig:
            return True
        huidig = self.map_
        for deel in (None, *map_.relative_to(self.map_).parts):
            if deel is not None:
                huidig = huidig / deel
            reden = _onveilig(huidig, bestaat_niet_is_goed=False)
            if reden == "bestaat niet":
                return False
            if reden is not None:
                log.info(f"Bouwcache-map {huidig} wordt niet gelezen: {reden}")
                return False
        self._veilig.add(map_)
        return True

    def schrijf(self, soort: str, sleutel: str, waarde: Any) -> None:
        """Store `waarde` (JSON data) atomically; a cache that cannot be written is no error (one info line)."""
        if self.map_ is None:
            return
        pad = self._pad(soort, sleutel)
        try:
            # ASCII: any text Python holds (a lone surrogate too) is written and read back exactly.
            data = _KOP + zlib.compress(json.dumps({"soort": soort, "sleutel": sleutel, "waarde": waarde},
                                                   separators=(",", ":"), allow_nan=False).encode("ascii"), 1)
            _maak_map(pad.parent, self.map_)
            handle, tijdelijk = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=pad.parent)
            try:
                with os.fdopen(handle, "wb") as bestand:
                    bestand.write(data)
                os.replace(tijdelijk, pad)
            except BaseException:
                Path(tijdelijk).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError) as fout:
            log.info(f"Bouwcache-bestand {pad} kon niet worden geschreven ({fout})")

    def ruim_op(self) -> int:
        """Remove the least recently used entries until the cache is under its size; returns how many went."""
        if self.map_ is None or _onveilig(self.map_) is not None:
            return 0
        entries: list[tuple[float, int, Path]] = []
        for pad in (self.map_).rglob("*"):
            try:
                info = pad.lstat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                entries.append((info.st_mtime, info.st_size, pad))
        totaal = sum(size for _, size, _ in entries)
        weg = 0
        for _, size, pad in sorted(entries):
            if totaal <= _max_bytes():
                break
            pad.unlink(missing_ok=True)
            totaal -= size
            weg += 1
        return weg

    def samenvatting(self, soorten: Iterable[str]) -> str:
        return ", ".join(f"{soort} {self.treffers[soort]} uit de cache, {self.missers[soort]} gemaakt"
                         for soort in soorten)


def _onveilig(map_: Path, *, bestaat_niet_is_goed: bool = True) -> str | None:
    """Why `map_` is no folder to read the cache from (a link, not ours, writable by others), or None."""
    try:
        info = os.lstat(map_)
    except FileNotFoundError:
        return None if bestaat_niet_is_goed else "bestaat niet"
    except OSError as fout:
        return f"niet te lezen ({fout.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "de map is een symbolische koppeling"
    if not stat.S_ISDIR(info.st_mode):
        return "het is geen map"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "de map is van een andere gebruiker"
    if info.st_mode & 0o022:
        return "anderen mogen erin schrijven"
    return None


def _maak_map(map_: Path, wortel: Path) -> None:
    """Create `map_` (under `wortel`) for this user only; refuse a link or a foreign folder on the way."""
    delen = map_.relative_to(wortel).parts
    huidig = wortel
    for deel in (None, *delen):
        if deel is not None:
            huidig = huidig / deel
        try:
            huidig.mkdir(mode=0o700, parents=deel is None, exist_ok=True)
        except FileExistsError:
            pass
        reden = _onveilig(huidig, bestaat_niet_is_goed=False)
        if reden is not None:
            raise OSError(f"{huidig}: {reden}")
