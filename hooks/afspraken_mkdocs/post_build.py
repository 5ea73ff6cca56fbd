"""What the build writes besides the pages: the search index and the open data.

Both come from the model; the search also indexes the hand-written pages, whose HTML is known once MkDocs
has converted them. So a full build forks a process as soon as the site folder is clean (`Achtergrond`):
it writes every search document, has Pagefind index the older versions and then tells the build what the
default bundle holds, writes the open data while the pages are rendered, and ends. When MkDocs has converted
every page, the build adds the hand-written pages to the default bundle and indexes it while the pages are
written. Where forking is not safe (threads, as under `mkdocs serve`), or one process was asked for, the
plugin calls `maak` itself after the pages: the same steps, one after another.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
import tempfile
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
    """The search index and all open data of a full build, in this process; a PluginError names what failed."""
    with tempfile.TemporaryDirectory(prefix="afspraken-zoeken-") as tijdelijk:
        werkgebieden = voorbereid(site, site_dir, instellingen, Path(tijdelijk), None, cache)
        try:
            zoeken.Standaard(site_dir, werkgebieden, paginas(), cache).wacht()
        except zoeken.ZoekindexFout as error:
            raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    cache_regel(cache)


def cache_regel(cache: Werkgebiedcache | None) -> None:
    """Say what the open data and the search index took from the cache across builds (tests read this line)."""
    if cache is not None:
        soorten = (publiceer.OPEN_DATA, zoeken.ZOEKDOCUMENTEN, zoeken.ZOEKINDEX)
        log.info(f"Bouwcache: {cache.cache.samenvatting(soorten)}")


def _beeindigd(signum: int, frame: object) -> None:
    # `stop` ends the process with SIGTERM: as an exception, so its own Pagefind runs end too.
    sys.exit(f"gestopt (signaal {signum})")


def voorbereid(site: Site, site_dir: Path, instellingen: Instellingen, tijdelijk: Path,
               gereed: Callable[[zoeken.Werkgebiedbundels], None] | None,
               cache: Werkgebiedcache | None = None) -> zoeken.Werkgebiedbundels:
    """Every search document written into `tijdelijk`, the older versions indexed and all open data written;
    returns what the default bundle holds of the werkgebieden, and tells `gereed` as soon as the older
    versions are indexed (the open data may take longer)."""
    try:
        historie = zoeken.Historie(site_dir, site, tijdelijk, cache, gereed=gereed)
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    try:
        publiceer.publiceer(site.archief, site_dir, instellingen, cache)
    except BaseException:
        historie.stop()
        raise
    try:
        historie.wacht()
    except zoeken.ZoekindexFout as error:
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    return historie.werkgebieden


class Achtergrond:
    """`voorbereid` in a forked process, started now; `geef` indexes the default bundle here once the
    hand-written pages are known, `wacht` returns when all is done or raises what went wrong.

    The background process ends when its own work is done, which at any size is well before MkDocs has
    written the pages: what it holds (the archief as it touched it, every search document) is gone while
    the pages are written, the build's busiest time for memory. The default bundle is indexed from here.
    """

    def __init__(self, site: Site, site_dir: Path, instellingen: Instellingen,
                 cache: Werkgebiedcache | None = None) -> None:
        self._site_dir = site_dir
        self._cache = cache
        self._standaard: zoeken.Standaard | None = None
        # Here, not in the background process: its documents outlive it, until the default bundle is made.
        self._tijdelijk = tempfile.TemporaryDirectory(prefix="afspraken-zoeken-")
        context = multiprocessing.get_context("fork")
        self._werkgebieden, zender = context.Pipe(duplex=False)
        tijdelijk = Path(self._tijdelijk.name)
        ontvanger = self._werkgebieden

        def gereed(werkgebieden: zoeken.Werkgebiedbundels) -> None:
            try:
                zender.send(werkgebieden)
            except OSError:
                pass  # the build has stopped already

        def werk() -> None:
            ontvanger.close()  # the parent's end
            signal.signal(signal.SIGTERM, _beeindigd)
            voorbereid(site, site_dir, instellingen, tijdelijk, gereed, cache)
            cache_regel(cache)  # the default bundle is the main process's to count

        try:
            self._proces = forked.Forked(werk, "de zoekindex en de open data maakte")
        except BaseException:
            self._tijdelijk.cleanup()
            raise
        finally:
            zender.close()  # the child's end: a child that dies then reads as the end of the pipe

    def geef(self, paginas: Sequence[zoeken.Pagina]) -> None:
        """The hand-written pages, once MkDocs has converted every page: the default bundle is indexed from
        now on, as soon as the background process has indexed the older versions (it says so)."""
        if self._werkgebieden.closed:
            return
        try:
            werkgebieden = self._werkgebieden.recv()
        except EOFError:
            return  # the background process stopped; `wacht` says why
        finally:
            self._werkgebieden.close()
        try:
            self._standaard = zoeken.Standaard(self._site_dir, werkgebieden, paginas, self._cache)
        except Exception as error:
            raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None

    def wacht(self) -> None:
        try:
            self._proces.wacht()  # first: when it failed, its error says why there is no default bundle
            if self._standaard is None:  # never a hang: without the pages there is no default bundle
                raise PluginError(f"{ZOEKINDEX_FOUT}: de pagina's voor de zoekindex ontbreken")
            try:
                self._standaard.wacht()
            except zoeken.ZoekindexFout as error:
                raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
        except BaseException:
            self.stop()
            raise
        self._tijdelijk.cleanup()

    def stop(self) -> None:
        """The build failed: end the background process and the default bundle's run without waiting."""
        try:
            self._proces.stop()
            if self._standaard is not None:
                self._standaard.stop()
        finally:
            self._werkgebieden.close()
            self._tijdelijk.cleanup()
