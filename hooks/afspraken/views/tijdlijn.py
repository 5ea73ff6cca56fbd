"""The timeline of one afspraak as HTML: where it is valid, what changed per version, its stoplicht."""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..model import CONCEPT
from ..tijdlijn import Stap, Tijdlijn
from .common import datum, stoplicht
from .wijzigingen import velden_html


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _versie(label: str) -> str:
    return "het concept" if label == CONCEPT else f"versie {_e(label)}"


def tijdlijn_html(t: Tijdlijn, *, niveau: int = 2, link: Callable[[Stap], str] | None = None,
                  kop: bool = True) -> str:
    """The timeline; with `link`, each version's name links to the afspraak in that version.
    `kop=False` leaves out the heading and the "geldig in" line, for a place that already says them."""
    h = f"h{niveau}"
    out = ['<section class="afspraken-tijdlijn afspraken-wijzigingen">']
    if kop:
        out += [f"<{h}>Geschiedenis van afspraak {_e(t.nr)}</{h}>",
                f'<p class="afspraken-geldig">{_e(t.geldig[:1].upper() + t.geldig[1:])}.</p>']
    out.append("<ol>")
    for stap in t.stappen:
        als = f" als {_e(stap.nr)}"
        if stap.nieuw:
            what = "nieuw"
        elif stap.wijziging is None:
            what = "ongewijzigd"
        else:
            parts = [f"hernummerd van {_e(stap.wijziging.vorig_nr)}"] if stap.wijziging.hernummerd else []
            if stap.wijziging.soorten:
                parts.append("gewijzigd: " + _e(", ".join(stap.wijziging.soorten)))
            what = "; ".join(parts)
        details = velden_html(stap.wijziging.velden) if stap.wijziging else ""
        naam = _versie(stap.versie).capitalize()
        if link is not None:
            naam = f'<a href="{_e(link(stap))}">{naam}</a>'
        out.append(f"<li><strong>{naam}</strong>{als}: {what}{details}</li>")
    if t.vervallen_in:
        out.append(f"<li><strong>{_versie(t.vervallen_in).capitalize()}</strong>: vervallen</li>")
    out.append("</ol>")
    if t.standen:
        out += ['<div class="pa-scroll"><table class="afspraken-stoplicht pa-tabel"><caption>Stoplicht per monitoringsronde</caption>',
                '<thead><tr><th scope="col">Ronde</th><th scope="col">Status</th><th scope="col">Toelichting</th>'
                '</tr></thead><tbody>']
        for stand in t.standen:
            ronde = stand.ronde
            titel = ronde.titel or f"Monitoring {datum(ronde.datum)}"
            status = stoplicht(stand.status.status) if stand.status else "niet gemonitord"
            toelichting = _e(stand.status.toelichting) if stand.status else ""
            out.append(f'<tr><td>{_e(titel)}<br><span class="pa-klein">{_versie(ronde.versie)}, als {_e(stand.nr)}</span></td>'
                       f"<td>{status}</td><td>{toelichting}</td></tr>")
        out.append("</tbody></table></div>")
    out.append("</section>")
    return "\n".join(out) + "\n"
