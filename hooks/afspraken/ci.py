"""What the CI files in .github/ and .gitlab-ci.yml call: the review comment and the CODEOWNERS file.

    python -m afspraken.ci commentaar [--basis REF]   the diff of each changed werkgebied, as a PR/MR comment
    python -m afspraken.ci codeowners HANDLES.yaml    CODEOWNERS from each party's handle

Where the comment goes: the file in $AFSPRAKEN_COMMENT_FILE when set (tests, other CI systems); otherwise
GitHub (GITHUB_ACTIONS, GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMMER) or GitLab (GITLAB_CI,
AFSPRAKEN_GITLAB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID); otherwise stdout. An earlier
comment of ours (recognised by MARKER) is updated instead of adding a new one on every push.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.error  # noqa: F401  (HTTPError is an OSError, caught in main)
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ruamel.yaml import YAML

from . import model
from .hashing import AFSPRAKEN_DIR, WERKGEBIED_FILE
from .loader import VERSIES_DIR, load_dossier
from .paths import AGREEMENTS_DIR
from .report import Report

MARKER = "<!-- afspraken:wijzigingen -->"

Differ = Callable[[str, str], str]


# --- the comment ------------------------------------------------------------------------------------

def gewijzigde_werkgebieden(repo: Path, basis: str) -> list[str]:
    """Werkgebieden with a changed file between the merge base of `basis` and HEAD (what the PR changes)."""
    out = subprocess.run(
        ["git", "diff", "--name-only", "-z", f"{basis}...HEAD", "--", f"{AGREEMENTS_DIR}/"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout
    slugs = {name.split("/")[1] for name in out.split("\0") if name.count("/") >= 2}
    return sorted(slug for slug in slugs if (repo / AGREEMENTS_DIR / slug / WERKGEBIED_FILE).is_file())


def alle_werkgebieden(repo: Path) -> list[str]:
    root = repo / AGREEMENTS_DIR
    return sorted(p.name for p in root.iterdir() if (p / WERKGEBIED_FILE).is_file()) if root.is_dir() else []


def afspraken_diff(slug: str, van: str) -> str:
    """`afspraken diff SLUG VAN concept --format markdown`, run as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "afspraken.cli", "diff", slug, van, model.CONCEPT, "--format", "markdown"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        return f"De vergelijking lukte niet:\n\n```\n{(result.stderr or result.stdout).strip()}\n```\n"
    return result.stdout


def commentaar(repo: Path, slugs: Sequence[str], diff: Differ = afspraken_diff) -> str:
    """The Markdown comment: per werkgebied, what the concept changes against the version in force."""
    parts = [MARKER, "## Wijzigingen in de afspraken", ""]
    for slug in slugs:
        report = Report()
        dossier = load_dossier(repo / AGREEMENTS_DIR / slug, report)
        naam = dossier.werkgebied.naam if dossier else slug
        parts.append(f"### {naam}")
        parts.append("")
        if dossier is None or not report.ok:
            parts.append("`afspraken check` vindt fouten in dit werkgebied; zie de controle hierboven. "
                         "Als die groen is, staat hier wat er verandert.")
        elif dossier.huidige is None:
            parts.append(f"{naam} heeft nog geen vastgestelde versie: alle {len(dossier.concept.afspraken)} "
                         "afspraken zijn nieuw.")
        else:
            parts.append(f"Het concept vergeleken met versie {dossier.huidige.label} "
                         f"(`afspraken diff {slug} {dossier.huidige.label} concept`):")
            parts.append("")
            parts.append(diff(slug, dossier.huidige.label).rstrip("\n"))
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def plaats(tekst: str, env: Mapping[str, str]) -> str:
    """Put the comment where this run can put it; returns where it went, for the log."""
    if env.get("GITHUB_STEP_SUMMARY"):
        # The job summary works for pull requests from forks too, whose token cannot comment.
        with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(tekst)
    if env.get("AFSPRAKEN_COMMENT_FILE"):
        Path(env["AFSPRAKEN_COMMENT_FILE"]).write_text(tekst, encoding="utf-8")
        return env["AFSPRAKEN_COMMENT_FILE"]
    if env.get("GITHUB_ACTIONS") == "true" and env.get("PR_NUMMER"):
        api = env.get("GITHUB_API_URL", "https://api.github.com")
        issue = f"{api}/repos/{env['GITHUB_REPOSITORY']}/issues/{env['PR_NUMMER']}"
        headers = {"Authorization": f"Bearer {env['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json"}
        bestaand = _eigen_commentaar(_json("GET", f"{issue}/comments?per_page=100", headers))
        if bestaand is None:
            _json("POST", f"{issue}/comments", headers, {"body": tekst})
        else:
            _json("PATCH", f"{api}/repos/{env['GITHUB_REPOSITORY']}/issues/comments/{bestaand}", headers, {"body": tekst})
        return f"pull request #{env['PR_NUMMER']}"
    if env.get("GITLAB_CI") == "true" and env.get("CI_MERGE_REQUEST_IID"):
        # CI_JOB_TOKEN may not write notes: a project access token with scope 'api' is needed.
        notes = f"{env['CI_API_V4_URL']}/projects/{env['CI_PROJECT_ID']}/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes"
        headers = {"PRIVATE-TOKEN": env["AFSPRAKEN_GITLAB_TOKEN"]}
        bestaand = _eigen_commentaar(_json("GET", f"{notes}?per_page=100", headers))
        if bestaand is None:
            _json("POST", notes, headers, {"body": tekst})
        else:
            _json("PUT", f"{notes}/{bestaand}", headers, {"body": tekst})
        return f"merge request !{env['CI_MERGE_REQUEST_IID']}"
    sys.stdout.write(tekst)
    return "stdout"


