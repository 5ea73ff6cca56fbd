"""What the build writes besides the pages: the search index and the open data.

Both come from the model; the search also indexes the hand-written pages, whose HTML is known once MkDocs
has converted them. So a full build forks a process as soon as the site folder is clean (`Achtergrond`):
it writes the open data while the pages are rendered, receives the hand-written pages when MkDocs has
converted every page, and runs Pagefind while MkDocs writes the pages. Where forking is not safe
(threads, as under `mkdocs serve`), or one process was asked for, the plugin calls `maak` itself after the pages.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from mkdocs.exceptions import PluginError

from afspraken.opendata import publiceer
from afspraken.opendata.instellingen import Instellingen
from afspraken.views.site import Site

from . import zoeken

ZOEKINDEX_FOUT = "de zoekindex (Pagefind) kon niet worden gemaakt"


def maak(site: Site, site_dir: Path, instellingen: Instellingen,
         paginas: Callable[[], Sequence[zoeken.Pagina]]) -> None:
    """The search index and all open data of a full build; a PluginError names what failed.

    What needs no hand-written page comes first: in the forked process `paginas` waits until MkDocs has
    converted them.
    """
    publiceer.publiceer(site.archief, site_dir, instellingen)
    handgeschreven = paginas()
    try:
        zoeken.Indexering(site_dir, site, handgeschreven).wacht()
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None


_JOB: tuple[Site, Path, Instellingen] | None = None  # what the forked process inherits


class Achtergrond:
    """`maak` in a forked process, started now; `geef` hands it the hand-written pages, `wacht` returns when
    it is done or raises what went wrong."""

    def __init__(self, site: Site, site_dir: Path, instellingen: Instellingen) -> None:
        global _JOB
        context = multiprocessing.get_context("fork")
        self._uitkomsten, uitkomst_zender = context.Pipe(duplex=False)
        paginas_ontvanger, self._paginas = context.Pipe(duplex=False)
        self._gegeven = False
        _JOB = (site, site_dir, instellingen)
        # As for the pages rendered in advance: the cyclic garbage collector would touch, and so copy,
        # every object of the archief in the child; frozen objects it leaves alone.
        gc.freeze()
        try:
            self._proces = context.Process(target=_werk, args=(uitkomst_zender, paginas_ontvanger, self._paginas),
                                           name="afspraken-nabouw", daemon=True)
            self._proces.start()
        finally:
            _JOB = None
            gc.unfreeze()
            # The child's ends: a child that dies then reads as the end of its pipe, never as a hang.
            uitkomst_zender.close()
            paginas_ontvanger.close()

    def geef(self, paginas: Sequence[zoeken.Pagina]) -> None:
        """The hand-written pages, once MkDocs has converted every page."""
        if self._gegeven:
            return
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
        try:
            uitkomst = self._uitkomsten.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            self._proces.join()
            uitkomst = PluginError(f"het proces dat de zoekindex en de open data maakte stopte onverwacht "
                                   f"(code {self._proces.exitcode})")
        finally:
            self._proces.join()
            self._uitkomsten.close()
        if uitkomst is not None:
            raise uitkomst

    def stop(self) -> None:
        """The build failed: end the process (our own child) without waiting for its work."""
        if self._proces.is_alive():
            self._proces.terminate()
        self._proces.join()
        self._uitkomsten.close()
        if not self._gegeven:
            self._paginas.close()


def _werk(zender: Connection, paginas: Connection, paginas_zender: Connection) -> None:
    assert _JOB is not None
    paginas_zender.close()  # the parent's end: only the parent may end the pipe of pages
    try:
        maak(*_JOB, paginas.recv)
    except PluginError as error:
        zender.send(PluginError(str(error)))
    except BaseException as error:  # a bug: the parent shows it as the build's error
        zender.send(PluginError(f"de zoekindex en de open data konden niet worden gemaakt: {error!r}"))
    else:
        zender.send(None)
    finally:
        zender.close()
        paginas.close()
