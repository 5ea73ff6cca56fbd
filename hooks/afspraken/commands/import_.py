"""`afspraken import BESTAND --werkgebied X`: afspraken from a CSV or Excel table into afspraak files."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import importer
from ..cli_support import UsageError
from ..hashing import WERKGEBIED_FILE
from ..paths import default_agreements
from ..report import display_path

HELP = """\
Leest een tabel met afspraken (CSV, Excel .xlsx of Word .docx) en schrijft elke rij als afspraak naar
agreements/<werkgebied>/afspraken/<nr>.yaml. Elke rij wordt eerst gecontroleerd zoals 'afspraken check'
dat doet; een rij die niet klopt staat in de uitvoer als BESTAND:RIJ:KOLOM: melding (rij en kolom zoals
een spreadsheetprogramma ze telt, rij 1 is meestal de kopregel). Alle fouten komen tegelijk. Als één rij
niet klopt, wordt er niets geschreven, tenzij je --sla-fouten-over geeft.

Het bestand
  CSV met ; , of tab als scheidingsteken (wordt herkend aan de kopregel), UTF-8 met of zonder BOM.
  Excel: het eerste blad, of het blad dat je met --blad noemt. De eerste gevulde rij is de kopregel.
  Een tabel (CSV of Excel) met meer dan 200.000 rijen, 200 gevulde kolommen of een cel van meer dan
  100.000 tekens wordt geweigerd, net als een Excel-bestand dat meer dan 200 MB uitpakt, een deel dat
  meer dan 100 keer zo groot uitpakt (een zipbom), een DTD (een XML-bom), een blad met meer dan
  5.000.000 cellen, of meer dan 1.000.000 verschillende teksten (samen meer dan 50.000.000 tekens).
  Een cel met NaN of oneindig ('nan', 'inf', een getal als 1e999) of een Excel-fout (#DEEL/0!, #N/B)
  is geen waarde: elke zo'n cel is een fout, met rij en kolom.
  Word (.docx): elke tabel met een kolom voor de inhoud (Inhoud, Actiepunt) in de kopregel, in de
  volgorde van het document; andere tabellen (kengetallen, budgetten) worden overgeslagen. Een fout
  staat er als BESTAND:TABEL:RIJ:KOLOM: melding (tabel 1 is de eerste tabel van het document). Een rij
  die uit één cel over de hele breedte bestaat, noemt het thema van de rijen eronder ("2) Betaalbaarheid":
  het nummer ervoor telt niet). Een cel over meer kolommen telt in de eerste; een cel over meer rijen
  telt in elke rij. Alinea's in een cel worden Markdown-alinea's, opsommingen '- '-regels, een tabel in
  een cel een Markdown-tabel. Een .docx groter dan 20 MB (200 MB uitgepakt), met meer dan 200 tabellen,
  5000 rijen, 50 kolommen of een cel van meer dan 100.000 tekens wordt geweigerd.

Kolommen (hoofdletters maken niet uit; een jaartal achter de kop telt niet mee)
  nr          Nr, Nummer
  thema       Thema, Themacode: de code (A) of de titel van een thema uit werkgebied.yaml
  onderwerp   Onderwerp
  sub_onderwerp  Sub-onderwerp
  inhoud      Inhoud, Actiepunt, Afspraak, Actiepunt/prestatieafspraken
  resultaat   Resultaat
  tijd        Tijd, Looptijd, Planning: '2021-2024', '2023', '2021/2023', 'Q1 2023'; woorden naast de
              jaren blijven bewaard als planning
  trekkers    Trekker, Wie?
  betrokken   Betrokken
  jaarschijf  Jaarschijf, Activiteiten, Activiteitenoverzicht
  Een andere kop wijs je aan met --kolommen, bijvoorbeeld --kolommen "inhoud=Wat,trekkers=Door wie".
  Kolommen die geen veld zijn, worden genoemd en overgeslagen.

Partijen
  Namen in Wie?/Trekker/Betrokken worden afkortingen via de partijen in werkgebied.yaml: de afkorting,
  de naam of een van de aliassen, zonder op hoofdletters te letten. Namen mogen gescheiden zijn door
  'en', een komma, '/', '&', '+' of alleen een spatie ("Lefier en Woonservice", "Gemeente, Lefier").
  'allen' en 'alle partijen' worden 'allen'; 'corporaties' en 'woningcorporaties' worden alle partijen
  van soort corporatie, 'huurdersorganisaties' alle huurdersorganisaties. Een onbekende naam is een
  fout: zet hem bij de aliassen van de goede partij in werkgebied.yaml.

Thema en nummer
  Het thema komt uit de kolom Thema; anders uit het begin van het nummer (A5a -> A); anders uit het
  onderwerp, als dat gelijk is aan de titel van een thema in werkgebied.yaml; anders uit --thema (een
  --thema dat geen thema van het werkgebied is, is één fout, voordat een rij gelezen wordt).
  Een rij zonder nummer krijgt de themacode en een nieuw volgnummer, in de volgorde van het bestand:
  na elk nummer van dat thema dat het werkgebied nu gebruikt of ooit gebruikte (in elke vastgestelde
  versie) en dat het bestand zelf noemt. Zo krijgt een nieuwe afspraak nooit het nummer van een
  bestaande of eerdere afspraak. Een rij met precies de tekst van een lopende afspraak van hetzelfde
  thema krijgt het nummer van die afspraak: dezelfde tabel twee keer inlezen verandert niets. De
  nummers liggen vast voordat foute rijen worden overgeslagen. Zo'n afspraak krijgt in bronnen de
  opmerking dat het nummer bij het importeren is toegekend.

Bron
  Elke afspraak krijgt een regel in bronnen met het document uit --bron (anders de bestandsnaam).

Bestaande bestanden
  Een bestand dat al bestaat en anders is, blijft staan: de uitvoer noemt het en laat per veld zien
  wat vervangen zou veranderen. Met --overwrite wordt het vervangen en noemt de uitvoer het met wat er
  veranderde. Een bestand met precies dezelfde inhoud telt als ongewijzigd. Alle bestanden worden eerst
  in een tussenmap in afspraken/ geschreven en dan elk in één keer op hun plaats gezet: gaat het schrijven
  mis, dan staat er geen bestand van de import. Een tussenmap van een onderbroken import meldt
  'afspraken check'.

Exitcode 0: geschreven (of niets te doen). 1: rijen kloppen niet, niets geschreven. 2: verkeerd gebruik.

Voorbeelden:
  afspraken import afspraken-2023.xlsx --werkgebied borger-odoorn --bron "Prestatieafspraken 2023"
  afspraken import agreements/stadskanaal/bron/afspraken-2021.csv --werkgebied stadskanaal \\
      --inhoud-leeg onderwerp --bron "Prestatieafspraken 2021-2025 gemeente Stadskanaal"
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="lees afspraken uit een CSV-, Excel- of Word-tabel", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bestand", type=Path, metavar="BESTAND", help="de tabel: .csv, .tsv, .txt, .xlsx of .docx")
    parser.add_argument("--werkgebied", required=True, metavar="X",
                        help="naam van de map onder agreements/, of het pad naar een werkgebied-map")
    parser.add_argument("--kolommen", default="", metavar="VELD=KOP,...",
                        help='welke kolomkop bij welk veld hoort, zoals "inhoud=Actiepunt,trekkers=Wie?"')
    parser.add_argument("--blad", metavar="NAAM", help="het blad in een Excel-bestand (standaard het eerste)")
    parser.add_argument("--bron", metavar="DOCUMENT", help="het brondocument, voor bronnen in elke afspraak")
    parser.add_argument("--thema", metavar="CODE", help="het thema voor rijen die er zelf geen noemen")
    parser.add_argument("--inhoud-leeg", choices=importer.INHOUD_LEEG, default="fout",
                        help="wat met een rij zonder inhoud: een fout (standaard), of het sub-onderwerp "
                             "(anders het onderwerp) als inhoud, met een opmerking in bronnen")
    parser.add_argument("--sla-fouten-over", action="store_true",
                        help="schrijf de goede rijen en sla de foute over (die worden wel gemeld)")
    parser.add_argument("--overwrite", action="store_true",
                        help="vervang bestaande afspraakbestanden die anders zijn (de uitvoer noemt elk, met wat er verandert)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.bestand.is_file():
        raise UsageError(f"{args.bestand} bestaat niet")
    if args.bestand.suffix.lower() not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".docx"):
        raise UsageError(f"{args.bestand.name}: kies een .csv-, .xlsx- of .docx-bestand")
    folder = werkgebied_folder(args.werkgebied)
    try:
        opties = importer.Opties(
            kolommen=importer.parse_kolommen(args.kolommen), blad=args.blad, bron=args.bron,
            thema=args.thema, inhoud_leeg=args.inhoud_leeg,
            sla_fouten_over=args.sla_fouten_over, overwrite=args.overwrite,
        )
        uitkomst = importer.importeer(args.bestand, display_path(args.bestand), folder, opties)
    except importer.KolomFout as exc:
        raise UsageError(f"--kolommen: {exc}") from exc
    if not isinstance(uitkomst, importer.Uitkomst):
        for problem in uitkomst if isinstance(uitkomst, importer.Cellen) else [uitkomst]:
            print(problem)
        print("Niets geschreven.", file=sys.stderr)
        return 1
    for problem in uitkomst.problemen:
        print(problem)
    if uitkomst.ongebruikte_kolommen:
        names = ", ".join(f"'{h}'" for h in uitkomst.ongebruikte_kolommen)
        print(f"Niet gebruikt (geen veld van een afspraak; zie --kolommen): {names}.", file=sys.stderr)
    return _summary(uitkomst, args)


def werkgebied_folder(name: str) -> Path:
    for candidate in (Path(name), default_agreements() / name):
        if (candidate / WERKGEBIED_FILE).is_file():
            return candidate
    raise UsageError(f"werkgebied '{name}' niet gevonden: geen {WERKGEBIED_FILE} in {name} "
                     f"of in {default_agreements().name}/{name}")


def _summary(uitkomst: importer.Uitkomst, args: argparse.Namespace) -> int:
    rows = {(p.path, p.line) for p in uitkomst.problemen}
    if rows and not args.sla_fouten_over:
        print(f"{len(rows)} {'rij klopt' if len(rows) == 1 else 'rijen kloppen'} niet. Niets geschreven; "
              "verbeter de tabel of gebruik --sla-fouten-over.", file=sys.stderr)
        return 1
    if uitkomst.overgeslagen:
        print(f"Overgeslagen: {_rows(uitkomst.overgeslagen)}.", file=sys.stderr)
        if len(uitkomst.overgeslagen) == len(uitkomst.rijen):
            print("Geen enkele rij klopt. Niets geschreven.", file=sys.stderr)
            return 1
    for path in uitkomst.geschreven:
        if path in uitkomst.vervangen:
            print(f"vervangen: {display_path(path)}; dit veranderde:", file=sys.stderr)
            _verschil(uitkomst, path)
        else:
            print(f"geschreven: {display_path(path)}", file=sys.stderr)
    if uitkomst.ongewijzigd:
        print(f"{len(uitkomst.ongewijzigd)} bestanden waren al precies zo.", file=sys.stderr)
    for path in uitkomst.niet_overschreven:
        print(f"niet overschreven: {display_path(path)} bestaat al en is anders; vervangen zou dit veranderen:",
              file=sys.stderr)
        _verschil(uitkomst, path)
    if uitkomst.niet_overschreven:
        print(f"{len(uitkomst.niet_overschreven)} bestaande afspraken niet overschreven. Staat er in de tabel een "
              "ander nummer bedoeld? Laat de kolom Nr dan leeg: een rij zonder nummer krijgt een nieuw nummer. "
              "Alleen als deze wijzigingen kloppen: --overwrite.", file=sys.stderr)
    print(f"{len(uitkomst.geschreven)} afspraken geschreven.", file=sys.stderr)
    return 0


def _verschil(uitkomst: importer.Uitkomst, path: Path) -> None:
    for regel in uitkomst.verschillen.get(path, ()):
        print(f"  {regel}", file=sys.stderr)


def _rows(numbers: list[int]) -> str:
    return ", ".join(f"rij {n}" for n in numbers)
