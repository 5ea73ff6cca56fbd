"""The datasets of the whole site: long, flat tables, one row per fact, generated from the model.

Each `Tabel` names its fields with a Frictionless type and a Dutch description (the data package and the
docs page are made from them) and yields its rows one at a time, so a writer never holds a whole table.
Rows carry Python values (str, int, float, bool, None); the writers turn them into CSV cells or JSON.

Every table that is about afspraken starts with the same columns (werkgebied, versie, geldend, nr, thema),
so two tables join on (werkgebied, versie, nr) and `geldend` picks the version in force without a join.
Every row about an afspraak carries `id`, its persistent identifier (`identiteit.Lijn.sleutel`, such as
`voorbeeldstad-B2`): the same afspraak has the same id in every version, also after a renumbering, so
`id` follows an afspraak through the versions where `nr` cannot.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import export, model
from ..diff import Veldwijziging, Wijzigingen, wijzigingen
from ..identiteit import Identiteiten
from ..tijdlijn import reeks
from ..views import urls

Rij = dict[str, Any]


@dataclass(frozen=True)
class Veld:
    naam: str
    type: str  # a Frictionless Table Schema type: string, integer, number, boolean, date
    beschrijving: str
    verplicht: bool = False
    waarden: tuple[str, ...] = ()  # the allowed values, when the field is an enumeration


@dataclass(frozen=True)
class Verwijzing:
    """A foreign key: these fields of this table name a row of another table."""

    velden: tuple[str, ...]
    tabel: str
    naar: tuple[str, ...]


@dataclass(frozen=True)
class Tabel:
    naam: str  # also the file name on the site: data/<naam>.csv and data/<naam>.json
    titel: str
    beschrijving: str
    velden: tuple[Veld, ...]
    rijen: Callable[[model.Dossier, Identiteiten], Iterator[Rij]]  # one werkgebied's rows, with its identifiers
    sleutel: tuple[str, ...] = ()
    verwijzingen: tuple[Verwijzing, ...] = ()

    @property
    def kolommen(self) -> tuple[str, ...]:
        return tuple(v.naam for v in self.velden)


# --- the columns every afspraak table starts with ---------------------------------------------------

WERKGEBIED = Veld("werkgebied", "string", "De map van het werkgebied, ook het pad op de site.", verplicht=True)
VERSIE = Veld("versie", "string", "Het label van de versie, of 'concept' voor de lopende afspraken.", verplicht=True)
GELDEND = Veld("geldend", "boolean", "true als dit de versie is die nu geldt (de laatst vastgestelde).", verplicht=True)
NR = Veld("nr", "string", "Het nummer van de afspraak in deze versie.", verplicht=True)
NR_OF_LEEG = Veld("nr", "string", "Het nummer van de afspraak; leeg als het getal bij een thema hoort.")
ID = Veld("id", "string", "De vaste identificatie van de afspraak: gelijk in elke versie, ook na hernummering. "
          "Het adres /id/<id>/ op de site leidt naar de afspraak.", verplicht=True)
ID_OF_LEEG = Veld("id", "string", "De vaste identificatie van de afspraak; leeg als het getal bij een thema hoort.")
THEMA = Veld("thema", "string", "De code van het thema.", verplicht=True)
INDICATOR = Veld("indicator", "string", "Wat er gemeten, begroot of nagestreefd wordt.", verplicht=True)
JAAR = Veld("jaar", "integer", "Het jaar waarvoor het getal geldt; leeg als de bron geen jaar noemt.")
EENHEID = Veld("eenheid", "string", "De eenheid van de waarde (woningen, euro, procent ...).")


def _voor(dossier: model.Dossier, versie: model.Versie) -> Rij:
    return {"werkgebied": dossier.slug, "versie": versie.label, "geldend": versie is dossier.huidige}



def afspraak_id(ids: Identiteiten, label: str, nr: str) -> str:
    lijn = ids.lijn(label, nr)
    if lijn is None:  # every afspraak of a loaded dossier is on a lijn
        raise LookupError(f"afspraak {nr} van versie {label} heeft geen identificatie")
    return lijn.sleutel


# --- afspraken ----------------------------------------------------------------------------------------

_AFSPRAAK_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED, VERSIE,
    Veld("versie_status", "string", "vastgesteld, ingetrokken of concept.", verplicht=True,
         waarden=("vastgesteld", "ingetrokken", "concept")),
    GELDEND, NR, ID,
    Veld("vorig_nr", "string", "Het nummer in de vorige versie, als de afspraak is hernummerd."),
    THEMA,
    Veld("thema_titel", "string", "De titel van het thema."),
    Veld("onderwerp", "string", "Onderwerp binnen het thema."),
    Veld("sub_onderwerp", "string", "Sub-onderwerp binnen het onderwerp."),
    Veld("inhoud", "string", "Wat partijen afspreken (Markdown).", verplicht=True),
    Veld("resultaat", "string", "Het beoogde resultaat (Markdown)."),
    Veld("looptijd_van", "integer", "Eerste jaar van de looptijd."),
    Veld("looptijd_tot", "integer", "Laatste jaar van de looptijd (tot en met)."),
    Veld("planning", "string", "De planning in de woorden van de bron."),
    Veld("trekkers", "string", "Afkortingen van de trekkers, gescheiden door ', ', of 'allen'."),
    Veld("betrokken", "string", "Afkortingen van andere betrokken partijen, gescheiden door ', '."),
    Veld("jaarschijf", "string", "Wat er in het jaar van deze versie gebeurt (Markdown)."),
    Veld("adres", "string", "De afspraak op de site, vanaf de hoofdmap van de site.", verplicht=True),
    Veld("bestand", "string", "Het YAML-bestand in de repository, vanaf de hoofdmap.", verplicht=True),
)


def afspraak_rij(dossier: model.Dossier, versie: model.Versie, afspraak: model.Afspraak, ids: Identiteiten) -> Rij:
    """One afspraak as a flat row: the per-version CSV's columns, typed, plus status, geldend and address."""
    rij = export.csv_rij(dossier.slug, versie, afspraak)
    looptijd = afspraak.looptijd or model.Looptijd()
    rij |= {
        "versie_status": versie.status,
        "geldend": versie is dossier.huidige,
        "id": afspraak_id(ids, versie.label, afspraak.nr),
        "looptijd_van": looptijd.van,
        "looptijd_tot": looptijd.tot,
        "adres": urls.afspraak(dossier.slug, versie.label, afspraak.thema, afspraak.nr),
    }
    return {v.naam: rij[v.naam] for v in _AFSPRAAK_VELDEN}


