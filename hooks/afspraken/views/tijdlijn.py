"""The timeline of one afspraak as HTML: where it is valid, what changed per version, its stoplicht."""
from __future__ import annotations

from html import escape

from ..model import CONCEPT
from ..tijdlijn import Tijdlijn
from .wijzigingen import velden_html

# Each status has a symbol and its name in text: a stoplicht never relies on colour alone.
SYMBOLEN = {"groen": "●", "oranje": "▲", "rood": "■", "afgerond": "✓", "niet gestart": "○", "vervallen": "✕"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _versie(label: str) -> str:
    return "het concept" if label == CONCEPT else f"versie {_e(label)}"


def status_html(status: str) -> str:
    slug = status.replace(" ", "-")
    return (f'<span class="stoplicht stoplicht-{_e(slug)}"><span aria-hidden="true">{SYMBOLEN.get(status, "")}</span> '
            f"{_e(status)}</span>")


def tijdlijn_html(t: Tijdlijn, *, niveau: int = 2) -> str:
    h = f"h{niveau}"
    out = [f'<section class="afspraken-tijdlijn afspraken-wijzigingen">',
           f"<{h}>Geschiedenis van afspraak {_e(t.nr)}</{h}>",
           f'<p class="afspraken-geldig">{_e(t.geldig[:1].upper() + t.geldig[1:])}.</p>', "<ol>"]
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
        out.append(f"<li><strong>{_versie(stap.versie).capitalize()}</strong>{als}: {what}{details}</li>")
    if t.vervallen_in:
        out.append(f"<li><strong>{_versie(t.vervallen_in).capitalize()}</strong>: vervallen</li>")
    out.append("</ol>")
    if t.standen:
        out += ['<table class="afspraken-stoplicht"><caption>Stoplicht per monitoringsronde</caption>',
                '<thead><tr><th scope="col">Ronde</th><th scope="col">Datum</th><th scope="col">Versie</th>'
                '<th scope="col">Status</th><th scope="col">Toelichting</th></tr></thead><tbody>']
        for stand in t.standen:
            ronde = stand.ronde
            status = status_html(stand.status.status) if stand.status else "niet gemonitord"
            toelichting = _e(stand.status.toelichting) if stand.status else ""
            out.append(f"<tr><td>{_e(ronde.titel or ronde.id)}</td><td>{_e(ronde.datum)}</td>"
                       f"<td>{_e(ronde.versie)} ({_e(stand.nr)})</td><td>{status}</td><td>{toelichting}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out) + "\n"
