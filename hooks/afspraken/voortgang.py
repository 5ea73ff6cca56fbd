"""How the afspraken are doing, as a reader of the site sees it: the latest monitoring round, also after a
vaststelling, and which afspraken are "over tijd". Every date comes from the data, never from the clock,
so the same content always builds the same site.

- The latest round (`laatste_ronde`) is the latest of the werkgebied, whatever version it was about:
  after a vaststelling the round of September about version 2024 stays visible, labelled "over versie
  2024", until a round about the new version (or any later round) exists.
- An afspraak is over tijd when its looptijd has ended (the year `looptijd.tot` lies before the year of
  the reference date) while its latest status is not afgerond or vervallen (no status counts as "not").
  An afspraak without `looptijd.tot` is never over tijd: its end is not known.
- The reference date (`peildatum`) of the version in force and of the concept is the latest date the
  data holds: the latest monitoring round or vaststelling. An older version is judged at the end of its
  own validity, the vaststelling of the version after it, so its page does not call an afspraak late that
  a later version gave more time. A monitoring round is judged at its own date, with its own statuses.
- The latest status of an afspraak follows it through renumbering (`identiteit`): a round about 2024
  that gave B3 a status is B4's status in 2025 when B4 is B3 renumbered.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model
from .identiteit import Identiteiten, identiteiten

KLAAR = ("afgerond", "vervallen")  # statuses after which an afspraak cannot be late
OVER_TIJD = "over tijd"


def over_tijd(afspraak: model.Afspraak, status: str | None, peildatum: str) -> bool:
    """Whether `afspraak` is over tijd on `peildatum` (YYYY-MM-DD or YYYY-MM) with latest `status`."""
    tot = afspraak.looptijd.tot if afspraak.looptijd else None
    if tot is None or len(peildatum) < 4 or not peildatum[:4].isdigit():
        return False
    return int(peildatum[:4]) > tot and status not in KLAAR


@dataclass(frozen=True)
class Laatste:
    """The latest status of an afspraak: the status and the round it comes from."""

    status: model.Status
    ronde: model.Monitoringsronde
    nr: str  # the afspraak's nr in the round's version


class Voortgang:
    """The monitoring of one dossier, looked up per version and afspraak. Build it once per dossier."""

    def __init__(self, dossier: model.Dossier, ids: Identiteiten | None = None) -> None:
        self.dossier = dossier
        self.ids = ids or identiteiten(dossier)
        dates = [r.datum for r in dossier.monitoring] + [v.vastgesteld_op for v in dossier.versies if v.vastgesteld_op]
        self._laatste_datum = max(dates) if dates else ""

    def laatste_ronde(self) -> model.Monitoringsronde | None:
        """The latest round of the werkgebied, about whichever version (rounds are sorted by date)."""
        return self.dossier.monitoring[-1] if self.dossier.monitoring else None

    def peildatum(self, label: str) -> str:
        """The date afspraken of version `label` are judged on; "" when the data holds no date at all."""
        labels = [v.label for v in self.dossier.versies]
        if label in labels[:-1]:
            volgende = self.dossier.versies[labels.index(label) + 1].vastgesteld_op
            if volgende:
                return min(volgende, self._laatste_datum)
        return self._laatste_datum

    def laatste(self, label: str, nr: str, tot: str | None = None) -> Laatste | None:
        """The latest status of afspraak `nr` of version `label` in any round up to `tot` (default: the
        version's peildatum), following the afspraak through renumbering."""
        lijn = self.ids.lijn(label, nr)
        if lijn is None:
            return None
        grens = self.peildatum(label) if tot is None else tot
        for ronde in reversed(self.dossier.monitoring):
            if grens and ronde.datum > grens:
                continue
            eigen = lijn.nr_in(ronde.versie)
            if eigen is not None and eigen in ronde.statussen:
                return Laatste(ronde.statussen[eigen], ronde, eigen)
        return None

    def is_over_tijd(self, label: str, afspraak: model.Afspraak) -> bool:
        """Over tijd on the page of version `label`: judged on that version's peildatum."""
        peildatum = self.peildatum(label)
        laatste = self.laatste(label, afspraak.nr, peildatum)
        return over_tijd(afspraak, laatste.status.status if laatste else None, peildatum)

    def over_tijd_in_ronde(self, ronde: model.Monitoringsronde, afspraak: model.Afspraak) -> bool:
        """Over tijd on the page of a round: judged on the round's date, with the round's status."""
        status = ronde.statussen.get(afspraak.nr)
        return over_tijd(afspraak, status.status if status else None, ronde.datum)


def voortgang(dossier: model.Dossier) -> Voortgang:
    return Voortgang(dossier)
