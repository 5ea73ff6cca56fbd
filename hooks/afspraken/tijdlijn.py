"""The history of one afspraak: the versions it appears in, what changed at each step, its stoplicht.

An afspraak is followed through renumberings the same way `diff` matches afspraken (nr, or vorig_nr),
so "B3 in 2023" and "B2 in 2022" are one afspraak when B3 says `vorig_nr: B2`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import model
from .diff import Afspraakwijziging, Wijzigingen, wijzigingen


@dataclass(frozen=True)
class Stap:
    """The afspraak in one version: its nr there and how it changed since the version before."""

    versie: str
    jaar: int | None
    nr: str
    afspraak: model.Afspraak
    nieuw: bool = False  # first appearance
    wijziging: Afspraakwijziging | None = None  # None when unchanged (or new)
    vorige: str = ""  # the label of the version before this one ("" in the first version)

    @property
    def velden(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The changed fields by kind, in the order of `diff.SOORTEN`: (("planning", ("looptijd",)), ...)."""
        if self.wijziging is None:
            return ()
        per_soort: dict[str, dict[str, None]] = {}
        for veld in self.wijziging.velden:
            per_soort.setdefault(veld.soort, {})[veld.veld] = None
        return tuple((soort, tuple(per_soort[soort])) for soort in self.wijziging.soorten)


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


def reeks(dossier: model.Dossier) -> list[model.Versie]:
    """The versions an afspraak can appear in, in order: the frozen ones, then the concept."""
    return [*dossier.versies, dossier.concept]


def tijdlijnen(dossier: model.Dossier, stappen: Sequence[Wijzigingen] | None = None
               ) -> dict[tuple[str, str], Tijdlijn]:
    """Every afspraak's history at once, keyed by (version label, nr in that version).

    `stappen` are the Wijzigingen between consecutive versions of `reeks(dossier)` when the caller has
    them already (the site shows them too); otherwise they are computed here. Either way each pair of
    versions is compared once, so this is linear in the dossier, not in afspraken times versions.
    """
    versies = reeks(dossier)
    if stappen is None:
        stappen = [wijzigingen(van, tot) for van, tot in zip(versies, versies[1:])]
    if len(stappen) != len(versies) - 1:
        raise ValueError("stappen must be the Wijzigingen between each version and the next")
    # ketens: one list of (index in versies, Stap) per afspraak followed through the versions.
    ketens: list[list[tuple[int, Stap]]] = []
    keten_van: dict[str, list[tuple[int, Stap]]] = {}  # nr in the previous version -> its keten
    for index, versie in enumerate(versies):
        # How each afspraak of this version continues one of the previous: new nr -> (old nr, change).
        vorige: dict[str, tuple[str, Afspraakwijziging | None]] = {}
        if index > 0:
            w = stappen[index - 1]
            vorige = {nr: (nr, None) for nr in w.ongewijzigd}
            vorige.update({c.nr: (c.vorig_nr or c.nr, c) for c in w.gewijzigd})
        huidige: dict[str, list[tuple[int, Stap]]] = {}
        for afspraak in versie.afspraken:
            old_nr, change = vorige.get(afspraak.nr, ("", None))
            keten = keten_van.get(old_nr) if old_nr else None
            stap = Stap(versie=versie.label, jaar=versie.jaar, nr=afspraak.nr, afspraak=afspraak,
                        nieuw=keten is None, wijziging=change, vorige=versies[index - 1].label if index else "")
            if keten is None:
                keten = []
                ketens.append(keten)
            keten.append((index, stap))
            huidige[afspraak.nr] = keten
        keten_van = huidige
    rondes: dict[str, list[model.Monitoringsronde]] = {}
    volgorde = {id(ronde): index for index, ronde in enumerate(dossier.monitoring)}
    for ronde in dossier.monitoring:
        rondes.setdefault(ronde.versie, []).append(ronde)
    result: dict[tuple[str, str], Tijdlijn] = {}
    for keten in ketens:
        laatste = keten[-1][0]
        vervallen_in = versies[laatste + 1].label if laatste + 1 < len(versies) else ""
        standen = tuple(
            Stand(ronde=r, nr=stap.nr, status=r.statussen.get(stap.nr))
            for _, stap in keten for r in rondes.get(stap.versie, ())
        )
        standen = tuple(sorted(standen, key=lambda s: volgorde[id(s.ronde)]))
        t = Tijdlijn(nr="", stappen=tuple(stap for _, stap in keten), vervallen_in=vervallen_in, standen=standen)
        for _, stap in keten:
            result[(stap.versie, stap.nr)] = replace(t, nr=stap.nr)
    return result


def tijdlijn(dossier: model.Dossier, nr: str, versie: str | None = None) -> Tijdlijn | None:
    """The history of the afspraak numbered `nr` in `versie` (default: the latest version that has it,
    or the concept). None when no such afspraak exists. For many afspraken use `tijdlijnen`."""
    if versie is None:
        having = [v.label for v in reeks(dossier) if v.afspraak(nr) is not None]
        if not having:
            return None
        frozen = [label for label in having if label != model.CONCEPT]
        versie = frozen[-1] if frozen else having[-1]
    gevonden = dossier.versie(versie)
    if gevonden is None or gevonden.afspraak(nr) is None:
        return None
    return tijdlijnen(dossier).get((versie, nr))
