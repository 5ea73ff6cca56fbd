"""Which afspraak is which, across every version of a werkgebied: a persistent identifier per afspraak.

An afspraak is followed through the versions of a dossier in order (the frozen versions oldest first,
then the concept), one step at a time, with `koppel`: in the next version it is the afspraak with the
same nr, or the afspraak whose `vorig_nr` names it (renumbering). A chain A3 -> B1 -> B4 over three
versions is therefore one afspraak, and a number freed by a renumbering or a removal and later given
to another afspraak starts a new one. Such a chain is a `Lijn`.

The identifier of a lijn (`Lijn.id`) is the nr it had when it first appeared, plus `_2`, `_3`, ... when
an earlier lijn of the same werkgebied carried that nr already (at any time, in any version):

    voorbeeldstad 2022 B2 (zonnepanelen) -> 2023 B3 -> 2024 B3     id B2
    voorbeeldstad 2023 B2 (isolatie, a new afspraak on a freed nr) id B2_2

Why this form: it is readable (it is the number a reader met first), URL-safe (an nr is letters, digits
and '-'; '_' never occurs in an nr, so `B2_2` cannot be the nr of another afspraak), unique within the
werkgebied, and it never changes once given. Ids are handed out in the order afspraken first appear,
and the concept comes after every frozen version, so freezing the concept as a new version keeps every
id; history is append-only, so an id given once is never given to another afspraak. (An id built from
the first version's label would change at the vaststelling for each afspraak new in the concept.) Only
the id of an afspraak that exists in the concept alone can still change, while the concept changes.

`Lijn.sleutel` is `<werkgebied>-<id>` (`voorbeeldstad-B2_2`): unique across werkgebieden, for open data.

Public API:

    identiteiten(dossier) -> Identiteiten      every lijn of one dossier, computed once
        .lijnen                                 tuple[Lijn, ...], in order of first appearance
        .id(label, nr) -> str | None            the id of the afspraak numbered nr in version label
        .lijn(label, nr) -> Lijn | None         its whole lijn
        .paren(van, tot) -> pairs               (old, new) Afspraak pairs between any two versions
        .gebruikt(nr) -> tuple[Lijn, ...]       the lijnen that ever carried nr
        .alle_nrs -> frozenset[str]             every nr used in any version
    lijnen(dossier) -> tuple[Lijn, ...]         shorthand for identiteiten(dossier).lijnen
    ids_data(dossier) -> dict                   nr -> id per version, as the site publishes it (ids.json)
    koppel(van, tot) -> pairs                   the one-step matching, for two sets of afspraken
    volgend_nr(code, gebruikt) -> str           the number after every number of a thema ever used
    nr_na(code, hoogste) -> str                 the same, from hoogste_nummers kept up to date (an import)
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import model

Paar = tuple[model.Afspraak | None, model.Afspraak | None]
SCHEIDING = "_"  # between an nr and the count of an id; never part of an nr (see afspraak.schema.json)


@dataclass(frozen=True)
class Voorkomen:
    """One afspraak in one version: the version's label and the afspraak's nr there."""

    versie: str
    nr: str


@dataclass(frozen=True)
class Lijn:
    """One afspraak followed through the versions it appears in (consecutive, oldest first)."""

    id: str
    werkgebied: str  # the slug (folder name) of the werkgebied
    voorkomens: tuple[Voorkomen, ...]

    @property
    def sleutel(self) -> str:
        """The id across werkgebieden: `voorbeeldstad-B2_2`."""
        return f"{self.werkgebied}-{self.id}"

    @property
    def nrs(self) -> tuple[str, ...]:
        """Every nr this afspraak carried, in order, each once."""
        return tuple(dict.fromkeys(v.nr for v in self.voorkomens))

    @property
    def hernummerd(self) -> bool:
        return len(self.nrs) > 1

    @property
    def eerste(self) -> Voorkomen:
        return self.voorkomens[0]

    @property
    def laatste(self) -> Voorkomen:
        return self.voorkomens[-1]

    def nr_in(self, label: str) -> str | None:
        """The nr in version `label`, or None when the afspraak is not in that version."""
        return next((v.nr for v in self.voorkomens if v.versie == label), None)


def koppel(van: Iterable[model.Afspraak], tot: Iterable[model.Afspraak]) -> list[Paar]:
    """Pairs (old, new) of the same afspraak in two consecutive versions; (old, None) dropped,
    (None, new) added. In `tot` order, then the dropped ones.

    An afspraak whose `vorig_nr` names an afspraak of `van` is that afspraak renumbered, unless `van`
    already had this nr with the same vorig_nr (a vorig_nr left standing after an earlier renumbering).
    Otherwise the same nr is the same afspraak, when no renumbered afspraak claimed that nr first.
    """
    old = {a.nr: a for a in van}
    new = list(tot)
    claimed: dict[str, model.Afspraak] = {}  # old nr -> new afspraak
    for afspraak in new:
        previous = afspraak.vorig_nr
        stale = afspraak.nr in old and old[afspraak.nr].vorig_nr == previous
        if previous and previous in old and not stale and previous not in claimed:
            claimed[previous] = afspraak
    by_new = {id(a): nr for nr, a in claimed.items()}
    pairs: list[Paar] = []
    for afspraak in new:
        if id(afspraak) in by_new:
            pairs.append((old[by_new[id(afspraak)]], afspraak))
        elif afspraak.nr in old and afspraak.nr not in claimed:
            claimed[afspraak.nr] = afspraak
            pairs.append((old[afspraak.nr], afspraak))
        else:
            pairs.append((None, afspraak))
    pairs += [(a, None) for nr, a in old.items() if nr not in claimed]
    return pairs


class Identiteiten:
    """Every lijn of one dossier and the look-ups on them. Build it with `identiteiten(dossier)`."""

    def __init__(self, dossier: model.Dossier) -> None:
        self.dossier = dossier
        self.versies: tuple[model.Versie, ...] = (*dossier.versies, dossier.concept)
        self._id: dict[tuple[str, str], str] = {}  # (label, nr) -> id
        voorkomens: dict[str, list[Voorkomen]] = {}  # id -> voorkomens, in order of first appearance
        ooit: dict[str, list[str]] = {}  # nr -> ids of the lijnen that carried it, in order
        vorige: model.Versie | None = None
        for versie in self.versies:
            pairs = koppel(vorige.afspraken if vorige else (), versie.afspraken)
            for old, new in pairs:
                if new is None:
                    continue
                if old is not None and vorige is not None:
                    lijn_id = self._id[(vorige.label, old.nr)]
                else:
                    lijn_id = _nieuw_id(new.nr, ooit, voorkomens)
                    voorkomens[lijn_id] = []
                voorkomens[lijn_id].append(Voorkomen(versie.label, new.nr))
                self._id[(versie.label, new.nr)] = lijn_id
                dragers = ooit.setdefault(new.nr, [])
                if lijn_id not in dragers:
                    dragers.append(lijn_id)
            vorige = versie
        self._lijnen = {i: Lijn(i, dossier.slug, tuple(v)) for i, v in voorkomens.items()}
        self._ooit = ooit

    @property
    def lijnen(self) -> tuple[Lijn, ...]:
        """Every lijn, in the order the afspraken first appeared."""
        return tuple(self._lijnen.values())

    def id(self, label: str, nr: str) -> str | None:
        """The id of the afspraak numbered `nr` in version `label` (`concept` for the live afspraken)."""
        return self._id.get((label, nr))

    def lijn(self, label: str, nr: str) -> Lijn | None:
        found = self._id.get((label, nr))
        return self._lijnen[found] if found is not None else None

    def op_id(self, lijn_id: str) -> Lijn | None:
        return self._lijnen.get(lijn_id)

    def gebruikt(self, nr: str) -> tuple[Lijn, ...]:
        """The lijnen that carried `nr` in any version, the concept included, in order."""
        return tuple(self._lijnen[i] for i in self._ooit.get(nr, ()))

    @property
    def alle_nrs(self) -> frozenset[str]:
        """Every nr used in any version, the concept included."""
        return frozenset(self._ooit)

    def paren(self, van: model.Versie, tot: model.Versie) -> list[Paar]:
        """(old, new) pairs of the same afspraak between any two versions of this dossier, in `tot`
        order, then the afspraken of `van` that `tot` no longer has: followed through every version in
        between, so an afspraak renumbered twice is still one afspraak. Either side may be the newer."""
        old = {self._id[(van.label, a.nr)]: a for a in van.afspraken}
        pairs: list[Paar] = []
        seen: set[str] = set()
        for afspraak in tot.afspraken:
            lijn_id = self._id[(tot.label, afspraak.nr)]
            seen.add(lijn_id)
            pairs.append((old.get(lijn_id), afspraak))
        pairs += [(a, None) for lijn_id, a in old.items() if lijn_id not in seen]
        return pairs


def _nieuw_id(nr: str, ooit: dict[str, list[str]], bestaand: dict[str, list[Voorkomen]]) -> str:
    """`nr` for the first afspraak that carries it; `nr_2`, `nr_3` ... for the next ones."""
    count = len(ooit.get(nr, ()))
    candidate = nr if count == 0 else f"{nr}{SCHEIDING}{count + 1}"
    while candidate in bestaand:  # cannot happen with valid nrs; guards uniqueness regardless
        count += 1
        candidate = f"{nr}{SCHEIDING}{count + 1}"
    return candidate


def volgend_nr(code: str, gebruikt: Iterable[str]) -> str:
    """The thema code with the number after every number of that thema in `gebruikt` (A5a, A6-2 count
    as 5 and 6): a new afspraak never takes a number that meant another afspraak before."""
    return nr_na(code, hoogste_nummers(gebruikt))


def nr_na(code: str, hoogste: Mapping[str, int]) -> str:
    """`volgend_nr` from the highest numbers per thema (`hoogste_nummers`), for who keeps those up to date."""
    return f"{code}{hoogste.get(code, 0) + 1}"


_NUMMER = re.compile(r"([A-Z]+)(\d+)([a-z]*)(?:-\d+)?")


def hoogste_nummers(gebruikt: Iterable[str], hoogste: dict[str, int] | None = None) -> dict[str, int]:
    """Per thema code, the highest number in `gebruikt`: what `volgend_nr` counts from. Given `hoogste`,
    that mapping is brought up to date and returned."""
    hoogste = {} if hoogste is None else hoogste
    for nr in gebruikt:
        match = _NUMMER.fullmatch(nr)
        if match:
            code, nummer = match.group(1), int(match.group(2))
            if nummer > hoogste.get(code, 0):
                hoogste[code] = nummer
    return hoogste


IDS_FORMAAT = "afspraken-ids/1"


def ids_data(dossier: model.Dossier, ids: Identiteiten | None = None) -> dict[str, object]:
    """Per version label, each nr's id: what a browser needs to compare any two versions' afspraken.json.

        {"formaat": "afspraken-ids/1", "werkgebied": "<slug>", "versies": {"2024": {"A3": "A6", ...}, ...}}
    """
    ids = ids or identiteiten(dossier)
    versies = {v.label: {a.nr: ids.id(v.label, a.nr) for a in v.afspraken} for v in (*dossier.versies, dossier.concept)}
    return {"formaat": IDS_FORMAAT, "werkgebied": dossier.slug, "versies": versies}


def identiteiten(dossier: model.Dossier) -> Identiteiten:
    """Follow every afspraak of `dossier` through its versions (frozen oldest first, then the concept)."""
    return Identiteiten(dossier)


def lijnen(dossier: model.Dossier) -> tuple[Lijn, ...]:
    """Every afspraak of `dossier` as a lijn through the versions, in order of first appearance."""
    return identiteiten(dossier).lijnen