def _eigen_commentaar(comments: list[dict]) -> int | None:
    return next((c["id"] for c in comments if MARKER in (c.get("body") or "")), None)


def _json(method: str, url: str, headers: dict[str, str], body: dict | None = None) -> list[dict]:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode("utf-8")
    parsed = json.loads(text) if text else []
    return parsed if isinstance(parsed, list) else [parsed]


# --- CODEOWNERS -------------------------------------------------------------------------------------

def codeowners(repo: Path, handles: Mapping[str, Mapping[str, str]]) -> str:
    """CODEOWNERS: each afspraak's trekkers review it; every party reviews a vaststelling and werkgebied.yaml.

    `handles` maps werkgebied -> party afk -> GitHub/GitLab handle (@org/team or @user). A party without a
    handle is left out (and named in a comment), so the file never points at someone who does not exist.
    The last matching line wins, so the specific afspraak lines come after the werkgebied-wide lines.
    """
    lines = ["# Gemaakt met 'python -m afspraken.ci codeowners'; pas de handles aan en maak het opnieuw.", ""]
    for slug in alle_werkgebieden(repo):
        report = Report()
        dossier = load_dossier(repo / AGREEMENTS_DIR / slug, report)
        if dossier is None:
            continue
        eigen = handles.get(slug, {})
        partijen = dossier.concept.werkgebied.partijen
        zonder = [p.afk for p in partijen if p.afk not in eigen]
        iedereen = " ".join(eigen[p.afk] for p in partijen if p.afk in eigen)
        folder = f"/{AGREEMENTS_DIR}/{slug}"
        lines.append(f"# {dossier.concept.werkgebied.naam}")
        if zonder:
            lines.append(f"# Zonder handle (geen reviewer): {', '.join(zonder)}")
        if iedereen:
            # werkgebied.yaml, monitoring/ and afspraken nobody trekt yet (a new file): every party.
            lines.append(f"{folder}/ {iedereen}")
        for afspraak in dossier.concept.afspraken:
            afks = [p.afk for p in partijen] if model.ALLEN in afspraak.trekkers else list(afspraak.trekkers)
            eigenaars = " ".join(dict.fromkeys(eigen[a] for a in afks if a in eigen))
            if eigenaars:
                lines.append(f"{folder}/{AFSPRAKEN_DIR}/{afspraak.nr}.yaml {eigenaars}")
        if iedereen:
            # Last, so it wins: a new versies/ folder is a vaststelling that every signatory approves.
            lines.append(f"{folder}/{VERSIES_DIR}/ {iedereen}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- command line -----------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m afspraken.ci", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="taak", required=True)
    c = sub.add_parser("commentaar", help="de wijzigingen als commentaar bij een pull/merge request")
    c.add_argument("--basis", metavar="REF", help="de doelbranch, zoals origin/main; zonder: alle werkgebieden")
    o = sub.add_parser("codeowners", help="maak CODEOWNERS uit een bestand met handles per partij")
    o.add_argument("handles", type=Path, metavar="HANDLES.yaml")
    args = parser.parse_args(argv)
    repo = Path.cwd()
    if args.taak == "codeowners":
        handles = YAML(typ="safe").load(args.handles.read_text(encoding="utf-8")) or {}
        sys.stdout.write(codeowners(repo, handles))
        return 0
    slugs = gewijzigde_werkgebieden(repo, args.basis) if args.basis else alle_werkgebieden(repo)
    if not slugs:
        print("Geen werkgebied gewijzigd: geen commentaar nodig.", file=sys.stderr)
        return 0
    try:
        waar = plaats(commentaar(repo, slugs), os.environ)
    except (OSError, KeyError) as exc:  # urllib's errors are OSErrors; KeyError: a variable is missing
        # A pull request from a fork gets a read-only token. The check itself passed; say so, do not fail.
        print(f"::warning::kon het commentaar niet plaatsen: {exc}", file=sys.stderr)
        return 0
    print(f"Commentaar geplaatst: {waar}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
