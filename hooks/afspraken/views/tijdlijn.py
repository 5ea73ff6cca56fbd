"""The timeline of one afspraak: where it is valid, what changed per version, its stoplicht.

A summary, not the changes themselves: per version the fields that changed and their kind, linking to
the afspraak on the Wijzigingen page of that pair, which has the word-by-word differences. Every theme
page carries a timeline per afspraak, so a full diff here would be repeated on every page of every
version. Rendered by templates/partials/tijdlijn.html.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .. import model, templating
from ..formaat import datum
from ..tijdlijn import Stap, Tijdlijn
from .common import versie_tekst
from .wijzigingen import anker, vervallen_anker

# (van, tot) -> the href of the Wijzigingen page of that pair, without an anchor.
WijzigingenLink = Callable[[str, str], str]


def velden_tekst(stap: Stap) -> str:
    """'looptijd, jaarschijf (planning); trekkers (partijen)', after 'hernummerd van B2' if renumbered."""
    parts = [f"hernummerd van {stap.wijziging.vorig_nr}"] if stap.wijziging and stap.wijziging.hernummerd else []
    parts += [f"{', '.join(velden)} ({soort})" for soort, velden in stap.velden]
    return "; ".join(parts)


@dataclass(frozen=True)
class StapRegel:
    """One line of the timeline: '<Versie 2024> als A3, ten opzichte van versie 2023: <wat>'."""

    versie: str  # capitalized: "Versie 2024", "Het concept"
    href: str  # the afspraak in that version; "" without links
    nr: str  # "" for the version that dropped it
    vorige: str  # "versie 2023"; "" in the first version
    wat: str
    wat_href: str


@dataclass(frozen=True)
class StandRegel:
    titel: str
    href: str
    versie: str
    nr: str
    status: str | None  # None: not monitored in that round


@dataclass(frozen=True)
class TijdlijnWeergave:
    nr: str
    geldig: str
    stappen: tuple[StapRegel, ...]
    standen: tuple[StandRegel, ...]


def _stap(stap: Stap, link: Callable[[Stap], str] | None, wijzigingen: WijzigingenLink | None) -> StapRegel:
    naam = versie_tekst(stap.versie).capitalize()
    href = link(stap) if link is not None else ""
    if not stap.vorige:
        return StapRegel(naam, href, stap.nr, "", "in de eerste versie", "")
    pagina = f"{wijzigingen(stap.vorige, stap.versie)}#{anker(stap.nr)}" if wijzigingen is not None else ""
    if stap.nieuw:
        wat = "toegevoegd"
    elif stap.wijziging is None:
        wat, pagina = "ongewijzigd", ""
    else:
        wat = velden_tekst(stap) or "gewijzigd"
    return StapRegel(naam, href, stap.nr, versie_tekst(stap.vorige), wat, pagina)


def weergave(t: Tijdlijn, *, link: Callable[[Stap], str] | None = None, wijzigingen: WijzigingenLink | None = None,
             ronde_link: Callable[[model.Monitoringsronde], str] | None = None) -> TijdlijnWeergave:
    """The timeline as data. With `link`, each version's name links to the afspraak in that version; with
    `wijzigingen`, each change links to the afspraak on the Wijzigingen page of that pair; with
    `ronde_link`, each monitoring round links to its page."""
    stappen = [_stap(stap, link, wijzigingen) for stap in t.stappen]
    if t.vervallen_in:
        laatste = t.stappen[-1]
        pagina = (f"{wijzigingen(laatste.versie, t.vervallen_in)}#{vervallen_anker(laatste.nr)}"
                  if wijzigingen is not None else "")
        stappen.append(StapRegel(versie_tekst(t.vervallen_in).capitalize(), "", "", versie_tekst(laatste.versie),
                                 "vervallen", pagina))
    standen = tuple(
        StandRegel(stand.ronde.titel or f"Monitoring {datum(stand.ronde.datum)}",
                   ronde_link(stand.ronde) if ronde_link is not None else "", versie_tekst(stand.ronde.versie),
                   stand.nr, stand.status.status if stand.status else None)
        for stand in t.standen)
    return TijdlijnWeergave(t.nr, t.geldig, tuple(stappen), standen)


def tijdlijn_html(t: Tijdlijn, *, niveau: int = 2, link: Callable[[Stap], str] | None = None,
                  wijzigingen: WijzigingenLink | None = None,
                  ronde_link: Callable[[model.Monitoringsronde], str] | None = None, kop: bool = True) -> Markup:
    """The timeline on its own. `kop=False` leaves out the heading and the "geldig in" line, for a place
    that already says them (the sub-heading is then at `niveau`)."""
    data = weergave(t, link=link, wijzigingen=wijzigingen, ronde_link=ronde_link)
    return Markup(templating.macro("partials/tijdlijn.html", "tijdlijn")(data, niveau, kop))  # autoescaped
