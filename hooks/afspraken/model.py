"""The typed model of prestatieafspraken. It knows nothing of files, YAML or MkDocs.

Field names are the YAML keys, so a reader of the YAML and a reader of the code use the same words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONCEPT = "concept"  # the label of the live afspraken: the version in force plus pending changes
ALLEN = "allen"
STATUSSEN = ("groen", "oranje", "rood", "afgerond", "niet gestart", "vervallen")
BESTUURLIJK = ("oranje", "rood")  # statuses that go to the bestuurlijk overleg


@dataclass(frozen=True)
class Bron:
    document: str
    onderdeel: str = ""
    opmerking: str = ""


@dataclass(frozen=True)
class Partij:
    afk: str
    naam: str
    soort: str
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Waarde:
    jaar: int | None
    waarde: float | int | None


@dataclass(frozen=True)
class Kengetal:
    indicator: str
    eenheid: str
    waarden: tuple[Waarde, ...]
    partij: str = ""
    toelichting: str = ""


@dataclass(frozen=True)
class Thema:
    code: str
    titel: str
    inleiding: str = ""
    visie: str = ""
    kengetallen: tuple[Kengetal, ...] = ()
    bronnen: tuple[Bron, ...] = ()


@dataclass(frozen=True)
class Looptijd:
    van: int | None = None
    tot: int | None = None
    planning: str = ""

    def __str__(self) -> str:
        years = "" if self.van is None else (f"{self.van}-{self.tot}" if self.tot and self.tot != self.van else str(self.van))
        if self.planning and self.planning != years:
            return f"{years} ({self.planning})" if years else self.planning
        return years


@dataclass(frozen=True)
class Budgetregel:
    omschrijving: str
    bedrag: float | int
    jaar: int | None = None
    grootboek: str = ""
    soort: str = ""


@dataclass(frozen=True)
class Mijlpaal:
    omschrijving: str
    tot: str
    van: str = ""


@dataclass(frozen=True)
class Kpi:
    indicator: str
    streefwaarde: float | int
    norm: float | int | None = None
    eenheid: str = ""
    richting: str = ""


@dataclass(frozen=True)
class Afspraak:
    nr: str
    thema: str
    inhoud: str
    bestand: str  # path of the YAML file, relative to the repository root, for "Wijziging voorstellen"
    vorig_nr: str = ""
    onderwerp: str = ""
    sub_onderwerp: str = ""
    resultaat: str = ""
    looptijd: Looptijd | None = None
    trekkers: tuple[str, ...] = ()
    betrokken: tuple[str, ...] = ()
    jaarschijf: str = ""
    kengetallen: tuple[Kengetal, ...] = ()
    budget: tuple[Budgetregel, ...] = ()
    mijlpalen: tuple[Mijlpaal, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    bronnen: tuple[Bron, ...] = ()


@dataclass(frozen=True)
class Werkgebied:
    """The contents of one werkgebied.yaml: who makes the agreements and how they are ordered."""

    naam: str
    gemeente: str
    periode_van: int
    periode_tot: int
    partijen: tuple[Partij, ...]
    themas: tuple[Thema, ...]
    titel: str = ""
    inleiding: str = ""
    fictief: bool = False
    bronnen: tuple[Bron, ...] = ()

    @property
    def weergavenaam(self) -> str:
        """The name as the public sees it: a fictional werkgebied says so, once."""
        if self.fictief and "(fictief)" not in self.naam.lower():
            return f"{self.naam} (fictief)"
        return self.naam

    def partij(self, afk: str) -> Partij | None:
        return next((p for p in self.partijen if p.afk == afk), None)

    def thema(self, code: str) -> Thema | None:
        return next((t for t in self.themas if t.code == code), None)


@dataclass(frozen=True)
class Versie:
    """A set of afspraken as a whole: a frozen, signed version, or the live `concept`."""

    label: str
    werkgebied: Werkgebied
    afspraken: tuple[Afspraak, ...]
    jaar: int | None = None
    status: str = CONCEPT
    vastgesteld_op: str = ""
    ondertekend_door: tuple[str, ...] = ()
    toelichting: str = ""
    inhoud_hash: str = ""

    @property
    def is_concept(self) -> bool:
        return self.label == CONCEPT

    def afspraak(self, nr: str) -> Afspraak | None:
        return next((a for a in self.afspraken if a.nr == nr), None)

    def per_thema(self, code: str) -> tuple[Afspraak, ...]:
        return tuple(a for a in self.afspraken if a.thema == code)


@dataclass(frozen=True)
class Status:
    status: str
    toelichting: str = ""
    oorzaak: str = ""
    gevolg: str = ""
    actie: str = ""


@dataclass(frozen=True)
class Monitoringsronde:
    id: str  # the file name without .yaml, e.g. 2023-09
    datum: str
    versie: str
    statussen: dict[str, Status]
    titel: str = ""
    toelichting: str = ""


@dataclass(frozen=True)
class Dossier:
    """Everything about one werkgebied folder: the live concept, its frozen versions, its monitoring."""

    slug: str
    concept: Versie
    versies: tuple[Versie, ...] = ()  # frozen versions, oldest first
    monitoring: tuple[Monitoringsronde, ...] = ()  # oldest first

    @property
    def werkgebied(self) -> Werkgebied:
        return (self.huidige or self.concept).werkgebied

    @property
    def huidige(self) -> Versie | None:
        """The latest vastgestelde version: what is in force."""
        geldig = [v for v in self.versies if v.status == "vastgesteld"]
        return geldig[-1] if geldig else None

    def versie(self, label: str) -> Versie | None:
        if label == CONCEPT:
            return self.concept
        return next((v for v in self.versies if v.label == label), None)

    def rondes(self, label: str) -> tuple[Monitoringsronde, ...]:
        return tuple(r for r in self.monitoring if r.versie == label)


@dataclass(frozen=True)
class Archief:
    """All werkgebieden under agreements/."""

    dossiers: tuple[Dossier, ...] = field(default_factory=tuple)

    def dossier(self, slug: str) -> Dossier | None:
        return next((d for d in self.dossiers if d.slug == slug), None)


def _tuple(items: list[Any] | None, build: Any) -> tuple[Any, ...]:
    return tuple(build(item) for item in items or ())


def bron(data: dict[str, Any]) -> Bron:
    return Bron(**data)


def kengetal(data: dict[str, Any]) -> Kengetal:
    return Kengetal(**{**data, "waarden": _tuple(data["waarden"], lambda w: Waarde(**w))})


def werkgebied_from(data: dict[str, Any]) -> Werkgebied:
    return Werkgebied(
        naam=data["naam"],
        gemeente=data["gemeente"],
        periode_van=data["periode"]["van"],
        periode_tot=data["periode"]["tot"],
        partijen=_tuple(data["partijen"], lambda p: Partij(**{**p, "aliassen": tuple(p.get("aliassen", ()))})),
        themas=_tuple(data["themas"], lambda t: Thema(**{
            **t,
            "kengetallen": _tuple(t.get("kengetallen"), kengetal),
            "bronnen": _tuple(t.get("bronnen"), bron),
        })),
        titel=data.get("titel", ""),
        inleiding=data.get("inleiding", ""),
        fictief=data.get("fictief", False),
        bronnen=_tuple(data.get("bronnen"), bron),
    )


def afspraak_from(data: dict[str, Any], bestand: str) -> Afspraak:
    looptijd = data.get("looptijd")
    return Afspraak(**{
        **data,
        "bestand": bestand,
        "looptijd": Looptijd(**looptijd) if looptijd else None,
        "trekkers": tuple(data.get("trekkers", ())),
        "betrokken": tuple(data.get("betrokken", ())),
        "kengetallen": _tuple(data.get("kengetallen"), kengetal),
        "budget": _tuple(data.get("budget"), lambda b: Budgetregel(**b)),
        "mijlpalen": _tuple(data.get("mijlpalen"), lambda m: Mijlpaal(**m)),
        "kpis": _tuple(data.get("kpis"), lambda k: Kpi(**k)),
        "bronnen": _tuple(data.get("bronnen"), bron),
    })


def monitoringsronde_from(data: dict[str, Any], id: str) -> Monitoringsronde:
    return Monitoringsronde(
        id=id,
        datum=data["datum"],
        versie=data["versie"],
        statussen={nr: Status(**s) for nr, s in data["statussen"].items()},
        titel=data.get("titel", ""),
        toelichting=data.get("toelichting", ""),
    )
