"""Generated pages, ready before MkDocs renders them: their HTML and anchors.

A generated page is one block of HTML from the macros (see build.py). What MkDocs needs of it is the
same whoever computes it, so from `parallel.PARALLEL_FROM` werkgebieden the macros run on every core
(`prerender`), and fewer werkgebieden (or `mkdocs serve`) compute the same things page by page as
MkDocs reaches them (`stash`). Both paths share these functions: the output
is byte-identical.
"""
from __future__ import annotations

import gc
import html
import multiprocessing
import re
import threading
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import groupby
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig

from afspraken.pages import Pagina

# An id attribute inside a tag. In the views' HTML a raw "<" only starts a tag (text is escaped).
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')


@dataclass(frozen=True)
class Stashed:
    """A page's HTML, compressed: MkDocs converts every page before it writes any (XL: gigabytes)."""

    compressed: bytes
    anchors: frozenset[str]  # what MkDocs' own HTML scan would record, so links to #anchors validate

    @property
    def html(self) -> str:
        return zlib.decompress(self.compressed).decode("utf-8")


def stash(block: str) -> Stashed:
    anchors = frozenset(html.unescape(m) for m in _ANCHOR_ID.findall(block))
    return Stashed(zlib.compress(block.encode("utf-8"), 1), anchors)


def meta_title(titel: str) -> str:
    # Material writes page.meta.title into the HTML unescaped.
    return html.escape(titel, quote=False)


class PrerenderError(Exception):
    """A macro failed while a generated page was rendered in a worker, or a worker died."""


def can_prerender() -> bool:
    """Worker processes inherit the loaded archief and the macros by fork: only safe without threads.

    `mkdocs serve` runs a server and a watcher thread; there, and where fork does not exist,
    pages render one by one as before.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_JOB: tuple[MkDocsConfig, list[list[Pagina]]] | None = None  # what forked workers inherit


def prerender(config: MkDocsConfig, plan: Sequence[Pagina], workers: int) -> dict[str, Stashed]:
    """Run the macros of every generated page on `workers` processes, one werkgebied per task."""
    global _JOB
    groups = [list(pages) for _, pages in groupby(plan, key=lambda p: p.pad.split("/", 1)[0])]
    _JOB = (config, groups)
    # Workers share the parent's memory until they write to it; the cyclic garbage collector would
    # touch (and so copy) every object of the archief in every worker. Frozen objects it leaves alone.
    gc.freeze()
    try:
        # A worker that dies (out of memory, say) breaks the pool with an error instead of a hang.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            done = pool.map(_render_group, range(len(groups)))
            return {pad: result for group in done for pad, result in group}
    except BrokenProcessPool as error:
        raise PrerenderError(f"een proces dat pagina's maakte stopte onverwacht ({error})") from None
    finally:
        _JOB = None
        gc.unfreeze()


def _render_group(index: int) -> list[tuple[str, Stashed]]:
    assert _JOB is not None
    config, groups = _JOB
    macros = config.plugins["macros"]
    result = []
    for page in groups[index]:
        title = meta_title(page.titel)
        # The macros plugin's own rendering, as in its on_page_markdown; the macros read the page's URL.
        stand_in = SimpleNamespace(url=page.url, meta={}, title=title, file=SimpleNamespace(src_path=page.pad))
        macros._page = stand_in
        macros.variables["page"] = stand_in
        try:
            block = macros.render(page.markdown).strip()
        except SystemExit:
            # The plugin has logged the macro's error and exits (on_error_fail): name the page.
            raise PrerenderError(f"{page.pad}: een macro op deze pagina gaf een fout (zie hierboven)") from None
        result.append((page.pad, stash(block)))
    return result
