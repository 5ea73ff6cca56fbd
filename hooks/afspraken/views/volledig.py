"""The volledige tekst of one version: the whole document on one page, as it was signed, to read or print.

The werkgebied's texts and parts, then every theme with its texts, kengetallen and afspraken, then who
signed it and the hashes that make it tamper-evident. Only what the document says: no monitoring, no
history, no links to propose a change. Its HTML is templates/volledig.html.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import templating
from ..render import markdown_html
from . import afspraak as afspraak_view
from . import common, documenten, keten, urls
from .navigatie import navigatie
from .site import Site
from .urls import Links
from .werkgebied import Ondertekening, ondertekening


@dataclass(frozen=True)
class Themadeel:
    code: str
    titel: str
    inleiding: Markup
    visie: Markup
    kengetallen: afspraak_view.Kengetallen | None
    delen: documenten.Documentdelen
    afspraken: tuple[afspraak_view.Sectie, ...]


@dataclass(frozen=True)
class VolledigeTekst:
    kop: common.WerkgebiedKop
    banner: common.VersieBanner | None
    naam: str  # the werkgebied
    versie_naam: str
    ondertitel: str  # titel · where · when
    concept: bool
    inleiding: Markup
    delen: documenten.Documentdelen
    partijen: tuple[common.PartijLink, ...]
    themas: tuple[Themadeel, ...]
    ondertekening: Ondertekening | None  # None for the concept
    keten: keten.Keten | None
    ondertekeningsblok: documenten.Ondertekeningweergave | None


def gegevens(site: Site, links: Links, slug: str, label: str) -> VolledigeTekst:
    dossier, versie = site.versie(slug, label)
    w = versie.werkgebied

    def op_deze_pagina(nr: str) -> str:  # every afspraak of the version is on this page
        return f"#{nr}" if versie.afspraak(nr) is not None else links.to(urls.versie(slug, label))

    themas = tuple(Themadeel(
        t.code, t.titel, markdown_html(t.inleiding), markdown_html(t.visie),
        afspraak_view.kengetallen(t.kengetallen, w), documenten.documentdelen(t, op_deze_pagina),
        # An afspraak as the document has it: without the state of its monitoring and its history.
        tuple(afspraak_view.sectie(afspraak_view.AfspraakOpPagina(site, links, dossier, versie, a, (), alleen_tekst=True))
              for a in versie.per_thema(t.code)))
        for t in w.themas)
    return VolledigeTekst(
        kop=common.kop(links, dossier, [
            (common.versie_naam(versie).capitalize(), urls.versie(slug, label)),
            ("Volledige tekst", urls.volledige_tekst(slug, label)),
        ], navigatie(site, links, dossier, versie)),
        banner=common.versie_banner(links, dossier, versie, "volledige-tekst/", site.historie(slug)),
        naam=w.naam, versie_naam=common.versie_naam(versie),
        ondertitel=" · ".join(filter(None, (w.titel, common.hoofdletter(w.gebiedsomschrijving), w.periode))),
        concept=versie.is_concept, inleiding=markdown_html(w.inleiding),
        delen=documenten.documentdelen(w, op_deze_pagina),
        partijen=common.partij_links(links, dossier, w, (p.afk for p in w.partijen)),
        themas=themas,
        ondertekening=ondertekening(links, dossier, versie),
        keten=None if versie.is_concept else keten.keten(links, dossier, versie),
        ondertekeningsblok=documenten.ondertekening(versie),
    )


def pagina(site: Site, links: Links, slug: str, label: str) -> str:
    return templating.render("volledig.html", pagina=gegevens(site, links, slug, label))
