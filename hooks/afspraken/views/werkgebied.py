"""Home overview, the werkgebied page and the overview of one version."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import export, model, templating
from ..render import markdown_html
from . import common, documenten, keten, urls
from .navigatie import navigatie
from .site import Historie, Site, getoonde_versie, laatste_ronde
from .urls import Links
from .wijzigingen import WijzigingenItem, wijzigingen_links

SOORT_VOLGORDE = ("gemeente", "corporatie", "huurdersorganisatie", "overig")


@dataclass(frozen=True)
class Stand:
    """The latest monitoring round of a werkgebied at a glance, with the version it was about."""

    datum: str
    href: str
    telling: tuple[tuple[str, int], ...]
    versie_naam: str
    versie_href: str


def _stand(site: Site, links: Links, dossier: model.Dossier) -> Stand | None:
    """After a vaststelling the latest round stays until a round about the new version (or any newer
    round) exists: the year's monitoring does not vanish when a version is signed."""
    ronde = site.voortgang(dossier.slug).laatste_ronde()
    versie = dossier.versie(ronde.versie) if ronde is not None else None
    if ronde is None or versie is None:
        return None
    counts = common.telling(ronde.statussen[a.nr].status if a.nr in ronde.statussen else common.GEEN_STATUS
                            for a in versie.afspraken)
    return Stand(ronde.datum, links.to(urls.monitoring(dossier.slug, ronde.id)), common.telling_lijst(counts),
                 common.versie_naam(versie), links.to(urls.versie(dossier.slug, versie.label)))


@dataclass(frozen=True)
class Kaart:
    """A werkgebied on the home page."""

    naam: str
    href: str
    fictief: bool
    onderschrift: str  # where and when: "Gemeente X · 2021–2024"
    partijen: tuple[str, ...]
    versie_naam: str
    versie_href: str
    stand: Stand | None


def overzicht(site: Site, links: Links) -> str:
    """Every werkgebied with its parties, current version and stoplicht summary (the home page)."""
    kaarten = []
    for dossier in site.archief.dossiers:
        w = dossier.werkgebied
        versie = getoonde_versie(dossier)
        kaarten.append(Kaart(w.naam, links.to(urls.werkgebied(dossier.slug)), w.fictief,
                             " · ".join(filter(None, (common.hoofdletter(w.gebiedsomschrijving), w.periode))),
                             tuple(p.naam for p in w.partijen),
                             common.versie_naam(versie), links.to(urls.versie(dossier.slug, versie.label)),
                             _stand(site, links, dossier)))
    return templating.render("home.html", kaarten=tuple(kaarten))


@dataclass(frozen=True)
class ThemaRegel:
    code: str
    titel: str
    href: str
    aantal: int
    telling: str  # "3 groen, 1 oranje" from the latest round; "" without one


def _themas(links: Links, dossier: model.Dossier, versie: model.Versie) -> tuple[ThemaRegel, ...]:
    ronde = laatste_ronde(dossier, versie.label)
    regels = []
    for thema in versie.werkgebied.themas:
        afspraken = versie.per_thema(thema.code)
        telling = ""
        if ronde is not None:
            telling = common.telling_tekst(common.telling(
                ronde.statussen[a.nr].status if a.nr in ronde.statussen else common.GEEN_STATUS for a in afspraken))
        regels.append(ThemaRegel(thema.code, thema.titel, links.to(urls.thema(dossier.slug, versie.label, thema.code)),
                                 len(afspraken), telling))
    return tuple(regels)


@dataclass(frozen=True)
class PartijRegel:
    naam: str
    afk: str
    soort: str
    href: str


@dataclass(frozen=True)
class RondeRegel:
    titel: str
    href: str
    versie: str


@dataclass(frozen=True)
class VersieRegel:
    label: str
    naam: str
    href: str
    status: str  # as the reader sees it: "geldend", "nog niet vastgesteld", ...
    model_status: str  # as versie.yaml says; docs/assets/versies.js finds the version in force on a date
    vastgesteld_op: str  # a date, or "" when not vastgesteld
    aantal: int


@dataclass(frozen=True)
class VersieOptie:
    label: str
    naam: str
    json_href: str  # the version's afspraken.json, which docs/assets/versies.js compares
    gekozen: bool


