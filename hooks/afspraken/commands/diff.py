"""`afspraken diff WERKGEBIED VAN TOT [--format text|markdown|json]`: what changed between versions."""
from __future__ import annotations

import argparse
import sys

from .. import diff_formats
from ..cli_support import UsageError, werkgebied_folder
from ..diff import wijzigingen_in
from ..loader import load_dossier
from ..model import CONCEPT
from ..report import Report

HELP = f"""\
Laat zien wat er veranderde tussen twee versies van een werkgebied: welke afspraken zijn toegevoegd,
vervallen, gewijzigd (per veld, tekst per woord) en ongewijzigd. Elke wijziging heeft een soort:
  planning   looptijd, mijlpalen, jaarschijf
  getallen   kengetallen, budget, KPI's
  partijen   trekkers, betrokken
  tekst      inhoud, resultaat, onderwerp en de rest
Afspraken worden gevolgd door elke versie tussen VAN en TOT: van de ene versie op de volgende is een
afspraak met hetzelfde nr dezelfde afspraak, en een afspraak met vorig_nr de hernummerde afspraak van
toen. Zo is een afspraak die twee keer een ander nummer kreeg (2022 B2, 2023 B3, 2024 B4) in
'diff 2022 2024' één hernummerde afspraak, en een nummer dat later een andere afspraak kreeg een
vervallen en een nieuwe afspraak. VAN mag ook na TOT liggen.

WERKGEBIED is de naam van een map in agreements/ of het pad naar de map.
VAN en TOT zijn labels van versies (de mappen onder versies/); '{CONCEPT}' zijn de lopende afspraken.

--format text (standaard) is voor de terminal: [-verwijderd-] {{+ingevoegd+}}.
--format markdown is geschikt als reactie bij een pull request.
--format json is voor programma's; het formaat "{diff_formats.JSON_FORMAT}":

{diff_formats.__doc__.split("The JSON format", 1)[1].split(chr(10), 1)[1]}
Exitcode 0: gelukt. 1: de inhoud is niet geldig. 2: verkeerd gebruik (zoals een onbekend label).

Voorbeelden:
  afspraken diff voorbeeldstad 2023 2024
  afspraken diff voorbeeldstad 2024 concept --format markdown
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diff", help="vergelijk twee versies", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("werkgebied", metavar="WERKGEBIED")
    parser.add_argument("van", metavar="VAN")
    parser.add_argument("tot", metavar="TOT")
    parser.add_argument("--format", choices=sorted(diff_formats.FORMATS), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = werkgebied_folder(args.werkgebied)
    report = Report()
    dossier = load_dossier(folder, report)
    if not report.ok or dossier is None:
        for problem in report.sorted():
            print(problem, file=sys.stderr)
        print("afspraken diff: de inhoud is niet geldig; los eerst deze problemen op", file=sys.stderr)
        return 1
    for label in (args.van, args.tot):
        if dossier.versie(label) is None:
            known = ", ".join([v.label for v in dossier.versies] + [CONCEPT])
            raise UsageError(f"versie '{label}' bestaat niet in {dossier.slug}; bekende versies: {known}")
    result = wijzigingen_in(dossier, args.van, args.tot)
    sys.stdout.write(diff_formats.FORMATS[args.format](result))
    return 0
