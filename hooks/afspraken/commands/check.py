"""`afspraken check [PAD ...]`: validate content files and print every problem as path:line:col."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import bouwcache
from ..basis import BasisError, merge_base, repo_root, uitgepakt
from ..cli_support import UsageError
from ..geschiedenis import historie_problemen
from ..loader import load_archief, load_dossier, werkgebied_naam_problemen
from ..paths import AGREEMENTS_DIR, default_agreements, werkgebied_folder_of
from ..report import DisplayPaths, Problem, Report

HELP = """\
Controleert alle afspraken, werkgebieden, versies en monitoringsrondes en meldt elk probleem als
pad:regel:kolom: melding. Zonder PAD controleert het de map agreements/ in de huidige map.
Een PAD mag de map agreements/ zijn, een werkgebied-map of een bestand daarin: dan wordt het hele
werkgebied gecontroleerd (verwijzingen tussen bestanden tellen mee).

Elk probleem komt in één keer: een bestand dat niet aan zijn schema voldoet, wordt ook op al het andere
gecontroleerd (partijen, thema, nummer), en de afspraken van een werkgebied.yaml of versie.yaml met
een fout ook. Een afspraak met de voorbeeldtekst van 'afspraken nieuw' ("Beschrijf hier de afspraak.")
wordt afgekeurd: vervang die door de afspraak zelf.

Met --basis REF controleert het ook de geschiedenis, vergeleken met het punt waar deze branch van
REF afsplitste (de merge-base; in CI de doelbranch van de pull request): elke versie die daar al was
vastgesteld staat er nog, onder dezelfde naam en bestand voor bestand ongewijzigd (versie.yaml ook);
een ondertekende tekst verandert alleen met een nieuwe correctie in correcties.yaml; een nieuwe versie
heeft de hashketen (versie_hash, vorige_hash) en een latere datum dan de versie ervoor.

Een waarschuwing (pad:regel:kolom: waarschuwing: melding) is geen fout: bijvoorbeeld een totaal in een
budget dat niet gelijk is aan de som van zijn regels, zoals de bron het noemt. Kijk het na; de
controle slaagt wel.

Exitcode 0: alles klopt (eventueel met waarschuwingen). 1: er zijn problemen. 2: verkeerd gebruik.

Voorbeeld:
  afspraken check
  afspraken check agreements/borger-odoorn/afspraken/A5a.yaml
  afspraken check --basis origin/main
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="controleer de afspraken", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paden", nargs="*", type=Path, metavar="PAD")
    parser.add_argument("--basis", metavar="REF",
                        help="controleer ook dat de geschiedenis van REF (de merge-base) onveranderd is")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = check(args.paden)
    if args.basis:
        report.extend(check_basis(args.basis))
    for problem in report.sorted_waarschuwingen() + report.sorted():
        print(problem)
    if report.ok:
        waarschuwingen = len(report.sorted_waarschuwingen())
        if waarschuwingen:
            print(f"Alles klopt; {waarschuwingen} {'waarschuwing' if waarschuwingen == 1 else 'waarschuwingen'} "
                  "om na te kijken.", file=sys.stderr)
        else:
            print("Alles klopt.", file=sys.stderr)
        return 0
    count = len(report.sorted())
    print(f"{count} {'probleem' if count == 1 else 'problemen'} gevonden.", file=sys.stderr)
    return 1


def check_basis(ref: str, cwd: Path | None = None) -> list[Problem]:
    """The history rules against the merge base of REF and HEAD, for agreements/ in the repository at cwd."""
    cwd = cwd or Path.cwd()
    try:
        repo = repo_root(cwd)
        commit = merge_base(repo, ref)
        with uitgepakt(repo, commit) as tree:
            shown = DisplayPaths()
            return historie_problemen(tree / AGREEMENTS_DIR, repo / AGREEMENTS_DIR, shown)
    except BasisError as exc:
        raise UsageError(str(exc)) from None


def check(paths: list[Path]) -> Report:
    # The documents of a whole archief go through the cache across builds, as in the site build (README,
    # "De bouwcache"): a file read before without a problem is not parsed and validated again.
    cache = bouwcache.Bouwcache.uit_omgeving()
    if not paths:
        root = default_agreements()
        if not root.is_dir():
            raise UsageError(f"geen map {root.name}/ in {Path.cwd()}; geef een pad op")
        report = load_archief(root, cache=cache)[1]
        cache.ruim_op()
        return report
    report = Report()
    folders: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path} bestaat niet")
        folder = werkgebied_folder_of(path)
        if folder is None and path.is_dir():
            report.extend(load_archief(path, cache=cache)[1].alles)
            cache.ruim_op()
        elif folder is None:
            raise UsageError(f"{path} hoort niet bij een werkgebied (geen werkgebied.yaml gevonden)")
        elif folder not in folders:
            folders.add(folder)
            report.extend(werkgebied_naam_problemen(folder))
            load_dossier(folder, report)
    return report
