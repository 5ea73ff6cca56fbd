"""The site's search index split per scope, so a visitor's first search downloads one werkgebied at most.

Material's search plugin writes one `search/search_index.json` with every page of the site, and the
browser downloads it on every page; with 342 werkgebieden that is hundreds of megabytes. This module
takes that index (as the plugin wrote it) and splits it by page address into:

  search/<slug>/<label>.json  a version: its overview and theme pages (`/<slug>/<label>/...`)
  search/<slug>.json          a werkgebied: its own pages (home, parties, monitoring, changes, ...)
                              plus the afspraken of the version in force
  search/search_index.json    everything else (home, hand-written pages) plus one short entry per
                              werkgebied, so a visitor finds their werkgebied from home

Each page names its scope (`bereik_van`); docs/assets/zoeken.js makes the browser fetch that file
instead of the whole-site index. Pure: no MkDocs, no files.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import model

ROOT_INDEX = "search_index.json"  # the name Material fetches; paths here are relative to search/

# Sections whose text the index holds elsewhere already. A theme page's overview table restates every
# afspraak, each of which has its own entry on the same page.
_HERHAALDE_SECTIES = frozenset({"overzicht"})
# Werkgebied pages other than its home (parties, monitoring rounds, changes) restate afspraken and
# statuses that the version indexes hold in full; their sections keep a teaser of this many characters.
TEASER = 300
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Werkgebiedbereik:
    """What the index needs to know of one werkgebied: its addresses and how a visitor recognises it."""

    slug: str
    naam: str
    gemeente: str
    partijen: tuple[str, ...]
    labels: tuple[str, ...]  # every version on the site, `concept` included
    huidig: str  # the version whose afspraken the werkgebied's own pages search

    def versie_naam(self, label: str) -> str:
        return "concept" if label == model.CONCEPT else f"versie {label}"


def bereiken(archief: model.Archief) -> list[Werkgebiedbereik]:
    result = []
    for dossier in archief.dossiers:
        werkgebied = dossier.werkgebied
        result.append(Werkgebiedbereik(
            slug=dossier.slug,
            naam=werkgebied.weergavenaam,
            gemeente=werkgebied.gebiedsomschrijving,
            partijen=tuple(p.naam for p in werkgebied.partijen),
            labels=tuple(v.label for v in (*dossier.versies, dossier.concept)),
            huidig=(dossier.huidige or dossier.concept).label,
        ))
    return result


@dataclass(frozen=True)
class Bereik:
    """Where a page searches: the index file (relative to search/) and what the search box says."""

    bestand: str
    placeholder: str


ROOT = Bereik(ROOT_INDEX, "Zoek een werkgebied of pagina")


def _werkgebied_bereik(werkgebied: Werkgebiedbereik) -> Bereik:
    return Bereik(f"{werkgebied.slug}.json", f"Zoeken in {werkgebied.naam}")


def _versie_bereik(werkgebied: Werkgebiedbereik, label: str) -> Bereik:
    return Bereik(f"{werkgebied.slug}/{label}.json",
                  f"Zoeken in {werkgebied.naam}, {werkgebied.versie_naam(label)}")


class Indeling:
    """Page addresses to scopes, for one set of werkgebieden."""

    def __init__(self, werkgebieden: Sequence[Werkgebiedbereik]) -> None:
        self.werkgebieden = {w.slug: w for w in werkgebieden}
        for slug in self.werkgebieden:
            # A werkgebied index next to the root index must never take its name.
            if f"{slug}.json" == ROOT_INDEX:
                raise ValueError(f"werkgebied '{slug}' kan niet: die naam heeft de zoekindex van de hele site")

    def _plaats(self, url: str) -> tuple[Werkgebiedbereik | None, str | None]:
        """The werkgebied and version label an address lies under (either may be None)."""
        parts = url.split("#")[0].split("/")
        werkgebied = self.werkgebieden.get(parts[0])
        if werkgebied is None:
            return None, None
        label = parts[1] if len(parts) > 1 and parts[1] in werkgebied.labels else None
        return werkgebied, label

    def bereik_van(self, url: str) -> Bereik:
        """The scope of a page, from its URL relative to the site root (`borger-odoorn/2023/a/`)."""
        werkgebied, label = self._plaats(url)
        if werkgebied is None:
            return ROOT
        return _versie_bereik(werkgebied, label) if label else _werkgebied_bereik(werkgebied)

    def splits(self, index: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Material's whole-site index as one index per scope, keyed by file name relative to search/.

        Every entry lands in the scope of its page, trimmed of text the scope holds elsewhere; a
        werkgebied index also gets its version in force; the root gets one entry per werkgebied.
        """
        root: list[dict[str, Any]] = []
        per_werkgebied: dict[str, list[dict[str, Any]]] = {slug: [] for slug in self.werkgebieden}
        per_versie: dict[tuple[str, str], list[dict[str, Any]]] = {
            (w.slug, label): [] for w in self.werkgebieden.values() for label in w.labels}
        for entry in index.get("docs", []):
            werkgebied, label = self._plaats(entry["location"])
            if werkgebied is None:
                root.append(entry)
            elif label is not None:
                if _sectie(entry) not in _HERHAALDE_SECTIES:
                    per_versie[(werkgebied.slug, label)].append(entry)
            else:
                per_werkgebied[werkgebied.slug].append(_ingekort(entry, werkgebied))
        root.extend(_kort(w) for w in self.werkgebieden.values())

        config = index.get("config", {})
        result = {ROOT_INDEX: {"config": config, "docs": root}}
        for slug, werkgebied in self.werkgebieden.items():
            eigen = per_werkgebied[slug] + per_versie[(slug, werkgebied.huidig)]
            result[_werkgebied_bereik(werkgebied).bestand] = {"config": config, "docs": eigen}
            for label in werkgebied.labels:
                result[_versie_bereik(werkgebied, label).bestand] = {
                    "config": config, "docs": per_versie[(slug, label)]}
        return result


def _sectie(entry: dict[str, Any]) -> str:
    location: str = entry["location"]
    return location.partition("#")[2]


def _ingekort(entry: dict[str, Any], werkgebied: Werkgebiedbereik) -> dict[str, Any]:
    """A werkgebied-level entry as the werkgebied index keeps it.

    The werkgebied's home page is kept whole: its introduction, parties and versions are nowhere else.
    Other pages keep their opening text whole and a teaser of each section.
    """
    location = entry["location"]
    if location.split("#")[0] == f"{werkgebied.slug}/" or "#" not in location:
        return entry
    return {**entry, "text": teaser(entry.get("text", ""))}


def teaser(text: str, limit: int = TEASER) -> str:
    """The start of an index text as plain text, cut at a word, never inside a tag or an entity."""
    plain = " ".join(_TAG.sub(" ", text).split())
    if len(plain) <= limit:
        return plain
    cut = plain[:limit + 1].rsplit(" ", 1)[0]
    return cut + " …"


def _kort(werkgebied: Werkgebiedbereik) -> dict[str, Any]:
    """The root index's one entry for a werkgebied: enough to find it by name, gemeente or party."""
    partijen = ", ".join(html.escape(p) for p in werkgebied.partijen)
    return {
        "location": f"{werkgebied.slug}/",
        "title": html.escape(werkgebied.naam),
        "text": f"<p>{html.escape(werkgebied.gemeente[:1].upper() + werkgebied.gemeente[1:])}. Partijen: {partijen}.</p>",
    }

