"""CODEOWNERS from ci/handles.yaml, and the old entry point `python -m afspraken.ci`.

The pull request comment, the sign-off check and posting live in `commentaar`, `ondertekening` and
`platform`; the command line is `afspraken ci ...` (commands/ci.py).
"""
from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import model
from .commentaar import MARKER
from .hashing import AFSPRAKEN_DIR, WERKGEBIED_FILE
from .loader import VERSIES_DIR, load_dossier
from .paths import AGREEMENTS_DIR
from .report import Report

__all__ = ["MARKER", "codeowners", "main"]


def alle_werkgebieden(repo: Path) -> list[str]:
    root = repo / AGREEMENTS_DIR
    return sorted(p.name for p in root.iterdir() if (p / WERKGEBIED_FILE).is_file()) if root.is_dir() else []


def codeowners(repo: Path, handles: Mapping[str, Mapping[str, Any]], platform: str = "github") -> str:
    """CODEOWNERS: each afspraak's trekkers review it; every party reviews a vaststelling and werkgebied.yaml.

    `handles` is ci/handles.yaml: werkgebied -> party afk -> {github: [...], gitlab: [...]}. A party
    without a handle on `platform` is left out (and named in a comment), so the file never points at
    someone who does not exist. The last matching line wins, so afspraak lines follow the werkgebied line.
    """
    lines = ["# Gemaakt met 'afspraken ci codeowners' uit ci/handles.yaml; pas dat bestand aan en maak dit opnieuw.", ""]
    for slug in alle_werkgebieden(repo):
        dossier = load_dossier(repo / AGREEMENTS_DIR / slug, Report())
        if dossier is None:
            continue
        eigen = {afk: " ".join(f"@{h.removeprefix('@')}" for h in party.get(platform, []))
                 for afk, party in handles.get(slug, {}).items() if party.get(platform)}
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


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m afspraken.ci TAAK ...` is `afspraken ci TAAK ...` (kept for CI files of earlier releases)."""
    from .cli import main as cli_main

    return cli_main(["ci", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
