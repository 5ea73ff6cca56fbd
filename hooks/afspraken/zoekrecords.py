"""What the site's search finds, straight from the model: each afspraak once per version, each werkgebied once.

A theme page, a party page and a monitoring page all repeat the same afspraken; indexing the pages
would put every afspraak in the index several times (and make the index grow with every page kind).
A record per afspraak per version keeps the index proportional to the afspraken themselves, with
filters a reader asks for: which werkgebied, which version (the one shown first by default), which
thema, which party, and the stoplicht of the version's latest monitoring round.

Pure: knows nothing of MkDocs or of the search engine; `afspraken_mkdocs.zoeken` feeds these to Pagefind.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import model
from .views import urls
from .views.site import Site, getoonde_versie, laatste_ronde

# Filter names and values as a reader sees them in the search page.
WERKGEBIED = "werkgebied"
VERSIE = "versie"
THEMA = "thema"
PARTIJ = "partij"
STOPLICHT = "stoplicht"
SOORT = "soort"
ACTUEEL = "actueel"  # the version a werkgebied shows first: the one in force, or the concept if none is
GEEN_STATUS = "geen status"
TITEL_WOORDEN = 8  # words of the inhoud in a result title: enough to tell afspraken of one thema apart


@dataclass(frozen=True)
class Zoekrecord:
    url: str  # relative to the site root; an afspraak's ends in #nr
    titel: str  # plain text
    tekst: str  # plain text (Markdown as written); what is searched and quoted in the excerpt
    filters: dict[str, list[str]]


def versie_naam(versie: model.Versie) -> str:
    return "concept" if versie.is_concept else versie.label


def eerste_woorden(tekst: str, aantal: int = TITEL_WOORDEN) -> str:
    woorden = tekst.split()
    return " ".join(woorden[:aantal]) + (" …" if len(woorden) > aantal else "")


def _partijnamen(werkgebied: model.Werkgebied, afkortingen: tuple[str, ...]) -> list[str]:
    if model.ALLEN in afkortingen:
        return [p.naam for p in werkgebied.partijen]
    return [p.naam for afk in afkortingen if (p := werkgebied.partij(afk)) is not None]


def _versies(site: Site, dossier: model.Dossier) -> list[model.Versie]:
    """Every frozen version, and the concept only where it differs from the latest (or stands alone)."""
    versies = list(dossier.versies)
    if not versies or site.historie(dossier.slug).pagina(versies[-1].label, model.CONCEPT) is not None:
        versies.append(dossier.concept)
    return versies


def afspraak_records(site: Site, dossier: model.Dossier) -> Iterator[Zoekrecord]:
    getoond = getoonde_versie(dossier)
    naam = dossier.werkgebied.weergavenaam
    for versie in _versies(site, dossier):
        werkgebied = versie.werkgebied
        ronde = laatste_ronde(dossier, versie.label)
        versiefilter = [versie_naam(versie)] + ([ACTUEEL] if versie is getoond else [])
        versietitel = "concept" if versie.is_concept else f"versie {versie.label}"
        for afspraak in versie.afspraken:
            thema = werkgebied.thema(afspraak.thema)
            themanaam = f"{thema.code}: {thema.titel}" if thema else afspraak.thema
            status = ronde.statussen.get(afspraak.nr) if ronde else None
            partijen = sorted(set(_partijnamen(werkgebied, afspraak.trekkers + afspraak.betrokken)))
            tekst = "\n".join(part for part in (
                afspraak.nr, afspraak.onderwerp, afspraak.sub_onderwerp, afspraak.inhoud, afspraak.resultaat,
                afspraak.jaarschijf,
                *(m.omschrijving for m in afspraak.mijlpalen), *(k.indicator for k in afspraak.kpis),
                *(b.omschrijving for b in afspraak.budget),
                f"Thema {themanaam}", f"{naam}, {werkgebied.gebiedsomschrijving}", ", ".join(partijen),
                status.toelichting if status else "",
            ) if part)
            yield Zoekrecord(
                url=urls.afspraak(dossier.slug, versie.label, afspraak.thema, afspraak.nr),
                titel=f"{afspraak.nr} · {naam} · {versietitel} · {eerste_woorden(afspraak.inhoud)}",
                tekst=tekst,
                filters={
                    SOORT: ["afspraak"], WERKGEBIED: [naam], VERSIE: versiefilter, THEMA: [themanaam],
                    PARTIJ: partijen, STOPLICHT: [status.status if status else GEEN_STATUS],
                },
            )


def werkgebied_record(dossier: model.Dossier) -> Zoekrecord:
    """The werkgebied itself: found by its name, its gemeente and the names of its parties."""
    werkgebied = dossier.werkgebied
    naam = werkgebied.weergavenaam
    partijen = [f"{p.naam} ({p.afk})" for p in werkgebied.partijen]
    tekst = "\n".join(part for part in (naam, werkgebied.titel, werkgebied.gebiedsomschrijving,
                                        f"periode {werkgebied.periode_van}-{werkgebied.periode_tot}",
                                        "Partijen: " + ", ".join(partijen)) if part)
    return Zoekrecord(url=urls.werkgebied(dossier.slug), titel=f"Werkgebied {naam}", tekst=tekst,
                      filters={SOORT: ["werkgebied"], WERKGEBIED: [naam], VERSIE: [ACTUEEL],
                               PARTIJ: sorted({p.naam for p in werkgebied.partijen})})


def werkgebied_records(site: Site, dossier: model.Dossier) -> Iterator[Zoekrecord]:
    """A werkgebied's records: itself, then its afspraken. They depend on this werkgebied alone."""
    yield werkgebied_record(dossier)
    yield from afspraak_records(site, dossier)


def records(site: Site) -> Iterator[Zoekrecord]:
    """All records of the archief, in a fixed order (the index is built the same way every time)."""
    for dossier in site.archief.dossiers:
        yield from werkgebied_records(site, dossier)
