"""Small pieces every page uses: stoplicht badges and legend, banners, breadcrumbs, numbers and dates."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .. import formaat, model, templating
from ..render import esc
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


def stoplicht(status: str | None) -> str:
    return str(templating.macro("partials/stoplicht.html", "stoplicht")(status))


def legenda() -> str:
    return str(templating.macro("partials/stoplicht.html", "legenda")())


def telling(statussen: Iterable[str]) -> Counter[str]:
    return Counter(statussen)


def telling_tekst(counts: Counter[str]) -> str:
    """`3 groen, 1 oranje`: the counts as a sentence, in the order of the stoplicht model."""
    parts = [f"{counts[s]} {s}" for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s)]
    return ", ".join(parts) or "geen statussen"


def telling_lijst(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """The counts in the order of the stoplicht model, leaving out the statuses nobody has."""
    return tuple((s, counts[s]) for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s))


def telling_balk(counts: Counter[str]) -> str:
    return str(templating.macro("partials/stoplicht.html", "telling_balk")(telling_lijst(counts)))


def fictief_banner(werkgebied: model.Werkgebied) -> str:
    return str(templating.macro("partials/kop.html", "fictief_banner")(werkgebied.naam if werkgebied.fictief else ""))


def versie_banner(links: Links, dossier: model.Dossier, versie: model.Versie, pad: str = "",
                  historie: Historie | None = None) -> str:
    """Tell the reader which version this is when it is not the one in force, with a link to the current
    version and, given the `historie`, to the page of what changed since.
    `pad` is the part after the version in the URL (a theme), so the banner links to the same place."""
    huidige = dossier.huidige
    huidige_link = ""
    if huidige is not None:
        huidige_link = (f'<a href="{esc(links.to(urls.versie(dossier.slug, huidige.label) + pad))}">'
                        f'versie {esc(huidige.label)}</a>')
    if versie.is_concept:
        extra = f" De vastgestelde versie is {huidige_link}." if huidige_link else ""
        stap = historie.naar(versie.label) if historie else None
        if stap is not None:
            extra += (f' <a href="{esc(links.to(urls.wijzigingen(dossier.slug, stap.van, stap.tot)))}">'
                      f"Bekijk wat er verandert ten opzichte van versie {esc(stap.van)}</a>.")
        return ('<div class="admonition info pa-versiebanner" role="note"><p class="admonition-title">Lopende afspraken (concept)</p>'
                '<p>Dit zijn de lopende afspraken zoals ze nu in de repository staan, inclusief voorstellen '
                f'die nog niet zijn vastgesteld.{extra}</p></div>')
    stap = historie.na(versie.label) if historie else None
    sinds = ""
    if stap is not None:
        naar = "het concept" if stap.tot == model.CONCEPT else f"versie {esc(stap.tot)}"
        sinds = (f' <a href="{esc(links.to(urls.wijzigingen(dossier.slug, stap.van, stap.tot)))}">'
                 f"Wat is er veranderd van versie {esc(stap.van)} naar {naar}?</a>")
    if versie.status == "ingetrokken":
        nu = f" De huidige versie is {huidige_link}." if huidige_link else ""
        return ('<div class="admonition danger pa-versiebanner" role="note"><p class="admonition-title">Ingetrokken versie</p>'
                f'<p>Versie {esc(versie.label)} is ingetrokken en geldt niet.{nu}{sinds}</p></div>')
    if huidige is not None and huidige.label != versie.label:
        return ('<div class="admonition warning pa-versiebanner" role="note"><p class="admonition-title">Oudere versie</p>'
                f'<p>U leest versie {esc(versie.label)}. De huidige versie is {huidige_link}.{sinds}</p></div>')
    return ""


def versie_kiezer(links: Links, dossier: model.Dossier, actief: str,
                  doel: Callable[[model.Versie], tuple[str, str]]) -> str:
    """Links to every version (oldest first, then the concept); `actief` is the label being read.
    `doel(versie)` gives the root-relative URL to go to in that version and a text for screen readers
    when that is not the same place (a theme the version does not have)."""
    if not dossier.versies:
        return ""  # only the concept: nothing to choose
    huidige = dossier.huidige
    items = []
    for versie in (*dossier.versies, dossier.concept):
        url, anders = doel(versie)
        tekst = "concept" if versie.is_concept else esc(versie.label)
        if huidige is not None and versie.label == huidige.label:
            tekst += ' <span class="pa-klein">(geldend)</span>'
        elif versie.status == "ingetrokken":
            tekst += ' <span class="pa-klein">(ingetrokken)</span>'
        if anders:
            tekst += f'<span class="pa-sr"> ({esc(anders)})</span>'
        current = ' aria-current="page"' if versie.label == actief else ""
        items.append(f'<li><a href="{esc(links.to(url))}"{current}>{tekst}</a></li>')
    return (f'<nav class="pa-versies" aria-label="Versies" data-search-exclude>'
            f'<span class="pa-versies__kop" aria-hidden="true">Versie:</span><ul>{"".join(items)}</ul></nav>')


def versie_naam(versie: model.Versie) -> str:
    return "lopende afspraken (concept)" if versie.is_concept else f"versie {versie.label}"


def kruimels(links: Links, stappen: Sequence[tuple[str, str]]) -> tuple[Kruimel, ...]:
    """Breadcrumbs from Home: (text, root-relative URL) pairs; the last one is the current page."""
    return (Kruimel("Home", links.to("")), *(Kruimel(tekst, links.to(url)) for tekst, url in stappen))


def kop(links: Links, dossier: model.Dossier, stappen: Sequence[tuple[str, str]]) -> WerkgebiedKop:
    """The top of a page of the werkgebied, `stappen` the breadcrumbs after the werkgebied itself."""
    w = dossier.werkgebied
    return WerkgebiedKop(kruimels(links, [(w.weergavenaam, urls.werkgebied(dossier.slug)), *stappen]),
                         w.naam if w.fictief else "")


def kruimelpad(links: Links, stappen: Sequence[tuple[str, str]]) -> str:
    return str(templating.macro("partials/kop.html", "kruimelpad")(kruimels(links, stappen)))


def werkgebied_kop(links: Links, dossier: model.Dossier, stappen: Sequence[tuple[str, str]]) -> str:
    return str(templating.macro("partials/kop.html", "werkgebied_kop")(kop(links, dossier, stappen)))


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


def partij_namen(links: Links, dossier: model.Dossier, werkgebied: model.Werkgebied, afks: Iterable[str]) -> str:
    return str(templating.macro("partials/partij.html", "partij_namen")(partij_links(links, dossier, werkgebied, afks)))


def hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]


getal, euro, datum = formaat.getal, formaat.euro, formaat.datum


def tabel(koppen: Sequence[str], rijen: Iterable[Sequence[str]], *, klasse: str = "", bijschrift: str = "",
          rechts: Sequence[int] = (), voet: Sequence[str] = ()) -> str:
    """A table from cells that are already HTML. `rechts`: column indexes aligned right (numbers)."""
    def cel(tag: str, index: int, inhoud: str) -> str:
        align = ' class="pa-getal"' if index in rechts else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{align}{scope}>{inhoud}</{tag}>"

    caption = f"<caption>{bijschrift}</caption>" if bijschrift else ""
    # Spaces between cells keep words apart in the search index, which reads the text without the tags.
    head = " ".join(cel("th", i, k) for i, k in enumerate(koppen))
    body = "\n".join("<tr>" + " ".join(cel("td", i, c) for i, c in enumerate(rij)) + "</tr>" for rij in rijen)
    foot = ("<tfoot><tr>" + " ".join(cel("td", i, c) for i, c in enumerate(voet)) + "</tr></tfoot>") if voet else ""
    cls = f' class="{klasse}"' if klasse else ""
    return f'<div class="pa-scroll"><table{cls}>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table></div>'


def blok(html: str) -> str:
    """Wrap a view's HTML so Markdown treats it as one raw block and never parses inside it."""
    return f'<div class="pa-blok">{html}</div>'
