"""A monitoring round: the stoplicht table for every theme, counts per colour, and what goes to the
bestuurlijk overleg."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model, templating
from ..render import markdown_html, short
from . import common, urls
from .afspraak import StatusDetails, status_details
from .navigatie import navigatie
from .site import Site
from .thema import STATUS_VOLGORDE, sorteersleutel
from .urls import Links


@dataclass(frozen=True)
class Regel:
    """An afspraak in the round."""

    nr: str
    sorteersleutel: str
    href: str
    samenvatting: str
    status: str  # GEEN_STATUS when the round does not report it
    volgorde: int  # of the status, for sorting
    details: StatusDetails | None
    over_tijd: bool  # as this round saw it: its date, its status (see `voortgang`)


@dataclass(frozen=True)
class ThemaStand:
    code: str
    titel: str
    telling: tuple[tuple[str, int], ...]
    regels: tuple[Regel, ...]


@dataclass(frozen=True)
class MonitoringPagina:
    kop: common.WerkgebiedKop
    datum: str
    versie_naam: str
    versie_href: str
    toelichting: Markup
    themas: tuple[ThemaStand, ...]  # only the themes with afspraken
    totaal: tuple[tuple[str, int], ...]
    overleg: tuple[Regel, ...]  # oranje and rood


def gegevens(site: Site, links: Links, slug: str, ronde_id: str) -> MonitoringPagina:
    dossier = site.dossier(slug)
    ronde = next((r for r in dossier.monitoring if r.id == ronde_id), None)
    if ronde is None:
        raise LookupError(f"monitoringsronde '{ronde_id}' bestaat niet in {slug}")
    versie = dossier.versie(ronde.versie)
    if versie is None:
        raise LookupError(f"monitoringsronde '{ronde_id}' noemt versie '{ronde.versie}' die niet bestaat")
    titel = ronde.titel or f"Monitoring {common.datum(ronde.datum)}"

    voortgang = site.voortgang(slug)

    def regel(a: model.Afspraak) -> Regel:
        status = ronde.statussen.get(a.nr)
        naam = status.status if status else common.GEEN_STATUS
        return Regel(a.nr, sorteersleutel(a.nr), links.to(urls.afspraak(slug, versie.label, a.thema, a.nr)),
                     short(a.inhoud), naam, STATUS_VOLGORDE.index(naam), status_details(status) if status else None,
                     voortgang.over_tijd_in_ronde(ronde, a))

    alle = [regel(a) for a in versie.afspraken]
    per_nr = {r.nr: r for r in alle}
    themas = []
    for thema in versie.werkgebied.themas:
        regels = tuple(per_nr[a.nr] for a in versie.per_thema(thema.code))
        if regels:
            themas.append(ThemaStand(thema.code, thema.titel, common.telling_lijst(common.telling(r.status for r in regels)),
                                     regels))
    return MonitoringPagina(
        kop=common.kop(links, dossier, [(titel, urls.monitoring(slug, ronde.id))], navigatie(site, links, dossier, versie)),
        datum=ronde.datum, versie_naam=common.versie_naam(versie), versie_href=links.to(urls.versie(slug, versie.label)),
        toelichting=markdown_html(ronde.toelichting), themas=tuple(themas),
        totaal=common.telling_lijst(common.telling(r.status for r in alle)),
        overleg=tuple(r for r in alle if r.status in model.BESTUURLIJK),
    )


def pagina(site: Site, links: Links, slug: str, ronde_id: str) -> str:
    return templating.render("monitoring.html", pagina=gegevens(site, links, slug, ronde_id))