@dataclass(frozen=True)
class Versiehulp:
    """Two forms that docs/assets/versies.js brings to life (hidden without JavaScript): compare any two
    versions, from each version's afspraken.json and the werkgebied's ids.json; and which version was in
    force on a date, from the data attributes of the versions table."""

    ids_href: str
    van: tuple[VersieOptie, ...]
    tot: tuple[VersieOptie, ...]
    paginas: tuple[WijzigingenItem, ...]  # the pages of what changed between consecutive versions


def _versiehulp(site: Site, links: Links, dossier: model.Dossier) -> Versiehulp | None:
    slug = dossier.slug
    versies = (*dossier.versies, dossier.concept)
    if len(versies) < 2:
        return None
    # By default what changed to arrive at the version in force (or from it to the concept when it is the first).
    tot = dossier.huidige or dossier.versies[-1]
    index = dossier.versies.index(tot)
    van, tot = (dossier.versies[index - 1], tot) if index > 0 else (tot, dossier.concept)

    def opties(gekozen: model.Versie) -> tuple[VersieOptie, ...]:
        return tuple(VersieOptie(v.label, common.versie_naam(v), links.to(export.download_pad(slug, v.label, "json")),
                                 v is gekozen) for v in versies)

    return Versiehulp(links.to(export.ids_pad(slug)), opties(van), opties(tot),
                      wijzigingen_links(links, slug, site.historie(slug).paginas))


@dataclass(frozen=True)
class WerkgebiedPagina:
    kop: common.WerkgebiedKop
    versies_kiezer: tuple[common.VersieKeuze, ...]
    ondertitel: str  # titel · where · when; "" without a titel
    inleiding: Markup
    delen: documenten.Documentdelen  # the plan's own budget, KPIs, milestones, risks and sections
    rollen: tuple[documenten.Partijrollen, ...]  # parties that name their role or people
    versie_naam: str
    themas: tuple[ThemaRegel, ...]
    stand: Stand | None
    rondes: tuple[RondeRegel, ...]  # newest first
    partijen: tuple[PartijRegel, ...]
    versies: tuple[VersieRegel, ...]
    versiehulp: Versiehulp | None
    wijzigingen: tuple[WijzigingenItem, ...]


def gegevens(site: Site, links: Links, slug: str) -> WerkgebiedPagina:
    """The werkgebied: introduction, parties, versions, latest monitoring round at a glance."""
    dossier = site.dossier(slug)
    w = dossier.werkgebied
    versie = getoonde_versie(dossier)
    versies = []
    for v in (*reversed(dossier.versies), dossier.concept):
        if v.is_concept:
            status, op = "nog niet vastgesteld", ""
        else:
            status = "geldend" if dossier.huidige and dossier.huidige.label == v.label else v.status
            op = v.vastgesteld_op or ""
        versies.append(VersieRegel(v.label, common.versie_naam(v), links.to(urls.versie(slug, v.label)), status,
                                   v.status, op, len(v.afspraken)))
    partijen = sorted(w.partijen, key=lambda p: (SOORT_VOLGORDE.index(p.soort), p.naam))
    return WerkgebiedPagina(
        kop=common.kop(links, dossier, [], navigatie(site, links, dossier, versie)),
        versies_kiezer=common.versie_kiezer(links, dossier, "", lambda v: (urls.versie(slug, v.label), "")),
        ondertitel=" · ".join(filter(None, (w.titel, w.gebiedsomschrijving, w.periode))) if w.titel else "",
        inleiding=markdown_html(w.inleiding), versie_naam=common.versie_naam(versie),
        delen=documenten.documentdelen(w, documenten.afspraak_href(links, slug, versie)),
        rollen=documenten.partijrollen(w),
        themas=_themas(links, dossier, versie), stand=_stand(site, links, dossier),
        rondes=tuple(RondeRegel(r.titel or "Monitoring " + common.datum(r.datum), links.to(urls.monitoring(slug, r.id)),
                                r.versie) for r in reversed(dossier.monitoring)),
        partijen=tuple(PartijRegel(p.naam, p.afk, p.soort, links.to(urls.partij(slug, p.afk))) for p in partijen),
        versies=tuple(versies), versiehulp=_versiehulp(site, links, dossier),
        wijzigingen=wijzigingen_links(links, slug, site.historie(slug).paginas),
    )


