"""The history of one afspraak: the versions it appears in, what changed at each step, its stoplicht.

An afspraak is followed through renumberings the same way `diff` matches afspraken (nr, or vorig_nr),
so "B3 in 2023" and "B2 in 2022" are one afspraak when B3 says `vorig_nr: B2`.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model
from .diff import Afspraakwijziging, afspraak_velden, koppel


@dataclass(frozen=True)
class Stap:
    """The afspraak in one version: its nr there and how it changed since the version before."""

    versie: str
    jaar: int | None
    nr: str
    afspraak: model.Afspraak
    nieuw: bool = False  # first appearance
    wijziging: Afspraakwijziging | None = None  # None when unchanged (or new)


@dataclass(frozen=True)
class Stand:
    """The afspraak's stoplicht in one monitoring round (status None: not in that round)."""

    ronde: model.Monitoringsronde
    nr: str
    status: model.Status | None


@dataclass(frozen=True)
class Tijdlijn:
    nr: str
    stappen: tuple[Stap, ...]
    vervallen_in: str = ""  # the first version (or concept) that no longer has it
    standen: tuple[Stand, ...] = ()

    @property
    def vastgesteld(self) -> tuple[Stap, ...]:
        return tuple(s for s in self.stappen if s.versie != model.CONCEPT)

    @property
    def geldig(self) -> str:
        """'geldig in 2022 t/m 2024', 'geldig in 2023', or that it is only in the concept."""
        frozen = self.vastgesteld
        if not frozen:
            return "nog niet vastgesteld (alleen in het concept)"
        first, last = (str(s.jaar if s.jaar is not None else s.versie) for s in (frozen[0], frozen[-1]))
        return f"geldig in {first}" if first == last else f"geldig in {first} t/m {last}"


def tijdlijn(dossier: model.Dossier, nr: str, versie: str | None = None) -> Tijdlijn | None:
    """The history of the afspraak numbered `nr` in `versie` (default: the latest version that has it,
    or the concept). None when no such afspraak exists."""
    reeks = list(dossier.versies) + [dossier.concept]
    labels = [v.label for v in reeks]
    if versie is None:
        having = [v.label for v in reeks if v.afspraak(nr) is not None]
        frozen = [label for label in having if label != model.CONCEPT]
        if not having:
            return None
        versie = frozen[-1] if frozen else having[-1]
    if versie not in labels or reeks[labels.index(versie)].afspraak(nr) is None:
        return None
    start = labels.index(versie)
    # nrs[i]: the afspraak's nr in reeks[i], or None when it is not there.
    nrs: list[str | None] = [None] * len(reeks)
    nrs[start] = nr
    for i in range(start, 0, -1):  # backwards
        nrs[i - 1] = next((old.nr for old, new in koppel(reeks[i - 1].afspraken, reeks[i].afspraken)
                           if new is not None and old is not None and new.nr == nrs[i]), None)
        if nrs[i - 1] is None:
            break
    for i in range(start, len(reeks) - 1):  # forwards
        nrs[i + 1] = next((new.nr for old, new in koppel(reeks[i].afspraken, reeks[i + 1].afspraken)
                           if new is not None and old is not None and old.nr == nrs[i]), None)
        if nrs[i + 1] is None:
            break
    stappen, vervallen_in = [], ""
    for i, versie_i in enumerate(reeks):
        current = nrs[i]
        if current is None:
            if stappen and not vervallen_in:
                vervallen_in = versie_i.label
            continue
        afspraak = versie_i.afspraak(current)
        assert afspraak is not None
        change = None
        previous = nrs[i - 1] if i > 0 else None
        if previous is not None:
            old = reeks[i - 1].afspraak(previous)
            assert old is not None
            velden = afspraak_velden(old, afspraak)
            if velden or previous != current:
                change = Afspraakwijziging(nr=current, thema=afspraak.thema, velden=velden,
                                           vorig_nr=previous if previous != current else "", van=old, tot=afspraak)
        stappen.append(Stap(versie=versie_i.label, jaar=versie_i.jaar, nr=current, afspraak=afspraak,
                            nieuw=previous is None, wijziging=change))
    by_label = {s.versie: s.nr for s in stappen}
    standen = tuple(
        Stand(ronde=r, nr=by_label[r.versie], status=r.statussen.get(by_label[r.versie]))
        for r in dossier.monitoring if r.versie in by_label
    )
    return Tijdlijn(nr=nr, stappen=tuple(stappen), vervallen_in=vervallen_in, standen=standen)
