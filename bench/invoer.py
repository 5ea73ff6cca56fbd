"""`python -m bench.invoer [--rijen N]`: what hostile or large input costs, written to bench/INVOER.md.

- Import: a table of N rows (100,000 by default) into an empty werkgebied, with and without a Nr column,
  timed end to end the way `afspraken import` runs it (wall clock, CPU time, and peak memory: each
  measurement in its own process).
- An XLSX zip bomb (150 kB unpacking to 54 MB), refused: how long and how much memory that takes.
- Markdown: the worst text `afspraken check` still accepts (every bound of `waarden.markdown_probleem` at
  its limit, filled to 100 KB), rendered as the site renders it; and, for contrast, what one step past a
  bound used to cost.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from afspraken import importer, waarden
from bench import machine
from afspraken.render import _rendered

RESULTS = Path(__file__).resolve().parent / "INVOER.md"


def werkgebied(folder: Path, rijen: int) -> None:
    codes = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)][: (rijen + 998) // 999]
    (folder / "afspraken").mkdir(parents=True)
    themas = "".join(f"  - code: {c}\n    titel: Thema {c}\n" for c in codes)
    (folder / "werkgebied.yaml").write_text(
        "# yaml-language-server: $schema=../../../schema/werkgebied.schema.json\nnaam: Bench\ngemeente: Bench\n"
        "fictief: true\nperiode:\n  van: 2023\n  tot: 2026\npartijen:\n  - afk: GK\n    naam: Gemeente Bench\n"
        f"    soort: gemeente\nthemas:\n{themas}", encoding="utf-8")


def tabel(path: Path, rijen: int, nummers: bool = True) -> None:
    """Rows of 101 themas; without `nummers` the import numbers them (most source tables have no Nr column)."""
    codes = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)]
    with path.open("w", encoding="utf-8") as out:
        out.write("Nr;Thema;Inhoud;Tijd;Trekker\n" if nummers else "Thema;Inhoud;Tijd;Trekker\n")
        for i in range(rijen):
            code = codes[i // 999]
            nr = f"{code}{i % 999 + 1};" if nummers else ""
            out.write(f"{nr}{code};Afspraak {i} over wonen en leefbaarheid in de kernen;2023-2024;allen\n")


def cpu_tijd() -> tuple[float, float]:
    """User and system time of this process and of the processes it forked and waited for."""
    eigen, kinderen = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return eigen.ru_utime + kinderen.ru_utime, eigen.ru_stime + kinderen.ru_stime


def piek() -> float:
    """Peak memory in MB: of this process, or of its largest child when that is larger."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def measure_import(rijen: int, nummers: bool = True) -> tuple[float, float, float, float, float]:
    """Wall clock, CPU time (user + sys, the import's forked processes included), peak memory, user, sys."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements" / "bench"
        werkgebied(folder, rijen)
        tabel(Path(tmp) / "tabel.csv", rijen, nummers)
        wall, (user, sys_) = time.perf_counter(), cpu_tijd()
        uitkomst = importer.importeer(Path(tmp) / "tabel.csv", "tabel.csv", folder, importer.Opties())
        wall, user, sys_ = time.perf_counter() - wall, cpu_tijd()[0] - user, cpu_tijd()[1] - sys_
        assert isinstance(uitkomst, importer.Uitkomst) and not uitkomst.problemen, uitkomst
        assert len(uitkomst.geschreven) == rijen
    return wall, user + sys_, piek(), user, sys_


def worst_markdown() -> str:
    """Every bound at its limit, in one text of 100 KB."""
    parts = ["![a " * (waarden.MAX_HAAKEN // 2), "[a " * (waarden.MAX_HAAKEN // 2), "<a " * waarden.MAX_PUNTHAKEN, "\n\n",
             "".join(" " * (4 * i) + "- a\n" for i in range(waarden.MAX_NESTING - 1)), "\n",
             "> " * (waarden.MAX_NESTING - 1) + "citaat\n\n"]
    text = "".join(parts)
    spans = "Gewone tekst met *nadruk*, _nadruk_ en `code` & meer. " * (waarden.MAX_NADRUK // 6)
    text += spans + ("Gewone tekst zonder opmaak & meer. " * 3000)[: 100_000 - len(text) - len(spans)]
    assert waarden.markdown_probleem(text) is None
    return text


def timed(text: str) -> float:
    start = time.perf_counter()  # _rendered keeps no cache: this is the whole rendering
    _rendered(text)
    return time.perf_counter() - start


def xlsx_bom(path: Path) -> None:
    """A file of ~150 kB whose sheet unpacks to 54 MB: one row of 1.5 million cells (it took minutes and GBs)."""
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.active.append(["nr", "inhoud"])
    workbook.active.append(["A1", "Een"])
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, _, tail = parts.pop(sheet).partition(b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open(sheet, "w", force_zip64=True) as out:
            out.write(head + b'<row r="3">')
            for _ in range(150):
                out.write(b'<c t="inlineStr"><is><t>x</t></is></c>' * 10_000)
            out.write(b"</row></sheetData>" + tail)


def measure_bom() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements" / "bench"
        werkgebied(folder, 1)
        xlsx_bom(Path(tmp) / "bom.xlsx")
        wall, cpu = time.perf_counter(), time.process_time()
        uitkomst = importer.importeer(Path(tmp) / "bom.xlsx", "bom.xlsx", folder, importer.Opties())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert isinstance(uitkomst, importer.Problem) and "keer zo groot" in uitkomst.message, uitkomst
    return wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


METINGEN = {"bom": measure_bom, "import": lambda rijen: measure_import(rijen),
            "import-zonder-nr": lambda rijen: measure_import(rijen, nummers=False)}


def child(name: str, rijen: int) -> tuple[float, ...]:
    """One measurement in its own process, so its peak memory is its own."""
    result = subprocess.run([sys.executable, "-m", "bench.invoer", "--rijen", str(rijen), "--meting", name],
                            capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    return tuple(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=100_000)
    parser.add_argument("--meting", choices=METINGEN, help=argparse.SUPPRESS)  # one measurement, in a child
    args = parser.parse_args()
    if args.meting:
        measure = METINGEN[args.meting]
        print(json.dumps(measure() if args.meting == "bom" else measure(args.rijen)))
        return
    last_voor = os.getloadavg()[0]
    md_worst = timed(worst_markdown())
    md_past = timed("[a " * 400)
    bom = child("bom", args.rijen)
    met_nr = child("import", args.rijen)
    zonder_nr = child("import-zonder-nr", args.rijen)
    last_na = os.getloadavg()[0]
    info = machine.describe()
    n = f"{args.rijen:,}".replace(",", ".")

    def regel(naam: str, meting: tuple[float, ...]) -> str:
        wall, cpu, peak = meting[:3]
        split = f" ({meting[3]:.1f} + {meting[4]:.1f})" if len(meting) > 3 else ""
        return f"| {naam} | {wall:.1f} s | {cpu:.1f} s{split} | {peak:.0f} MB |"

    RESULTS.write_text(f"""# Vijandige en grote invoer

