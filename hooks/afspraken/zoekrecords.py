"""What the site's search finds, straight from the model: each thema once per version, each werkgebied once.

A theme page, a party page and a monitoring page all repeat the same afspraken; indexing the pages
would put every afspraak in the index several times (and make the index grow with every page kind).
Records from the model keep the index proportional to the afspraken themselves. One record per thema
per version, holding its afspraken each under its own heading (anchor = nr), rather than one per
afspraak: a search engine pays a fixed cost per document (Pagefind: memory, time and a hash per page in
the metadata every first search downloads), so a dozen afspraken per document cost far less than a
dozen documents. Filters a reader asks for: which werkgebied, which version (the one shown first by
default), which thema, which party, and the stoplicht of the version's latest monitoring round; the last
two differ per afspraak, so a record carries their union and each afspraak its own (`Onderdeel`).

Records of the version a werkgebied shows first are `actueel`; the others form a second index that the
search page loads only when a reader asks for another version.

Pure: knows nothing of MkDocs or of the search engine; `afspraken_mkdocs.zoeken` feeds these to Pagefind.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import model
from .diff import concept_gewijzigd
from .views import urls
from .views.site import Site, getoonde_versie, laatste_ronde

# Filter names and values as a reader sees them in the search page.
WERKGEBIED = "werkgebied"
VERSIE = "versie"
THEMA = "thema"
PARTIJ = "partij"
STOPLICHT = "stoplicht"
SOORT = "soort"
FILTERS = (WERKGEBIED, VERSIE, THEMA, PARTIJ, STOPLICHT, SOORT)
PER_AFSPRAAK = (STOPLICHT, PARTIJ)  # facts that differ between the afspraken of one thema
ACTUEEL = "actueel"  # the version a werkgebied shows first: the one in force, or the concept if none is
GEEN_STATUS = "geen status"
TITEL_WOORDEN = 8  # words of the inhoud in a heading: enough to tell afspraken of one thema apart


@dataclass(frozen=True)
class Onderdeel:
    """One afspraak on its thema's record: a heading with its nr as anchor, and its own facts.

    A search result is the thema; the afspraken that matched are its sub-results, each linking to #nr.
    `filters` holds the facts of PER_AFSPRAAK: the record carries their union as its filters, and the
    search page narrows a result to the afspraken that match.
    """

    nr: str
    kop: str  # plain text: the nr and the first words of the inhoud
    alineas: tuple[str, ...]  # plain text, what follows the heading
    filters: dict[str, list[str]]


@dataclass(frozen=True)
class Zoekrecord:
    url: str  # relative to the site root
    titel: str  # plain text
    tekst: str  # plain text (Markdown as written); what is searched and quoted in the excerpt
    filters: dict[str, list[str]]
    afspraken: tuple[Onderdeel, ...] = ()  # a thema of one version: its afspraken, in order
    actueel: bool = True  # in the default search; False: a version other than the one shown first


def versie_filterwaarde(versie: model.Versie) -> str:
    """The value of the versie filter ("concept" or the label); a reader sees `common.versie_naam`."""
    return "concept" if versie.is_concept else versie.label


def eerste_woorden(tekst: str, aantal: int = TITEL_WOORDEN) -> str:
    woorden = tekst.split()
    return " ".join(woorden[:aantal]) + (" …" if len(woorden) > aantal else "")


def _partijnamen(werkgebied: model.Werkgebied, afkortingen: tuple[str, ...]) -> list[str]:
    if model.ALLEN in afkortingen:
        return [p.naam for p in werkgebied.partijen]
    return [p.naam for afk in afkortingen if (p := werkgebied.partij(afk)) is not None]


def _versies(dossier: model.Dossier) -> list[model.Versie]:
    """Every frozen version, and the concept only where it differs from the latest (or stands alone)."""
    versies = list(dossier.versies)
    if not versies or concept_gewijzigd(dossier):
        versies.append(dossier.concept)
    return versies


def _onderdeel(afspraak: model.Afspraak, werkgebied: model.Werkgebied,
               status: model.Status | None) -> Onderdeel:
    partijen = sorted(set(_partijnamen(werkgebied, afspraak.trekkers + afspraak.betrokken)))
    woorden = afspraak.inhoud.split()
    # The heading holds the first words of the inhoud and the text the rest: each word indexed once.
    rest = " ".join(woorden[TITEL_WOORDEN:])
    alineas = tuple(part for part in (
        rest, afspraak.onderwerp, afspraak.sub_onderwerp, afspraak.resultaat, afspraak.jaarschijf,
        *(m.omschrijving for m in afspraak.mijlpalen), *(k.indicator for k in afspraak.kpis),
        *(b.omschrijving for b in afspraak.budget),
        ", ".join(partijen), status.toelichting if status else "",
    ) if part)
    return Onderdeel(nr=afspraak.nr, kop=f"{afspraak.nr} · {eerste_woorden(afspraak.inhoud)}", alineas=alineas,
                     filters={STOPLICHT: [status.status if status else GEEN_STATUS], PARTIJ: partijen})


def _per_thema(werkgebied: model.Werkgebied,
               afspraken: Iterable[model.Afspraak]) -> dict[str, list[model.Afspraak]]:
    """The afspraken by thema code, in the werkgebied's order of themes (then any other code as it comes)."""
    groepen: dict[str, list[model.Afspraak]] = {thema.code: [] for thema in werkgebied.themas}
    for afspraak in afspraken:
        groepen.setdefault(afspraak.thema, []).append(afspraak)
    return {code: lijst for code, lijst in groepen.items() if lijst}


def _vereniging(onderdelen: Iterable[Onderdeel], naam: str) -> list[str]:
    return sorted({waarde for onderdeel in onderdelen for waarde in onderdeel.filters[naam]})


def thema_records(site: Site, dossier: model.Dossier) -> Iterator[Zoekrecord]:
    """A record per thema per version: its afspraken, titled with werkgebied, version and thema."""
    getoond = getoonde_versie(dossier)
    naam = dossier.werkgebied.weergavenaam
    for versie in _versies(dossier):
        werkgebied = versie.werkgebied
        ronde = laatste_ronde(dossier, versie.label)
        statussen = ronde.statussen if ronde else {}
        actueel = versie is getoond
        versiefilter = [versie_filterwaarde(versie)] + ([ACTUEEL] if actueel else [])
        versietitel = "concept" if versie.is_concept else f"versie {versie.label}"
        for code, afspraken in _per_thema(werkgebied, versie.afspraken).items():
            thema = werkgebied.thema(code)
            themanaam = f"{thema.code}: {thema.titel}" if thema else code
            onderdelen = tuple(_onderdeel(a, werkgebied, statussen.get(a.nr)) for a in afspraken)
            yield Zoekrecord(
                url=urls.thema(dossier.slug, versie.label, code),
                titel=f"{naam} · {versietitel} · Thema {themanaam}",
                tekst=werkgebied.gebiedsomschrijving,
                filters={
                    SOORT: ["afspraak"], WERKGEBIED: [naam], VERSIE: versiefilter, THEMA: [themanaam],
                    **{filter: _vereniging(onderdelen, filter) for filter in PER_AFSPRAAK},
                },
                afspraken=onderdelen,
                actueel=actueel,
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
    """A werkgebied's records: itself, then its themes per version. They depend on this werkgebied alone."""
    yield werkgebied_record(dossier)
    yield from thema_records(site, dossier)


def records(site: Site) -> Iterator[Zoekrecord]:
    """All records of the archief, in a fixed order (the index is built the same way every time)."""
    for dossier in site.archief.dossiers:
        yield from werkgebied_records(site, dossier)
