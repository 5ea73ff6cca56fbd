"""Importing afspraken from the tables parties already have: CSV or XLSX in, afspraak files out.

The import is all or nothing. Every row is turned into an afspraak and checked exactly as
`afspraken check` would check the result (the files are staged in a temporary copy of the werkgebied
and loaded with `loader.load_dossier`), every failing row is reported as `BESTAND:RIJ:KOLOM: melding`,
and only when nothing fails (or failing rows are skipped on request) are files written, each atomically.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import hashing, model
from .bestanden import atomic_write
from .diff import afspraak_velden
from .diff_formats import veld_tekst
from .identiteit import identiteiten, volgend_nr
from .loader import VERSIES_DIR, load_dossier
from .report import Problem, Report
from .schemas import schema_errors
from .yamlfile import SCHEMA_LINE_PREFIX
from .yamlwriter import afspraak_yaml

AFSPRAAK_SCHEMA_LINE = f"{SCHEMA_LINE_PREFIX}../../../schema/afspraak.schema.json"
NUMMER_OPMERKING = "Nummer toegekend bij het importeren; de bron nummert de actiepunten niet."
INHOUD_OPMERKING = "De kolom {kolom} is in de bron leeg; de inhoud is het {bron}."

# Column headers that mean an afspraak field, compared after `_header_key` (lower case, no trailing
# '?' or ':', no trailing year, so 'Wie?' and 'Activiteitenoverzicht 2021' match too).
SYNONIEMEN: dict[str, tuple[str, ...]] = {
    "nr": ("nr", "nr.", "nummer", "afspraaknummer"),
    "vorig_nr": ("vorig nr", "vorig nummer", "vorig_nr"),
    "thema": ("thema", "themacode"),
    "onderwerp": ("onderwerp",),
    "sub_onderwerp": ("sub-onderwerp", "subonderwerp", "sub onderwerp", "sub_onderwerp"),
    "inhoud": ("inhoud", "actiepunt", "actiepunten", "afspraak", "prestatieafspraak", "prestatieafspraken",
               "actiepunt/prestatieafspraken", "actiepunt/prestatieafspraak"),
    "resultaat": ("resultaat", "beoogd resultaat"),
    "tijd": ("tijd", "looptijd", "planning", "periode"),
    "trekkers": ("trekker", "trekkers", "wie"),
    "betrokken": ("betrokken", "betrokkenen"),
    "jaarschijf": ("jaarschijf", "activiteiten", "activiteitenoverzicht", "activiteiten jaarschijf"),
}
# Names that --kolommen accepts for a field, besides the field itself.
VELD_NAMEN = {"trekker": "trekkers", "looptijd": "tijd", "sub-onderwerp": "sub_onderwerp", "nummer": "nr"}

# Words in a "Wie?" cell that stand for a group of parties rather than one.
ALLEN_WOORDEN = ("alle partijen", "allen", "partijen")
SOORT_WOORDEN = {
    "woningcorporaties": "corporatie", "corporaties": "corporatie",
    "huurdersorganisaties": "huurdersorganisatie", "huurdersverenigingen": "huurdersorganisatie",
}
_SEPARATOR = re.compile(r"(?:[\s,;/&+]|\ben\b)+", re.IGNORECASE)

INHOUD_LEEG = ("fout", "onderwerp")


class KolomFout(ValueError):
    """A --kolommen value that names an unknown field or a header the table does not have."""


@dataclass(frozen=True)
class Opties:
    """What the user chose on the command line."""

    kolommen: dict[str, str] = field(default_factory=dict)  # field -> header, from --kolommen
    blad: str | None = None
    bron: str | None = None
    thema: str | None = None
    inhoud_leeg: str = "fout"
    sla_fouten_over: bool = False
    overwrite: bool = False


@dataclass(frozen=True)
class Tabel:
    """The rows of a sheet: the header and every row after it, with its row number as shown."""

    naam: str  # the file as the user named it, for messages
    kop: tuple[str, ...]
    kop_rij: int
    rijen: tuple[tuple[int, tuple[str, ...]], ...]
    # Per row, where it is when that is more than the file: 'FILE.docx:2' for table 2 of a Word document.
    plekken: tuple[str, ...] = ()
    bestand: str = ""  # the file, when `naam` also names a table in it

    @property
    def bestandsnaam(self) -> str:
        return Path(self.bestand or self.naam).name

    def plek(self, index: int) -> str:
        return self.plekken[index] if self.plekken else self.naam


@dataclass
class Rij:
    """One row turned into an afspraak, with every problem found in it."""

    nummer: int
    data: dict[str, Any]
    kolom_van: dict[str, int]  # afspraak key -> column (from 1) that the value came from
    problemen: list[Problem] = field(default_factory=list)
    tekst: str = ""
    plek: str = ""  # the file (and table) the row is in, for messages

    @property
    def nr(self) -> str:
        return str(self.data.get("nr", ""))

    @property
    def bestand(self) -> str:
        return f"{self.nr}.yaml"


@dataclass(frozen=True)
class Bestaand:
    """What the werkgebied has before the import: numbers and live afspraken that must not be lost."""

    nrs: frozenset[str] = frozenset()  # every nr in use or used before, in any version
    afspraken: tuple[model.Afspraak, ...] = ()  # the live afspraken (the concept)

    def nr_met_inhoud(self, thema: str, inhoud: str) -> str | None:
        """The nr of the live afspraak of `thema` with this text (so importing a table twice is no change)."""
        tekst = " ".join(inhoud.split())
        return next((a.nr for a in self.afspraken if a.thema == thema and " ".join(a.inhoud.split()) == tekst), None)


@dataclass
class Uitkomst:
    """What an import did or would do."""

    rijen: list[Rij]
    problemen: list[Problem]  # every problem, in row order
    geschreven: list[Path] = field(default_factory=list)
    ongewijzigd: list[Path] = field(default_factory=list)
    niet_overschreven: list[Path] = field(default_factory=list)
    vervangen: list[Path] = field(default_factory=list)  # existing afspraken replaced with --overwrite
    # For each existing file that differs (replaced or not): what replacing it changes, one line per field.
    verschillen: dict[Path, list[str]] = field(default_factory=dict)
    overgeslagen: list[int] = field(default_factory=list)  # row numbers skipped with --sla-fouten-over
    ongebruikte_kolommen: list[str] = field(default_factory=list)  # headers that are no afspraak field


# -- reading tables -----------------------------------------------------------------------------------

def lees_tabel(pad: Path, naam: str, blad: str | None = None) -> Tabel | Problem:
    """The table in a CSV, XLSX or DOCX file; a file that cannot be read comes back as a located Problem."""
    if pad.suffix.lower() == ".docx":
        return _docx_tabel(pad, naam)
    if pad.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(pad, naam, blad)
    else:
        rows = _csv_rows(pad, naam)
    if isinstance(rows, Problem):
        return rows
    numbered = [(index, tuple(_cell_text(c) for c in row)) for index, row in enumerate(rows, start=1)]
    filled = [(index, row) for index, row in numbered if any(row)]
    if not filled:
        return Problem(naam, 1, 1, "het bestand bevat geen tabel")
    (kop_rij, kop), data = filled[0], filled[1:]
    if not data:
        return Problem(naam, kop_rij, 1, "de tabel heeft alleen een kopregel en geen rijen")
    return Tabel(naam=naam, kop=kop, kop_rij=kop_rij, rijen=tuple(data))


def _csv_rows(pad: Path, naam: str) -> list[list[str]] | Problem:
    try:
        raw = pad.read_bytes()
    except OSError as exc:
        return Problem(naam, 1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(naam, line, 1, "het bestand is geen UTF-8; sla het op als 'CSV UTF-8' "
                                      "(in Excel: Opslaan als, CSV UTF-8 (gescheiden door lijstscheidingsteken))")
    first = next((line for line in text.splitlines() if line.strip()), "")
    # The header decides the delimiter: Dutch Excel writes ';', most other tools ',', some a tab.
    delimiter = max(";,\t", key=lambda d: (_count_outside_quotes(first, d), d == ","))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def _xlsx_rows(pad: Path, naam: str, blad: str | None) -> list[tuple[Any, ...]] | Problem:
    from openpyxl import load_workbook  # only imports that read Excel pay for openpyxl
    try:
        workbook = load_workbook(pad, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        return Problem(naam, 1, 1, f"kan het Excel-bestand niet lezen ({type(exc).__name__}); "
                                   "is het een .xlsx-bestand?")
    if blad is None:
        sheet = workbook.worksheets[0]
    elif blad in workbook.sheetnames:
        sheet = workbook[blad]
    else:
        return Problem(naam, 1, 1, f"het blad '{blad}' bestaat niet; bladen: {', '.join(workbook.sheetnames)}")
    return list(sheet.iter_rows(min_row=1, max_row=sheet.max_row, values_only=True))


def _docx_tabel(pad: Path, naam: str) -> Tabel | Problem:
    """The afsprakentabellen of a Word document as one table: every table whose header row has an inhoud
    column (Inhoud, Actiepunt, ...), rows in document order, each located as FILE:TABEL:RIJ:KOLOM.

    A row that is one cell across the whole table names the theme of the rows below it, as in the
    Borger-Odoorn document ('2) Voldoende geschikte en betaalbare woningen'): it becomes a Thema cell of
    those rows. Tables without an inhoud column (kengetallen, budgets) are left out.
    """
    from . import word
    tabellen = word.lees_tabellen(pad, naam)
    if isinstance(tabellen, Problem):
        return tabellen
    kop: tuple[str, ...] | None = None
    kop_plek = (naam, 1)
    rijen: list[tuple[int, tuple[str, ...]]] = []
    plekken: list[str] = []
    thema_kolom = any(t.kopjes for t in tabellen)
    for tabel in tabellen:
        plek = f"{naam}:{tabel.nummer}"
        thema = ""
        eigen_kop: tuple[str, ...] | None = None
        for nummer, cellen in enumerate(tabel.rijen, start=1):
            if nummer in tabel.kopjes:
                thema = re.sub(r"^\s*\d+\s*[.)]\s*", "", cellen[0]).strip()
                continue
            if not any(cellen):
                continue
            if eigen_kop is None:
                if "inhoud" not in kolommen_van(cellen, {})[0]:
                    break  # not an afsprakentabel
                eigen_kop = cellen
                if kop is None:
                    kop, kop_plek = cellen, (plek, nummer)
                elif len(cellen) != len(kop):
                    return Problem(plek, nummer, 1, f"deze tabel heeft {len(cellen)} kolommen en de eerste "
                                                    f"afsprakentabel {len(kop)}; geef ze dezelfde kolommen")
                continue
            rijen.append((nummer, (*cellen, thema) if thema_kolom else cellen))
            plekken.append(plek)
    if kop is None:
        return Problem(naam, 1, 1, "geen afsprakentabel gevonden: geen tabel heeft een kopregel met een kolom "
                                   "voor de inhoud (zoals Inhoud of Actiepunt)")
    if not rijen:
        return Problem(kop_plek[0], kop_plek[1], 1, "de tabel heeft alleen een kopregel en geen rijen")
    if thema_kolom:
        kop = (*kop, "Thema")  # from the theme rows; after the table's own columns, so those keep their number
    return Tabel(naam=kop_plek[0], kop=kop, kop_rij=kop_plek[1], rijen=tuple(rijen), plekken=tuple(plekken),
                 bestand=naam)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# -- columns ------------------------------------------------------------------------------------------

def parse_kolommen(text: str) -> dict[str, str]:
    """`inhoud=Actiepunt,trekkers=Wie?` as {field: header}."""
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        veld, sep, kop = part.partition("=")
        veld = VELD_NAMEN.get(veld.strip().lower(), veld.strip().lower())
        if not sep or not kop.strip():
            raise KolomFout(f"'{part}' heeft niet de vorm veld=Kolomkop")
        if veld not in SYNONIEMEN:
            raise KolomFout(f"onbekend veld '{veld}'; kies uit {', '.join(SYNONIEMEN)}")
        found[veld] = kop.strip()
    return found


def kolommen_van(kop: tuple[str, ...], keuze: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index (from 0), and the headers that no field uses."""
    keys = [_header_key(h) for h in kop]
    gekozen: dict[str, int] = {}
    for veld, naam in keuze.items():
        matches = [i for i, key in enumerate(keys) if key == _header_key(naam) or kop[i] == naam]
        if not matches:
            raise KolomFout(f"de kolom '{naam}' (voor {veld}) staat niet in de kopregel; kolommen: "
                            + ", ".join(f"'{h}'" for h in kop if h))
        gekozen[veld] = matches[0]
    bezet = set(gekozen.values())
    for veld, namen in SYNONIEMEN.items():
        if veld in gekozen:
            continue
        for index, key in enumerate(keys):
            if index not in bezet and (key in namen or any(part in namen for part in key.split("/"))):
                gekozen[veld] = index
                bezet.add(index)
                break
    ongebruikt = [h for i, h in enumerate(kop) if h and i not in bezet]
    return gekozen, ongebruikt


