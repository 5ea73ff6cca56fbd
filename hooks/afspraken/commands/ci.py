"""`afspraken ci ...`: what the CI templates call on a pull request (GitHub) or merge request (GitLab)."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


from .. import commentaar, ondertekening
from ..basis import BasisError, gewijzigde_paden, lees_bestand, merge_base, repo_root, uitgepakt
from ..ci import codeowners
from ..cli_support import UsageError
from .export import doel_probleem, schrijf
from ..paths import AGREEMENTS_DIR
from ..platform import GitHub, PlatformError, nummer, uit_env

HELP = """\
Wat de CI bij een pull request (GitHub) of merge request (GitLab) doet. Zie docs/bijdragen/ en de
sjablonen .github/workflows/ en .gitlab-ci.yml.

  afspraken ci commentaar --basis REF      het commentaar: wat deze pull request verandert
  afspraken ci plaats BESTAND              zet het commentaar bij de pull request (of werk het bij)
  afspraken ci ondertekening --basis REF   rood tot elke partij een vaststelling of correctie goedkeurde
  afspraken ci codeowners                  CODEOWNERS uit ci/handles.yaml
"""

COMMENTAAR_HELP = """\
Vergelijkt de merge-base van REF en HEAD met de werkmap, voor elk werkgebied met een gewijzigd
bestand: afspraken, werkgebied.yaml, monitoringsrondes en versies. Een vaststelling toont de nieuwe
versie (datum, ondertekenaars) tegenover de versie die gold, met haar hash; een correctie en
herschreven geschiedenis staan er opvallend in. Alle tekst uit YAML is onschadelijk gemaakt.

Past het commentaar niet binnen de grens van het platform (GitHub 65.536 tekens), dan bevat het per
werkgebied de aantallen en staat het volledige overzicht in --volledig en in de samenvatting van de
job ($GITHUB_STEP_SUMMARY).

Voorbeeld:
  afspraken ci commentaar --basis origin/main --uitvoer commentaar.md --volledig volledig.md
"""

PLAATS_HELP = """\
Zet BESTAND (gemaakt door 'afspraken ci commentaar') als commentaar bij de pull request, of werkt het
eerdere commentaar bij: dat is het commentaar van de bot (github-actions[bot], of AFSPRAKEN_BOT_LOGIN;
op GitLab de gebruiker van de token) dat met de markering begint. Het bestand en het nummer gelden
als onbetrouwbaar (ze kunnen uit een artefact van een fork komen): het nummer moet een getal zijn, met
--head moet de pull request op GitHub precies die commit als kop hebben, en het bestand moet met de
markering beginnen en binnen de grens blijven.

GitHub: GITHUB_TOKEN, GITHUB_REPOSITORY (en PR_NUMMER of --pr). GitLab: AFSPRAKEN_GITLAB_TOKEN,
CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID.
"""

ONDERTEKENING_HELP = """\
Slaagt alleen als elke partij een vaststelling (een nieuwe versies/LABEL: de partijen uit
ondertekend_door) of een correctie (de partijen uit goedgekeurd_door) heeft goedgekeurd, via een van
haar eigen reviewers uit ci/handles.yaml. Dat bestand wordt gelezen uit de basis van de pull request,
niet uit de pull request zelf. Op GitHub telt een goedkeuring alleen op de laatste commit (--head of
PR_HEAD_SHA). Een pull request zonder vaststelling of correctie slaagt meteen.

