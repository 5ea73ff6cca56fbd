"""`afspraken vaststellen WERKGEBIED LABEL --datum JJJJ-MM-DD`: freeze the live afspraken as a version."""
from __future__ import annotations

import argparse
import sys

from ..cli_support import UsageError, werkgebied_folder
from ..report import display_path
from ..vaststellen import Weigering, check_datum, check_label, lees_ondertekenaar, vaststellen

HELP = """\
Stelt de lopende afspraken van een werkgebied vast als een ondertekende versie. Het kopieert
werkgebied.yaml en afspraken/ naar versies/LABEL/ en schrijft daar versie.yaml met een SHA-256 per
bestand en één over de hele versie. Daarna meldt 'afspraken check' elke wijziging in die map.

WERKGEBIED is de naam van een map in agreements/ of het pad naar de map van het werkgebied.
LABEL is de naam van de versie, meestal het jaar van de jaarschijf (2024).

Het commando weigert (exitcode 1), en schrijft dan niets, als:
  - de inhoud van het werkgebied niet geldig is (de problemen staan erbij);
  - versie LABEL al bestaat;
  - er niets veranderd is sinds de laatste vastgestelde versie;
  - --ondertekend-door of --ondertekenaar een partij noemt die niet in werkgebied.yaml staat.

--ondertekenaar (herhaalbaar) legt het ondertekeningsblok vast: wie namens welke partij tekent, en
wanneer, als AFK:naam:rol:datum. Naam of rol mag leeg zijn (niet allebei); zonder datum is er nog niet
getekend. De status volgt eruit: ondertekend (elke partij tekende), gedeeltelijk of niet ondertekend.
Zonder --ondertekend-door tekenden de partijen met een datum.

--jaar is het jaar van de jaarschijf. Zonder --jaar: het LABEL als dat een jaartal is, anders het
jaar van --datum. (Afspraken voor 2024 worden meestal in december 2023 ondertekend.)

Exitcode 0: vastgesteld. 1: geweigerd. 2: verkeerd gebruik.

Voorbeeld:
  afspraken vaststellen voorbeeldstad 2025 --datum 2024-12-10 --ondertekend-door GV,WSV,FT,HV
  afspraken vaststellen voorbeeldstad 2025 --datum 2024-12-10 \
      --ondertekenaar "GV:J. Jansen:wethouder wonen:2024-12-10" \
      --ondertekenaar "WSV::directeur-bestuurder:2024-12-10" --ondertekenaar "HV:P. de Boer:voorzitter"
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("vaststellen", help="stel de lopende afspraken vast als versie", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("werkgebied", metavar="WERKGEBIED")
    parser.add_argument("label", metavar="LABEL")
    parser.add_argument("--datum", required=True, metavar="JJJJ-MM-DD", help="datum van vaststelling (JJJJ-MM als de bron alleen de maand noemt)")
    parser.add_argument("--jaar", type=int, metavar="JAAR", help="jaar van de jaarschijf")
    parser.add_argument("--ondertekend-door", default="", metavar="AFK,AFK,...",
                        help="afkortingen van de partijen die ondertekenden, met komma's")
    parser.add_argument("--ondertekenaar", action="append", default=[], metavar="AFK:NAAM:ROL:DATUM",
                        help="wie namens een partij tekent (herhaalbaar); naam of rol mag leeg zijn, "
                             "zonder datum nog niet getekend")
    parser.add_argument("--toelichting", default="", metavar="TEKST", help="toelichting bij de versie")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for reason in (check_label(args.label), check_datum(args.datum)):
        if reason:
            raise UsageError(reason)
    folder = werkgebied_folder(args.werkgebied)
    ondertekend = [afk.strip() for afk in args.ondertekend_door.split(",") if afk.strip()]
    ondertekenaars, fouten = [], []
    for tekst in args.ondertekenaar:
        try:
            ondertekenaars.append(lees_ondertekenaar(tekst))
        except Weigering as exc:
            fouten.append(str(exc))
    if fouten:
        raise UsageError("\n".join(fouten))
    try:
        result = vaststellen(folder, args.label, datum=args.datum, jaar=args.jaar,
                             ondertekend_door=ondertekend, toelichting=args.toelichting,
                             ondertekenaars=ondertekenaars)
    except Weigering as exc:
        for problem in exc.problems:
            print(problem)
        print(f"afspraken vaststellen: geweigerd: {exc}", file=sys.stderr)
        return 1
    print(f"Versie {result.label} (jaar {result.jaar}) vastgesteld in {display_path(result.folder)}: "
          f"{len(result.bestanden)} bestanden, {result.inhoud_hash}")
    return 0