def pagina(site: Site, links: Links, slug: str) -> str:
    return templating.render("werkgebied.html", pagina=gegevens(site, links, slug))


@dataclass(frozen=True)
class Download:
    tekst: str
    href: str


@dataclass(frozen=True)
class Ondertekening:
    """What a signed version records."""

    jaar: str
    status: str
    vastgesteld_op: str
    ondertekend_door: tuple[common.PartijLink, ...]
    inhoud_hash: str
    toelichting: Markup


@dataclass(frozen=True)
class VersiePagina:
    kop: common.WerkgebiedKop
    versies_kiezer: tuple[common.VersieKeuze, ...]
    banner: common.VersieBanner | None
    ondertekening: Ondertekening | None  # None for the concept
    keten: keten.Keten | None  # None for the concept
    ondertekeningsblok: documenten.Ondertekeningweergave | None  # who signed, who not yet; None: not recorded
    themas: tuple[ThemaRegel, ...]
    volledige_tekst_href: str
    veranderd: tuple[common.Kruimel, ...]  # what changed to arrive here, and after
    downloads: tuple[Download, ...]
    open_data_href: str
    rondes: tuple[RondeRegel, ...]  # newest first


def _veranderd(links: Links, slug: str, historie: Historie, label: str) -> tuple[common.Kruimel, ...]:
    """Links to what changed to arrive at this version, and what changed after it."""
    items = []
    naar, na = historie.naar(label), historie.na(label)
    if naar is not None:
        items.append(common.Kruimel(f"Wat is er veranderd ten opzichte van versie {naar.van}",
                                    links.to(urls.wijzigingen(slug, naar.van, naar.tot))))
    if na is not None:
        volgende = "het concept" if na.tot == model.CONCEPT else "versie " + na.tot
        items.append(common.Kruimel(f"Wat is er daarna veranderd, in {volgende}",
                                    links.to(urls.wijzigingen(slug, na.van, na.tot))))
    return tuple(items)


def ondertekening(links: Links, dossier: model.Dossier, versie: model.Versie) -> Ondertekening | None:
    """What a signed version records; None for the concept."""
    if versie.is_concept:
        return None
    return Ondertekening(str(versie.jaar or "–"), versie.status, versie.vastgesteld_op or "",
                         common.partij_links(links, dossier, versie.werkgebied, versie.ondertekend_door),
                         versie.inhoud_hash, markdown_html(versie.toelichting))


def versie_gegevens(site: Site, links: Links, slug: str, label: str) -> VersiePagina:
    """One version: what it is, who signed it, and its themes."""
    dossier, versie = site.versie(slug, label)
    historie = site.historie(slug)
    return VersiePagina(
        kop=common.kop(links, dossier, [(common.versie_naam(versie).capitalize(), urls.versie(slug, label))],
                       navigatie(site, links, dossier, versie)),
        versies_kiezer=common.versie_kiezer(links, dossier, label, lambda v: (urls.versie(slug, v.label), "")),
        banner=common.versie_banner(links, dossier, versie, historie=historie),
        ondertekening=ondertekening(links, dossier, versie),
        keten=None if versie.is_concept else keten.keten(links, dossier, versie),
        ondertekeningsblok=documenten.ondertekening(versie),
        themas=_themas(links, dossier, versie),
        volledige_tekst_href=links.to(urls.volledige_tekst(slug, label)),
        veranderd=_veranderd(links, slug, historie, label),
        # The paths come from `export`, which writes the files, so they always match.
        downloads=tuple(Download(tekst, links.to(export.download_pad(slug, label, formaat)))
                        for formaat, tekst in (("csv", "Alle afspraken als CSV (Excel)"),
                                               ("json", "Alle afspraken als JSON"))),
        open_data_href=links.to("bijdragen/open-data/"),
        rondes=tuple(RondeRegel(f"Monitoring {common.datum(r.datum)}", links.to(urls.monitoring(slug, r.id)), r.versie)
                     for r in reversed(dossier.rondes(label))),
    )


def versie_pagina(site: Site, links: Links, slug: str, label: str) -> str:
    return templating.render("versie.html", pagina=versie_gegevens(site, links, slug, label))