def _header_key(header: str) -> str:
    key = " ".join(header.lower().split()).rstrip("?: ")
    return re.sub(r"\s+(19|20|21)\d\d$", "", key)


# -- values -------------------------------------------------------------------------------------------

def parse_tijd(text: str) -> tuple[dict[str, Any] | None, str]:
    """A 'Tijd' cell as a looptijd mapping, or an error message.

    '2021-2024' -> van/tot; '2023' -> van; anything else with years ('2021/2023', 'Q1 2023') keeps the
    source's words as planning too; text without a year ('doorlopend') is planning only.
    """
    text = " ".join(text.split())
    if not text:
        return None, ""
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    wrong = [y for y in years if not 1900 <= y <= 2200]
    if wrong:
        return None, f"'{text}' bevat het jaar {wrong[0]}; een jaar ligt tussen 1900 en 2200"
    if len(years) >= 2 and years[-1] < years[0]:
        return None, f"in '{text}' ligt het eindjaar {years[-1]} voor het beginjaar {years[0]}"
    looptijd: dict[str, Any] = {}
    if years:
        looptijd["van"] = min(years)
        if max(years) != min(years):
            looptijd["tot"] = max(years)
    if not re.fullmatch(r"\d{4}(\s?-\s?\d{4})?", text):
        looptijd["planning"] = text
    return looptijd, ""


