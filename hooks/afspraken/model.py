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


@dataclass(frozen=True, slots=True)
class Bron:
    document: str
    onderdeel: str = ""
    opmerking: str = ""


@dataclass(frozen=True, slots=True)
class Persoon:
    rol: str
    naam: str = ""
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
class Partij:
    afk: str
    naam: str
    soort: str
    rol: str = ""
    personen: tuple[Persoon, ...] = ()
    aliassen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Waarde:
    jaar: int | None
    waarde: float | int | None


@dataclass(frozen=True, slots=True)
class Kengetal:
    indicator: str
    eenheid: str
    waarden: tuple[Waarde, ...]
    partij: str = ""
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
class Budgetregel:
    omschrijving: str
    bedrag: float | int | None = None  # None: unknown; bedrag_tekst says what the source has instead
    bedrag_tekst: str | None = None  # "" when the source's cell is blank
    jaar: int | None = None
    grootboek: str = ""
    soort: str = ""
    regelsoort: str = "regel"  # regel | subtotaal | totaal; only regel is ever summed
    toelichting: str = ""

    @property
    def is_regel(self) -> bool:
        return self.regelsoort == "regel"


@dataclass(frozen=True, slots=True)
class Mijlpaal:
    omschrijving: str
    tot: str
    van: str = ""
    afspraken: tuple[str, ...] = ()  # on a thema or werkgebied: the afspraken it belongs to


@dataclass(frozen=True, slots=True)
class Kpi:
    indicator: str
    streefwaarde: float | int | None = None
    norm: float | int | None = None
    eenheid: str = ""
    richting: str = ""
    succesfactor: str = ""
    meting: str = ""


