"""The site's search index: Pagefind, over records from the model and the hand-written pages.

One index for the whole site, in Dutch (Pagefind stems Dutch words, so "huurverhogingen" finds
"huurverhoging"), chunked so a visitor downloads only the parts a query needs. Generated pages are not
crawled: each thema of a version is one record (`afspraken.zoekrecords`) whose afspraken link to #nr.

Several bundles: `pagefind/` holds what each werkgebied shows first (and the werkgebieden and pages), the
default search; `pagefind-historie/<versie>/` the other versions, one bundle per version label, which the
search page merges in only when a reader picks that version (or all). Next to the first lies
`FILTERWAARDEN`: every value of every filter and the labels with a bundle, so the search page can offer
the filters without loading Pagefind's filter index, which grows with the country.

Every record and page becomes a small HTML document in a temporary folder that the Pagefind command
indexes, one bundle after another (its Python API answers about ten requests a second: minutes for a
province). Pagefind's memory grows with what one run indexes: one run at a time, and the older versions
split by label, keep the peak at about the size of the default bundle's run. The older versions' bundles
need no hand-written page (`Historie`), so a full build indexes them in its background process while the
pages are still being made; the default bundle (`Standaard`) follows in the build's own process once MkDocs
has converted the pages, and the older versions are done. A bundle whose documents an earlier build indexed comes
from the cache across builds (`ZOEKINDEX`, keyed by its documents): a warm build runs Pagefind only for
the bundles whose documents changed. Where a result leads is its `adres` (relative to the site root), not
the document's own path.
"""
from __future__ import annotations

import base64
import binascii
import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from afspraken import bouwcache, model, templating, zoekrecords
from afspraken.werkgebiedcache import Werkgebiedcache
from afspraken.views.site import Site
from afspraken.zoekrecords import Zoekrecord

TAAL = "nl"
MAP = "pagefind"  # under the site folder; the search page loads pagefind/pagefind.js from there
HISTORIE = "pagefind-historie"  # HISTORIE/<label>/: the versions a werkgebied does not show first
BUNDELS = (MAP, HISTORIE)  # the folders at the site root
FILTERWAARDEN = "filterwaarden.json"  # in MAP: {"filters": {filter: [values]}, "historie": [labels]}
PAGINA_FILTERS = {zoekrecords.SOORT: ["pagina"], zoekrecords.VERSIE: [zoekrecords.ACTUEEL]}
ZOEKDOCUMENTEN = "zoekdocumenten"  # a werkgebied's search documents in the cache across builds
ZOEKINDEX = "zoekindex"  # a bundle as Pagefind wrote it, in the cache across builds, keyed by its documents


@dataclass(frozen=True)
class Pagina:
    """A hand-written page as the search shows it: its address, title and rendered content."""

    url: str
    titel: str
    inhoud: str  # the page's HTML content (Markdown rendered by MkDocs)


class ZoekindexFout(Exception):
    """Pagefind could not make the index; the message holds what it said."""