Exitcode 0: klaar. 1: nog niet elke partij heeft goedgekeurd, of het kon niet worden nagegaan.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ci", help="commentaar, ondertekening en CODEOWNERS voor de CI", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    taken = parser.add_subparsers(dest="taak", metavar="TAAK", required=True)
    c = taken.add_parser("commentaar", help="het commentaar bij een pull request", description=COMMENTAAR_HELP,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--basis", required=True, metavar="REF", help="de doelbranch, zoals origin/main")
    c.add_argument("--platform", choices=sorted(commentaar.LIMIETEN), help="standaard: uit de CI-variabelen")
    c.add_argument("--uitvoer", type=Path, metavar="PAD", help="schrijf het commentaar hierheen (anders stdout)")
    c.add_argument("--volledig", type=Path, metavar="PAD", help="schrijf ook het volledige overzicht hierheen")
    c.set_defaults(func=run_commentaar)
    p = taken.add_parser("plaats", help="zet het commentaar bij de pull request", description=PLAATS_HELP,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bestand", type=Path, metavar="BESTAND")
    p.add_argument("--pr", metavar="NUMMER", help="het nummer van de pull request (anders uit de CI-variabelen)")
    p.add_argument("--head", metavar="SHA", help="de commit die de kop van de pull request moet zijn (GitHub)")
    p.set_defaults(func=run_plaats)
    o = taken.add_parser("ondertekening", help="rood tot elke partij heeft goedgekeurd",
                         description=ONDERTEKENING_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    o.add_argument("--basis", required=True, metavar="REF", help="de doelbranch, zoals origin/main")
    o.add_argument("--pr", metavar="NUMMER")
    o.add_argument("--head", metavar="SHA")
    o.set_defaults(func=run_ondertekening)
    w = taken.add_parser("codeowners", help="CODEOWNERS uit ci/handles.yaml")
    w.add_argument("handles", type=Path, nargs="?", default=Path(ondertekening.HANDLES_FILE), metavar="HANDLES.yaml")
    w.add_argument("--platform", choices=sorted(commentaar.LIMIETEN), default="github")
    w.set_defaults(func=run_codeowners)


def _platform(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    return getattr(args, "platform", None) or ("gitlab" if env.get("GITLAB_CI") == "true" else "github")


@contextmanager
def _basis(ref: str) -> Iterator[tuple[Path, str]]:
    """The repository at the working directory and the merge base of REF and HEAD; git errors are usage errors."""
    try:
        repo = repo_root(Path.cwd())
        yield repo, merge_base(repo, ref)
    except BasisError as exc:
        raise UsageError(str(exc)) from None


def _summary(env: Mapping[str, str], text: str) -> None:
    # The job summary takes up to 1 MiB; it is where a reader finds what did not fit in the comment.
    if env.get("GITHUB_STEP_SUMMARY"):
        with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(text[:1_000_000])


def run_commentaar(args: argparse.Namespace) -> int:
    env = os.environ
    platform = _platform(args, env)
    for doel in filter(None, (args.uitvoer, args.volledig)):
        # The CI writes its own comment file again on a rerun; a folder, device or link is never replaced.
        if refused := doel_probleem(doel, overwrite=True):
            print(f"afspraken ci commentaar: {refused}; niets geschreven", file=sys.stderr)
            return 1
    with _basis(args.basis) as (repo, commit):
        slugs = sorted({p.split("/")[1] for p in gewijzigde_paden(repo, commit) if p.count("/") >= 2})
        if not slugs:
            print("Geen werkgebied gewijzigd: geen commentaar nodig.", file=sys.stderr)
            return 0
        with uitgepakt(repo, commit) as tree:
            parts = commentaar.delen(tree / AGREEMENTS_DIR, repo / AGREEMENTS_DIR, slugs)
    full = commentaar.tekst(parts, limiet=10**9)
    text = commentaar.tekst(parts, limiet=commentaar.LIMIETEN[platform], platform=platform)
    _summary(env, full)
    if args.volledig:
        schrijf(args.volledig, full)
    if args.uitvoer:
        schrijf(args.uitvoer, text)
        print(f"Commentaar geschreven naar {args.uitvoer} ({len(text)} tekens).", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_plaats(args: argparse.Namespace) -> int:
    env = os.environ
    platform = _platform(args, env)
    if not args.bestand.is_file() or args.bestand.is_symlink():
        print(f"Geen commentaar in {args.bestand}: niets te plaatsen.", file=sys.stderr)
        return 0
    raw = args.bestand.read_bytes()
    try:
        text = raw.decode("utf-8")
        if not text.startswith(commentaar.MARKER):
            raise PlatformError("het bestand begint niet met de markering van het commentaar")
        if len(text) > commentaar.LIMIETEN[platform]:
            raise PlatformError(f"het commentaar is langer dan de grens van {commentaar.LIMIETEN[platform]} tekens")
        pr = str(nummer(args.pr)) if args.pr else None
    except (PlatformError, UnicodeDecodeError) as exc:
        print(f"afspraken ci plaats: geweigerd: {exc}", file=sys.stderr)
        return 1
    try:
        target = uit_env(env, pr)
    except PlatformError as exc:  # no token (a fork, or the variable is not set): the check itself passed
        print(f"::warning::kon het commentaar niet plaatsen: {exc}", file=sys.stderr)
        return 0
    try:
        if args.head and isinstance(target, GitHub) and target.head() != args.head:
            print(f"afspraken ci plaats: geweigerd: pull request #{target.pr} heeft een andere kop dan "
                  f"{args.head[:12]}; het commentaar hoort er niet (meer) bij", file=sys.stderr)
            return 1
        waar = target.plaats(text)
    except (OSError, PlatformError) as exc:  # urllib's errors are OSErrors
        print(f"::warning::kon het commentaar niet plaatsen: {exc}", file=sys.stderr)
        return 0
    print(f"Commentaar geplaatst bij {waar}.", file=sys.stderr)
    return 0


def run_ondertekening(args: argparse.Namespace) -> int:
    env = os.environ
    platform = _platform(args, env)
    with _basis(args.basis) as (repo, commit):
        with uitgepakt(repo, commit) as tree:
            nodig = ondertekening.eisen(tree / AGREEMENTS_DIR, repo / AGREEMENTS_DIR)
        handles, problemen = ondertekening.lees_handles(lees_bestand(repo, commit, ondertekening.HANDLES_FILE)) \
            if nodig else ({}, [])
    goedgekeurd: set[str] = set()
    if nodig:
        try:
            bron = uit_env(env, args.pr)
            head = args.head or env.get("PR_HEAD_SHA") or ""
            if isinstance(bron, GitHub) and not head:
                raise PlatformError("de kop van de pull request ontbreekt (--head of PR_HEAD_SHA)")
            goedgekeurd = bron.goedkeuringen(head)
        except (OSError, PlatformError) as exc:
            problemen = [*problemen, f"de goedkeuringen konden niet worden gelezen: {exc}"]
    regels = ondertekening.beoordeel(nodig, handles, platform, goedgekeurd)
    ok, verslag = ondertekening.verslag(nodig, regels, problemen)
    sys.stdout.write(verslag)
    _summary(env, verslag)
    return 0 if ok else 1


def run_codeowners(args: argparse.Namespace) -> int:
    if not args.handles.is_file():
        raise UsageError(f"{args.handles} bestaat niet; zie ci/handles.example.yaml")
    handles, problemen = ondertekening.lees_handles(args.handles.read_bytes())
    if problemen:
        for problem in problemen:
            print(problem, file=sys.stderr)
        return 1
    sys.stdout.write(codeowners(Path.cwd(), handles, args.platform))
    return 0


