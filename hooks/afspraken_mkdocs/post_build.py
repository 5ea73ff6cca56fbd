"""What the build writes besides the pages: the search index and the open data.

Both come from the model; the search also indexes the hand-written pages, whose HTML is known once MkDocs
has converted them. So a full build forks a process as soon as the site folder is clean (`Achtergrond`):
it makes the search documents and starts Pagefind on the bundles that need no hand-written page, writes
the open data while the pages are rendered, receives the hand-written pages when MkDocs has converted
every page, and indexes the default bundle while MkDocs writes the pages. Where forking is not safe
(threads, as under `mkdocs serve`), or one process was asked for, the plugin calls `maak` itself after
the pages.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mkdocs.exceptions import PluginError

from afspraken.opendata import publiceer
from afspraken.werkgebiedcache import Werkgebiedcache
from afspraken.opendata.instellingen import Instellingen
from afspraken.views.site import Site

from . import forked, zoeken

ZOEKINDEX_FOUT = "de zoekindex (Pagefind) kon niet worden gemaakt"
log = logging.getLogger("mkdocs.plugins.afspraken")


def maak(site: Site, site_dir: Path, instellingen: Instellingen,
         paginas: Callable[[], Sequence[zoeken.Pagina]], cache: Werkgebiedcache | None = None) -> None:
    """The search index and all open data of a full build; a PluginError names what failed.

    What needs no hand-written page comes first: in the forked process `paginas` waits until MkDocs has
    converted them.
    """
    try:
        indexering = zoeken.Indexering(site_dir, site, cache=cache)
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    try:
        publiceer.publiceer(site.archief, site_dir, instellingen, cache)
        handgeschreven = paginas()
    except BaseException:
        indexering.stop()
        raise
    try:
        indexering.geef(handgeschreven)
        indexering.wacht()
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        indexering.stop()
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    if cache is not None:
        soorten = (publiceer.OPEN_DATA, zoeken.ZOEKDOCUMENTEN, zoeken.ZOEKINDEX)
        log.info(f"Bouwcache: {cache.cache.samenvatting(soorten)}")


def _beeindigd(signum: int, frame: object) -> None:
    # `stop` ends the process with SIGTERM: as an exception, so `maak` ends its own Pagefind runs too.
    sys.exit(f"gestopt (signaal {signum})")


class Achtergrond:
    """`maak` in a forked process, started now; `geef` hands it the hand-written pages, `wacht` returns when
    it is done or raises what went wrong."""

    def __init__(self, site: Site, site_dir: Path, instellingen: Instellingen,
                 cache: Werkgebiedcache | None = None) -> None:
        context = multiprocessing.get_context("fork")
        ontvanger, self._paginas = context.Pipe(duplex=False)
        self._gegeven = False

        def werk() -> None:
            self._paginas.close()  # the parent's end: only the parent ends the pipe of pages
            signal.signal(signal.SIGTERM, _beeindigd)
            maak(site, site_dir, instellingen, ontvanger.recv, cache)

        try:
            self._proces = forked.Forked(werk, "de zoekindex en de open data maakte")
        finally:
            ontvanger.close()

    def geef(self, paginas: Sequence[zoeken.Pagina]) -> None:
        """The hand-written pages, once MkDocs has converted every page."""
        if not self._gegeven:
            self._gegeven = True
            try:
                self._paginas.send(tuple(paginas))
            except OSError:
                pass  # the process has stopped already; `wacht` says so
            finally:
                self._paginas.close()

    def wacht(self) -> None:
        if not self._gegeven:  # never a hang: without pages the process ends with an error
            self._gegeven = True
            self._paginas.close()
        self._proces.wacht()

    def stop(self) -> None:
        """The build failed: end the process without waiting for its work."""
        self._proces.stop()
        if not self._gegeven:
            self._gegeven = True
            self._paginas.close()
