"""What plans, notes and assignments add to an afsprakentabel, as the data a page shows: budgets with
their stated totals, KPIs per success factor, risks, named sections (afbakening, afhankelijkheden,
randvoorwaarden), milestones that name afspraken, people and roles per party, and a version's signing
block. Rendered by templates/partials/documenten.html; used on afspraak sections, theme pages, the
werkgebied page and a version's page."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .. import budget, model
from ..render import markdown_html
from . import urls
from .urls import Links

SECTIES = (("afbakening", "Afbakening"), ("afhankelijkheden", "Afhankelijkheden"),
           ("randvoorwaarden", "Randvoorwaarden"))


@dataclass(frozen=True)
class Budgetrij:
    omschrijving: str
    toelichting: Markup
    jaar: int | None
    soort: str
    grootboek: str
    regelsoort: str  # regel | subtotaal | totaal
    bedrag: float | int | None
    bedrag_tekst: str | None  # what the source has instead of an amount ("" when blank)
    som: float | int | None  # for a stated (sub)total that differs: the sum of its lines
    onbekend: int  # lines without an amount under that (sub)total


@dataclass(frozen=True)
class Budgetweergave:
    rijen: tuple[Budgetrij, ...]
    som: float | int | None  # the site's own sum, only when the source states no total
    som_onbekend: int


def budgetweergave(regels: tuple[model.Budgetregel, ...]) -> Budgetweergave | None:
    if not regels:
        return None
    afwijkend = {c.index: c for c in budget.controles(regels) if not c.klopt}
    rijen = tuple(
        Budgetrij(
            omschrijving=r.omschrijving, toelichting=markdown_html(r.toelichting), jaar=r.jaar, soort=r.soort,
            grootboek=r.grootboek, regelsoort=r.regelsoort, bedrag=r.bedrag, bedrag_tekst=r.bedrag_tekst,
            som=afwijkend[i].som if i in afwijkend else None, onbekend=afwijkend[i].onbekend if i in afwijkend else 0,
        )
        for i, r in enumerate(regels)
    )
    eigen_som = sum(1 for r in regels if r.is_regel) > 1 and not budget.heeft_totaal(regels)
    som, onbekend = budget.som(regels)
    return Budgetweergave(rijen, som if eigen_som else None, onbekend if eigen_som else 0)


@dataclass(frozen=True)
class Kpigroep:
    succesfactor: str  # "" for KPIs under no success factor
    kpis: tuple[KpiRij, ...]


@dataclass(frozen=True)
class KpiRij:
    indicator: str
    streefwaarde: float | int | None
    norm: float | int | None
    eenheid: str
    richting: str
    meting: Markup


def kpigroepen(kpis: tuple[model.Kpi, ...]) -> tuple[Kpigroep, ...]:
    """KPIs grouped under their success factor, in the order the factors first appear."""
    groepen: dict[str, list[KpiRij]] = {}
    for k in kpis:
        groepen.setdefault(k.succesfactor, []).append(
            KpiRij(k.indicator, k.streefwaarde, k.norm, k.eenheid, k.richting, markdown_html(k.meting)))
    return tuple(Kpigroep(factor, tuple(rijen)) for factor, rijen in groepen.items())


@dataclass(frozen=True)
class Risicorij:
    categorie: str
    beschrijving: Markup
    maatregel: Markup


def risicos(lijst: tuple[model.Risico, ...]) -> tuple[Risicorij, ...]:
    return tuple(Risicorij(r.categorie, markdown_html(r.beschrijving), markdown_html(r.maatregel)) for r in lijst)


def secties(item: model.Onderdelen) -> tuple[tuple[str, Markup], ...]:
    """The named sections that `item` fills, as (heading, sanitized HTML)."""
    return tuple((kop, markdown_html(getattr(item, veld))) for veld, kop in SECTIES if getattr(item, veld))


@dataclass(frozen=True)
class Mijlpaalrij:
    omschrijving: str
    van: str
    tot: str
    afspraken: tuple[tuple[str, str], ...]  # (nr, href)


def afspraak_href(links: Links, slug: str, versie: model.Versie, op_thema: str = "") -> Callable[[str], str]:
    """Where a milestone's afspraak is: an anchor on this theme page, or its own theme page of `versie`."""
    def href(nr: str) -> str:
        afspraak = versie.afspraak(nr)
        if afspraak is None:
            return links.to(urls.versie(slug, versie.label))
        if afspraak.thema == op_thema:
            return f"#{nr}"
        return links.to(urls.afspraak(slug, versie.label, afspraak.thema, nr))
    return href


def mijlpalen(lijst: tuple[model.Mijlpaal, ...], href: Callable[[str], str]) -> tuple[Mijlpaalrij, ...]:
    return tuple(Mijlpaalrij(m.omschrijving, m.van, m.tot, tuple((nr, href(nr)) for nr in m.afspraken))
                 for m in lijst)


@dataclass(frozen=True)
class Partijrollen:
    naam: str
    afk: str
    rol: Markup
    personen: tuple[model.Persoon, ...]


def partijrollen(werkgebied: model.Werkgebied) -> tuple[Partijrollen, ...]:
    """The parties that say what their role is or who takes part for them."""
    return tuple(Partijrollen(p.naam, p.afk, markdown_html(p.rol), p.personen)
                 for p in werkgebied.partijen if p.rol or p.personen)


@dataclass(frozen=True)
class Ondertekenaarrij:
    partij: str  # the party's name
    naam: str
    rol: str
    datum: str  # "" when not (yet) signed


@dataclass(frozen=True)
class Ondertekeningweergave:
    status: str
    ondertekenaars: tuple[Ondertekenaarrij, ...]
    toelichting: Markup
    concept: bool = False  # the concept is by definition not signed, and the page says so


def ondertekening(versie: model.Versie) -> Ondertekeningweergave | None:
    """The signing block of a version; the concept is by definition not signed."""
    if versie.is_concept:
        return Ondertekeningweergave("niet ondertekend", (), Markup(""), concept=True)
    o = versie.ondertekening
    if o is None:
        return None
    w = versie.werkgebied
    rijen = tuple(Ondertekenaarrij((w.partij(r.partij).naam if w.partij(r.partij) else r.partij), r.naam, r.rol, r.datum)
                  for r in o.ondertekenaars)
    return Ondertekeningweergave(o.status, rijen, markdown_html(o.toelichting))


@dataclass(frozen=True)
class Documentdelen:
    """Everything of this module for one afspraak, thema or werkgebied; empty parts are None or ()."""

    budget: Budgetweergave | None
    kpis: tuple[Kpigroep, ...]
    risicos: tuple[Risicorij, ...]
    secties: tuple[tuple[str, Markup], ...]
    mijlpalen: tuple[Mijlpaalrij, ...]

    @property
    def leeg(self) -> bool:
        return not (self.budget or self.kpis or self.risicos or self.secties or self.mijlpalen)


def documentdelen(item: model.Onderdelen,
                  href: Callable[[str], str] = lambda nr: f"#{nr}") -> Documentdelen:
    return Documentdelen(
        budget=budgetweergave(item.budget),
        kpis=kpigroepen(item.kpis),
        risicos=risicos(item.risicos),
        secties=secties(item),
        # An afspraak's own milestones are shown by its section; a thema's or werkgebied's name afspraken.
        mijlpalen=() if isinstance(item, model.Afspraak) else mijlpalen(item.mijlpalen, href),
    )
