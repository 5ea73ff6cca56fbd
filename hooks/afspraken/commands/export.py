"""`afspraken export WERKGEBIED [--versie LABEL] --format csv|json [--uitvoer BESTAND]`: open data."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import export
from ..bestanden import atomic_write
from ..cli_support import UsageError, werkgebied_folder
from ..loader import load_dossier
from ..model import Dossier
from ..report import Report

HELP = """\
Schrijft de afspraken van één versie van een werkgebied als open data:
  csv   één regel per afspraak, kolommen gescheiden door ';', UTF-8 met BOM (opent goed in Excel)
  json  de hele versie: werkgebied, versie en afspraken; voldoet aan schema/export.schema.json
De kolommen en het JSON-formaat staan op de pagina 'Open data' van de site.

Zonder --versie: de laatst vastgestelde versie, of 'concept' als er nog geen is.
--versie concept geeft de lopende afspraken (met wijzigingen die nog niet zijn vastgesteld).
Zonder --uitvoer gaat de export naar het scherm (stdout). Dezelfde inhoud geeft altijd dezelfde bytes.
--uitvoer schrijft een nieuw bestand in één keer, leesbaar zoals elk nieuw bestand van jou (umask). Een
bestand dat al bestaat, wordt alleen vervangen met --overwrite; een map of apparaat nooit.

Exitcode 0: geschreven. 1: onbekend werkgebied of onbekende versie, of de inhoud klopt niet
(los eerst op wat 'afspraken check' meldt). 2: verkeerd gebruik.

Voorbeelden:
  afspraken export borger-odoorn --format csv --uitvoer borger-odoorn-2023.csv
  afspraken export borger-odoorn --versie concept --format json
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="schrijf een versie als CSV of JSON (open data)", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("werkgebied", metavar="WERKGEBIED", help="de map onder agreements/, zoals borger-odoorn")
    parser.add_argument("--versie", metavar="LABEL", help="het label van de versie, of 'concept'")
    parser.add_argument("--format", dest="formaat", choices=export.FORMATEN, required=True)
    parser.add_argument("--uitvoer", type=Path, metavar="BESTAND", help="schrijf naar dit bestand")
    parser.add_argument("--overwrite", action="store_true", help="vervang het bestand als het al bestaat")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dossier = laad_werkgebied(args.werkgebied)
    if isinstance(dossier, str):
        print(dossier, file=sys.stderr)
        return 1
    try:
        versie = export.kies_versie(dossier, args.versie)
    except export.OnbekendeVersie as exc:
        print(exc, file=sys.stderr)
        return 1
    text = export.exporteer(dossier.slug, versie, args.formaat)
    if args.uitvoer is None:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        sys.stdout.write(text)
        return 0
    refused = doel_probleem(args.uitvoer, overwrite=args.overwrite)
    if refused:
        print(f"afspraken export: {refused}; niets geschreven", file=sys.stderr)
        return 1
    schrijf(args.uitvoer, text)
    print(f"Versie {versie.label} van {dossier.slug} geschreven naar {args.uitvoer} "
          f"({len(versie.afspraken)} {'afspraak' if len(versie.afspraken) == 1 else 'afspraken'}).", file=sys.stderr)
    return 0


def laad_werkgebied(slug: str) -> Dossier | str:
    """The werkgebied's dossier when it is valid; otherwise the message that explains why not."""
    folder = werkgebied_folder(slug)
    report = Report()
    dossier = load_dossier(folder, report)
    if not report.ok or dossier is None:
        lines = [str(p) for p in report.sorted()]
        lines.append(f"{slug} bevat fouten; los ze op (zie 'afspraken check') en exporteer dan opnieuw.")
        return "\n".join(lines)
    return dossier


def doel_probleem(path: Path, *, overwrite: bool) -> str | None:
    """Why `path` cannot receive the export, or None: a folder, a device or a link is never replaced,
    an existing file only on request."""
    if path.is_symlink():
        return f"{path} is een symbolische koppeling; geef de naam van een gewoon bestand"
    if path.is_dir():
        return f"{path} is een map; geef de naam van een bestand, zoals {path / 'afspraken.csv'}"
    if path.exists() and not path.is_file():
        return f"{path} is geen gewoon bestand (maar een apparaat, pijp of socket)"
    if path.exists() and not overwrite:
        return f"{path} bestaat al; kies een andere naam of geef --overwrite om het te vervangen"
    return None


def schrijf(path: Path, text: str) -> None:
    """Write all or nothing: a temporary file in the same folder, renamed into place."""
    if not path.parent.is_dir():
        raise UsageError(f"de map {path.parent} bestaat niet")
    # newline="": the CSV carries its own CRLF line ends for Excel.
    atomic_write(path, text, newline="")
