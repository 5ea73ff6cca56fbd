"""One afspraak as a section of a theme page or of the volledige tekst: the data its section shows (`Sectie`),
rendered by templates/partials/afspraak.html, its text (`Tekst`) by partials/afspraaktekst.html. A new part
of a section is a field here and a block there."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model
from ..render import markdown_html, short
from . import common, documenten, urls
from .site import Site
from ..tijdlijn import Stap
from .tijdlijn import tijdlijn_html
from .urls import Links


@dataclass(frozen=True)
class AfspraakOpPagina:
    """An afspraak with everything around it that its section shows."""

    site: Site
    links: Links
    dossier: model.Dossier
    versie: model.Versie
    afspraak: model.Afspraak
    rondes: tuple[model.Monitoringsronde, ...]  # the monitoring rounds of this version, oldest first
    # Only what the signed document says (the volledige tekst): no stoplicht, history or proposal link.
    alleen_tekst: bool = False

    @property
    def laatste_status(self) -> model.Status | None:
        for ronde in reversed(self.rondes):
            if self.afspraak.nr in ronde.statussen:
                return ronde.statussen[self.afspraak.nr]
        return None

    @property
    def over_tijd(self) -> bool:
        """Its looptijd has ended and its latest status is not afgerond or vervallen (see `voortgang`)."""
        return self.site.voortgang(self.dossier.slug).is_over_tijd(self.versie.label, self.afspraak)


def kop_tekst(afspraak: model.Afspraak) -> str:
    """The first words of the inhoud: the onderwerp is shared by many afspraken of a theme (22 of 23 in
    Stadskanaal A), so as a heading it would tell them apart by number only. It shows as a label instead."""
    return short(afspraak.inhoud, 90) or afspraak.onderwerp


@dataclass(frozen=True)
class StatusDetails:
    """A round's status of an afspraak: toelichting, and oorzaak, gevolg, actie (for oranje and rood)."""

    status: str
    toelichting: Markup
    oorzaak: str
    gevolg: str
    actie: str


def status_details(status: model.Status) -> StatusDetails:
    return StatusDetails(status.status, markdown_html(status.toelichting), status.oorzaak, status.gevolg, status.actie)


@dataclass(frozen=True)
class Kengetallen:
    """Kengetallen as one table: a row per indicator, a column per year (unknown year last)."""

    jaren: tuple[int, ...]
    jaar_onbekend: bool
    rijen: tuple[KengetalRij, ...]


@dataclass(frozen=True)
class KengetalRij:
    indicator: str
    partij: str  # the party's name, "" when the kengetal belongs to none
    toelichting: Markup
    eenheid: str
    cellen: tuple[tuple[float | int | None, ...], ...]  # the values per column, in the order of the years


def kengetallen(lijst: tuple[model.Kengetal, ...], werkgebied: model.Werkgebied) -> Kengetallen | None:
    if not lijst:
        return None
    jaren = tuple(sorted({w.jaar for k in lijst for w in k.waarden if w.jaar is not None}))
    onbekend = any(w.jaar is None for k in lijst for w in k.waarden)
    kolommen: tuple[int | None, ...] = (*jaren, *((None,) if onbekend else ()))
    rijen = []
    for k in lijst:
        per_jaar: dict[int | None, list[float | int | None]] = {}
        for w in k.waarden:
            per_jaar.setdefault(w.jaar, []).append(w.waarde)
        partij = werkgebied.partij(k.partij) if k.partij else None
        rijen.append(KengetalRij(k.indicator, (partij.naam if partij else k.partij) if k.partij else "",
                                 markdown_html(k.toelichting), k.eenheid,
                                 tuple(tuple(per_jaar.get(j, ())) for j in kolommen)))
    return Kengetallen(jaren, onbekend, tuple(rijen))


@dataclass(frozen=True)
class StandRij:
    """One monitoring round in an afspraak's Stand van zaken."""

    datum: str
    href: str
    details: StatusDetails | None  # None: not reported in that round