class Partijherkenning:
    """Turns the text of a 'Wie?' or 'Trekker' cell into party abbreviations from werkgebied.yaml.

    Every party is known by its afk, its naam and its aliassen, case-insensitively. Names may be
    separated by 'en', ',', '/', '&', '+' or only a space ('Samen Sterk Lefier'): the longest known
    name wins at each position. 'allen' or 'alle partijen' means everyone; 'corporaties' or
    'woningcorporaties' means every party of soort corporatie, 'huurdersorganisaties' every
    huurdersorganisatie. A party named beside 'allen' is kept ('gemeente allen' stays BO and allen),
    as the source names it.
    """

    def __init__(self, werkgebied: model.Werkgebied) -> None:
        names: dict[str, list[str]] = {}
        self._groepen: dict[str, list[str]] = {}  # importer rules: a word that stands for several parties
        for partij in werkgebied.partijen:
            for name in (partij.afk, partij.naam, *partij.aliassen):
                names.setdefault(_fold(name), [partij.afk])
        for word in ALLEN_WOORDEN:
            names.setdefault(word, [model.ALLEN])
            if word != model.ALLEN and names[word] == [model.ALLEN]:
                self._groepen[word] = [model.ALLEN]
        for word, soort in SOORT_WOORDEN.items():
            members = [p.afk for p in werkgebied.partijen if p.soort == soort]
            if members and word not in names:
                names[word] = self._groepen[word] = members
        self._names = sorted(names.items(), key=lambda item: -len(item[0]))
        self.bekend = ", ".join(f"{p.naam} ({p.afk})" for p in werkgebied.partijen)

    def afkortingen(self, text: str) -> tuple[list[str], list[str]]:
        """The abbreviations named in `text`, in order and without repeats, and the unknown names."""
        text = unicodedata.normalize("NFC", text)
        folded = _fold(text)
        afks: list[str] = []
        onbekend: list[str] = []
        pos, unknown_start, unknown_end = 0, 0, -1
        while pos < len(folded):
            sep = _SEPARATOR.match(folded, pos)
            if sep and sep.end() > pos:
                pos = sep.end()
                continue
            match = next((item for item in self._names if _starts_name(folded, pos, item[0])), None)
            if match is not None:
                afks.extend(a for a in match[1] if a not in afks)
                pos += len(match[0])
                continue
            end = _SEPARATOR.search(folded, pos)
            stop = end.start() if end else len(folded)
            # Unknown words separated only by spaces are one name ('Stichting Welstad').
            if onbekend and folded[unknown_end:pos].isspace():
                onbekend[-1] = text[unknown_start:stop]
            else:
                unknown_start = pos
                onbekend.append(text[pos:stop])
            pos = unknown_end = stop
        return afks, onbekend

    def regels(self, text: str) -> list[str]:
        """The importer's rules that `text` used, in words for a note in the file: which word became
        which parties. A party's own name, afk or alias is no rule: werkgebied.yaml says it."""
        folded = _fold(unicodedata.normalize("NFC", text))
        found = []
        for word, afks in sorted(self._groepen.items(), key=lambda item: -len(item[0])):
            if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", folded) and not any(word in f for f in found):
                found.append(word)
        return [f"'{word}' = {', '.join(self._groepen[word])}" for word in found]