@dataclass(frozen=True, slots=True)
class Risico:
    beschrijving: str
    categorie: str = ""
    maatregel: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Onderdelen:
    """What a werkgebied, a thema and an afspraak can all have: a budget, KPIs, milestones, risks, the
    named sections of a plan or assignment, and the sources they were transcribed from."""

    budget: tuple[Budgetregel, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    mijlpalen: tuple[Mijlpaal, ...] = ()
    risicos: tuple[Risico, ...] = ()
    afbakening: str = ""
    afhankelijkheden: str = ""
    randvoorwaarden: str = ""
    bronnen: tuple[Bron, ...] = ()


@dataclass(frozen=True, slots=True)
class Thema(Onderdelen):
    code: str
    titel: str
    inleiding: str = ""
    visie: str = ""
    kengetallen: tuple[Kengetal, ...] = ()


@dataclass(frozen=True, slots=True)
class Looptijd:
    van: int | None = None
    tot: int | None = None
    planning: str = ""

    def __str__(self) -> str:
        years = "" if self.van is None else (f"{self.van}-{self.tot}" if self.tot and self.tot != self.van else str(self.van))
        if self.planning and self.planning != years:
            return f"{years} ({self.planning})" if years else self.planning
        return years


@dataclass(frozen=True, slots=True)
class Afspraak(Onderdelen):
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


@dataclass(frozen=True, slots=True)
class Werkgebied(Onderdelen):
    """The contents of one werkgebied.yaml: who makes the agreements and how they are ordered."""

    naam: str
    periode_van: int
    partijen: tuple[Partij, ...]
    themas: tuple[Thema, ...]
    periode_tot: int | None = None  # None: open-ended
    gemeente: str = ""  # one gemeente; or gemeenten; or neither (a corporation's own gebied)
    gemeenten: tuple[str, ...] = ()
    gebied: str = ""
    titel: str = ""
    inleiding: str = ""
    fictief: bool = False

    @property
    def alle_gemeenten(self) -> tuple[str, ...]:
        return self.gemeenten or ((self.gemeente,) if self.gemeente else ())

    @property
    def gebiedsomschrijving(self) -> str:
        """Where the afspraken apply, in words: 'gemeente X', 'gemeenten X en Y', or the gebied."""
        gemeenten = self.alle_gemeenten
        if gemeenten:
            namen = gemeenten[0] if len(gemeenten) == 1 else ", ".join(gemeenten[:-1]) + " en " + gemeenten[-1]
            tekst = ("gemeente " if len(gemeenten) == 1 else "gemeenten ") + namen
            return f"{tekst} ({self.gebied})" if self.gebied else tekst
        return self.gebied

    @property
    def periode(self) -> str:
        """2021–2024, or 'vanaf 2022' for an open-ended period."""
        return f"vanaf {self.periode_van}" if self.periode_tot is None else f"{self.periode_van}–{self.periode_tot}"

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


@dataclass(frozen=True, slots=True)
class Ondertekenaar:
    partij: str
    naam: str = ""
    rol: str = ""
    datum: str = ""  # empty: not (yet) signed


@dataclass(frozen=True, slots=True)
class Ondertekening:
    """A version's signing block: whether it is signed, by whom, for which party, when."""

    status: str  # ondertekend | gedeeltelijk | niet ondertekend | onbekend
    ondertekenaars: tuple[Ondertekenaar, ...] = ()
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
class Versie:
    """A set of afspraken as a whole: a frozen, signed version, or the live `concept`."""

    label: str
    werkgebied: Werkgebied
    afspraken: tuple[Afspraak, ...]
    jaar: int | None = None
    status: str = CONCEPT
    vastgesteld_op: str = ""
    ondertekend_door: tuple[str, ...] = ()
    ondertekening: Ondertekening | None = None
    toelichting: str = ""
    inhoud_hash: str = ""
    # The chain (see `keten`): this version's hash over versie.yaml, and the version before it. A version
    # frozen before the chain existed has `geketend` False: its versie_hash is computed, not recorded.
    versie_hash: str = ""
    vorige_versie: str = ""
    vorige_hash: str = ""
    geketend: bool = False
    correcties: tuple[Any, ...] = ()  # keten.Correctie, oldest first

    @property
    def is_concept(self) -> bool:
        return self.label == CONCEPT

    def afspraak(self, nr: str) -> Afspraak | None:
        return next((a for a in self.afspraken if a.nr == nr), None)

    def per_thema(self, code: str) -> tuple[Afspraak, ...]:
        return tuple(a for a in self.afspraken if a.thema == code)


@dataclass(frozen=True, slots=True)
class Status:
    status: str
    toelichting: str = ""
    oorzaak: str = ""
    gevolg: str = ""
    actie: str = ""


@dataclass(frozen=True, slots=True)
class Monitoringsronde:
    id: str  # the file name without .yaml, e.g. 2023-09
    datum: str
    versie: str
    statussen: dict[str, Status]
    titel: str = ""
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def budgetregel(data: dict[str, Any]) -> Budgetregel:
    return Budgetregel(**data)


def mijlpaal(data: dict[str, Any]) -> Mijlpaal:
    return Mijlpaal(**{**data, "afspraken": tuple(data.get("afspraken", ()))})


def _kpi(data: dict[str, Any]) -> Kpi:
    return Kpi(**data)


def _risico(data: dict[str, Any]) -> Risico:
    return Risico(**data)


def _onderdelen(data: dict[str, Any]) -> dict[str, Any]:
    """The parts a werkgebied, a thema and an afspraak share: budget, KPI's, risks, named sections."""
    return {
        "kengetallen": _tuple(data.get("kengetallen"), kengetal),
        "budget": _tuple(data.get("budget"), budgetregel),
        "kpis": _tuple(data.get("kpis"), _kpi),
        "mijlpalen": _tuple(data.get("mijlpalen"), mijlpaal),
        "risicos": _tuple(data.get("risicos"), _risico),
        "bronnen": _tuple(data.get("bronnen"), bron),
    }


def _partij(data: dict[str, Any]) -> Partij:
    return Partij(**{**data, "aliassen": tuple(data.get("aliassen", ())),
                     "personen": _tuple(data.get("personen"), lambda p: Persoon(**p))})


def werkgebied_from(data: dict[str, Any]) -> Werkgebied:
    onderdelen = _onderdelen(data)
    del onderdelen["kengetallen"]  # a werkgebied keeps its kengetallen per thema
    return Werkgebied(**{
        **{k: v for k, v in data.items() if k != "periode"},
        **onderdelen,
        "periode_van": data["periode"]["van"],
        "periode_tot": data["periode"].get("tot"),
        "gemeenten": tuple(data.get("gemeenten", ())),
        "partijen": _tuple(data["partijen"], _partij),
        "themas": _tuple(data["themas"], lambda t: Thema(**{**t, **_onderdelen(t)})),
    })


def ondertekening_from(data: dict[str, Any] | None) -> Ondertekening | None:
    if not data:
        return None
    return Ondertekening(**{**data, "ondertekenaars": _tuple(data.get("ondertekenaars"),
                                                              lambda o: Ondertekenaar(**o))})


def afspraak_from(data: dict[str, Any], bestand: str) -> Afspraak:
    looptijd = data.get("looptijd")
    return Afspraak(**{
        **data,
        "bestand": bestand,
        "looptijd": Looptijd(**looptijd) if looptijd else None,
        "trekkers": tuple(data.get("trekkers", ())),
        "betrokken": tuple(data.get("betrokken", ())),
        **_onderdelen(data),
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
