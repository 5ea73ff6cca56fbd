"""What the build writes besides the pages: the search index and the open data.

Both come from the model (and the hand-written pages' HTML, known once MkDocs has converted every page),
not from the written pages. So a full build starts them in a forked process as soon as MkDocs starts
writing pages (`Achtergrond`): MkDocs writes pages on one core while this process writes the open data
and Pagefind indexes. Where forking is not safe (threads, as under `mkdocs serve`), or one process was
asked for, the plugin calls `maak` itself after the pages.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from mkdocs.exceptions import PluginError

from afspraken.opendata import publiceer
from afspraken.opendata.instellingen import Instellingen
from afspraken.views.site import Site

from . import zoeken

ZOEKINDEX_FOUT = "de zoekindex (Pagefind) kon niet worden gemaakt"


def maak(site: Site, site_dir: Path, paginas: Sequence[zoeken.Pagina], instellingen: Instellingen) -> None:
    """The search index and all open data of a full build; a PluginError names what failed."""
    try:
        # Pagefind indexes in its own process while this one writes the open data.
        indexering = zoeken.Indexering(site_dir, site, paginas)
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None
    try:
        publiceer.publiceer(site.archief, site_dir, instellingen)
    finally:
        try:
            indexering.wacht()
        except Exception as error:
            raise PluginError(f"{ZOEKINDEX_FOUT}: {error}") from None


_JOB: tuple[Site, Path, Sequence[zoeken.Pagina], Instellingen] | None = None  # what the forked process inherits


class Achtergrond:
    """`maak` in a forked process, started now; `wacht` returns when it is done or raises what went wrong."""

    def __init__(self, site: Site, site_dir: Path, paginas: Sequence[zoeken.Pagina], instellingen: Instellingen) -> None:
        global _JOB
        context = multiprocessing.get_context("fork")
        self._ontvanger, zender = context.Pipe(duplex=False)
        _JOB = (site, site_dir, tuple(paginas), instellingen)
        # As for the pages rendered in advance: the cyclic garbage collector would touch, and so copy,
        # every object of the archief in the child; frozen objects it leaves alone.
        gc.freeze()
        try:
            self._proces = context.Process(target=_werk, args=(zender,), name="afspraken-nabouw", daemon=True)
            self._proces.start()
        finally:
            _JOB = None
            gc.unfreeze()
            zender.close()

    def wacht(self) -> None:
        try:
            uitkomst = self._ontvanger.recv()
        except EOFError:
            uitkomst = PluginError(f"het proces dat de zoekindex en de open data maakte stopte onverwacht "
                                   f"(code {self._proces.exitcode})")
        finally:
            self._proces.join()
            self._ontvanger.close()
        if uitkomst is not None:
            raise uitkomst

    def stop(self) -> None:
        """The build failed: end the process (our own child) without waiting for its work."""
        if self._proces.is_alive():
            self._proces.terminate()
        self._proces.join()
        self._ontvanger.close()


def _werk(zender: Connection) -> None:
    assert _JOB is not None
    try:
        maak(*_JOB)
    except PluginError as error:
        zender.send(PluginError(str(error)))
    except BaseException as error:  # a bug: the parent shows it as the build's error
        zender.send(PluginError(f"de zoekindex en de open data konden niet worden gemaakt: {error!r}"))
    else:
        zender.send(None)
    finally:
        zender.close()