Gemaakt met `python -m bench.invoer --rijen {args.rijen}` (één run) op {info['datum']}, commit {info['commit']},
{info['cpu']}, Python {info['python']}. Elke import draait in een eigen proces, dus het piekgeheugen is
dat van die import alleen; de CPU-tijd telt de processen mee die de import voor de controle start.
De machine deelt 2 cores met andere processen (load average {last_voor:.1f} bij de start, {last_na:.1f} aan het eind): de CPU-tijd (user + sys) zegt meer dan de wandkloktijd.

| meting | wandklok | CPU-tijd (user + sys) | piekgeheugen |
| --- | ---: | ---: | ---: |
{regel(f"import van {n} rijen met een kolom Nr (CSV, 101 thema's; alles gecontroleerd en geschreven)", met_nr)}
{regel(f"import van {n} rijen zonder kolom Nr (de import nummert ze)", zonder_nr)}
{regel("Excel-zipbom: 150 kB die uitpakt tot 54 MB (een rij van 1,5 miljoen cellen), geweigerd", bom)}
| Markdown: slechtste tekst die check toelaat (100 KB, elke grens op haar maximum) | {md_worst:.2f} s | | |
| Markdown: 400 keer '[a ' (4x voorbij de grens; check weigert dit) | {md_past:.2f} s | | |

Voorheen: 100.000 rijen importeren kostte 348 s en 1,5 GB; een Excel-bestand van 450 kB met één rij van 4
miljoen cellen 283 s en 3,6 GB (openpyxl bouwt een rij helemaal op voordat de import hem ziet); een tekst
van 100 KB vol '[a ' meer dan twee minuten.

## Waar de tijd zat

Eerder (november): de import was kwadratisch bij een tabel zonder kolom Nr (elk nieuw nummer las alle
gebruikte nummers opnieuw); daarna gingen schemacontrole (fastjsonschema eerst, jsonschema alleen voor een
rij met een fout) en waardecontrole omlaag. 100.000 rijen kostten toen nog 72 s CPU-tijd.

Daarna (1 december), geprofileerd met cProfile op 10.000 en 40.000 rijen en per stap gemeten met
`resource.getrusage`:

