"""`afspraken nieuw WERKGEBIED NR --thema X`: start a new afspraak file from the schema."""
from __future__ import annotations

import argparse
import sys

from .. import nieuw
from ..cli_support import werkgebied_folder
from ..hashing import AFSPRAKEN_DIR
from ..loader import load_dossier
from ..report import DisplayPaths, Problem, Report, display_path
from ..yamlfile import SYMLINK

HELP = """\
Maakt agreements/WERKGEBIED/afspraken/NR.yaml aan: met de schemaregel (je editor controleert dan mee),
de verplichte velden ingevuld en alle andere velden als uitleg met een voorbeeld dat je kunt aanzetten.
De tekst van de afspraak staat er als 'Beschrijf hier de afspraak.': vervang die door de afspraak zelf;
zolang die tekst er staat, keurt 'afspraken check' het bestand af.

Weigert (exitcode 1) als het werkgebied of het thema niet bestaat, als het nummer geen geldig
afspraaknummer is of niet met de themacode begint, als er al een afspraak met dat nummer is, en als
een eerdere versie dat nummer voor een andere afspraak gebruikte (oude verwijzingen zouden dan naar
de nieuwe afspraak wijzen). Dan noemt het die afspraak en het eerstvolgende vrije nummer: het nummer
na elk nummer van dat thema dat nu of ooit in gebruik was.
Exitcode 2: verkeerd gebruik.

Voorbeeld:
  afspraken nieuw borger-odoorn A12 --thema A
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("nieuw", help="maak een nieuw afspraakbestand", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("werkgebied", metavar="WERKGEBIED", help="de map onder agreements/, zoals borger-odoorn")
    parser.add_argument("nr", metavar="NR", help="het nummer van de nieuwe afspraak, zoals A12")
    parser.add_argument("--thema", required=True, metavar="CODE", help="de themacode uit werkgebied.yaml, zoals A")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = werkgebied_folder(args.werkgebied)
    report = Report()
    dossier = load_dossier(folder, report)
    if dossier is None:
        # Without a readable werkgebied.yaml there are no themes to check the new afspraak against.
        for problem in report.sorted():
            print(problem, file=sys.stderr)
        print("werkgebied.yaml bevat fouten; los die eerst op.", file=sys.stderr)
        return 1
    afspraken = folder / AFSPRAKEN_DIR
    if afspraken.is_symlink():  # the new file would be written wherever it points, maybe outside the repository
        print(Problem(DisplayPaths()(afspraken), 1, 1, f"{AFSPRAKEN_DIR} {SYMLINK}"), file=sys.stderr)
        return 1
    # Files that do not validate are not in the model, but their number is still taken.
    bestaande = {a.nr for a in dossier.concept.afspraken} | {p.stem for p in afspraken.glob("*.yaml")}
    try:
        nieuw.controleer_nr(args.nr, args.thema, dossier.concept.werkgebied, bestaande,
                            nieuw.eerder_gebruikt(dossier))
    except nieuw.Geweigerd as exc:
        print(exc, file=sys.stderr)
        return 1
    path = afspraken / f"{args.nr}.yaml"
    afspraken.mkdir(exist_ok=True)
    text = nieuw.afspraak_tekst(args.nr, args.thema, dossier.concept.werkgebied, args.werkgebied)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"afspraak {args.nr} bestaat al ({display_path(path)})", file=sys.stderr)
        return 1
    shown = display_path(path)
    print(f"Nieuw bestand: {shown}")
    print(f"Vul de afspraak in en controleer met: afspraken check {shown}")
    return 0
