"""The Wijzigingen section of a page: counts per kind, then each afspraak with its field diffs.

A pure function from `Wijzigingen` to an HTML string. Every piece of text comes from YAML and is
escaped here (never rendered as Markdown): a diff is built from untrusted text. Inserted and deleted
words are <ins> and <del> (underlined and struck through, not colour alone) and start with visually
hidden words "ingevoegd:" / "verwijderd:" for screen readers. The site's CSS needs `CSS` below.
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..diff import SOORTEN, Veldwijziging, Wijzigingen, Woord
from ..diff_formats import kort, lijst_verschil, waarde_tekst

CSS = """\
.afspraken-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.afspraken-wijzigingen ins { text-decoration: underline; text-decoration-thickness: 2px; }
.afspraken-wijzigingen del { text-decoration: line-through; text-decoration-thickness: 2px; }
"""

_AANTAL_NAMEN = {"toegevoegd": "Toegevoegd", "vervallen": "Vervallen", "gewijzigd": "Gewijzigd",
                 "hernummerd": "waarvan hernummerd", "ongewijzigd": "Ongewijzigd"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def ingevoegd_html(text: str) -> str:
    return f'<ins><span class="afspraken-sr">ingevoegd: </span>{_e(text)}</ins>'


def verwijderd_html(text: str) -> str:
    return f'<del><span class="afspraken-sr">verwijderd: </span>{_e(text)}</del>'


def woorden_html(woorden: Iterable[Woord]) -> str:
    parts = []
    for woord in woorden:
        if woord.soort == "ingevoegd":
            parts.append(ingevoegd_html(woord.tekst))
        elif woord.soort == "verwijderd":
            parts.append(verwijderd_html(woord.tekst))
        else:
            parts.append(_e(woord.tekst))
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


def wijzigingen_html(w: Wijzigingen, *, niveau: int = 2) -> str:
    """The whole section; `niveau` is the heading level of its title (sub-headings go one deeper)."""
    h, sub = f"h{niveau}", f"h{min(niveau + 1, 6)}"
    counts = w.aantallen()
    out = [f'<section class="afspraken-wijzigingen" aria-labelledby="wijzigingen-{_e(w.van)}-{_e(w.tot)}">',
           f'<{h} id="wijzigingen-{_e(w.van)}-{_e(w.tot)}">Wijzigingen van {_e(w.van)} naar {_e(w.tot)}</{h}>',
           "<p>Doorgehaalde woorden zijn verwijderd, onderstreepte woorden zijn ingevoegd.</p>",
           '<table class="afspraken-aantallen"><caption>Aantal afspraken per soort wijziging</caption>',
           '<thead><tr><th scope="col">Wijziging</th><th scope="col">Afspraken</th></tr></thead><tbody>']
    out += [f'<tr><th scope="row">{name}</th><td>{counts[key]}</td></tr>' for key, name in _AANTAL_NAMEN.items()]
    out += [f'<tr><th scope="row">{soort}</th><td>{counts[soort]}</td></tr>' for soort in SOORTEN]
    out.append("</tbody></table>")
    if w.leeg:
        out.append("<p>Geen wijzigingen.</p>")
    if w.werkgebied_velden:
        out += [f"<{sub}>Werkgebied</{sub}>", velden_html(w.werkgebied_velden)]
    for title, afspraken in (("Toegevoegd", w.toegevoegd), ("Vervallen", w.vervallen)):
        if afspraken:
            items = "".join(f"<li><strong>{_e(a.nr)}</strong>: {_e(kort(a.inhoud, 200))}</li>" for a in afspraken)
            out += [f"<{sub}>{title}</{sub}>", f'<ul class="afspraken-{title.lower()}">{items}</ul>']
    if w.gewijzigd:
        out.append(f"<{sub}>Gewijzigd</{sub}>")
        for change in w.gewijzigd:
            was = f" (was {_e(change.vorig_nr)})" if change.hernummerd else ""
            soorten = ", ".join(change.soorten) or "alleen hernummerd"
            out.append(f'<article class="afspraken-gewijzigd"><p><strong>{_e(change.nr)}</strong>{was}: '
                       f"{_e(soorten)}</p>{velden_html(change.velden)}</article>")
    out.append("</section>")
    return "\n".join(out) + "\n"
