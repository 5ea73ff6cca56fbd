"""The data of what every page has: breadcrumbs, the version chooser and banner, party links, stoplicht
counts. Their HTML is in templates/partials/."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import formaat, model, templating
from . import urls
from .site import Historie
from .urls import Links

GEEN_STATUS = templating.GEEN_STATUS
STOPLICHT_UITLEG = templating.STOPLICHT_UITLEG
ROL = {"trekker": "trekker", "betrokken": "betrokken", model.ALLEN: "trekker (alle partijen)"}
css_status = templating.css_status


@dataclass(frozen=True)
class PartijLink:
    """A party as a page shows it: abbreviation, full name, link to its party page ("" for all parties)."""

    afk: str
    naam: str
    href: str


@dataclass(frozen=True)
class Kruimel:
    """One step of the breadcrumbs."""

    tekst: str
    href: str


@dataclass(frozen=True)
class WerkgebiedKop:
    """The top of every page of a werkgebied: breadcrumbs, and the name when the werkgebied is fictional."""

    kruimels: tuple[Kruimel, ...]
    fictief: str  # the werkgebied's name when it is fictional, else ""
    navigatie: Markup  # the werkgebied's navigation (views.navigatie), rendered once and shared


def telling(statussen: Iterable[str]) -> Counter[str]:
    return Counter(statussen)


def telling_tekst(counts: Counter[str]) -> str:
    """`3 groen, 1 oranje`: the counts as a sentence, in the order of the stoplicht model."""
    parts = [f"{counts[s]} {s}" for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s)]
    return ", ".join(parts) or "geen statussen"


def telling_lijst(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """The counts in the order of the stoplicht model, leaving out the statuses nobody has."""
    return tuple((s, counts[s]) for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s))


@dataclass(frozen=True)
class VersieBanner:
    """Which version the reader is on when it is not the one in force (soort: concept, ingetrokken,
    ouder), with the version in force and the page of what changed since (or, for the concept, before)."""

    soort: str
    label: str
    huidige: Kruimel | None  # "versie 2024" and its link
    wijziging_href: str  # "" when there is no Wijzigingen page to point to
    wijziging_van: str
    wijziging_naar: str  # "het concept" or "versie 2025"


def versie_banner(links: Links, dossier: model.Dossier, versie: model.Versie, pad: str = "",
                  historie: Historie | None = None) -> VersieBanner | None:
    """The banner of a page of `versie`, or None for the version in force.
    `pad` is the part after the version in the URL (a theme), so the banner links to the same place."""
    huidige_versie = dossier.huidige
    huidige = None
    if huidige_versie is not None:
        huidige = Kruimel(f"versie {huidige_versie.label}",
                          links.to(urls.versie(dossier.slug, huidige_versie.label) + pad))
    if versie.is_concept:
        soort = "concept"
        stap = historie.naar(versie.label) if historie else None
    else:
        stap = historie.na(versie.label) if historie else None
        if versie.status == "ingetrokken":
            soort = "ingetrokken"
        elif huidige_versie is not None and huidige_versie.label != versie.label:
            soort = "ouder"
        else:
            return None
    if stap is None:
        return VersieBanner(soort, versie.label, huidige, "", "", "")
    naar = "het concept" if stap.tot == model.CONCEPT else f"versie {stap.tot}"
    return VersieBanner(soort, versie.label, huidige, links.to(urls.wijzigingen(dossier.slug, stap.van, stap.tot)),
                        stap.van, naar)


@dataclass(frozen=True)
class VersieKeuze:
    """One version in the version chooser."""

    tekst: str  # the label, or "concept"
    href: str
    staat: str  # "geldend", "ingetrokken" or ""
    anders: str  # for screen readers, when the link leads elsewhere than the same place in that version
    actief: bool


def versie_kiezer(links: Links, dossier: model.Dossier, actief: str,
                  doel: Callable[[model.Versie], tuple[str, str]]) -> tuple[VersieKeuze, ...]:
    """Every version (oldest first, then the concept); `actief` is the label being read.
    `doel(versie)` gives the root-relative URL to go to in that version and a text for screen readers
    when that is not the same place (a theme the version does not have). Empty with only the concept."""
    if not dossier.versies:
        return ()
    huidige = dossier.huidige
    keuzes = []
    for versie in (*dossier.versies, dossier.concept):
        url, anders = doel(versie)
        if huidige is not None and versie.label == huidige.label:
            staat = "geldend"
        elif versie.status == "ingetrokken":
            staat = "ingetrokken"
        else:
            staat = ""
        keuzes.append(VersieKeuze("concept" if versie.is_concept else versie.label, links.to(url), staat, anders,
                                  versie.label == actief))
    return tuple(keuzes)


def versie_tekst(label: str) -> str:
    """A version by its label in a sentence: "het concept" or "versie 2024"."""
    return "het concept" if label == model.CONCEPT else f"versie {label}"


def versie_naam(versie: model.Versie) -> str:
    return "lopende afspraken (concept)" if versie.is_concept else f"versie {versie.label}"


def kruimels(links: Links, stappen: Sequence[tuple[str, str]]) -> tuple[Kruimel, ...]:
    """Breadcrumbs from Home: (text, root-relative URL) pairs; the last one is the current page."""
    return (Kruimel("Home", links.to("")), *(Kruimel(tekst, links.to(url)) for tekst, url in stappen))


def kop(links: Links, dossier: model.Dossier, stappen: Sequence[tuple[str, str]], navigatie: Markup) -> WerkgebiedKop:
    """The top of a page of the werkgebied, `stappen` the breadcrumbs after the werkgebied itself."""
    w = dossier.werkgebied
    return WerkgebiedKop(kruimels(links, [(w.weergavenaam, urls.werkgebied(dossier.slug)), *stappen]),
                         w.naam if w.fictief else "", navigatie)


def partij_links(links: Links, dossier: model.Dossier, werkgebied: model.Werkgebied,
                 afks: Iterable[str]) -> tuple[PartijLink, ...]:
    """Party abbreviations with their names and the links to their party pages."""
    result = []
    for afk in afks:
        if afk == model.ALLEN:
            result.append(PartijLink(afk, "alle partijen", ""))
            continue
        partij = werkgebied.partij(afk)
        result.append(PartijLink(afk, partij.naam if partij else afk, links.to(urls.partij(dossier.slug, afk))))
    return tuple(result)


def hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]


getal, euro, datum = formaat.getal, formaat.euro, formaat.datum
