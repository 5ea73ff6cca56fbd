"""The Wijzigingen section of a page: counts per kind, then each afspraak with its field diffs.

A pure function from `Wijzigingen` to an HTML string, plus `pagina`, the site's Wijzigingen page around
it. Every piece of text comes from YAML and is escaped here (never rendered as Markdown): a diff is
built from untrusted text. Inserted and deleted words are <ins> and <del>: underlined and struck
through, with a visible "+" or "−" (not colour alone), and visually hidden words "ingevoegd:" /
"verwijderd:" for screen readers. Their styles are in docs/assets/afspraken.css.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from .. import model
from ..diff import SOORTEN, Veldwijziging, Wijzigingen, Woord
from ..diff_formats import kort, lijst_verschil, waarde_tekst
from . import common, urls
from .site import Site
from .urls import Links

# (version label, afspraak) -> the href of that afspraak in that version; None leaves out links.
AfspraakLink = Callable[[str, model.Afspraak], str]

_AANTAL_NAMEN = {"toegevoegd": "Toegevoegd", "vervallen": "Vervallen", "gewijzigd": "Gewijzigd",
                 "hernummerd": "waarvan hernummerd", "ongewijzigd": "Ongewijzigd"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def ingevoegd_html(text: str) -> str:
    return (f'<ins><span class="afspraken-sr">ingevoegd: </span>'
            f'<span class="afspraken-teken" aria-hidden="true">+</span>{_e(text)}</ins>')


def verwijderd_html(text: str) -> str:
    return (f'<del><span class="afspraken-sr">verwijderd: </span>'
            f'<span class="afspraken-teken" aria-hidden="true">−</span>{_e(text)}</del>')


def woorden_html(woorden: Iterable[Woord]) -> str:
    """A word diff. Whitespace at the edge of a change stays outside the mark, and a change of
    whitespace only is shown as plain text: a "+" with nothing visible after it says nothing."""
    parts = []
    for woord in woorden:
        if woord.soort == "gelijk" or not woord.tekst.strip():
            parts.append(_e(woord.tekst) if woord.soort != "verwijderd" else " ")  # HTML folds the spaces
            continue
        kern = woord.tekst.strip()
        voor, na = woord.tekst[: len(woord.tekst) - len(woord.tekst.lstrip())], woord.tekst[len(woord.tekst.rstrip()):]
        mark = ingevoegd_html(kern) if woord.soort == "ingevoegd" else verwijderd_html(kern)
        parts.append(_e(voor) + mark + _e(na))
    return "".join(parts)


def veld_html(veld: Veldwijziging) -> str:
    """One field change as a list item: the field, its kind, and old/new or the word diff."""
    head = f'<li><span class="afspraken-veld">{_e(veld.naam)}</span> <span class="afspraken-soort">({_e(veld.soort)})</span>: '
    if veld.woorden is not None:
        return f'{head}<span class="afspraken-tekstdiff">{woorden_html(veld.woorden)}</span></li>'
    added, removed = lijst_verschil(veld)
    if added or removed:
        items = [ingevoegd_html(x) for x in added] + [verwijderd_html(x) for x in removed]
        return head + " ".join(items) + "</li>"
    old = verwijderd_html(waarde_tekst(veld.van)) if veld.van is not None else "<span>(nieuw)</span>"
    new = ingevoegd_html(waarde_tekst(veld.tot)) if veld.tot is not None else "<span>(vervallen)</span>"
    return f"{head}{old} → {new}</li>"


def velden_html(velden: Iterable[Veldwijziging]) -> str:
    items = "".join(veld_html(v) for v in velden)
    return f'<ul class="afspraken-velden">{items}</ul>' if items else ""


def anker(nr: str) -> str:
    """The id of an added or changed afspraak on a Wijzigingen page: its nr in the newer version, so a
    timeline can link straight to it."""
    return nr


def vervallen_anker(nr: str) -> str:
    """The id of a dropped afspraak: its nr in the older version, prefixed, since an added afspraak
    may take over that nr."""
    return f"vervallen-{nr}"


def _nr(nr: str, label: str, afspraak: model.Afspraak | None, link: AfspraakLink | None) -> str:
    if link is None or afspraak is None:
        return f"<strong>{_e(nr)}</strong>"
    return f'<a href="{_e(link(label, afspraak))}"><strong>{_e(nr)}</strong></a>'


def wijzigingen_html(w: Wijzigingen, *, niveau: int = 2, link: AfspraakLink | None = None) -> str:
    """The whole section; `niveau` is the heading level of its title (sub-headings go one deeper).
    With `link`, every afspraak number links to the afspraak in the version it is shown from."""
    h, sub = f"h{niveau}", f"h{min(niveau + 1, 6)}"
    counts = w.aantallen()
    out = [f'<section class="afspraken-wijzigingen" aria-labelledby="wijzigingen-{_e(w.van)}-{_e(w.tot)}">',
           f'<{h} id="wijzigingen-{_e(w.van)}-{_e(w.tot)}">Wijzigingen van {_e(w.van)} naar {_e(w.tot)}</{h}>',
           "<p>Doorgehaalde woorden met een − zijn verwijderd, onderstreepte woorden met een + zijn ingevoegd.</p>",
           '<table class="afspraken-aantallen pa-tabel"><caption>Aantal afspraken per soort wijziging</caption>',
           '<thead><tr><th scope="col">Wijziging</th><th scope="col">Afspraken</th></tr></thead><tbody>']
    out += [f'<tr><th scope="row">{name}</th><td>{counts[key]}</td></tr>' for key, name in _AANTAL_NAMEN.items()]
    out.append('</tbody><tbody><tr><th scope="colgroup" colspan="2">Gewijzigd, per soort</th></tr>')
    out += [f'<tr><th scope="row">{soort}</th><td>{counts[soort]}</td></tr>' for soort in SOORTEN]
    out.append("</tbody></table>")
    if w.leeg:
        out.append("<p>Geen wijzigingen.</p>")
    if w.werkgebied_velden:
        out += [f"<{sub}>Werkgebied</{sub}>", velden_html(w.werkgebied_velden)]
    for title, afspraken in (("Toegevoegd", w.toegevoegd), ("Vervallen", w.vervallen)):
        if afspraken:
            label, id_van = (w.tot, anker) if title == "Toegevoegd" else (w.van, vervallen_anker)
            items = "".join(f'<li id="{_e(id_van(a.nr))}">{_nr(a.nr, label, a, link)}: {_e(kort(a.inhoud, 200))}</li>'
                            for a in afspraken)
            out += [f"<{sub}>{title}</{sub}>", f'<ul class="afspraken-{title.lower()}">{items}</ul>']
    if w.gewijzigd:
        out.append(f"<{sub}>Gewijzigd</{sub}>")
        for change in w.gewijzigd:
            was = f" (was {_e(change.vorig_nr)})" if change.hernummerd else ""
            soorten = ", ".join(change.soorten) or "alleen hernummerd"
            out.append(f'<article class="afspraken-gewijzigd" id="{_e(anker(change.nr))}"><p>{_nr(change.nr, w.tot, change.tot, link)}{was}: '
                       f"{_e(soorten)}</p>{velden_html(change.velden)}</article>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def wijzigingen_lijst(links: Links, slug: str, paginas: Iterable[Wijzigingen], actief: Wijzigingen | None = None) -> str:
    """Links to every Wijzigingen page of a werkgebied, newest first; `actief` is the page being read."""
    items = []
    for w in reversed(tuple(paginas)):
        current = ' aria-current="page"' if actief is not None and (w.van, w.tot) == (actief.van, actief.tot) else ""
        tekst = f"Van {_versie(w.van)} naar {_versie(w.tot)}"
        aantallen = w.aantallen()
        samenvatting = (f"{aantallen['toegevoegd']} toegevoegd, {aantallen['vervallen']} vervallen, "
                        f"{aantallen['gewijzigd']} gewijzigd")
        items.append(f'<li><a href="{_e(links.to(urls.wijzigingen(slug, w.van, w.tot)))}"{current}>{tekst}</a> '
                     f'<span class="pa-klein">({samenvatting})</span></li>')
    return f'<ul class="pa-wijzigingenlijst">{"".join(items)}</ul>' if items else ""


def _versie(label: str) -> str:
    return "het concept" if label == model.CONCEPT else f"versie {_e(label)}"


def pagina(site: Site, links: Links, slug: str, van: str, tot: str) -> str:
    """The site's page of what changed from version `van` to `tot`."""
    dossier = site.dossier(slug)
    historie = site.historie(slug)
    w = historie.pagina(van, tot)
    if w is None:
        raise LookupError(f"geen wijzigingenpagina van '{van}' naar '{tot}' in werkgebied '{slug}'")

    def link(label: str, afspraak: model.Afspraak) -> str:
        return links.to(urls.afspraak(slug, label, afspraak.thema, afspraak.nr))

    def versie_link(label: str) -> str:
        return f'<a href="{_e(links.to(urls.versie(slug, label)))}">{_versie(label)}</a>'

    parts = [common.werkgebied_kop(links, dossier, [(f"Wijzigingen {van} → {tot}", urls.wijzigingen(slug, van, tot))])]
    if tot == model.CONCEPT:
        parts.append('<div class="admonition info pa-versiebanner" role="note"><p class="admonition-title">Concept</p>'
                     f'<p>Deze wijzigingen zijn nog niet vastgesteld. Ze staan in {versie_link(tot)} en gelden pas '
                     f'als ze in een nieuwe versie zijn vastgesteld. Nu geldt {versie_link(van)}.</p></div>')
    parts.append(f'<p class="pa-ondertitel">Wat er is veranderd van {versie_link(van)} naar {versie_link(tot)}, '
                 "per afspraak. Elk afspraaknummer linkt naar de afspraak in de versie waar het om gaat.</p>")
    parts.append(wijzigingen_html(w, niveau=2, link=link))
    andere = wijzigingen_lijst(links, slug, historie.paginas, actief=w)
    parts.append(f'<nav aria-label="Alle wijzigingen"><h2 id="alle-wijzigingen">Alle wijzigingen</h2>{andere}</nav>')
    return common.blok("".join(parts))
