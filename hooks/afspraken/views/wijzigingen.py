"""The Wijzigingen section of a page: counts per kind, then each afspraak with its field diffs.

`sectie` turns `Wijzigingen` into the data of that section, templates/partials/wijzigingen.html into
HTML; `pagina` is the site's Wijzigingen page around it. Every piece of text comes from YAML: a diff is
built from untrusted text. Inserted and deleted words are <ins> and <del>: underlined and struck
through, with a visible "+" or "−" (not colour alone), and visually hidden words "ingevoegd:" /
"verwijderd:" for screen readers. Their styles are in docs/assets/afspraken.css.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import model, templating
from ..diff import SOORTEN, Veldwijziging, Wijzigingen, Woord
from ..diff_formats import kort, lijst_verschil, waarde_tekst
from . import common, urls
from .navigatie import navigatie
from .site import Site
from .urls import Links

# (version label, afspraak) -> the href of that afspraak in that version; None leaves out links.
AfspraakLink = Callable[[str, model.Afspraak], str]

_AANTAL_NAMEN = {"toegevoegd": "Toegevoegd", "vervallen": "Vervallen", "gewijzigd": "Gewijzigd",
                 "hernummerd": "waarvan hernummerd", "ongewijzigd": "Ongewijzigd"}


@dataclass(frozen=True)
class Stuk:
    """A run of a word diff: soort 'tekst', 'ingevoegd' or 'verwijderd'; only a change has a `voor`
    and `na` (the whitespace at its edges, which stays outside the mark)."""

    soort: str
    tekst: str
    voor: str = ""
    na: str = ""


def stukken(woorden: Iterable[Woord]) -> tuple[Stuk, ...]:
    """A word diff as runs to show. A change of whitespace only is plain text: a "+" with nothing
    visible after it says nothing."""
    result = []
    for woord in woorden:
        if woord.soort == "gelijk" or not woord.tekst.strip():
            result.append(Stuk("tekst", woord.tekst if woord.soort != "verwijderd" else " "))  # HTML folds spaces
            continue
        kern = woord.tekst.strip()
        voor, na = woord.tekst[: len(woord.tekst) - len(woord.tekst.lstrip())], woord.tekst[len(woord.tekst.rstrip()):]
        result.append(Stuk(woord.soort, kern, voor, na))
    return tuple(result)


@dataclass(frozen=True)
class Veld:
    """One field change: the word diff of a text, who was added or removed from a list, or old -> new."""

    naam: str
    soort: str
    woorden: tuple[Stuk, ...] | None
    toegevoegd: tuple[str, ...]
    verwijderd: tuple[str, ...]
    van: str | None  # None: the field is new
    tot: str | None  # None: the field is gone


def veld(v: Veldwijziging) -> Veld:
    woorden = stukken(v.woorden) if v.woorden is not None else None
    added, removed = lijst_verschil(v) if woorden is None else ([], [])
    return Veld(v.naam, v.soort, woorden, tuple(str(x) for x in added), tuple(str(x) for x in removed),
                waarde_tekst(v.van) if v.van is not None else None, waarde_tekst(v.tot) if v.tot is not None else None)


def anker(nr: str) -> str:
    """The id of an added or changed afspraak on a Wijzigingen page: its nr in the newer version, so a
    timeline can link straight to it."""
    return nr


def vervallen_anker(nr: str) -> str:
    """The id of a dropped afspraak: its nr in the older version, prefixed, since an added afspraak
    may take over that nr."""
    return f"vervallen-{nr}"


@dataclass(frozen=True)
class AfspraakRegel:
    """An added or dropped afspraak."""

    id: str
    nr: str
    href: str  # "" without links
    tekst: str


@dataclass(frozen=True)
class Gewijzigd:
    id: str
    nr: str
    href: str
    was: str  # the nr in the older version when renumbered
    soorten: str
    velden: tuple[Veld, ...]


@dataclass(frozen=True)
class Sectie:
    van: str
    tot: str
    aantallen: tuple[tuple[str, int], ...]
    per_soort: tuple[tuple[str, int], ...]
    leeg: bool
    werkgebied_velden: tuple[Veld, ...]
    toegevoegd: tuple[AfspraakRegel, ...]
    vervallen: tuple[AfspraakRegel, ...]
    gewijzigd: tuple[Gewijzigd, ...]


def sectie(w: Wijzigingen, link: AfspraakLink | None = None) -> Sectie:
    """With `link`, every afspraak number links to the afspraak in the version it is shown from."""
    def href(label: str, afspraak: model.Afspraak | None) -> str:
        return link(label, afspraak) if link is not None and afspraak is not None else ""

    counts = w.aantallen()
    return Sectie(
        van=w.van, tot=w.tot,
        aantallen=tuple((naam, counts[key]) for key, naam in _AANTAL_NAMEN.items()),
        per_soort=tuple((soort, counts[soort]) for soort in SOORTEN),
        leeg=w.leeg,
        werkgebied_velden=tuple(veld(v) for v in w.werkgebied_velden),
        toegevoegd=tuple(AfspraakRegel(anker(a.nr), a.nr, href(w.tot, a), kort(a.inhoud, 200)) for a in w.toegevoegd),
        vervallen=tuple(AfspraakRegel(vervallen_anker(a.nr), a.nr, href(w.van, a), kort(a.inhoud, 200))
                        for a in w.vervallen),
        gewijzigd=tuple(Gewijzigd(anker(c.nr), c.nr, href(w.tot, c.tot), c.vorig_nr if c.hernummerd else "",
                                  ", ".join(c.soorten) or "alleen hernummerd", tuple(veld(v) for v in c.velden))
                        for c in w.gewijzigd),
    )


def wijzigingen_html(w: Wijzigingen, *, niveau: int = 2, link: AfspraakLink | None = None) -> str:
    """The whole section on its own; `niveau` is the heading level of its title."""
    return str(templating.macro("partials/wijzigingen.html", "wijzigingen")(sectie(w, link), niveau))


@dataclass(frozen=True)
class WijzigingenItem:
    """A link to one Wijzigingen page of a werkgebied."""

    tekst: str
    href: str
    samenvatting: str
    actief: bool
    van: str  # the labels compared, for docs/assets/versies.js
    tot: str


def versie_tekst(label: str) -> str:
    return "het concept" if label == model.CONCEPT else f"versie {label}"


def wijzigingen_links(links: Links, slug: str, paginas: Iterable[Wijzigingen],
                      actief: Wijzigingen | None = None) -> tuple[WijzigingenItem, ...]:
    """Every Wijzigingen page of a werkgebied, newest first; `actief` is the page being read."""
    items = []
    for w in reversed(tuple(paginas)):
        aantallen = w.aantallen()
        items.append(WijzigingenItem(
            f"Van {versie_tekst(w.van)} naar {versie_tekst(w.tot)}", links.to(urls.wijzigingen(slug, w.van, w.tot)),
            f"{aantallen['toegevoegd']} toegevoegd, {aantallen['vervallen']} vervallen, {aantallen['gewijzigd']} gewijzigd",
            actief is not None and (w.van, w.tot) == (actief.van, actief.tot), w.van, w.tot))
    return tuple(items)


@dataclass(frozen=True)
class WijzigingenPagina:
    kop: common.WerkgebiedKop
    van: common.Kruimel  # "versie 2023" and its link
    tot: common.Kruimel
    concept: bool  # the newer side is the concept: not vastgesteld yet
    sectie: Sectie
    alle: tuple[WijzigingenItem, ...]


def gegevens(site: Site, links: Links, slug: str, van: str, tot: str) -> WijzigingenPagina:
    """The site's page of what changed from version `van` to `tot`."""
    dossier = site.dossier(slug)
    historie = site.historie(slug)
    w = historie.pagina(van, tot)
    if w is None:
        raise LookupError(f"geen wijzigingenpagina van '{van}' naar '{tot}' in werkgebied '{slug}'")

    def link(label: str, afspraak: model.Afspraak) -> str:
        return links.to(urls.afspraak(slug, label, afspraak.thema, afspraak.nr))

    def versie(label: str) -> common.Kruimel:
        return common.Kruimel(versie_tekst(label), links.to(urls.versie(slug, label)))

    return WijzigingenPagina(
        kop=common.kop(links, dossier, [(f"Wijzigingen {van} → {tot}", urls.wijzigingen(slug, van, tot))],
                       navigatie(site, links, dossier, site.versie(slug, tot)[1])),
        van=versie(van), tot=versie(tot), concept=tot == model.CONCEPT, sectie=sectie(w, link),
        alle=wijzigingen_links(links, slug, historie.paginas, actief=w),
    )


def pagina(site: Site, links: Links, slug: str, van: str, tot: str) -> str:
    return templating.render("wijzigingen.html", pagina=gegevens(site, links, slug, van, tot))