@dataclass(frozen=True)
class Tijdlijnblok:
    """An afspraak's history on its section: the permalinks of this version and the timeline itself."""

    geldig: str
    permalinks: tuple[common.Kruimel, ...]  # a Kruimel without href is plain text
    tijdlijn: Markup  # templates/partials/tijdlijn.html, the same for every version of the afspraak


# The heading level of the timeline's sub-heading in a section whose own heading is h2.
TIJDLIJN_NIVEAU = 4


@dataclass(frozen=True)
class Kenmerken:
    """Who, how long, and what the afspraak says: the start of its section's text."""

    trekkers: tuple[common.PartijLink, ...]
    betrokken: tuple[common.PartijLink, ...]
    looptijd: str
    vorig_nr: str
    teksten: tuple[tuple[str, Markup], ...]  # (heading, sanitized HTML) of inhoud and resultaat, the non-empty ones


@dataclass(frozen=True)
class Delen:
    """What plans and notes add to the afspraak (`nr`, which names its tables): the rest of its section's text."""

    nr: str
    secties: tuple[tuple[str, Markup], ...]  # afbakening, afhankelijkheden, randvoorwaarden
    kengetallen: Kengetallen | None
    budget: documenten.Budgetweergave | None
    mijlpalen: tuple[model.Mijlpaal, ...]
    kpis: tuple[documenten.Kpigroep, ...]
    risicos: tuple[documenten.Risicorij, ...]

    @property
    def leeg(self) -> bool:
        return not (self.secties or self.kengetallen or self.budget or self.mijlpalen or self.kpis or self.risicos)


@dataclass(frozen=True)
class Tekst:
    """What the signed version says of one afspraak: the same on its theme page and in the volledige tekst.

    Its parts are rendered by globals of the templates that reuse the HTML of an equal part
    (templating._HERHAALD): `kenmerken` and `delen` are mostly unchanged from one version to the next,
    the jaarschijf between them is not."""

    nr: str
    kop: str
    samenvatting: str
    onderwerp: str  # "onderwerp › sub_onderwerp"
    looptijd_van: str  # sort key of the overview
    kenmerken: Kenmerken
    jaarschijf: tuple[str, Markup] | None  # (heading with the version's year, sanitized HTML)
    delen: Delen
    bronnen: tuple[model.Bron, ...]


@dataclass(frozen=True)
class Sectie:
    """Everything the section of one afspraak shows, with the anchor `#<nr>`."""

    tekst: Tekst
    status: str | None  # the latest status in a round of this version
    over_tijd: bool  # looptijd ended, latest status not afgerond or vervallen (see `voortgang`)
    stand: tuple[StandRij, ...] | None  # None for the concept, which has no monitoring
    tijdlijn: Tijdlijnblok | None
    voorstellen_href: str

    # What the overview table of a theme page reads.
    @property
    def nr(self) -> str:
        return self.tekst.nr

    @property
    def samenvatting(self) -> str:
        return self.tekst.samenvatting

    @property
    def trekkers(self) -> tuple[common.PartijLink, ...]:
        return self.tekst.kenmerken.trekkers

    @property
    def looptijd(self) -> str:
        return self.tekst.kenmerken.looptijd

    @property
    def looptijd_van(self) -> str:
        return self.tekst.looptijd_van


def tekst(site: Site, links: Links, dossier: model.Dossier, versie: model.Versie, a: model.Afspraak) -> Tekst:
    """The afspraak's text in `versie` as the pages under `links.root` show it: made once, for its theme
    page and the version's volledige tekst (pages at the same depth, so with the same links)."""
    return site.gedeeld(("tekst", dossier.slug, versie.label, a.nr, links.root),
                        lambda: _tekst(links, dossier, versie, a))