def _afspraken(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    for versie in reeks(dossier):
        for afspraak in versie.afspraken:
            yield afspraak_rij(dossier, versie, afspraak, ids)


def _afspraken_geldend(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    if dossier.huidige is not None:
        for afspraak in dossier.huidige.afspraken:
            yield afspraak_rij(dossier, dossier.huidige, afspraak, ids)


# --- partijen ----------------------------------------------------------------------------------------

_PARTIJ_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED, VERSIE, GELDEND,
    Veld("afk", "string", "De afkorting, zoals in trekkers en betrokken van de afspraken.", verplicht=True),
    Veld("naam", "string", "De volledige naam van de partij.", verplicht=True),
    Veld("soort", "string", "Wat voor partij het is.", verplicht=True,
         waarden=("gemeente", "corporatie", "huurdersorganisatie", "overig")),
    Veld("ondertekend", "boolean", "true als de partij deze versie heeft ondertekend.", verplicht=True),
)


def _partijen(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    """The parties of every version: join trekkers (split on ', ') to afk to learn who is a corporatie."""
    for versie in reeks(dossier):
        for partij in versie.werkgebied.partijen:
            yield {**_voor(dossier, versie), "afk": partij.afk, "naam": partij.naam, "soort": partij.soort,
                   "ondertekend": partij.afk in versie.ondertekend_door}


# --- monitoring ---------------------------------------------------------------------------------------

_MONITORING_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED,
    Veld("ronde", "string", "De monitoringsronde: de naam van het bestand, zoals 2023-09.", verplicht=True),
    Veld("datum", "date", "De datum van de stand van zaken.", verplicht=True),
    Veld("laatste_ronde", "boolean", "true in de meest recente ronde van het werkgebied.", verplicht=True),
    VERSIE, NR, ID, THEMA,
    Veld("onderwerp", "string", "Onderwerp binnen het thema."),
    Veld("trekkers", "string", "Afkortingen van de trekkers, gescheiden door ', ', of 'allen'."),
    Veld("status", "string", "Het stoplicht; leeg als de ronde de afspraak niet noemt.", waarden=model.STATUSSEN),
    Veld("toelichting", "string", "Toelichting bij de status."),
    Veld("oorzaak", "string", "Bij oranje of rood: de oorzaak."),
    Veld("gevolg", "string", "Bij oranje of rood: het gevolg."),
    Veld("actie", "string", "Bij oranje of rood: de actie, en wie die neemt."),
    Veld("adres", "string", "De ronde op de site, vanaf de hoofdmap van de site.", verplicht=True),
)


def _monitoring(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    """Every afspraak of the monitored version in every round: the stoplicht table as rows."""
    laatste = dossier.monitoring[-1] if dossier.monitoring else None
    for ronde in dossier.monitoring:
        versie = dossier.versie(ronde.versie)
        if versie is None:  # the loader reports this; a valid archief never gets here
            continue
        for afspraak in versie.afspraken:
            status = ronde.statussen.get(afspraak.nr)
            yield {
                "werkgebied": dossier.slug, "ronde": ronde.id, "datum": ronde.datum,
                "laatste_ronde": ronde is laatste, "versie": versie.label, "nr": afspraak.nr,
                "id": afspraak_id(ids, versie.label, afspraak.nr),
                "thema": afspraak.thema, "onderwerp": afspraak.onderwerp,
                "trekkers": export.LIJST_SCHEIDINGSTEKEN.join(afspraak.trekkers),
                "status": status.status if status else None,
                "toelichting": status.toelichting if status else "",
                "oorzaak": status.oorzaak if status else "",
                "gevolg": status.gevolg if status else "",
                "actie": status.actie if status else "",
                "adres": urls.monitoring(dossier.slug, ronde.id),
            }


# --- changes between consecutive versions ---------------------------------------------------------

WIJZIGINGEN_SOORTEN = ("toegevoegd", "vervallen", "hernummerd", "gewijzigd", "werkgebied")
_WIJZIGING_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED,
    Veld("van", "string", "De oudere versie.", verplicht=True),
    Veld("tot", "string", "De nieuwere versie, of 'concept' voor wijzigingen die nog niet zijn vastgesteld.", verplicht=True),
    Veld("nr", "string", "Het nummer in de nieuwere versie (bij vervallen: in de oudere); leeg bij het werkgebied."),
    Veld("vorig_nr", "string", "Het nummer in de oudere versie, als de afspraak is hernummerd."),
    Veld("id", "string", "De vaste identificatie van de afspraak; leeg bij het werkgebied."),
    Veld("thema", "string", "De code van het thema van de afspraak."),
    Veld("wijziging", "string", "Wat er gebeurde: toegevoegd, vervallen, hernummerd, gewijzigd (een veld van "
         "een afspraak) of werkgebied (een veld van werkgebied.yaml).", verplicht=True, waarden=WIJZIGINGEN_SOORTEN),
    Veld("soort", "string", "Bij een gewijzigd veld: planning, getallen, partijen of tekst.",
         waarden=("planning", "getallen", "partijen", "tekst")),
    Veld("veld", "string", "Het gewijzigde veld, delen gescheiden door ' › ' (looptijd › tot)."),
    Veld("waarde_van", "string", "De oude waarde, als tekst."),
    Veld("waarde_tot", "string", "De nieuwe waarde, als tekst."),
)


def stappen(dossier: model.Dossier) -> Iterator[Wijzigingen]:
    """Each version against the next; the latest version against the concept only when they differ."""
    versies = reeks(dossier)
    for van, tot in zip(versies, versies[1:]):
        stap = wijzigingen(van, tot, dossier.slug)
        if not (tot.is_concept and stap.leeg):
            yield stap


def _tekst(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return export.LIJST_SCHEIDINGSTEKEN.join(_tekst(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _veld_rij(basis: Rij, veld: Veldwijziging, wijziging: str) -> Rij:
    return {**basis, "wijziging": wijziging, "soort": veld.soort, "veld": veld.naam,
            "waarde_van": _tekst(veld.van), "waarde_tot": _tekst(veld.tot)}


def _wijzigingen(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    for stap in stappen(dossier):
        basis = {"werkgebied": dossier.slug, "van": stap.van, "tot": stap.tot}
        leeg = {"vorig_nr": "", "soort": None, "veld": "", "waarde_van": "", "waarde_tot": ""}
        for afspraak in stap.toegevoegd:
            yield {**basis, "nr": afspraak.nr, "id": afspraak_id(ids, stap.tot, afspraak.nr),
                   "thema": afspraak.thema, "wijziging": "toegevoegd", **leeg}
        for afspraak in stap.vervallen:
            yield {**basis, "nr": afspraak.nr, "id": afspraak_id(ids, stap.van, afspraak.nr),
                   "thema": afspraak.thema, "wijziging": "vervallen", **leeg}
        for gewijzigd in stap.gewijzigd:
            eigen = {**basis, "nr": gewijzigd.nr, "vorig_nr": gewijzigd.vorig_nr,
                     "id": afspraak_id(ids, stap.tot, gewijzigd.nr), "thema": gewijzigd.thema}
            if gewijzigd.hernummerd:
                yield {**eigen, "wijziging": "hernummerd", "soort": None, "veld": "nr",
                       "waarde_van": gewijzigd.vorig_nr, "waarde_tot": gewijzigd.nr}
            for veld in gewijzigd.velden:
                yield _veld_rij(eigen, veld, "gewijzigd")
        for veld in stap.werkgebied_velden:
            yield _veld_rij({**basis, "nr": "", "vorig_nr": "", "id": "", "thema": ""}, veld, "werkgebied")


# --- numbers: kengetallen, budgets, KPIs ------------------------------------------------------------
# They stand on an afspraak, on a thema (werkgebied.yaml) or on the werkgebied as a whole; the row says
# where: nr and id empty for a thema or the werkgebied, thema empty too for the werkgebied.

THEMA_OF_LEEG = Veld("thema", "string", "De code van het thema; leeg als het getal bij het hele werkgebied hoort.")


def _houders(dossier: model.Dossier, ids: Identiteiten) -> Iterator[tuple[Rij, Any]]:
    """The werkgebied, every thema and every afspraak of every version, with the columns that say which it is."""
    for versie in reeks(dossier):
        voor = _voor(dossier, versie)
        yield {**voor, "nr": "", "id": "", "thema": ""}, versie.werkgebied
        for thema in versie.werkgebied.themas:
            yield {**voor, "nr": "", "id": "", "thema": thema.code}, thema
        for afspraak in versie.afspraken:
            yield {**voor, "nr": afspraak.nr, "id": afspraak_id(ids, versie.label, afspraak.nr),
                   "thema": afspraak.thema}, afspraak


_KENGETAL_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED, VERSIE, GELDEND, NR_OF_LEEG, ID_OF_LEEG, THEMA_OF_LEEG, INDICATOR,
    Veld("partij", "string", "De partij waar het getal over gaat, als de bron dat zegt."),
    JAAR,
    Veld("waarde", "number", "Het getal; leeg als het in de bron onbekend is."),
    EENHEID,
    Veld("toelichting", "string", "Toelichting bij het kengetal."),
)


def _kengetallen(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    """One row per value of a kengetal."""
    for basis, houder in _houders(dossier, ids):
        for kengetal in getattr(houder, "kengetallen", ()):
            for waarde in kengetal.waarden:
                yield {**basis, "indicator": kengetal.indicator, "partij": kengetal.partij, "jaar": waarde.jaar,
                       "waarde": waarde.waarde, "eenheid": kengetal.eenheid, "toelichting": kengetal.toelichting}


_BUDGET_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED, VERSIE, GELDEND, NR_OF_LEEG, ID_OF_LEEG, THEMA_OF_LEEG,
    Veld("indicator", "string", "Waar het budget voor is: de omschrijving van de budgetregel.", verplicht=True),
    JAAR,
    Veld("waarde", "number", "Het bedrag; leeg als het in de bron onbekend is (zie bedrag_tekst)."),
    Veld("eenheid", "string", "Altijd euro.", verplicht=True),
    Veld("bedrag_tekst", "string", "Wat de bron zegt in plaats van een bedrag, als het bedrag onbekend is."),
    Veld("regelsoort", "string", "regel, subtotaal of totaal. Tel alleen regels op: een (sub)totaal staat er zoals de "
         "bron het noemt.", verplicht=True, waarden=("regel", "subtotaal", "totaal")),
    Veld("grootboek", "string", "Het grootboeknummer, als de bron het noemt."),
    Veld("soort", "string", "Soort kosten, zoals out-of-pocket of personeel."),
    Veld("toelichting", "string", "Toelichting bij de regel."),
)


def _budgetten(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    for basis, houder in _houders(dossier, ids):
        for regel in getattr(houder, "budget", ()):
            yield {**basis, "indicator": regel.omschrijving, "jaar": regel.jaar, "waarde": regel.bedrag,
                   "eenheid": "euro", "bedrag_tekst": getattr(regel, "bedrag_tekst", None) or "",
                   "regelsoort": getattr(regel, "regelsoort", "regel"), "grootboek": regel.grootboek,
                   "soort": regel.soort, "toelichting": getattr(regel, "toelichting", "")}


_KPI_VELDEN: tuple[Veld, ...] = (
    WERKGEBIED, VERSIE, GELDEND, NR_OF_LEEG, ID_OF_LEEG, THEMA_OF_LEEG, INDICATOR, JAAR,
    Veld("waarde", "number", "De streefwaarde; leeg als de bron er geen noemt."),
    EENHEID,
    Veld("norm", "number", "De norm (de grens die niet overschreden mag worden), als die er is."),
    Veld("richting", "string", "Of hoger of lager beter is."),
    Veld("succesfactor", "string", "De kritische succesfactor waar de kpi bij hoort, als de bron ze zo groepeert."),
    Veld("meting", "string", "Hoe en wanneer er gemeten wordt."),
)


def _kpis(dossier: model.Dossier, ids: Identiteiten) -> Iterator[Rij]:
    for basis, houder in _houders(dossier, ids):
        for kpi in getattr(houder, "kpis", ()):
            yield {**basis, "indicator": kpi.indicator, "jaar": None, "waarde": kpi.streefwaarde,
                   "eenheid": kpi.eenheid, "norm": kpi.norm, "richting": kpi.richting,
                   "succesfactor": getattr(kpi, "succesfactor", ""), "meting": getattr(kpi, "meting", "")}


_AFSPRAAK = ("werkgebied", "versie", "nr")

TABELLEN: tuple[Tabel, ...] = (
    Tabel("afspraken", "Afspraken, alle versies",
          "Elke afspraak in elke versie van elk werkgebied (vastgesteld, ingetrokken en het concept), één regel per "
          "afspraak per versie.", _AFSPRAAK_VELDEN, _afspraken, sleutel=_AFSPRAAK),
    Tabel("afspraken-geldend", "Afspraken die nu gelden",
          "De afspraken van de geldende versie (de laatst vastgestelde) van elk werkgebied.",
          _AFSPRAAK_VELDEN, _afspraken_geldend, sleutel=_AFSPRAAK),
    Tabel("partijen", "Partijen", "De partijen van elke versie van elk werkgebied, met hun afkorting en soort.",
          _PARTIJ_VELDEN, _partijen, sleutel=("werkgebied", "versie", "afk")),
    Tabel("monitoring", "Monitoring: het stoplicht per afspraak per ronde",
          "Eén regel per afspraak per monitoringsronde: status, toelichting, oorzaak, gevolg en actie.",
          _MONITORING_VELDEN, _monitoring, sleutel=("werkgebied", "ronde", "nr"),
          verwijzingen=(Verwijzing(_AFSPRAAK, "afspraken", _AFSPRAAK),)),
    Tabel("wijzigingen", "Wijzigingen tussen opeenvolgende versies",
          "Eén regel per gewijzigd veld, per toegevoegde, vervallen of hernummerde afspraak, tussen elke versie en "
          "de volgende (en tussen de laatste versie en het concept).", _WIJZIGING_VELDEN, _wijzigingen),
    Tabel("kengetallen", "Kengetallen",
          "Kengetallen van werkgebieden, thema's en afspraken, één regel per waarde (per jaar).", _KENGETAL_VELDEN,
          _kengetallen),
    Tabel("budgetten", "Budgetten", "De budgetregels van afspraken, thema's en werkgebieden, één regel per budgetregel "
          "(ook subtotalen en totalen zoals de bron ze noemt).", _BUDGET_VELDEN, _budgetten),
    Tabel("kpis", "Kpi's", "De kpi's (streefwaarden) van afspraken, thema's en werkgebieden, één regel per kpi.",
          _KPI_VELDEN, _kpis),
)


def tabel(naam: str) -> Tabel:
    return next(t for t in TABELLEN if t.naam == naam)