def _starts_name(text: str, pos: int, name: str) -> bool:
    end = pos + len(name)
    return text.startswith(name, pos) and (end == len(text) or not text[end].isalnum())


def _fold(text: str) -> str:
    # Case and the odd non-breaking space or curly apostrophe must not decide whether a name is known.
    # Folding keeps the length of (NFC) text, so positions in the folded text are positions in the text.
    folded = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u2019", "'").lower()
    return folded if len(folded) == len(text) else text.replace("\u00a0", " ")


def thema_van(tekst: str, werkgebied: model.Werkgebied) -> str | None:
    """The thema code that a thema cell or an onderwerp names: the code itself or the thema's titel."""
    key = " ".join(tekst.split()).casefold()
    for thema in werkgebied.themas:
        if key in (thema.code.casefold(), " ".join(thema.titel.split()).casefold()):
            return thema.code
    return None


# -- rows to afspraken --------------------------------------------------------------------------------

def maak_rijen(tabel: Tabel, werkgebied: model.Werkgebied, opties: Opties,
               bestaand: Bestaand = Bestaand()) -> tuple[list[Rij], list[str]] | Problem:
    """Every data row as an afspraak mapping, with the problems that mapping its cells found, and the
    headers that are no afspraak field."""
    kolommen, ongebruikt = kolommen_van(tabel.kop, opties.kolommen)
    if "inhoud" not in kolommen:
        return Problem(tabel.naam, tabel.kop_rij, 1,
                       "geen kolom voor de inhoud gevonden (zoals Inhoud of Actiepunt); "
                       "wijs hem aan met --kolommen inhoud=Kolomkop")
    if not ({"thema", "onderwerp", "nr"} & kolommen.keys()) and opties.thema is None:
        return Problem(tabel.naam, tabel.kop_rij, 1,
                       "geen kolom Thema, Onderwerp of Nr om het thema uit te halen; geef het thema met --thema")
    herkenning = Partijherkenning(werkgebied)
    rijen = [_maak_rij(nummer, cellen, tabel, kolommen, herkenning, werkgebied, opties, tabel.plek(index))
             for index, (nummer, cellen) in enumerate(tabel.rijen)]
    _nummer_toe(rijen, tabel, kolommen, bestaand)
    return rijen, ongebruikt


