"""Everything a party is trekker of or involved in, across themes, with statuses."""
from __future__ import annotations

from dataclasses import dataclass

from .. import model, templating
from ..render import short
from . import common, urls
from .navigatie import navigatie
from .site import Site, getoonde_versie, laatste_ronde
from .thema import sorteersleutel
from .urls import Links


def rol(afspraak: model.Afspraak, afk: str) -> str | None:
    if afk in afspraak.trekkers:
        return "trekker"
    if model.ALLEN in afspraak.trekkers:
        return "trekker (alle partijen)"
    if afk in afspraak.betrokken:
        return "betrokken"
    return None


@dataclass(frozen=True)
class Rij:
    nr: str
    sorteersleutel: str
    href: str
    samenvatting: str
    rol: str
    looptijd: str
    status: str | None  # None: not reported in the latest round (shown only when there is a round)
    over_tijd: bool = False  # looptijd ended, latest status not afgerond or vervallen (see `voortgang`)


@dataclass(frozen=True)
class ThemaBlok:
    code: str
    titel: str
    href: str
    rijen: tuple[Rij, ...]


@dataclass(frozen=True)
class PartijPagina:
    kop: common.WerkgebiedKop
    naam: str
    afk: str
    soort: str
    werkgebied: str
    versie_naam: str
    versie_href: str
    themas: tuple[ThemaBlok, ...]
    ronde_datum: str  # "" when the version has no monitoring round
    ronde_href: str


def gegevens(site: Site, links: Links, slug: str, afk: str) -> PartijPagina:
    dossier = site.dossier(slug)
    versie = getoonde_versie(dossier)
    partij = versie.werkgebied.partij(afk) or dossier.concept.werkgebied.partij(afk)
    if partij is None:
        raise LookupError(f"partij '{afk}' bestaat niet in {slug}")
    ronde = laatste_ronde(dossier, versie.label)
    voortgang = site.voortgang(slug)
    themas = []
    for thema in versie.werkgebied.themas:
        rijen = []
        for a in versie.per_thema(thema.code):
            wat = rol(a, afk)
            if wat is None:
                continue
            status = ronde.statussen.get(a.nr) if ronde else None
            rijen.append(Rij(a.nr, sorteersleutel(a.nr), links.to(urls.afspraak(slug, versie.label, thema.code, a.nr)),
                             short(a.inhoud), wat, str(a.looptijd) if a.looptijd else "–",
                             status.status if status else None, voortgang.is_over_tijd(versie.label, a)))
        if rijen:
            themas.append(ThemaBlok(thema.code, thema.titel, links.to(urls.thema(slug, versie.label, thema.code)),
                                    tuple(rijen)))
    return PartijPagina(
        kop=common.kop(links, dossier, [(partij.naam, urls.partij(slug, afk))], navigatie(site, links, dossier, versie)),
        naam=partij.naam, afk=partij.afk, soort=partij.soort, werkgebied=dossier.werkgebied.naam,
        versie_naam=common.versie_naam(versie), versie_href=links.to(urls.versie(slug, versie.label)),
        themas=tuple(themas),
        ronde_datum=ronde.datum if ronde else "", ronde_href=links.to(urls.monitoring(slug, ronde.id)) if ronde else "",
    )


def pagina(site: Site, links: Links, slug: str, afk: str) -> str:
    return templating.render("partij.html", pagina=gegevens(site, links, slug, afk))
