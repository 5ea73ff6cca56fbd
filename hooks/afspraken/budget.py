"""Budgets: what the lines add up to, and whether the totals a source states agree with them.

A subtotaal line states the sum of the regel lines above it, back to the previous subtotaal (or the start);
a totaal line states the sum of every regel line of the budget. Subtotals and totals are what the source
says, never summed themselves: summing them is how a site ends up showing twice the real amount.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import formaat
from .model import Budgetregel


@dataclass(frozen=True)
class Totaalcontrole:
    """A stated subtotaal or totaal next to the sum of the lines it covers."""

    index: int  # the position of the subtotaal/totaal line in its budget
    regel: Budgetregel
    som: float | int  # the sum of the covered lines whose amount is known
    onbekend: int  # covered lines without an amount

    @property
    def klopt(self) -> bool:
        # Unknown lines can explain a stated amount above the known sum, never one below it.
        if self.regel.bedrag is None:
            return True
        verschil = round(self.regel.bedrag - self.som, 2)
        return verschil == 0 or (self.onbekend > 0 and verschil > 0)

    def waarschuwing(self) -> str:
        """The warning in words, for `afspraken check` and the site."""
        soort = self.regel.regelsoort
        tekst = (f"het {soort} '{self.regel.omschrijving}' is {formaat.euro(self.regel.bedrag)}, "
                 f"maar de regels die het samenvat tellen op tot {formaat.euro(self.som)}")
        if self.onbekend:
            tekst += f" ({self.onbekend} {'regel' if self.onbekend == 1 else 'regels'} zonder bedrag)"
        return tekst + "; neem het bedrag over zoals de bron het noemt en licht het verschil toe"


def som(regels: tuple[Budgetregel, ...]) -> tuple[float | int, int]:
    """The sum of the regel lines with a known amount, and how many regel lines have none."""
    gewone = [r for r in regels if r.is_regel]
    return sum(r.bedrag for r in gewone if r.bedrag is not None), sum(1 for r in gewone if r.bedrag is None)


def controles(regels: tuple[Budgetregel, ...]) -> list[Totaalcontrole]:
    """Every subtotaal and totaal line of a budget with the sum of the lines it covers."""
    found: list[Totaalcontrole] = []
    vanaf = 0
    for index, regel in enumerate(regels):
        if regel.regelsoort == "subtotaal":
            totaal, onbekend = som(regels[vanaf:index])
            found.append(Totaalcontrole(index, regel, totaal, onbekend))
            vanaf = index + 1
        elif regel.regelsoort == "totaal":
            totaal, onbekend = som(regels)
            found.append(Totaalcontrole(index, regel, totaal, onbekend))
    return found


def heeft_totaal(regels: tuple[Budgetregel, ...]) -> bool:
    """Whether the source states its own total (then the site adds none of its own)."""
    return any(r.regelsoort == "totaal" for r in regels)