def _maak_rij(nummer: int, cellen: tuple[str, ...], tabel: Tabel, kolommen: dict[str, int],
              herkenning: Partijherkenning, werkgebied: model.Werkgebied, opties: Opties, plek: str) -> Rij:
    def cel(veld: str) -> str:
        index = kolommen.get(veld)
        return cellen[index] if index is not None and index < len(cellen) else ""

    kolom_van = {veld: index + 1 for veld, index in kolommen.items()}
    rij = Rij(nummer=nummer, data={}, kolom_van=kolom_van, plek=plek)

    def fout(veld: str, melding: str) -> None:
        rij.problemen.append(Problem(plek, nummer, rij.kolom_van.get(veld, 1), melding))

    data = rij.data
    notities: list[str] = []  # what the import decided, for bronnen[0].opmerking
    if cel("nr"):
        data["nr"] = cel("nr")
    # Where the thema comes from decides which cell a thema problem points at.
    bron_kolom = next((k for k in ("thema", "onderwerp", "nr") if k in kolommen), None)
    thema = _kies_thema(cel, werkgebied, opties)
    if thema is None:
        veld = "thema" if cel("thema") else ("onderwerp" if cel("onderwerp") else bron_kolom or "thema")
        waarde = cel(veld) if veld in kolommen else ""
        codes = "; ".join(f"{t.code} ({t.titel})" for t in werkgebied.themas)
        fout(veld, f"'{waarde}' is geen thema in werkgebied.yaml; kies uit {codes}" if waarde else
             f"de rij noemt geen thema; kies uit {codes}, in een kolom Thema of met --thema")
    else:
        data["thema"] = thema
        rij.kolom_van["thema"] = kolom_van.get(bron_kolom or "thema", 1)
    for veld in ("vorig_nr", "onderwerp", "sub_onderwerp"):
        if cel(veld):
            data[veld] = cel(veld)
    data["inhoud"] = cel("inhoud")
    if not data["inhoud"] and opties.inhoud_leeg == "onderwerp":
        for veld, woord in (("sub_onderwerp", "sub-onderwerp"), ("onderwerp", "onderwerp")):
            if cel(veld):
                data["inhoud"] = cel(veld)
                kop = tabel.kop[kolommen["inhoud"]]
                data.setdefault("bronnen", [{}])[0]["opmerking"] = INHOUD_OPMERKING.format(kolom=kop, bron=woord)
                break
    if not data["inhoud"]:
        fout("inhoud", f"de kolom {tabel.kop[kolommen['inhoud']]} is leeg en een afspraak heeft inhoud nodig; "
                       "vul de cel, of neem met --inhoud-leeg onderwerp het sub-onderwerp als inhoud")
    if cel("resultaat"):
        data["resultaat"] = cel("resultaat")
    looptijd, melding = parse_tijd(cel("tijd"))
    if melding:
        fout("tijd", melding)
    elif looptijd:
        data["looptijd"] = looptijd
        rij.kolom_van["looptijd"] = kolom_van["tijd"]
    for veld in ("trekkers", "betrokken"):
        if not cel(veld):
            continue
        afks, onbekend = herkenning.afkortingen(cel(veld))
        regels = herkenning.regels(cel(veld))
        if regels and not onbekend:
            kop = tabel.kop[kolommen[veld]]
            notities.append(f"{kop} '{cel(veld)}' is bij het importeren {', '.join(afks)} geworden "
                            f"({'; '.join(regels)}).")
        for naam in onbekend:
            fout(veld, f"'{naam}' is geen partij in werkgebied.yaml (in '{cel(veld)}'); bekend zijn "
                       f"{herkenning.bekend}. Zet de naam bij de aliassen van de goede partij")
        if veld == "betrokken" and model.ALLEN in afks:
            afks = [p.afk for p in werkgebied.partijen]
        if afks:
            data[veld] = afks
    if cel("jaarschijf"):
        data["jaarschijf"] = cel("jaarschijf")
    bron = {"document": opties.bron or tabel.bestandsnaam, **data.get("bronnen", [{}])[0]}
    if notities:
        bron["opmerking"] = " ".join(filter(None, (bron.get("opmerking"), *notities)))
    data["bronnen"] = [bron]
    return rij


