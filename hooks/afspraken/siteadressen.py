"""The addresses the site takes for itself, which no werkgebied folder and no version label may take.

A werkgebied is published at /<folder>/, beside the hand-written pages (docs/), the theme's files, the
search index and the open data; a version at /<werkgebied>/<label>/, beside the party, monitoring and
change pages of its werkgebied. A name that takes one of those addresses would overwrite a page, hide
it, or stop the build halfway: `afspraken check` refuses it and names the folder.

Names are compared case-insensitively: on macOS and Windows `Zoeken/` and `zoeken/` are one folder.
"""
from __future__ import annotations

from pathlib import Path

from .views import urls

GELDEND = "geldend"  # /<werkgebied>/geldend/ leads to the version in force (opendata.adressen)
ID = "id"  # /id/<identifier>/ leads to an afspraak (opendata.adressen)
# Folders at the site root that hold open data (opendata.adressen, opendata.catalogus).
OPEN_DATA = (ID, "data", "schema", "catalogus.json")
# At the site root: what each name holds (open data: opendata.adressen and opendata.catalogus; the search
# index: afspraken_mkdocs.zoeken; the rest: MkDocs and the theme).
SITE: dict[str, str] = {
    **{naam: "open data" for naam in OPEN_DATA},
    "assets": "de opmaak en scripts van de site", "pagefind": "de zoekindex",
    "pagefind-historie": "de zoekindex van de andere versies", "search": "de zoekindex",
    **{naam: "een bestand dat MkDocs maakt" for naam in ("404.html", "sitemap.xml", "sitemap.xml.gz", "index.html")},
}
# In a werkgebied folder's address, beside its versions.
IN_WERKGEBIED = frozenset({urls.PARTIJ, urls.MONITORING, urls.WIJZIGINGEN, GELDEND, "ids.json"})


def docs_namen(docs: Path | None) -> dict[str, str]:
    """The top-level addresses of the hand-written pages in `docs`, each with its source (zoeken -> docs/zoeken.md)."""
    if docs is None or not docs.is_dir():
        return {}
    found = {}
    for path in sorted(docs.iterdir()):
        if not path.name.startswith("."):
            naam = path.stem if path.is_file() and path.suffix == ".md" else path.name
            found[naam.casefold()] = f"{docs.name}/{path.name}"
    return found


def werkgebied_botsing(naam: str, docs: dict[str, str]) -> str | None:
    """Why /<naam>/ is taken already, or None when a werkgebied may have it."""
    key = naam.casefold()
    if key in docs:
        return f"/{naam}/ is al het adres van {docs[key]}"
    if key in SITE:
        return f"/{naam}/ is al het adres van {SITE[key]}"
    return None


def label_botsing(label: str) -> str | None:
    """Why /<werkgebied>/<label>/ is taken already, or None when a version may have it."""
    if label.casefold() in IN_WERKGEBIED:
        return (f"/<werkgebied>/{label}/ is al een adres van de site; gereserveerd zijn "
                f"{', '.join(sorted(IN_WERKGEBIED))}")
    return None
