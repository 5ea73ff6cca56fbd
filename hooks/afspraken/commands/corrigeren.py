"""`afspraken corrigeren WERKGEBIED LABEL BESTAND`: record a correction of a signed version."""
from __future__ import annotations

import argparse
import sys

from ..cli_support import werkgebied_folder
from ..corrigeren import corrigeer
from ..vaststellen import Weigering

HELP = """\
Legt een correctie vast van een tekst in een vastgestelde versie: een tikfout die na de ondertekening
is gevonden. Een ondertekende versie verandert nooit stil: de correctie komt zichtbaar in
versies/LABEL/correcties.yaml, met het bestand, de reden, de datum, de partijen die goedkeurden en de
hash van het bestand ervoor en erna. versie.yaml blijft zoals het ondertekend is.

Zo werkt het:
  1. pas de tekst aan in agreements/WERKGEBIED/versies/LABEL/BESTAND;
  2. afspraken corrigeren WERKGEBIED LABEL BESTAND --reden "..." --goedgekeurd-door AFK,AFK,...
  3. open een pull request: het commentaar toont de correctie, en elke partij keurt goed.

--goedgekeurd-door noemt elke partij die de versie ondertekende (ondertekend_door in versie.yaml).
BESTAND is het pad binnen de versie, zoals in 'bestanden' van versie.yaml (afspraken/A2.yaml).

Exitcode 0: vastgelegd. 1: geweigerd (er is niets geschreven). 2: verkeerd gebruik.

Voorbeeld:
  afspraken corrigeren voorbeeldstad 2024 afspraken/A2.yaml --reden "Tikfout: huuders" --goedgekeurd-door GV,WSV,FT,HV,BFT
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("corrigeren", help="leg een correctie van een vastgestelde versie vast",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("werkgebied", metavar="WERKGEBIED")
    parser.add_argument("label", metavar="LABEL")
    parser.add_argument("bestand", metavar="BESTAND")
    parser.add_argument("--reden", required=True, metavar="TEKST", help="waarom de tekst is gecorrigeerd")
    parser.add_argument("--goedgekeurd-door", required=True, metavar="AFK,AFK,...",
                        help="afkortingen van de partijen die de correctie goedkeurden (elke ondertekenaar)")
    parser.add_argument("--datum", metavar="JJJJ-MM-DD", help="datum van de correctie (standaard: vandaag)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = werkgebied_folder(args.werkgebied)
    partijen = [afk.strip() for afk in args.goedgekeurd_door.split(",") if afk.strip()]
    try:
        correctie = corrigeer(folder, args.label, args.bestand, reden=args.reden,
                              goedgekeurd_door=partijen, datum=args.datum)
    except Weigering as exc:
        print(f"afspraken corrigeren: geweigerd: {exc}", file=sys.stderr)
        return 1
    print(f"Correctie van {correctie.bestand} in versie {args.label} vastgelegd in correcties.yaml "
          f"(goedgekeurd door {', '.join(correctie.goedgekeurd_door)}).")
    return 0