def _kies_thema(cel: Any, werkgebied: model.Werkgebied, opties: Opties) -> str | None:
    if cel("thema"):
        return thema_van(cel("thema"), werkgebied)
    if cel("nr"):
        prefix = re.match(r"[A-Z]{1,3}", cel("nr"))
        if prefix and werkgebied.thema(prefix.group()):
            return prefix.group()
    if cel("onderwerp") and (code := thema_van(cel("onderwerp"), werkgebied)):
        return code
    if opties.thema is not None:
        return thema_van(opties.thema, werkgebied)
    return None


def _nummer_toe(rijen: list[Rij], tabel: Tabel, kolommen: dict[str, int], bestaand: Bestaand = Bestaand()) -> None:
    """Rows without nr get a number in file order: after every number of their thema that the werkgebied
    uses or ever used (in any version) and that the file names, so an import never takes the number of
    an existing or earlier afspraak. A row whose text is that of a live afspraak of its thema gets that
    afspraak's number: importing the same table twice changes nothing.

    Numbers are given before bad rows are skipped, so fixing a row later does not renumber the rest.
    """
    in_bestand = {r.nr for r in rijen if r.nr}
    gebruikt = in_bestand | set(bestaand.nrs)
    for rij in rijen:
        if rij.nr or "thema" not in rij.data:
            continue
        code = rij.data["thema"]
        eigen = bestaand.nr_met_inhoud(code, str(rij.data.get("inhoud", "")))
        nr = eigen if eigen is not None and eigen not in in_bestand else volgend_nr(code, gebruikt)
        rij.data = {"nr": nr, **rij.data}
        gebruikt.add(nr)
        in_bestand.add(nr)
        bron = rij.data["bronnen"][0]
        bron["opmerking"] = " ".join(filter(None, (NUMMER_OPMERKING, bron.get("opmerking"))))
        rij.kolom_van["nr"] = rij.kolom_van.get("thema", 1)
    eerder: dict[str, int] = {}
    for rij in rijen:
        if not rij.nr:
            continue
        if rij.nr in eerder:
            rij.problemen.append(Problem(rij.plek, rij.nummer, rij.kolom_van.get("nr", 1),
                                         f"nummer {rij.nr} staat ook in rij {eerder[rij.nr]}; elk nummer mag één keer"))
        else:
            eerder[rij.nr] = rij.nummer


