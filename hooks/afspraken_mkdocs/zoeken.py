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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from afspraken import templating, zoekrecords
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
                shutil.rmtree(self._uitvoer)  # a rebuild under `mkdocs serve` leaves no chunks of the previous index
            self._proces = subprocess.Popen(
                [sys.executable, "-m", "pagefind", "--site", str(bron), "--output-path", str(self._uitvoer),
                 "--force-language", TAAL, "--silent"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except BaseException:
            self._tijdelijk.cleanup()
            raise

    def wacht(self) -> None:
        """Wait until the index is written; raises ZoekindexFout with what Pagefind said when it failed."""
        try:
            stdout, stderr = self._proces.communicate()
        finally:
            self._tijdelijk.cleanup()
        if self._proces.returncode != 0:
            raise ZoekindexFout((stderr or stdout).strip() or f"Pagefind stopte met code {self._proces.returncode}")

