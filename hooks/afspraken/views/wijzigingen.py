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

from typing import Any

from markupsafe import Markup

from .. import formaat, model, templating
from ..diff import SOORTEN, Veldwijziging, Wijzigingen, Woord, woorden
from ..diff_formats import lijst_verschil, waarde_tekst
from ..render import markdown_html, plain_lines, short
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

    naam: str  # in words: "Thema D, inleiding", not the path themas › D › inleiding
    soort: str
    woorden: tuple[Stuk, ...] | None  # the diff of the text as a reader sees it, without Markdown
    toegevoegd: tuple[str, ...]
    verwijderd: tuple[str, ...]
    van: str | None  # None: the field is new
    tot: str | None  # None: the field is gone
    nu: Markup  # the new text rendered (sanitized), when it is a text with Markdown; else empty


# What a field of a YAML file is called on the page. A path (diff.Veldwijziging.pad) is read in parts:
# a list (mijlpalen, kengetallen, ...) and the name of its item, then the field of that item.
_VELDEN = {
    "thema": "thema", "onderwerp": "onderwerp", "sub_onderwerp": "sub-onderwerp", "inhoud": "tekst van de afspraak",
    "resultaat": "resultaat", "jaarschijf": "jaarschijf", "looptijd": "looptijd", "periode": "periode",
    "van": "begin", "tot": "einde", "planning": "planning", "trekkers": "trekkers", "betrokken": "betrokken",
    "eenheid": "eenheid", "toelichting": "toelichting", "bedrag": "bedrag", "bedrag_tekst": "bedrag volgens de bron",
    "grootboek": "grootboek", "soort": "soort", "regelsoort": "soort regel", "succesfactor": "kritische succesfactor",
    "streefwaarde": "streefwaarde", "norm": "norm", "richting": "richting", "meting": "meting",
    "categorie": "categorie", "maatregel": "maatregel", "afbakening": "afbakening",
    "afhankelijkheden": "afhankelijkheden", "randvoorwaarden": "randvoorwaarden", "naam": "naam",
    "gemeente": "gemeente", "gemeenten": "gemeenten", "gebied": "gebied", "titel": "titel", "inleiding": "inleiding",
    "visie": "visie", "rol": "rol", "personen": "mensen",
}
_LIJSTEN = {"themas": "thema", "partijen": "partij", "mijlpalen": "mijlpaal", "kengetallen": "kengetal",
            "budget": "budgetregel", "kpis": "KPI", "risicos": "risico", "bronnen": "bron"}
_CODES = {"themas", "partijen", "bronnen"}  # items named by a code or number, not by a text to quote
_TEKSTEN = {"inhoud", "resultaat", "jaarschijf", "toelichting", "afbakening", "afhankelijkheden", "randvoorwaarden",
            "inleiding", "visie"}  # Markdown fields


def veldnaam(pad: tuple[str, ...]) -> str:
    """("themas", "D", "inleiding") -> "Thema D, inleiding"; ("kengetallen", "Nieuwbouw (WD)", "2024") ->
    "Kengetal ‘Nieuwbouw (WD)’, 2024"; ("looptijd", "tot") -> "Looptijd, einde"."""
    delen, i = [], 0
    while i < len(pad):
        deel = pad[i]
        if deel in _LIJSTEN and i + 1 < len(pad):
            item = pad[i + 1]
            delen.append(f"{_LIJSTEN[deel]} {item}" if deel in _CODES else f"{_LIJSTEN[deel]} ‘{item}’")
            i += 2
            continue
        delen.append(_VELDEN.get(deel, deel))
        i += 1
    return common.hoofdletter(", ".join(delen))


def _is_getal(pad: tuple[str, ...]) -> bool:
    """A value that is an amount or a measure (formatted as 12.500 or 0,8), not a year or a code."""
    if "kengetallen" in pad:
        return pad[-1] not in ("eenheid", "toelichting")
    return pad[-1] in ("bedrag", "streefwaarde", "norm")


def _waarde(pad: tuple[str, ...], value: Any) -> str:
    """A value as the rest of the site writes it: € 25.000, 0,8, text without its Markdown (a line per
    paragraph, which the stylesheet shows as a line break)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str) and pad[-1] in _TEKSTEN:
            return plain_lines(value)  # its paragraphs and list items on lines of their own
        return waarde_tekst(value)
    if pad[-1] == "bedrag":
        return formaat.euro(value)
    return formaat.getal(value) if _is_getal(pad) or isinstance(value, float) else str(value)


def veld(v: Veldwijziging) -> Veld:
    tekst = v.is_tekst
    # The word diff of what a reader sees: the texts without Markdown, so no "###" or "**" among the words.
    runs = stukken(woorden(_waarde(v.pad, v.van), _waarde(v.pad, v.tot))) if tekst else None
    added, removed = lijst_verschil(v) if not tekst else ([], [])
    nu = markdown_html(v.tot) if tekst and v.pad[-1] in _TEKSTEN and isinstance(v.tot, str) else Markup("")
    if "<" not in nu.removeprefix("<p>").removesuffix("</p>"):
        nu = Markup("")  # one plain paragraph: the word diff already reads as that text
    return Veld(veldnaam(v.pad), v.soort, runs, tuple(str(x) for x in added), tuple(str(x) for x in removed),
                _waarde(v.pad, v.van) if v.van is not None else None, _waarde(v.pad, v.tot) if v.tot is not None else None,
                nu)


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
        toegevoegd=tuple(AfspraakRegel(anker(a.nr), a.nr, href(w.tot, a), short(a.inhoud, 200)) for a in w.toegevoegd),
        vervallen=tuple(AfspraakRegel(vervallen_anker(a.nr), a.nr, href(w.van, a), short(a.inhoud, 200))
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


def wijzigingen_links(links: Links, slug: str, paginas: Iterable[Wijzigingen],
                      actief: Wijzigingen | None = None) -> tuple[WijzigingenItem, ...]:
    """Every Wijzigingen page of a werkgebied, newest first; `actief` is the page being read."""
    items = []
    for w in reversed(tuple(paginas)):
        aantallen = w.aantallen()
        items.append(WijzigingenItem(
            f"Van {common.versie_tekst(w.van)} naar {common.versie_tekst(w.tot)}", links.to(urls.wijzigingen(slug, w.van, w.tot)),
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
        return common.Kruimel(common.versie_tekst(label), links.to(urls.versie(slug, label)))

    return WijzigingenPagina(
        kop=common.kop(links, dossier, [(f"Wijzigingen {van} → {tot}", urls.wijzigingen(slug, van, tot))],
                       navigatie(site, links, dossier, site.versie(slug, tot)[1])),
        van=versie(van), tot=versie(tot), concept=tot == model.CONCEPT, sectie=sectie(w, link),
        alle=wijzigingen_links(links, slug, historie.paginas, actief=w),
    )


def pagina(site: Site, links: Links, slug: str, van: str, tot: str) -> str:
    return templating.render("wijzigingen.html", pagina=gegevens(site, links, slug, van, tot))