# -- checking -----------------------------------------------------------------------------------------

_SAFE_NR = re.compile(r"[A-Za-z0-9_-]{1,40}")


def controleer(rijen: list[Rij], folder: Path, tabel: Tabel) -> None:
    """Add to each row the problems `afspraken check` would find in its file, before anything is written.

    The rows are rendered and staged next to a copy of werkgebied.yaml and the afspraken that stay, and
    the stage is loaded with the loader that `afspraken check` uses: the same schema, the same
    references, the same rules for numbers.
    """
    staged: dict[str, Rij] = {}
    for rij in rijen:
        rij.tekst = afspraak_yaml(rij.data, AFSPRAAK_SCHEMA_LINE)
        if "nr" in rij.data and _SAFE_NR.fullmatch(rij.nr) and not any("ook in rij" in p.message for p in rij.problemen):
            staged[rij.bestand] = rij
        elif "nr" in rij.data:
            # A number that cannot be a file name is checked against the schema alone. (A row without
            # a number has no thema, and already says so.)
            for error in schema_errors("afspraak", rij.data):
                rij.problemen.append(_rij_probleem(tabel, rij, error.json_path[0] if error.json_path else "nr",
                                                   error.message))
    with tempfile.TemporaryDirectory(prefix="afspraken-import-") as tmp:
        stage = Path(tmp) / folder.name
        (stage / hashing.AFSPRAKEN_DIR).mkdir(parents=True)
        shutil.copyfile(folder / hashing.WERKGEBIED_FILE, stage / hashing.WERKGEBIED_FILE)
        for path in sorted((folder / hashing.AFSPRAKEN_DIR).glob("*.yaml")):
            if path.name not in staged and path.is_file():
                shutil.copyfile(path, stage / hashing.AFSPRAKEN_DIR / path.name)
        for name, rij in staged.items():
            (stage / hashing.AFSPRAKEN_DIR / name).write_text(rij.tekst, encoding="utf-8")
        report = Report()
        load_dossier(stage, report, base=stage)
    for problem in report.sorted():
        name = Path(problem.path).name
        rij = staged.get(name) if problem.path == f"{hashing.AFSPRAKEN_DIR}/{name}" else None
        if rij is None:
            # A problem in a file the import leaves alone belongs to a row only when it names the row's file.
            rij = next((r for n, r in staged.items() if f"{hashing.AFSPRAKEN_DIR}/{n}" in problem.message), None)
            if rij is None:
                continue
            rij.problemen.append(Problem(rij.plek, rij.nummer, rij.kolom_van.get("nr", 1),
                                         problem.message.replace(f"{hashing.AFSPRAKEN_DIR}/", f"{folder.name}/afspraken/")))
            continue
        found = _rij_probleem(tabel, rij, _key_at(rij.tekst, problem.line), problem.message)
        # The import's own message about a cell says more than the schema's about the same cell.
        if not any(p.col == found.col for p in rij.problemen):
            rij.problemen.append(found)


def _rij_probleem(tabel: Tabel, rij: Rij, veld: str | int, melding: str) -> Problem:
    kolom = rij.kolom_van.get(str(veld)) or rij.kolom_van.get("inhoud", 1)
    return Problem(rij.plek or tabel.naam, rij.nummer, kolom, melding)


