"""The page plan: which pages the site has, as a pure function of the archief.

Every page is (path, title, view, arguments): the name of the view that renders it (`weergave.VIEWS`) and
that view's arguments, slugs, labels and codes checked to be plain identifiers (they become addresses).
Text from YAML is never part of a page's source: the views render it, and Jinja never evaluates it.

To add a kind of page, add a generator (Dossier -> pages) to `GENERATORS`.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import model
from .diff import paren
from .views import urls
from .views.common import datum

_SAFE_ARG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Pagina:
    pad: str  # the source path MkDocs sees, e.g. borger-odoorn/2023/a/index.md
    titel: str  # plain text; escaped where it is written into HTML
    view: str  # a name in weergave.VIEWS
    args: tuple[str, ...]  # the view's arguments after (site, links): plain identifiers, they become addresses

    def __post_init__(self) -> None:
        for arg in self.args:
            if not _SAFE_ARG.fullmatch(arg):
                raise PlanError(f"'{arg}' kan geen deel van een adres zijn: gebruik letters, cijfers, '.', '_' en '-'")

    @property
    def url(self) -> str:
        return self.pad.removesuffix("index.md")

    @property
    def werkgebied(self) -> str:
        """The slug of the werkgebied whose folder this page is in (every generated page is in one)."""
        return self.pad.split("/", 1)[0]


class PlanError(ValueError):
    """The archief cannot be turned into pages, e.g. two pages want the same address."""


def _naam(dossier: model.Dossier) -> str:
    return dossier.werkgebied.weergavenaam


def _versie_titel(versie: model.Versie) -> str:
    return "concept" if versie.is_concept else f"versie {versie.label}"


def werkgebied_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    yield Pagina(urls.werkgebied(dossier.slug) + "index.md", _naam(dossier), "werkgebied_pagina", (dossier.slug,))


def versie_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for versie in (*dossier.versies, dossier.concept):
        titel = "Lopende afspraken (concept)" if versie.is_concept else f"Versie {versie.label}"
        yield Pagina(urls.versie(dossier.slug, versie.label) + "index.md", f"{titel} · {_naam(dossier)}",
                     "versie_pagina", (dossier.slug, versie.label))


def thema_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for versie in (*dossier.versies, dossier.concept):
        for thema in versie.werkgebied.themas:
            yield Pagina(
                urls.thema(dossier.slug, versie.label, thema.code) + "index.md",
                f"Thema {thema.code}: {thema.titel} · {_versie_titel(versie)} · {_naam(dossier)}",
                "thema_pagina", (dossier.slug, versie.label, thema.code),
            )


def volledige_tekst_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for versie in (*dossier.versies, dossier.concept):
        yield Pagina(urls.volledige_tekst(dossier.slug, versie.label) + "index.md",
                     f"Volledige tekst · {_versie_titel(versie)} · {_naam(dossier)}",
                     "volledige_tekst_pagina", (dossier.slug, versie.label))


def partij_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for partij in dossier.werkgebied.partijen:
        yield Pagina(urls.partij(dossier.slug, partij.afk) + "index.md", f"{partij.naam} · {_naam(dossier)}",
                     "partij_pagina", (dossier.slug, partij.afk))


def monitoring_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for ronde in dossier.monitoring:
        titel = ronde.titel or f"Monitoring {datum(ronde.datum)}"
        # The version in the title: search results are grouped under it, so they say where they come from.
        yield Pagina(urls.monitoring(dossier.slug, ronde.id) + "index.md", f"{titel} · versie {ronde.versie} · {_naam(dossier)}",
                     "monitoring_pagina", (dossier.slug, ronde.id))


def wijzigingen_titel(van: model.Versie, tot: model.Versie) -> str:
    return f"Wijzigingen {_versie_titel(van)} → {_versie_titel(tot)}"


def wijzigingen_pages(dossier: model.Dossier) -> Iterable[Pagina]:
    for van, tot in paren(dossier):
        yield Pagina(urls.wijzigingen(dossier.slug, van.label, tot.label) + "index.md",
                     f"{wijzigingen_titel(van, tot)} · {_naam(dossier)}",
                     "wijzigingen_pagina", (dossier.slug, van.label, tot.label))


GENERATORS: list[Callable[[model.Dossier], Iterable[Pagina]]] = [
    werkgebied_pages, versie_pages, thema_pages, volledige_tekst_pages, partij_pages, monitoring_pages, wijzigingen_pages,
]


def plan(archief: model.Archief) -> list[Pagina]:
    """All generated pages, sorted by path; linear in the size of the archief."""
    pages = [page for dossier in archief.dossiers for generate in GENERATORS for page in generate(dossier)]
    pages.sort(key=lambda p: p.pad)
    dubbel = [pad for pad, n in Counter(p.pad for p in pages).items() if n > 1]
    if dubbel:
        raise PlanError("deze adressen worden twee keer gemaakt (een versielabel botst met 'partij', "
                        f"'monitoring' of 'wijzigingen'?): {', '.join(sorted(dubbel))}")
    return pages
