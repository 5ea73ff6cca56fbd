"""Sign-off by every party: a vaststelling or a correction passes only when each party approved it.

A pull request that adds a version (versies/LABEL) needs an approval from each party in its
`ondertekend_door`; one that adds a correction needs one from each party in its `goedgekeurd_door`.
A party approves through its own reviewers, listed in ci/handles.yaml (schema/handles.schema.json):

    voorbeeldstad:
      GV: {github: [jdevries], gitlab: [jdevries]}

The mapping is read from the base of the pull request, never from the pull request itself: otherwise a
pull request could name its own author as every party's reviewer. Who approved comes from the platform
(see `platform`); this module only decides, so a test gives it a set of names.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import hashing
from .geschiedenis import nieuwe_correcties
from .loader import VERSIES_DIR, werkgebied_folders
from .schemas import schema_errors

HANDLES_FILE = "ci/handles.yaml"


@dataclass(frozen=True)
class Eis:
    """One thing in this pull request that needs every named party's approval."""

    werkgebied: str
    wat: str  # "vaststelling van versie 2025", "correctie van versie 2024 (afspraken/A1.yaml)"
    partijen: tuple[str, ...]


@dataclass(frozen=True)
class Regel:
    werkgebied: str
    wat: str
    partij: str
    door: tuple[str, ...]  # who approved for this party
    reviewers: tuple[str, ...]  # who could


def eisen(basis_root: Path, werk_root: Path) -> list[Eis]:
    """What needs sign-off: versions in the working tree that the base lacks, and new corrections."""
    found = []
    for folder in werkgebied_folders(werk_root) if werk_root.is_dir() else []:
        versies = folder / VERSIES_DIR
        for versie in sorted(versies.iterdir()) if versies.is_dir() else []:
            if versie.is_symlink() or not (versie / hashing.VERSIE_FILE).is_file():
                continue
            if (basis_root / folder.name / VERSIES_DIR / versie.name / hashing.VERSIE_FILE).is_file():
                continue
            try:
                data = YAML(typ="safe").load((versie / hashing.VERSIE_FILE).read_text(encoding="utf-8"))
            except (YAMLError, OSError, UnicodeDecodeError):
                data = None
            partijen = data.get("ondertekend_door", []) if isinstance(data, dict) else []
            found.append(Eis(folder.name, f"vaststelling van versie {versie.name}",
                             tuple(str(p) for p in partijen) if isinstance(partijen, list) else ()))
    for c in nieuwe_correcties(basis_root, werk_root):
        found.append(Eis(c.werkgebied, f"correctie van versie {c.label} ({c.correctie.bestand})",
                         c.correctie.goedgekeurd_door))
    return found


def lees_handles(data: bytes | None) -> tuple[dict[str, Any], list[str]]:
    """The mapping from ci/handles.yaml as read from the base, and what is wrong with it."""
    if data is None:
        return {}, [f"{HANDLES_FILE} ontbreekt in de basis van deze pull request; zet daar per werkgebied en "
                    "partij de reviewers in (zie docs/bijdragen/actualisatie.md)"]
    try:
        loaded = YAML(typ="safe").load(data.decode("utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        return {}, [f"{HANDLES_FILE} is geen geldige YAML: {exc}"]
    loaded = loaded or {}
    errors = schema_errors("handles", loaded)
    if errors:
        return {}, [f"{HANDLES_FILE}: {'.'.join(str(p) for p in e.json_path) or '(bestand)'}: {e.message}"
                    for e in errors]
    return loaded, []


def _handle(name: str) -> str:
    return name.removeprefix("@").casefold()


def beoordeel(eisen_: Sequence[Eis], handles: Mapping[str, Any], platform: str,
              goedgekeurd: set[str]) -> list[Regel]:
    """Per requirement and party: who approved for it (empty: not yet) and who could."""
    approved = {_handle(h) for h in goedgekeurd}
    regels = []
    for eis in eisen_:
        for partij in eis.partijen:
            reviewers = tuple(_handle(h) for h in handles.get(eis.werkgebied, {}).get(partij, {}).get(platform, []))
            regels.append(Regel(eis.werkgebied, eis.wat, partij,
                                tuple(h for h in reviewers if h in approved), reviewers))
    return regels


def verslag(eisen_: Sequence[Eis], regels: Sequence[Regel], problemen: Sequence[str]) -> tuple[bool, str]:
    """Whether the sign-off is complete, and the report for the log and the job summary (Markdown)."""
    lines = ["## Ondertekening door elke partij", ""]
    if not eisen_:
        lines.append("Deze pull request stelt geen versie vast en corrigeert er geen: geen ondertekening nodig.")
        return True, "\n".join(lines) + "\n"
    ok = not problemen
    lines += [f"- ⛔ {p}" for p in problemen]
    for eis in eisen_:
        lines += ["", f"### {eis.werkgebied}: {eis.wat}", ""]
        if not eis.partijen:
            ok = False
            lines.append("- ⛔ geen partijen genoemd (ondertekend_door of goedgekeurd_door is leeg)")
        for regel in (r for r in regels if r.werkgebied == eis.werkgebied and r.wat == eis.wat):
            if regel.door:
                lines.append(f"- ✅ {regel.partij}: goedgekeurd door {', '.join('@' + h for h in regel.door)}")
            elif regel.reviewers:
                ok = False
                lines.append(f"- ❌ {regel.partij}: nog niet goedgekeurd (reviewers: "
                             f"{', '.join('@' + h for h in regel.reviewers)})")
            else:
                ok = False
                lines.append(f"- ❌ {regel.partij}: geen reviewers voor deze partij in {HANDLES_FILE}")
    lines += ["", "Klaar: elke partij heeft goedgekeurd." if ok else
              "Nog niet klaar: elke partij moet de pull request goedkeuren (op de laatste commit)."]
    return ok, "\n".join(lines) + "\n"