def _key_at(text: str, line: int) -> str:
    """The top-level key whose value holds `line` (from 1) of a rendered afspraak."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        match = re.match(r"([a-z_]+):", lines[number - 1])
        if match:
            return match.group(1)
    return "nr"


# -- the whole import ---------------------------------------------------------------------------------

def importeer(pad: Path, naam: str, folder: Path, opties: Opties) -> Uitkomst | Problem:
    """Read `pad`, turn its rows into afspraken of the werkgebied `folder`, check them, and write them.

    Returns a Problem for a file or werkgebied that cannot be used at all; otherwise an Uitkomst with
    every row problem and what was written. Nothing is written when a row fails, unless
    `opties.sla_fouten_over` (then the failing rows are left out). An existing file is replaced only with
    `opties.overwrite`; an existing file with the same content counts as unchanged.
    """
    werkgebied = _werkgebied(folder)
    if isinstance(werkgebied, Problem):
        return werkgebied
    tabel = lees_tabel(pad, naam, opties.blad)
    if isinstance(tabel, Problem):
        return tabel
    bestaand = bestaand_in(folder)
    gemaakt = maak_rijen(tabel, werkgebied, opties, bestaand)
    if isinstance(gemaakt, Problem):
        return gemaakt
    rijen, ongebruikt = gemaakt
    controleer(rijen, folder, tabel)
    problemen = [p for r in rijen for p in sorted(r.problemen, key=lambda p: (p.col, p.message))]  # row order
    uitkomst = Uitkomst(rijen=rijen, problemen=problemen, ongebruikte_kolommen=ongebruikt)
    goed = [r for r in rijen if not r.problemen]
    if problemen and not opties.sla_fouten_over:
        return uitkomst
    uitkomst.overgeslagen = [r.nummer for r in rijen if r.problemen]
    _schrijf(goed, folder / hashing.AFSPRAKEN_DIR, opties.overwrite, uitkomst, bestaand)
    return uitkomst


def bestaand_in(folder: Path) -> Bestaand:
    """Every number the werkgebied `folder` uses or used (files that do not validate count too) and its
    live afspraken."""
    dossier = load_dossier(folder, Report())
    nrs = {p.stem for p in (folder / hashing.AFSPRAKEN_DIR).glob("*.yaml")}
    nrs |= {p.stem for p in (folder / VERSIES_DIR).glob(f"*/{hashing.AFSPRAKEN_DIR}/*.yaml")}
    if dossier is None:
        return Bestaand(frozenset(nrs))
    return Bestaand(frozenset(nrs | identiteiten(dossier).alle_nrs), dossier.concept.afspraken)


def _werkgebied(folder: Path) -> model.Werkgebied | Problem:
    report = Report()
    dossier = load_dossier(folder, report)
    eigen = [p for p in report.sorted() if Path(p.path).name == hashing.WERKGEBIED_FILE
             and Path(p.path).parent.name == folder.name]
    if dossier is None or eigen:
        first = eigen[0] if eigen else Problem(str(folder / hashing.WERKGEBIED_FILE), 1, 1, "kan niet gelezen worden")
        return Problem(first.path, first.line, first.col,
                       f"{first.message} (los de problemen in werkgebied.yaml eerst op; zie 'afspraken check')")
    return dossier.concept.werkgebied


def _schrijf(rijen: list[Rij], doel: Path, overwrite: bool, uitkomst: Uitkomst,
             bestaand: Bestaand = Bestaand()) -> None:
    doel.mkdir(parents=True, exist_ok=True)
    live = {a.nr: a for a in bestaand.afspraken}
    for rij in rijen:
        path = doel / rij.bestand
        if path.exists():
            if path.read_bytes() == rij.tekst.encode("utf-8"):
                uitkomst.ongewijzigd.append(path)
                continue
            uitkomst.verschillen[path] = verschil(live.get(rij.nr), rij)
            if not overwrite:
                uitkomst.niet_overschreven.append(path)
                continue
            uitkomst.vervangen.append(path)
        atomic_write(path, rij.tekst)
        uitkomst.geschreven.append(path)


def verschil(oud: model.Afspraak | None, rij: Rij) -> list[str]:
    """What replacing the existing afspraak with the row changes, one line per field, as `diff` says it."""
    if oud is None:
        return ["het bestaande bestand klopt niet (zie 'afspraken check'); vergelijk het zelf met de rij"]
    velden = afspraak_velden(oud, model.afspraak_from(rij.data, oud.bestand))
    return [veld_tekst(v) for v in velden] or ["alleen de opmaak van het bestand"]
