"""Writing all open data of the whole site into the built site folder, after MkDocs wrote the pages.

  data/<tabel>.csv, data/<tabel>.json   the site-wide datasets (see `tabellen`)
  data/datapackage.json                 the Frictionless Data Package describing them
  data/dcat.jsonld                      DCAT-AP-NL metadata for data.overheid.nl
  catalogus.json                        every werkgebied and version, with file addresses
  <werkgebied>/<label>/afspraken.*      every version's CSV and JSON, and <werkgebied>/ids.json (`export`)
  <werkgebied>/geldend/                 the version in force (redirect pages and data copies)
  id/<id>/                              an afspraak by its persistent identifier (redirect pages)
  schema/*.schema.json                  the schemas under a stable address

Everything but the schemas is made werkgebied by werkgebied: a werkgebied's own files, and its rows of each
site-wide table (a table is the werkgebieden's rows one after another). A full build writes it all once.
Under `mkdocs serve` one `Publicatie` lives from rebuild to rebuild and keeps each werkgebied's rows: a
rebuild makes only what belongs to the werkgebieden whose model changed, removes what belonged to a removed
afspraak or werkgebied, and writes the site-wide files again from the rows it kept, so every file is what a
full build writes.
"""
from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import bouwcache, export, model
from ..identiteit import identiteiten
from ..werkgebiedcache import Werkgebiedcache
from . import adressen, catalogus, datapakket, dcat, schrijven, tabellen
from .instellingen import Instellingen


OPEN_DATA = "opendata"  # a werkgebied's open data in the cache across builds


def _json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class _Werkgebied:
    """What one werkgebied contributed to the open data."""

    dossier: model.Dossier  # the loader's cache hands out the same object while the werkgebied's files are unchanged
    stukken: tuple[schrijven.Stuk, ...]  # its rows of each table (in TABELLEN's order); compressed while kept
    catalogus: dict[str, Any]
    bestanden: frozenset[Path]  # its own files


