"""Small pieces every page uses: stoplicht badges and legend, banners, breadcrumbs, numbers and dates."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from .. import model
from ..render import esc
from . import urls
from .site import Historie
from .urls import Links

# Every status has its own shape and text, so colour is never the only signal (WCAG 1.4.1).
STOPLICHT_UITLEG = {
    "groen": "loopt volgens planning",
    "oranje": "aandacht nodig; gaat naar het bestuurlijk overleg",
    "rood": "loopt niet volgens afspraak; gaat naar het bestuurlijk overleg",
    "afgerond": "de afspraak is uitgevoerd",
    "niet gestart": "nog niet begonnen",
    "vervallen": "de afspraak geldt niet meer",
}
GEEN_STATUS = "geen status"
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
ROL = {"trekker": "trekker", "betrokken": "betrokken", model.ALLEN: "trekker (alle partijen)"}


def css_status(status: str) -> str:
    return status.replace(" ", "-")


def stoplicht(status: str | None) -> str:
    """Icon, text label and colour of a status. The icon is drawn by CSS (`.pa-stoplicht--<status>::before`,
    a distinct shape per status, hidden from screen readers because it has no text) rather than an inline
    SVG: a badge is one tag, and a big theme page has hundreds of them."""
    status = status or GEEN_STATUS
    return f'<span class="pa-stoplicht pa-stoplicht--{css_status(status)}" data-status="{esc(status)}">{esc(status)}</span>'


def legenda() -> str:
    items = "".join(
        f"<li>{stoplicht(status)} <span>{esc(uitleg)}</span></li>" for status, uitleg in STOPLICHT_UITLEG.items()
    )
    return (f'<div class="pa-legenda"><p class="pa-legenda__kop">Legenda stoplicht</p>'
            f'<ul class="pa-legenda__lijst">{items}</ul></div>')


def telling(statussen: Iterable[str]) -> Counter[str]:
    return Counter(statussen)


def telling_tekst(counts: Counter[str]) -> str:
    """`3 groen, 1 oranje`: the counts as a sentence, in the order of the stoplicht model."""
    parts = [f"{counts[s]} {s}" for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s)]
    return ", ".join(parts) or "geen statussen"


def telling_balk(counts: Counter[str]) -> str:
    """A stacked bar of the counts that also reads as text: the bar is decoration, the list says it."""
    total = sum(counts.values())
    if not total:
        return '<p class="pa-telling">geen statussen</p>'
    segments = "".join(
        f'<span class="pa-balk__deel pa-balk__deel--{css_status(s)}" style="flex-grow:{counts[s]}"></span>'
        for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s)
    )
    items = "".join(
        f"<li>{stoplicht(s)} <span class='pa-telling__getal'>{counts[s]}</span></li>"
        for s in (*model.STATUSSEN, GEEN_STATUS) if counts.get(s)
    )
    return (f'<div class="pa-telling"><div class="pa-balk" aria-hidden="true">{segments}</div>'
            f'<ul class="pa-telling__lijst">{items}</ul></div>')


def fictief_banner(werkgebied: model.Werkgebied) -> str:
    if not werkgebied.fictief:
        return ""
    return ('<div class="admonition warning pa-fictief" role="note"><p class="admonition-title">Fictief voorbeeld</p>'
            f'<p>{esc(werkgebied.naam)} is een verzonnen werkgebied. De afspraken, bedragen en statussen op deze '
            'pagina laten zien hoe de site werkt; ze gaan niet over een echte gemeente.</p></div>')


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


def kruimelpad(links: Links, stappen: Sequence[tuple[str, str]]) -> str:
    """Breadcrumbs: (text, root-relative URL) pairs; the last one is the current page."""
    items = [f'<li><a href="{esc(links.to(""))}">Home</a></li>']
    for index, (tekst, url) in enumerate(stappen):
        if index == len(stappen) - 1:
            items.append(f'<li aria-current="page">{esc(tekst)}</li>')
        else:
            items.append(f'<li><a href="{esc(links.to(url))}">{esc(tekst)}</a></li>')
    return f'<nav class="pa-kruimelpad" aria-label="Kruimelpad" data-search-exclude><ol>{"".join(items)}</ol></nav>'


def werkgebied_kop(links: Links, dossier: model.Dossier, stappen: Sequence[tuple[str, str]]) -> str:
    """Breadcrumbs and the fictief banner: the top of every page of a werkgebied."""
    naam = dossier.werkgebied.weergavenaam
    return kruimelpad(links, [(naam, urls.werkgebied(dossier.slug)), *stappen]) + fictief_banner(dossier.werkgebied)


def partij_namen(links: Links, dossier: model.Dossier, werkgebied: model.Werkgebied, afks: Iterable[str]) -> str:
    """Party abbreviations as links to their party pages, with the full name for screen readers and hover."""
    parts = []
    for afk in afks:
        if afk == model.ALLEN:
            parts.append("alle partijen")
            continue
        partij = werkgebied.partij(afk)
        naam = partij.naam if partij else afk
        parts.append(f'<a href="{esc(links.to(urls.partij(dossier.slug, afk)))}" title="{esc(naam)}">'
                     f'<abbr title="{esc(naam)}">{esc(afk)}</abbr></a>')
    return ", ".join(parts)


def getal(value: float | int | None) -> str:
    """Dutch notation: 12.500 and 1,5; None is unknown."""
    if value is None:
        return "onbekend"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]


def datum(text: str) -> str:
    """2023-09-15 -> 15 september 2023; 2022-12 -> december 2022; anything else as it is."""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MAANDEN[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MAANDEN[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return text


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
