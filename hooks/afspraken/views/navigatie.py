"""The navigation of a werkgebied, on every page of it: its versions, the themes of the version being
read, its parties, monitoring rounds and Wijzigingen pages. Only this werkgebied's links, so a page stays
small however many werkgebieden the site has; rendered once per werkgebied, version and folder depth (the
links are relative) and reused by every page that shares them. Its HTML is templates/partials/navigatie.html.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import formaat, model, templating
from . import urls
from .site import Site
from .urls import Links


@dataclass(frozen=True)
class NavLink:
    tekst: str
    href: str
    extra: str = ""  # a short addition in small print, e.g. "geldend"


@dataclass(frozen=True)
class NavGroep:
    kop: str
    links: tuple[NavLink, ...]
    kort: str  # the group in the folded line: "thema's", "partijen"


@dataclass(frozen=True)
class WerkgebiedNavigatie:
    naam: str  # the werkgebied; names the <nav> for screen readers
    overzicht: NavLink
    groepen: tuple[NavGroep, ...]  # only the groups that have links


def gegevens(site: Site, links: Links, slug: str, label: str) -> WerkgebiedNavigatie:
    """The navigation of werkgebied `slug` while reading version `label`."""
    dossier, versie = site.versie(slug, label)
    huidige = dossier.huidige.label if dossier.huidige else None
    versies = tuple(
        NavLink("concept" if v.is_concept else v.label, links.to(urls.versie(slug, v.label)),
                "geldend" if v.label == huidige else ("ingetrokken" if v.status == "ingetrokken" else ""))
        for v in (*dossier.versies, dossier.concept))
    themas = (*(NavLink(f"{t.code}: {t.titel}", links.to(urls.thema(slug, label, t.code)))
                for t in versie.werkgebied.themas),
              NavLink("Volledige tekst", links.to(urls.volledige_tekst(slug, label)), "alles op één pagina"))
    partijen = tuple(NavLink(p.naam, links.to(urls.partij(slug, p.afk)), p.afk) for p in dossier.werkgebied.partijen)
    rondes = tuple(NavLink(r.titel or formaat.datum(r.datum), links.to(urls.monitoring(slug, r.id)), f"versie {r.versie}")
                   for r in reversed(dossier.monitoring))
    wijzigingen = tuple(
        NavLink(f"{w.van} → {w.tot}", links.to(urls.wijzigingen(slug, w.van, w.tot)))
        for w in reversed(site.historie(slug).paginas))
    themas_kop = "Thema's van het concept" if versie.is_concept else f"Thema's van versie {versie.label}"
    groepen = (NavGroep("Versies", versies, "versies"), NavGroep(themas_kop, themas, "thema's"),
               NavGroep("Partijen", partijen, "partijen"), NavGroep("Monitoring", rondes, "monitoring"),
               NavGroep("Wijzigingen", wijzigingen, "wijzigingen"))
    return WerkgebiedNavigatie(dossier.werkgebied.weergavenaam,
                               NavLink(f"Overzicht {dossier.werkgebied.weergavenaam}", links.to(urls.werkgebied(slug))),
                               tuple(g for g in groepen if g.links))


def navigatie(site: Site, links: Links, dossier: model.Dossier, versie: model.Versie) -> Markup:
    """The rendered navigation, shared by every page of this werkgebied and version at the same depth."""
    return site.gedeeld(("navigatie", dossier.slug, versie.label, links.root), lambda: templating.macro(
        "partials/navigatie.html", "werkgebied_navigatie")(gegevens(site, links, dossier.slug, versie.label)))