def _filterwaarden(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """Filter values as Pagefind matches them. It collapses whitespace in a value, and a value with a double
    quote or a backslash matches nothing (Pagefind 1.5.2); a typographic quote and a slash read the same.
    The search page compares these values with the per-afspraak metadata and the filter values file."""
    return {naam: [" ".join(w.replace('"', "\u201d").replace("\\", "/").split()) for w in waarden]
            for naam, waarden in filters.items()}


def record_html(record: Zoekrecord) -> str:
    # What differs per afspraak, as compact JSON in the page's metadata: it comes with the result's
    # fragment, not with the first search.
    per_afspraak = json.dumps({a.nr: _filterwaarden(a.filters) for a in record.afspraken}, ensure_ascii=False,
                              separators=(",", ":"))
    return templating.render("zoekdocument.html", taal=TAAL, titel=record.titel, adres=record.url,
                             alineas=record.tekst.split("\n"), inhoud=None, filters=_filterwaarden(record.filters),
                             afspraken=record.afspraken, per_afspraak=per_afspraak)


def pagina_html(pagina: Pagina) -> str:
    # Pages count as the current ("actueel") version, so the search's default filter keeps them.
    # Their content is the HTML MkDocs rendered from our own docs/.
    return templating.render("zoekdocument.html", taal=TAAL, titel=pagina.titel, adres=pagina.url, alineas=(),
                             inhoud=Markup(pagina.inhoud), filters=PAGINA_FILTERS, afspraken=())


@dataclass
class Documenten:
    """The documents of each bundle and the values of each filter, gathered from records."""

    actueel: list[str] = field(default_factory=list)
    historie: dict[str, list[str]] = field(default_factory=dict)  # by version label
    waarden: dict[str, set[str]] = field(default_factory=lambda: {naam: set() for naam in zoekrecords.FILTERS})

    def voeg_toe(self, records: Iterable[Zoekrecord]) -> Documenten:
        for record in records:
            if record.actueel:
                self.actueel.append(record_html(record))
            else:
                self.historie.setdefault(record.filters[zoekrecords.VERSIE][0], []).append(record_html(record))
            self._waarden(record.filters)
        return self

    def met(self, andere: Iterable[Documenten], paginas: Iterable[Pagina]) -> Documenten:
        """These documents, then those of `andere`, then the pages: the order of the bundles' documents."""
        for deel in andere:
            self.actueel += deel.actueel
            for label, lijst in deel.historie.items():
                self.historie.setdefault(label, []).extend(lijst)
            for naam, waarden in deel.waarden.items():
                self.waarden[naam] |= waarden
        for pagina in paginas:
            self.actueel.append(pagina_html(pagina))
            self._waarden(PAGINA_FILTERS)
        return self

    def _waarden(self, filters: dict[str, list[str]]) -> None:
        for naam, waarden in _filterwaarden(filters).items():
            self.waarden[naam].update(waarden)

    def filterwaarden(self) -> str:
        """The JSON the search page offers its filters from; versions as a reader looks for them."""
        def volgorde(naam: str, waarden: set[str]) -> list[str]:
            if naam == zoekrecords.VERSIE:  # actueel first, then the concept, then the newest version first
                eerst = [w for w in (zoekrecords.ACTUEEL, "concept") if w in waarden]
                return eerst + sorted(waarden - set(eerst), reverse=True)
            return sorted(waarden, key=lambda w: (w.casefold(), w))
        return json.dumps({"filters": {naam: volgorde(naam, w) for naam, w in self.waarden.items() if w},
                           "historie": sorted(self.historie)}, ensure_ascii=False, separators=(",", ":"))

    def als_data(self) -> dict[str, Any]:
        """These documents as JSON data, for the cache across builds."""
        return {"actueel": self.actueel, "historie": self.historie,
                "waarden": {naam: sorted(waarden) for naam, waarden in self.waarden.items()}}

    @classmethod
    def uit_data(cls, data: Any) -> Documenten:
        """`als_data` back; a ValueError when `data` is not what `als_data` makes."""
        try:
            actueel, historie, waarden = data["actueel"], data["historie"], data["waarden"]
            if (not _teksten(actueel) or not isinstance(historie, dict)
                    or not all(isinstance(k, str) and _teksten(v) for k, v in historie.items())
                    or not isinstance(waarden, dict) or set(waarden) != set(zoekrecords.FILTERS)
                    or not all(_teksten(v) for v in waarden.values())):
                raise ValueError("geen opgeslagen zoekdocumenten")
        except (KeyError, TypeError) as fout:
            raise ValueError("geen opgeslagen zoekdocumenten") from fout
        return cls(list(actueel), {k: list(v) for k, v in historie.items()}, {k: set(v) for k, v in waarden.items()})

    def bundels(self) -> dict[str, list[str]]:
        """Each bundle's folder (relative to the site) and documents, the default bundle first."""
        return {MAP: self.actueel, **{f"{HISTORIE}/{label}": self.historie[label] for label in sorted(self.historie)}}


def _teksten(waarde: Any) -> bool:
    return isinstance(waarde, list) and all(isinstance(w, str) for w in waarde)


def documenten(site: Site, cache: Werkgebiedcache | None = None) -> Documenten:
    """Every document of the werkgebieden (the pages follow with `Documenten.met`); with `cache`, a
    werkgebied's documents as an earlier build made them of the same content (`zoekrecords.werkgebied_records`
    depend on that werkgebied alone)."""
    delen = []
    for dossier in site.archief.dossiers:
        deel = None
        if cache is not None and (data := cache.lees(ZOEKDOCUMENTEN, dossier.slug)) is not None:
            try:
                deel = Documenten.uit_data(data)
            except ValueError:
                cache.afgekeurd(ZOEKDOCUMENTEN, dossier.slug)
        if deel is None:
            deel = Documenten().voeg_toe(zoekrecords.werkgebied_records(site, dossier))
            if cache is not None:
                cache.schrijf(ZOEKDOCUMENTEN, dossier.slug, deel.als_data())
        delen.append(deel)
    return Documenten().met(delen, ())


def _schrijf(bron: Path, documenten: list[str], begin: int = 0) -> None:
    bron.mkdir(parents=True, exist_ok=True)
    # Numbered in a fixed order: Pagefind numbers documents by path, and the index stays the same.
    for nummer, document in enumerate(documenten, begin):
        (bron / f"{nummer:07d}.html").write_text(document, encoding="utf-8")


@dataclass(frozen=True)
class _Taak:
    """One Pagefind run: the documents' folder, where the bundle goes, and what follows a run that succeeded."""

    bron: Path
    uitvoer: Path
    daarna: Callable[[], None] | None = None  # never raises


class _Reeks:
    """Pagefind over each bundle, one after another in a thread; `daarna` gets the first error, or None.

    One run at a time: the peak memory is that of the largest bundle, not of all together (and two
    cores are busy anyway with the pages while a full build indexes). With `meer`, more runs follow
    (`laatste`) before the series ends.
    """

    def __init__(self, taken: Iterable[_Taak], daarna: Callable[[ZoekindexFout | None], None], *,
                 meer: bool = False) -> None:
        self._wachtrij: queue.SimpleQueue[_Taak | None] = queue.SimpleQueue()
        for taak in taken:
            self._wachtrij.put(taak)
        if not meer:
            self._wachtrij.put(None)
        self._slot = threading.Lock()
        self._proces: subprocess.Popen[str] | None = None
        self._gestopt = threading.Event()
        self._draad = threading.Thread(target=self._werk, args=(daarna,), name="afspraken-zoekindex", daemon=True)
        self._draad.start()

    def laatste(self, taken: Iterable[_Taak]) -> None:
        """The last runs of a series started with `meer`."""
        for taak in taken:
            self._wachtrij.put(taak)
        self._wachtrij.put(None)

    def _werk(self, daarna: Callable[[ZoekindexFout | None], None]) -> None:
        fout = None
        while (taak := self._wachtrij.get()) is not None:
            if fout is not None:
                continue  # after an error no more runs; the series still ends when it is told to
            with self._slot:
                if self._gestopt.is_set():
                    return
                self._proces = _pagefind(taak.bron, taak.uitvoer)
            try:
                _uitkomst(self._proces)
            except ZoekindexFout as error:
                fout = error
            else:
                if taak.daarna is not None:
                    taak.daarna()
        if not self._gestopt.is_set():
            daarna(fout)

    def wacht(self) -> None:
        self._draad.join()

    def stop(self) -> None:
        """End the run (our own Pagefind process) without calling `daarna`."""
        with self._slot:
            self._gestopt.set()
            if self._proces is not None and self._proces.poll() is None:
                self._proces.terminate()
        self._wachtrij.put(None)  # a series waiting for its last runs ends too
        self.wacht()


@dataclass(frozen=True)
class Werkgebiedbundels:
    """What the default bundle holds of the werkgebieden, for the hand-written pages to follow: where their
    documents lie, how many, their hash, and every filter value and version label. Small and picklable: a
    full build makes it in its background process and indexes the default bundle in the main process."""

    bron: Path  # the folder of the default bundle's documents
    aantal: int
    sha256: str
    waarden: dict[str, list[str]]
    historie: tuple[str, ...]  # the labels with a bundle of their own


def _zoekcache(cache: Werkgebiedcache | None) -> bouwcache.Bouwcache | None:
    return cache.cache if cache is not None and cache.aan else None


def _taak(tijdelijk: Path, site_dir: Path, cache: bouwcache.Bouwcache | None, naam: str,
          *sleutel_delen: str) -> _Taak | None:
    """The run that makes bundle `naam` of the documents in `tijdelijk`/`naam`; None when the bundle came
    from the cache across builds. `sleutel_delen` are the documents (or their hash) the cache knows it by."""
    uitvoer = site_dir / naam
    if cache is None:
        return _Taak(tijdelijk / naam, uitvoer)
    # The documents and the code (Pagefind's version and options among it) make the bundle.
    sleutel = bouwcache.sha256(ZOEKINDEX, bouwcache.code(), TAAL, *sleutel_delen)
    if _uit_cache(cache, sleutel, uitvoer):
        return None
    return _Taak(tijdelijk / naam, uitvoer, lambda: _bewaar(cache, sleutel, uitvoer))


class Historie:
    """Every search document written into `tijdelijk`, and the older versions' bundles indexed by Pagefind
    in the background, one after another; `werkgebieden` is what the default bundle needs from here
    (`Standaard`). `gereed` gets it (from another thread) once the older versions are indexed, so that the
    default bundle's run can follow: one Pagefind run at a time."""

    def __init__(self, site_dir: Path, site: Site, tijdelijk: Path, cache: Werkgebiedcache | None = None, *,
                 gereed: Callable[[Werkgebiedbundels], None] | None = None) -> None:
        self._fout: ZoekindexFout | None = None
        self._gereed = gereed
        docs = documenten(site, cache)
        for naam in BUNDELS:
            if (site_dir / naam).exists():
                shutil.rmtree(site_dir / naam)  # a dirty build leaves no chunks of a previous index
        zoekcache = _zoekcache(cache)
        taken = []
        for naam, lijst in docs.bundels().items():
            taak = _taak(tijdelijk, site_dir, zoekcache, naam, *lijst) if naam != MAP and lijst else None
            if naam == MAP or taak is not None:
                _schrijf(tijdelijk / naam, lijst)
            if taak is not None:
                taken.append(taak)
        self.werkgebieden = Werkgebiedbundels(tijdelijk / MAP, len(docs.actueel), bouwcache.sha256(*docs.actueel),
                                              {naam: sorted(w) for naam, w in docs.waarden.items()},
                                              tuple(sorted(docs.historie)))
        self._reeks = _Reeks(taken, self._klaar)

    def _klaar(self, fout: ZoekindexFout | None) -> None:
        self._fout = fout
        if fout is None and self._gereed is not None:
            self._gereed(self.werkgebieden)

    def wacht(self) -> None:
        """Until the older versions are indexed; raises ZoekindexFout with what Pagefind said when it failed."""
        self._reeks.wacht()
        if self._fout is not None:
            raise self._fout

    def stop(self) -> None:
        """The build failed: end the runs (our own Pagefind processes) without waiting for the index."""
        self._reeks.stop()


class Standaard:
    """The default bundle indexed in the background: the werkgebieden's documents (`Historie.werkgebieden`)
    and then the hand-written pages; the filter values beside it once it is done."""

    def __init__(self, site_dir: Path, werkgebieden: Werkgebiedbundels, paginas: Iterable[Pagina],
                 cache: Werkgebiedcache | None = None) -> None:
        self._site_dir = site_dir
        self._fout: ZoekindexFout | None = None
        docs = Documenten(historie={label: [] for label in werkgebieden.historie},
                          waarden={naam: set(w) for naam, w in werkgebieden.waarden.items()}).met((), paginas)
        _schrijf(werkgebieden.bron, docs.actueel, werkgebieden.aantal)
        self._filterwaarden = docs.filterwaarden()
        taak = (_taak(werkgebieden.bron.parent, site_dir, _zoekcache(cache), MAP, werkgebieden.sha256, *docs.actueel)
                if werkgebieden.aantal or docs.actueel else None)
        self._reeks = _Reeks([taak] if taak is not None else [], self._klaar)

    def _klaar(self, fout: ZoekindexFout | None) -> None:
        self._fout = fout
        if fout is None:
            (self._site_dir / MAP).mkdir(parents=True, exist_ok=True)
            (self._site_dir / MAP / FILTERWAARDEN).write_text(self._filterwaarden, encoding="utf-8")

    def wacht(self) -> None:
        """Until the default bundle is written; raises ZoekindexFout with what Pagefind said when it failed."""
        self._reeks.wacht()
        if self._fout is not None:
            raise self._fout

    def stop(self) -> None:
        self._reeks.stop()


class Indexering:
    """The whole index in this process: `Historie`, then `Standaard` once `geef` has the hand-written pages.

    One Pagefind run at a time: the default bundle starts when the older versions are done.
    """

    def __init__(self, site_dir: Path, site: Site, paginas: Iterable[Pagina] | None = None,
                 cache: Werkgebiedcache | None = None) -> None:
        self._tijdelijk = tempfile.TemporaryDirectory(prefix="afspraken-zoeken-")
        self._site_dir = site_dir
        self._cache = cache
        self._standaard: Standaard | None = None
        try:
            self._historie = Historie(site_dir, site, Path(self._tijdelijk.name), cache)
        except BaseException:
            self._tijdelijk.cleanup()
            raise
        if paginas is not None:
            try:
                self.geef(paginas)
            except BaseException:
                self.stop()
                raise

    def geef(self, paginas: Iterable[Pagina]) -> None:
        """The hand-written pages: the default bundle is indexed after the others."""
        if self._standaard is None:
            self._historie.wacht()
            self._standaard = Standaard(self._site_dir, self._historie.werkgebieden, paginas, self._cache)

    def wacht(self) -> None:
        """Wait until the index is written; raises ZoekindexFout with what Pagefind said when it failed."""
        try:
            if self._standaard is None:  # never a hang: without the pages there is no default bundle
                self._historie.stop()
                raise ZoekindexFout("de pagina's voor de zoekindex ontbreken")
            self._historie.wacht()
            self._standaard.wacht()
        finally:
            self._tijdelijk.cleanup()

    def stop(self) -> None:
        """The build failed: end the runs (our own Pagefind processes) without waiting for the index."""
        try:
            self._historie.stop()
            if self._standaard is not None:
                self._standaard.stop()
        finally:
            self._tijdelijk.cleanup()


def _uit_cache(cache: bouwcache.Bouwcache, sleutel: str, uitvoer: Path) -> bool:
    """Write the bundle an earlier build made of the same documents into `uitvoer`; False when there is none."""
    data = cache.lees(ZOEKINDEX, sleutel)
    if data is None:
        return False
    try:
        if not isinstance(data, dict) or not data:
            raise ValueError("geen bundel")
        bestanden = {bouwcache.pad_binnen(uitvoer, pad): base64.b64decode(inhoud, validate=True)
                     for pad, inhoud in data.items()}
    except (ValueError, TypeError, binascii.Error):
        cache.afgekeurd(ZOEKINDEX)
        bouwcache.log.info("Bouwcache: een bundel van de zoekindex in de cache is onbruikbaar; wordt opnieuw gemaakt")
        return False
    for pad, inhoud in bestanden.items():
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(inhoud)
    return True


def _bewaar(cache: bouwcache.Bouwcache, sleutel: str, uitvoer: Path) -> None:
    """Keep the bundle Pagefind wrote in `uitvoer` for the next build (its files as base64 in JSON)."""
    try:
        data = {pad.relative_to(uitvoer).as_posix(): base64.b64encode(pad.read_bytes()).decode("ascii")
                for pad in sorted(uitvoer.rglob("*")) if pad.is_file()}
    except OSError:
        return
    cache.schrijf(ZOEKINDEX, sleutel, data)


def _pagefind(bron: Path, uitvoer: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(bron), "--output-path", str(uitvoer),
         "--force-language", TAAL, "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _uitkomst(proces: subprocess.Popen[str]) -> None:
    stdout, stderr = proces.communicate()
    if proces.returncode != 0:
        raise ZoekindexFout((stderr or stdout).strip() or f"Pagefind stopte met code {proces.returncode}")


class Voorbeeldindex:
    """The index under `mkdocs serve`, brought up to date after each rebuild while the preview is already served.

    Someone who saves an afspraak looks at its page first: the rebuild returns (and the browser reloads)
    without waiting for Pagefind, which indexes in the background; a log line says when the search has
    the change, a few seconds later. A full build (`make site`) always waits for its index.

    The documents stay in one folder per bundle from rebuild to rebuild, and a werkgebied's documents are
    made again only when its model changed (the loader's cache hands out the same object otherwise).
    Pagefind writes into fresh folders that replace the bundles only when all are complete: a search
    never reads half an index.
    """

    def __init__(self) -> None:
        self._bron = tempfile.TemporaryDirectory(prefix="afspraken-zoeken-")
        self._per_werkgebied: dict[str, tuple[model.Dossier, Documenten]] = {}
        self._geschreven: dict[str, list[str]] = {}  # per bundle, as in its folder: document i is {i:07d}.html
        self._reeks: _Reeks | None = None

    def werk_bij(self, site_dir: Path, site: Site, paginas: Iterable[Pagina],
                 klaar: Callable[[ZoekindexFout | None], None]) -> int:
        """Start indexing the archief and pages; `klaar` is called (from another thread) when it is done.

        Returns the number of documents written anew.
        """
        self.stop()  # an index still being made for an earlier rebuild is out of date already
        per_werkgebied = {}
        for dossier in site.archief.dossiers:
            bewaard = self._per_werkgebied.get(dossier.slug)
            if bewaard is None or bewaard[0] is not dossier:
                bewaard = (dossier, Documenten().voeg_toe(zoekrecords.werkgebied_records(site, dossier)))
            per_werkgebied[dossier.slug] = bewaard
        self._per_werkgebied = per_werkgebied
        docs = Documenten().met((deel for _, deel in per_werkgebied.values()), paginas)
        bundels = docs.bundels()
        bron = Path(self._bron.name)
        nieuw = 0
        for naam, lijst in bundels.items():
            nieuw += _werk_bij(bron / naam, self._geschreven.get(naam, []), lijst)
        for naam in self._geschreven.keys() - bundels.keys():  # a version label no record has any more
            shutil.rmtree(bron / naam, ignore_errors=True)
        self._geschreven = bundels
        for map_ in BUNDELS:
            if (site_dir / f"{map_}.nieuw").exists():
                shutil.rmtree(site_dir / f"{map_}.nieuw")
        taken = [(bron / naam, _nieuw(site_dir, naam)) for naam, lijst in bundels.items() if lijst]
        filterwaarden = docs.filterwaarden()

        def daarna(fout: ZoekindexFout | None) -> None:
            if fout is None:
                _vervang(site_dir, filterwaarden)
            klaar(fout)

        self._reeks = _Reeks([_Taak(bron, uitvoer) for bron, uitvoer in taken], daarna)
        return nieuw

    def wacht(self) -> None:
        """Until the index of the last `werk_bij` is in place (or failed)."""
        if self._reeks is not None:
            self._reeks.wacht()

    def stop(self) -> None:
        """Stop an index being made (our own Pagefind process); the current index stays."""
        if self._reeks is not None:
            self._reeks.stop()
        self._reeks = None

    def sluit(self) -> None:
        self.stop()
        self._bron.cleanup()


def _nieuw(site_dir: Path, naam: str) -> Path:
    """Where a bundle is written before it replaces the current one: pagefind-historie/2023 in pagefind-historie.nieuw."""
    map_, _, rest = naam.partition("/")
    return site_dir / f"{map_}.nieuw" / rest


def _vervang(site_dir: Path, filterwaarden: str) -> None:
    """Put the fresh bundles in place of the current ones, each folder in one rename."""
    (site_dir / f"{MAP}.nieuw").mkdir(exist_ok=True)
    (site_dir / f"{MAP}.nieuw" / FILTERWAARDEN).write_text(filterwaarden, encoding="utf-8")
    for map_ in BUNDELS:
        index, nieuw, oud = site_dir / map_, site_dir / f"{map_}.nieuw", site_dir / f"{map_}.oud"
        if index.exists():
            index.rename(oud)
        if nieuw.exists():
            nieuw.rename(index)
        shutil.rmtree(oud, ignore_errors=True)


def _werk_bij(bron: Path, oud: list[str], nieuw: list[str]) -> int:
    """Write the documents that differ from what the folder holds; returns how many were written."""
    bron.mkdir(parents=True, exist_ok=True)
    geschreven = 0
    for nummer, document in enumerate(nieuw):
        if nummer >= len(oud) or oud[nummer] != document:
            (bron / f"{nummer:07d}.html").write_text(document, encoding="utf-8")
            geschreven += 1
    for nummer in range(len(nieuw), len(oud)):
        (bron / f"{nummer:07d}.html").unlink(missing_ok=True)
    return geschreven