class Publicatie:
    """The open data of one site folder; with `bewaren`, kept up to date from one build to the next."""

    def __init__(self, *, bewaren: bool = False, cache: Werkgebiedcache | None = None) -> None:
        self._bewaren = bewaren
        self._cache = cache  # a full build: each werkgebied's open data from the cache across builds
        self._site_dir: Path | None = None
        self._bewaard: dict[str, _Werkgebied] = {}  # slug -> what it wrote last time (only with bewaren)
        self.gemaakt: frozenset[str] = frozenset()  # the werkgebieden made anew by the last `schrijf`

    def schrijf(self, archief: model.Archief, site_dir: Path, instellingen: Instellingen) -> list[Path]:
        """Write every open-data file of `archief`; returns the files written, in a stable order."""
        if site_dir != self._site_dir:
            self._site_dir, self._bewaard = site_dir, {}
        written: list[Path] = []
        bestanden = [schrijven.Tabelbestanden(tabel, *(site_dir / catalogus.dataset_pad(tabel.naam, f)
                                                         for f in ("csv", "json")))
                     for tabel in tabellen.TABELLEN]
        werkgebieden: list[dict[str, Any]] = []
        gemaakt: set[str] = set()
        try:
            for dossier in archief.dossiers:
                werkgebied = self._bewaard.get(dossier.slug)
                if werkgebied is None or werkgebied.dossier is not dossier:
                    werkgebied = (self._uit_cache(dossier, site_dir, instellingen)
                                  or self._maak(dossier, site_dir, werkgebied, instellingen))
                    stukken = werkgebied.stukken
                    written += sorted(werkgebied.bestanden)
                    gemaakt.add(dossier.slug)
                else:
                    stukken = tuple(_uitgepakt(stuk) for stuk in werkgebied.stukken)
                for tabel_bestanden, stuk in zip(bestanden, stukken):
                    tabel_bestanden.voeg_toe(stuk)
                werkgebieden.append(werkgebied.catalogus)
        except BaseException:
            for tabel_bestanden in bestanden:
                tabel_bestanden.breek_af()
            raise
        for weg in set(self._bewaard) - {d.slug for d in archief.dossiers}:
            _verwijder(self._bewaard.pop(weg).bestanden, site_dir)
        self.gemaakt = frozenset(gemaakt)

        datasets: list[catalogus.Dataset] = []
        resources: list[dict[str, Any]] = []
        for tabel, tabel_bestanden in zip(tabellen.TABELLEN, bestanden):
            csv_file, json_file = tabel_bestanden.sluit()
            adressen_ = tuple(catalogus.dataset_pad(tabel.naam, f) for f in ("csv", "json"))
            datasets.append(catalogus.Dataset(tabel, (("csv", adressen_[0], csv_file), ("json", adressen_[1], json_file))))
            for formaat, bestand in (("csv", csv_file), ("json", json_file)):
                resources.append(datapakket.resource(tabel, formaat, bestand, Path(bestand.pad).name))
            written += [csv_file.pad, json_file.pad]
        homepage = instellingen.site_url
        written.append(_json(site_dir / catalogus.DATAPAKKET_PAD, datapakket.descriptor(instellingen, resources, homepage=homepage)))
        written.append(_json(site_dir / catalogus.DCAT_PAD, dcat.dcat(instellingen, datasets)))
        written.append(_json(site_dir / catalogus.PAD, catalogus.catalogus(instellingen, datasets, werkgebieden)))
        return written + export.publiceer_schemas(site_dir)

    def _uit_cache(self, dossier: model.Dossier, site_dir: Path, instellingen: Instellingen) -> _Werkgebied | None:
        """The werkgebied's open data as an earlier build made it of the same content, written; or None."""
        if self._cache is None:
            return None
        data = self._cache.lees(OPEN_DATA, dossier.slug, repr(instellingen))
        if data is None:
            return None
        try:
            bestanden = {bouwcache.pad_binnen(site_dir, pad): tekst.encode("utf-8")
                         for pad, tekst in data["bestanden"].items() if isinstance(tekst, str)}
            stukken = tuple(schrijven.Stuk(csv.encode("utf-8"), json_.encode("utf-8"), rijen)
                            for csv, json_, rijen in data["stukken"]
                            if isinstance(csv, str) and isinstance(json_, str) and type(rijen) is int)
            if (len(bestanden) != len(data["bestanden"]) or len(stukken) != len(tabellen.TABELLEN)
                    or not isinstance(data["catalogus"], dict)):
                raise ValueError("onvolledig")
        except (KeyError, TypeError, ValueError, AttributeError):
            self._cache.afgekeurd(OPEN_DATA, dossier.slug)
            return None
        for pad, inhoud in bestanden.items():
            pad.parent.mkdir(parents=True, exist_ok=True)
            pad.write_bytes(inhoud)
        return _Werkgebied(dossier, stukken, data["catalogus"], frozenset(bestanden))

    def _bewaar(self, werkgebied: _Werkgebied, site_dir: Path, instellingen: Instellingen) -> None:
        """Keep a werkgebied's open data for the next build, if JSON gives it back exactly."""
        if self._cache is None:
            return
        try:
            data = {"bestanden": {pad.relative_to(site_dir).as_posix(): pad.read_bytes().decode("utf-8")
                                  for pad in sorted(werkgebied.bestanden)},
                    "stukken": [[s.csv.decode("utf-8"), s.json.decode("utf-8"), s.rijen] for s in werkgebied.stukken],
                    "catalogus": werkgebied.catalogus}
            if json.loads(json.dumps(werkgebied.catalogus, allow_nan=False)) != werkgebied.catalogus:
                return
        except (OSError, ValueError, TypeError):
            return
        self._cache.schrijf(OPEN_DATA, werkgebied.dossier.slug, data, repr(instellingen))

    def _maak(self, dossier: model.Dossier, site_dir: Path, vorig: _Werkgebied | None,
              instellingen: Instellingen) -> _Werkgebied:
        """A werkgebied's own files written, its rows of every table and its catalogue entry made."""
        ids = identiteiten(dossier)  # once per werkgebied: every file and table below follows its afspraken by id
        bestanden = export.publiceer_werkgebied(dossier, site_dir, ids)
        bestanden += adressen.publiceer_geldend(dossier, site_dir)  # copies the version's files written above
        bestanden += adressen.publiceer_ids(dossier, site_dir, ids)
        stukken = tuple(schrijven.stuk(tabel, tabel.rijen(dossier, ids)) for tabel in tabellen.TABELLEN)
        werkgebied = _Werkgebied(dossier, stukken, catalogus.werkgebied_data(dossier), frozenset(bestanden))
        if vorig is not None:  # an afspraak, theme or version that is gone leaves no page or file behind
            _verwijder(vorig.bestanden - werkgebied.bestanden, site_dir)
        self._bewaar(werkgebied, site_dir, instellingen)
        if self._bewaren:
            self._bewaard[dossier.slug] = _Werkgebied(dossier, tuple(_ingepakt(s) for s in stukken),
                                                      werkgebied.catalogus, werkgebied.bestanden)
        return werkgebied


def publiceer(archief: model.Archief, site_dir: Path, instellingen: Instellingen,
              cache: Werkgebiedcache | None = None) -> list[Path]:
    """Write every open-data file of the site once (a full build); with `cache`, what it holds for a
    werkgebied's content is written instead of made."""
    return Publicatie(cache=cache).schrijf(archief, site_dir, instellingen)


def _ingepakt(stuk: schrijven.Stuk) -> schrijven.Stuk:
    # Kept rows compressed: under `mkdocs serve` the tables of a whole province stay in memory.
    return schrijven.Stuk(zlib.compress(stuk.csv, 1), zlib.compress(stuk.json, 1), stuk.rijen)


def _uitgepakt(stuk: schrijven.Stuk) -> schrijven.Stuk:
    return schrijven.Stuk(zlib.decompress(stuk.csv), zlib.decompress(stuk.json), stuk.rijen)


def _verwijder(paden: frozenset[Path], site_dir: Path) -> None:
    """Remove files written before and their folders left empty (never the site folder itself)."""
    for pad in sorted(paden, reverse=True):
        pad.unlink(missing_ok=True)
        folder = pad.parent
        while folder != site_dir and site_dir in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty: a page or another file lives there
                break
            folder = folder.parent
