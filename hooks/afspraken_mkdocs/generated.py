"""Generated pages, ready before MkDocs converts them: their HTML (compressed), anchors and table of contents.

A generated page is one block of HTML from the views (`afspraken.weergave`). What MkDocs needs of it is
the same whoever computes it, so from `parallel.PARALLEL_FROM` werkgebieden the pages render on every
core (`prerender`), and fewer werkgebieden (or `mkdocs serve`) render page by page as MkDocs reaches
them (`render`). Both paths share `stash`: the site is byte-identical.
"""
from __future__ import annotations

import base64
import gc
import html
import multiprocessing
import re
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from string import ascii_letters
from typing import Any

from mkdocs.structure.toc import TableOfContents, get_toc

from afspraken import weergave
from afspraken.pages import Pagina
from afspraken.views.site import Site

# An id attribute inside a tag. In the views' HTML a raw "<" only starts a tag (text is escaped).
# `anchor_ids` finds what `findall` of this pattern finds, ten times faster; a test holds them together.
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')
# A heading of the table of contents: h2 or h3 with an id; its text is the heading without its tags.
_HEADING = re.compile(r'<h([23])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]*>")

Kop = tuple[int, str, str]  # (level, id, title as escaped HTML text)


@dataclass(frozen=True)
class Stashed:
    """A page's HTML, compressed: MkDocs converts every page before it writes any (XL: gigabytes)."""

    compressed: bytes
    anchors: frozenset[str]  # what MkDocs' own HTML scan would record, so links to #anchors validate
    koppen: tuple[Kop, ...]

    @property
    def html(self) -> str:
        return zlib.decompress(self.compressed).decode("utf-8")

    def toc(self) -> TableOfContents:
        """The page's table of contents: its h2 headings, each with the h3 headings under it."""
        tokens: list[dict] = []
        for level, anchor, title in self.koppen:
            token = {"level": level, "id": anchor, "name": title, "children": []}
            if level == 3 and tokens:
                tokens[-1]["children"].append(token)
            else:
                tokens.append(token)
        return get_toc(tokens)  # type: ignore[arg-type]


def als_data(stashed: Stashed) -> list[Any]:
    """A stashed page as JSON data, for the cache across builds (`afspraken.werkgebiedcache`)."""
    return [base64.b64encode(stashed.compressed).decode("ascii"), sorted(stashed.anchors),
            [list(kop) for kop in stashed.koppen]]


def uit_data(data: Any) -> Stashed:
    """`als_data` back; a ValueError when `data` is not what `als_data` makes."""
    if not (isinstance(data, list) and len(data) == 3 and isinstance(data[0], str) and isinstance(data[1], list)
            and isinstance(data[2], list)):
        raise ValueError("geen opgeslagen pagina")
    if not all(isinstance(a, str) for a in data[1]) or not all(
            isinstance(k, list) and len(k) == 3 and type(k[0]) is int and isinstance(k[1], str) and isinstance(k[2], str)
            for k in data[2]):
        raise ValueError("geen opgeslagen pagina")
    compressed = base64.b64decode(data[0], validate=True)
    return Stashed(compressed, frozenset(data[1]), tuple((k[0], k[1], k[2]) for k in data[2]))


def anchor_ids(block: str) -> list[str]:
    """`_ANCHOR_ID.findall(block)`: the value of the first id attribute of each tag.

    The pattern tries every tag, character by character (half a second at M); this looks only where
    `id="` occurs and checks backwards that it sits in a tag, as the pattern would."""
    found: list[str] = []
    end = 0  # where the previous match ended: a match starts at a "<" from there on
    at = block.find('id="', 1)
    while at != -1:
        space = at - 1
        if block[space].isspace():  # what the pattern's \s matches
            start = max(block.rfind("<", end, space), block.rfind(">", end, space))
            if start != -1 and block[start] == "<" and block[start + 1] in ascii_letters:
                close = block.find('"', at + 4)
                if close == -1:
                    break
                found.append(block[at + 4:close])
                end = close + 1
                at = block.find('id="', end)
                continue
        at = block.find('id="', at + 1)
    return found


def stash(block: str) -> Stashed:
    anchors = frozenset(html.unescape(m) for m in anchor_ids(block))
    # Heading text stays escaped: the theme writes toc titles into the page as they are.
    koppen = tuple((int(level), html.unescape(anchor), " ".join(_TAG.sub("", inner).split()))
                   for level, anchor, inner in _HEADING.findall(block))
    return Stashed(zlib.compress(block.encode("utf-8"), 1), anchors, koppen)


def meta_title(titel: str) -> str:
    # Material writes page.meta.title into the HTML unescaped.
    return html.escape(titel, quote=False)


class RenderError(Exception):
    """A view failed on a generated page (the message names the page), or a worker died."""


def render(site: Site, page: Pagina) -> Stashed:
    try:
        return stash(weergave.html(site, page))
    except Exception as error:  # a view's error, named with the page it happened on
        raise RenderError(f"{page.pad}: deze pagina kon niet worden gemaakt: {error}") from None


# Keeps a werkgebied's pages once they are made (the cache across builds), in the worker that made them.
Bewaar = Callable[[str, dict[str, Stashed]], None]
_JOB: tuple[Site, list[list[Pagina]], Bewaar | None] | None = None  # what forked workers inherit


def prerender(site: Site, plan: Sequence[Pagina], workers: int, bewaar: Bewaar | None = None) -> dict[str, Stashed]:
    """Render every generated page on `workers` processes, one werkgebied per task.

    `bewaar(werkgebied, pages)` runs in the worker, with every page of that werkgebied in `plan`: the main
    process (one core, while the other waits) neither converts nor writes them, and never holds all of them
    converted at once (XL: hundreds of MB)."""
    global _JOB
    per_werkgebied: dict[str, list[Pagina]] = {}
    for page in plan:
        per_werkgebied.setdefault(page.werkgebied, []).append(page)
    _JOB = (site, list(per_werkgebied.values()), bewaar)
    # Workers share the parent's memory until they write to it; the cyclic garbage collector would
    # touch (and so copy) every object of the archief in every worker. Frozen objects it leaves alone.
    gc.freeze()
    try:
        # A worker that dies (out of memory, say) breaks the pool with an error instead of a hang.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            done = pool.map(_render_group, range(len(per_werkgebied)))
            return {pad: result for group in done for pad, result in group}
    except BrokenProcessPool as error:
        raise RenderError(f"een proces dat pagina's maakte stopte onverwacht ({error})") from None
    finally:
        _JOB = None
        gc.unfreeze()


def _render_group(index: int) -> list[tuple[str, Stashed]]:
    assert _JOB is not None
    site, groups, bewaar = _JOB
    done = {page.pad: render(site, page) for page in groups[index]}
    if bewaar is not None:
        bewaar(groups[index][0].werkgebied, done)
    return list(done.items())