def _tekst(links: Links, dossier: model.Dossier, versie: model.Versie, a: model.Afspraak) -> Tekst:
    w = versie.werkgebied

    def partij_links(afks: tuple[str, ...]) -> tuple[common.PartijLink, ...]:
        return common.partij_links(links, dossier, w, afks)

    jaarschijf = markdown_html(a.jaarschijf)
    return Tekst(
        nr=a.nr, kop=kop_tekst(a), samenvatting=short(a.inhoud),
        onderwerp=a.onderwerp + (f" › {a.sub_onderwerp}" if a.sub_onderwerp else "") if a.onderwerp else "",
        looptijd_van=str(a.looptijd.van) if a.looptijd and a.looptijd.van else "",
        kenmerken=Kenmerken(
            trekkers=partij_links(a.trekkers), betrokken=partij_links(a.betrokken),
            looptijd=str(a.looptijd) if a.looptijd else "", vorig_nr=a.vorig_nr,
            teksten=tuple((kop, html) for kop, html in (
                ("Afspraak", markdown_html(a.inhoud)), ("Resultaat", markdown_html(a.resultaat))) if html)),
        jaarschijf=(f"Jaarschijf {versie.jaar}" if versie.jaar else "Jaarschijf", jaarschijf) if jaarschijf else None,
        delen=Delen(a.nr, documenten.secties(a), kengetallen(a.kengetallen, w), documenten.budgetweergave(a.budget),
                    a.mijlpalen, documenten.kpigroepen(a.kpis), documenten.risicos(a.risicos)),
        bronnen=a.bronnen,
    )


def sectie(ctx: AfspraakOpPagina) -> Sectie:
    status = None if ctx.alleen_tekst else ctx.laatste_status
    return Sectie(
        tekst=tekst(ctx.site, ctx.links, ctx.dossier, ctx.versie, ctx.afspraak),
        status=status.status if status else None,
        over_tijd=not ctx.alleen_tekst and ctx.over_tijd,
        stand=None if ctx.alleen_tekst else _stand(ctx),
        tijdlijn=None if ctx.alleen_tekst else _tijdlijn(ctx),
        voorstellen_href="" if ctx.alleen_tekst else ctx.site.edit_url(ctx.dossier.slug, ctx.afspraak.nr),
    )


def _stand(ctx: AfspraakOpPagina) -> tuple[StandRij, ...] | None:
    if ctx.versie.is_concept:
        return None
    rijen = []
    for ronde in ctx.rondes:
        status = ronde.statussen.get(ctx.afspraak.nr)
        rijen.append(StandRij(ronde.datum, ctx.links.to(urls.monitoring(ctx.dossier.slug, ronde.id)),
                              status_details(status) if status else None))
    return tuple(rijen)


def _tijdlijn(ctx: AfspraakOpPagina) -> Tijdlijnblok | None:
    """The afspraak across versions: permalinks to this version and the current one, then its timeline.
    Left out of the search index: it repeats text that each version's own page has."""
    slug, a = ctx.dossier.slug, ctx.afspraak
    t = ctx.site.historie(slug).tijdlijn(ctx.versie.label, a.nr)
    if t is None:
        return None

    def link(stap: Stap) -> str:
        return ctx.links.to(urls.afspraak(slug, stap.versie, stap.afspraak.thema, stap.nr))

    deze = next(s for s in t.stappen if s.versie == ctx.versie.label)
    permalinks = [common.Kruimel(f"deze versie ({common.versie_naam(ctx.versie)})", link(deze))]
    huidige = ctx.dossier.huidige
    if huidige is not None:
        in_huidige = next((s for s in t.stappen if s.versie == huidige.label), None)
        if in_huidige is not None:
            als = f", als {in_huidige.nr}" if in_huidige.nr != a.nr else ""
            permalinks.append(common.Kruimel(f"huidige versie (versie {huidige.label}{als})", link(in_huidige)))
        else:
            permalinks.append(common.Kruimel(f"de huidige versie (versie {huidige.label}) heeft deze afspraak niet", ""))
    # Every version of the afspraak has the same timeline (the first step names it): rendered once per
    # page depth, for the theme pages of all its versions.
    eerste = t.stappen[0]
    html = ctx.site.gedeeld(("tijdlijn", slug, eerste.versie, eerste.nr, ctx.links.root), lambda: tijdlijn_html(
        t, niveau=TIJDLIJN_NIVEAU, kop=False, link=link,
        wijzigingen=lambda van, tot: ctx.links.to(urls.wijzigingen(slug, van, tot)),
        ronde_link=lambda r: ctx.links.to(urls.monitoring(slug, r.id))))
    return Tijdlijnblok(t.geldig, tuple(permalinks), html)
