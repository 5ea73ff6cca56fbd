"""The site's search index: Pagefind, over records from the model and the hand-written pages.

One index for the whole site, in Dutch (Pagefind stems Dutch words, so "huurverhogingen" finds
"huurverhoging"), chunked so a visitor downloads only the parts a query needs. Generated pages are not
crawled: each afspraak is one record per version (`afspraken.zoekrecords`) that links to its #nr.

Every record and page becomes a small HTML document in a temporary folder that the Pagefind command
indexes in one run (its Python API answers about ten requests a second: minutes for a province).
Where a result leads is its `adres` (relative to the site root), not the document's own path.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from afspraken import model, templating, zoekrecords
from afspraken.views.site import Site
from afspraken.zoekrecords import Zoekrecord

TAAL = "nl"
MAP = "pagefind"  # under the site folder; the search page loads pagefind/pagefind.js from there


@dataclass(frozen=True)
class Pagina:
    """A hand-written page as the search shows it: its address, title and rendered content."""

    url: str
    titel: str
    inhoud: str  # the page's HTML content (Markdown rendered by MkDocs)


class ZoekindexFout(Exception):
    """Pagefind could not make the index; the message holds what it said."""


def record_html(record: Zoekrecord) -> str:
    return templating.render("zoekdocument.html", taal=TAAL, titel=record.titel, adres=record.url,
                             alineas=record.tekst.split("\n"), inhoud=None, filters=record.filters)


def pagina_html(pagina: Pagina) -> str:
    # Pages count as the current ("actueel") version, so the search's default filter keeps them.
    # Their content is the HTML MkDocs rendered from our own docs/.
    return templating.render("zoekdocument.html", taal=TAAL, titel=pagina.titel, adres=pagina.url, alineas=(),
                             inhoud=Markup(pagina.inhoud),
                             filters={zoekrecords.SOORT: ["pagina"], zoekrecords.VERSIE: [zoekrecords.ACTUEEL]})


class Indexering:
    """Pagefind at work on the index in its own process, so the build can write other files meanwhile."""

    def __init__(self, site_dir: Path, records: Iterable[Zoekrecord], paginas: Iterable[Pagina]) -> None:
        self._uitvoer = site_dir / MAP
        self._tijdelijk = tempfile.TemporaryDirectory(prefix="afspraken-zoeken-")
        try:
            bron = Path(self._tijdelijk.name)
            # Numbered in a fixed order: Pagefind numbers documents by path, and the index stays the same.
            documenten = [record_html(r) for r in records] + [pagina_html(p) for p in paginas]
            for nummer, document in enumerate(documenten):
                (bron / f"{nummer:07d}.html").write_text(document, encoding="utf-8")
            if self._uitvoer.exists():
                shutil.rmtree(self._uitvoer)  # a dirty build leaves no chunks of a previous index
            self._proces = _pagefind(bron, self._uitvoer)
        except BaseException:
            self._tijdelijk.cleanup()
            raise

    def wacht(self) -> None:
        """Wait until the index is written; raises ZoekindexFout with what Pagefind said when it failed."""
        try:
            _uitkomst(self._proces)
        finally:
            self._tijdelijk.cleanup()


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

    The documents stay in one folder from rebuild to rebuild, and a werkgebied's documents are made again
    only when its model changed (the loader's cache hands out the same object otherwise). Pagefind writes
    into a fresh folder that replaces pagefind/ only when it is complete: a search never reads half an index.
    """

    def __init__(self) -> None:
        self._bron = tempfile.TemporaryDirectory(prefix="afspraken-zoeken-")
        self._per_werkgebied: dict[str, tuple[model.Dossier, list[str]]] = {}
        self._documenten: list[str] = []  # as they are in the folder: document i is {i:07d}.html
        self._proces: subprocess.Popen[str] | None = None
        self._wachter: threading.Thread | None = None
        self._gestopt = threading.Event()

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
                bewaard = (dossier, [record_html(r) for r in zoekrecords.werkgebied_records(site, dossier)])
            per_werkgebied[dossier.slug] = bewaard
        self._per_werkgebied = per_werkgebied
        documenten = [d for _, docs in per_werkgebied.values() for d in docs] + [pagina_html(p) for p in paginas]
        bron = Path(self._bron.name)
        nieuw = 0
        for nummer, document in enumerate(documenten):
            if nummer >= len(self._documenten) or self._documenten[nummer] != document:
                (bron / f"{nummer:07d}.html").write_text(document, encoding="utf-8")
                nieuw += 1
        for nummer in range(len(documenten), len(self._documenten)):
            (bron / f"{nummer:07d}.html").unlink(missing_ok=True)
        self._documenten = documenten
        nieuwe_index = site_dir / f"{MAP}.nieuw"
        if nieuwe_index.exists():
            shutil.rmtree(nieuwe_index)
        self._gestopt.clear()
        self._proces = _pagefind(bron, nieuwe_index)
        self._wachter = threading.Thread(target=self._af, args=(self._proces, nieuwe_index, site_dir / MAP, klaar),
                                         name="afspraken-zoekindex", daemon=True)
        self._wachter.start()
        return nieuw

    def _af(self, proces: subprocess.Popen[str], nieuwe_index: Path, index: Path,
            klaar: Callable[[ZoekindexFout | None], None]) -> None:
        try:
            _uitkomst(proces)
        except ZoekindexFout as error:
            if not self._gestopt.is_set():
                klaar(error)
            return
        if self._gestopt.is_set():
            return
        oud = index.with_name(f"{MAP}.oud")
        if index.exists():
            index.rename(oud)
        nieuwe_index.rename(index)
        shutil.rmtree(oud, ignore_errors=True)
        klaar(None)

    def wacht(self) -> None:
        """Until the index of the last `werk_bij` is in place (or failed)."""
        if self._wachter is not None:
            self._wachter.join()

    def stop(self) -> None:
        """Stop an index being made (our own Pagefind process); the current index stays."""
        if self._proces is not None and self._proces.poll() is None:
            self._gestopt.set()
            self._proces.terminate()
        self.wacht()
        self._proces = self._wachter = None

    def sluit(self) -> None:
        self.stop()
        self._bron.cleanup()

