"""The timeline of one afspraak as HTML: where it is valid, what changed per version, its stoplicht.

A summary, not the changes themselves: per version the fields that changed and their kind, linking to
the afspraak on the Wijzigingen page of that pair, which has the word-by-word differences. Every theme
page carries a timeline per afspraak, so a full diff here would be repeated on every page of every
version (and parsed again by the search plugin at every build).
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from .. import model
from ..model import CONCEPT
from ..tijdlijn import Stap, Tijdlijn
from .common import datum, stoplicht
from .wijzigingen import anker, vervallen_anker

# (van, tot) -> the href of the Wijzigingen page of that pair, without an anchor.
WijzigingenLink = Callable[[str, str], str]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _versie(label: str) -> str:
    return "het concept" if label == CONCEPT else f"versie {_e(label)}"


def velden_tekst(stap: Stap) -> str:
    """'looptijd, jaarschijf (planning); trekkers (partijen)', after 'hernummerd van B2' if renumbered."""
    parts = [f"hernummerd van {stap.wijziging.vorig_nr}"] if stap.wijziging and stap.wijziging.hernummerd else []
    parts += [f"{', '.join(velden)} ({soort})" for soort, velden in stap.velden]
    return "; ".join(parts)


def _naar(href: str, tekst: str) -> str:
    return f'<a href="{_e(href)}">{tekst}</a>' if href else tekst


def _stap(stap: Stap, link: Callable[[Stap], str] | None, wijzigingen: WijzigingenLink | None) -> str:
    naam = _versie(stap.versie).capitalize()
    if link is not None:
        naam = f'<a href="{_e(link(stap))}">{naam}</a>'
    if not stap.vorige:
        return f"<li>{naam} als {_e(stap.nr)}: in de eerste versie</li>"
    pagina = f"{wijzigingen(stap.vorige, stap.versie)}#" if wijzigingen is not None else ""
    if stap.nieuw:
        what = _naar(pagina and pagina + anker(stap.nr), "toegevoegd")
    elif stap.wijziging is None:
        what = "ongewijzigd"
    else:
        what = _naar(pagina and pagina + anker(stap.nr), _e(velden_tekst(stap) or "gewijzigd"))
    return f"<li>{naam} als {_e(stap.nr)}, ten opzichte van {_versie(stap.vorige)}: {what}</li>"


def tijdlijn_html(t: Tijdlijn, *, niveau: int = 2, link: Callable[[Stap], str] | None = None,
                  wijzigingen: WijzigingenLink | None = None,
                  ronde_link: Callable[[model.Monitoringsronde], str] | None = None, kop: bool = True) -> str:
    """The timeline. With `link`, each version's name links to the afspraak in that version; with
    `wijzigingen`, each change links to the afspraak on the Wijzigingen page of that pair; with
    `ronde_link`, each monitoring round links to its page. `kop=False` leaves out the heading and the
    "geldig in" line, for a place that already says them (the sub-heading is then at `niveau`)."""
    sub = f"h{min(niveau + 1, 6)}" if kop else f"h{niveau}"
    out = ['<section class="afspraken-tijdlijn">']
    if kop:
        out += [f"<h{niveau}>Geschiedenis van afspraak {_e(t.nr)}</h{niveau}>",
                f'<p class="afspraken-geldig">{_e(t.geldig[:1].upper() + t.geldig[1:])}.</p>']
    out.append('<ol class="pa-stappen">')
    out += [_stap(stap, link, wijzigingen) for stap in t.stappen]
    if t.vervallen_in:
        laatste = t.stappen[-1]
        pagina = wijzigingen(laatste.versie, t.vervallen_in) if wijzigingen is not None else ""
        what = _naar(pagina and f"{pagina}#{vervallen_anker(laatste.nr)}", "vervallen")
        out.append(f"<li>{_versie(t.vervallen_in).capitalize()}, ten opzichte van {_versie(laatste.versie)}: "
                   f"{what}</li>")
    out.append("</ol>")
    if t.standen:
        out += [f"<{sub}>Stoplicht per monitoringsronde</{sub}>", '<ul class="pa-standen">']
        for stand in t.standen:
            ronde = stand.ronde
            titel = _e(ronde.titel or f"Monitoring {datum(ronde.datum)}")
            if ronde_link is not None:
                titel = f'<a href="{_e(ronde_link(ronde))}">{titel}</a>'
            status = stoplicht(stand.status.status) if stand.status else "niet gemonitord"
            # Plain text, no extra span: this list repeats per afspraak on every page of every version.
            out.append(f"<li>{titel} ({_versie(ronde.versie)}, als {_e(stand.nr)}): {status}</li>")
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out) + "\n"