- Per rij groeiden de kosten met het aantal thema's: het opzoeken van een thema hashte het hele
  werkgebied (een `lru_cache` met het werkgebied als sleutel), drie keer per rij, en de verwijzingen van
  elke rij werden opnieuw uit het werkgebied gemaakt. Bij 100.000 rijen (101 thema's) was een rij zo
  anderhalf keer zo duur als bij 10.000 (11 thema's). Nu maakt de import één opzoektabel (`Themas`) en
  `loader.afspraak_problems` de verwijzingen één keer.
- Schrijven: elk bestand kostte zeven systeemaanroepen (bestaat het al, een tijdelijk bestand met een
  willekeurige naam, schrijven, rechten zetten, de rechten van het oude bestand opvragen, sluiten,
  hernoemen). Nu schrijft `bestanden.write_all` alle bestanden eerst in een tussenmap in `afspraken/` en
  hernoemt ze dan: openen, schrijven, sluiten, hernoemen, en één keer de map lezen in plaats van een
  opvraag per bestand. Een fout tijdens het schrijven laat geen enkel bestand van de import achter; een
  onderbroken import laat alleen de tussenmap, en die meldt `afspraken check`.
- YAML maken (`yamlwriter`): volgorde, schema en sleutel van elk veld worden per schemaknoop één keer
  uitgezocht, niet per bestand; dezelfde bytes (vergeleken op 30.000 willekeurige documenten, op de tabel
  van deze bench en op de echte tabel van Stadskanaal).
- Waardecontrole (`waarden`): geen generator meer per waarde; zo'n 2 keer zo snel, dezelfde meldingen.
- Partijnamen en looptijden worden per verschillende celtekst één keer uitgezocht: een kolom van
  100.000 cellen noemt een paar partijen op een paar manieren.

Gemeten met een eigen script (user + sys van het importproces; dezelfde drukke machine, load average 5 tot
11, dus met een marge van tientallen procenten): 10.000 rijen met Nr van 2,5 + 3,0 s naar 2,0 + 1,4 s;
100.000 rijen met Nr van 39,3 + 9,1 s naar 22,4 + 10,4 s.

Toen bleef per rij bij 100.000 rijen: de schemacontrole (~65 µs), het YAML-bestand maken (~50 µs), de
waardecontrole en het omzetten van de rij (elk ~35 µs), de verwijzingen (~12 µs) en het schrijven (~90 µs,
vooral systeemtijd: 100.000 bestanden aanmaken en hernoemen in één map).

Daarna (1 december, later), elke stap gemeten met `resource.getrusage` (ook van de processen die de import
start) op 100.000 rijen met Nr, load average 5 tot 10 op 2 cores:

- De controle per rij (YAML maken, schema, waarden, verwijzingen) loopt vanaf 4.000 rijen over de cores
  (`parallel.in_delen`): elk proces krijgt een aaneengesloten deel van de rijen bij de fork mee en stuurt
  alleen de teksten en de problemen terug. Elke rij eindigt precies zoals in één proces (zelfde bytes,
  zelfde meldingen in rijvolgorde); een proces dat sterft, laat zijn deel aan de import zelf.
  Gemeten: 15,1 s CPU in één proces, nu 5,7 s in de import en 5,6 s in het tweede proces.
- De schemacontrole gooide per rij met trekker 'allen' een uitzondering (met een opgemaakte melding):
  een `anyOf` van een patroon en een vaste tekst probeert eerst het patroon. De gecompileerde controle leest
  zo'n `anyOf` nu als één patroon: samen zo'n 4 s CPU minder.
- Schrijven in een lege `afspraken/` (een nieuw werkgebied): de tussenmap staat ernaast en vervangt de lege
  map in één hernoeming, in plaats van 100.000 keer één bestand hernoemen: van 10,5 s naar 6,2 s
  systeemtijd. Een onderbroken import laat de tussenmap naast `afspraken/`; ook die meldt `afspraken check`.

Samen: de import zelf (zonder de tabel te maken) van 30 s CPU (18,8 + 11,0) naar 22,5 s (15,7 + 6,8). De
tabel hierboven telt de processen van de import mee, maar is op een machine met load average ~10 gemeten
(de bench kreeg 15% van een core): de wandklok zegt dan niets, en ook de systeemtijd schommelt (5,8 s en
11,3 s voor twee imports die even veel schrijven). Op een rustige machine met 2 cores is het langste
pad van de import het omzetten van de rijen (~2,6 s), de helft van de controle (~5,7 s) en het schrijven
(~7,5 s): zo'n 16 s wandklok, geschat uit die CPU-tijden en niet gemeten. Wat dan overblijft is vooral het
aanmaken van 100.000 bestanden in één map (~45 µs systeemtijd per bestand), dat niet sneller wordt met meer
processen (het bestandssysteem maakt bestanden in één map na elkaar aan).
""", encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
