"""The site's search index: Pagefind, fed with records from the model and the hand-written pages' HTML.

One index for the whole site, in Dutch (Pagefind stems Dutch words, so "huurverhogingen" finds
"huurverhoging"), chunked so a visitor downloads only the parts a query needs. Generated pages are not
crawled: each afspraak is one record per version (`afspraken.zoekrecords`) that links to its #nr.
"""
from __future__ import annotations

import asyncio
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from afspraken import zoekrecords
from afspraken.zoekrecords import Zoekrecord

TAAL = "nl"
MAP = "pagefind"  # under the site folder; the search page loads pagefind/pagefind-ui.js from there


@dataclass(frozen=True)
class Pagina:
    """A hand-written page as the search shows it: its address, title and rendered content."""

    url: str
    titel: str
    inhoud: str  # the page's HTML content (Markdown rendered by MkDocs)


def _pagina_html(pagina: Pagina) -> str:
    # Pages count as the current ("actueel") version, so the search's default filter keeps them.
    filters = "".join(f'<span data-pagefind-filter="{name}:{html.escape(value)}"></span>' for name, value in
                      ((zoekrecords.SOORT, "pagina"), (zoekrecords.VERSIE, zoekrecords.ACTUEEL)))
    return (f'<html lang="{TAAL}"><head><title>{html.escape(pagina.titel)}</title></head><body>'
            f'<main data-pagefind-body><h1 data-pagefind-meta="title">{html.escape(pagina.titel)}</h1>'
            f'{pagina.inhoud}{filters}</main></body></html>')


async def _schrijf(site_dir: Path, records: Iterable[Zoekrecord], paginas: Iterable[Pagina]) -> None:
    config = IndexConfig(force_language=TAAL, output_path=str(site_dir / MAP))
    async with PagefindIndex(config=config) as index:
        # One at a time: Pagefind numbers records in the order they arrive, and requests in flight
        # together arrive in any order; the index must be the same file for file on every build.
        for record in records:
            await index.add_custom_record(url="/" + record.url, content=record.tekst, language=TAAL,
                                          meta={"title": record.titel}, filters=record.filters)
        for pagina in paginas:
            await index.add_html_file(content=_pagina_html(pagina), url="/" + pagina.url)


def schrijf(site_dir: Path, records: Iterable[Zoekrecord], paginas: Iterable[Pagina]) -> None:
    """Write the search index into `site_dir`/pagefind, replacing what was there."""
    asyncio.run(_schrijf(site_dir, records, paginas))
