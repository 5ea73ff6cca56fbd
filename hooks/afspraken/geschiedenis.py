"""History is append-only: what `afspraken check --basis REF` adds to check.

Compared with the base (the merge base of REF and HEAD, see `basis`): every version frozen there is still
there, file for file the same after line-ending normalisation (content, versie.yaml, correcties.yaml);
none is removed or renamed; a changed content file is accepted only with a new correction of that file in
correcties.yaml, whose earlier entries stay as they were; a new version carries the chain fields and comes
after every version of the base, with a later date. The chain itself (hashes, links) is checked by the
loader, on every `afspraken check`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import hashing, keten
from .loader import VERSIES_DIR, werkgebied_folders
from .report import Problem
from .vaststellen import datum_key


@dataclass(frozen=True)
class NieuweCorrectie:
    """A correction that the working tree adds to a version frozen in the base."""

    werkgebied: str
    label: str
    correctie: keten.Correctie


def _safe(data: bytes) -> Any:
    try:
        return YAML(typ="safe").load(data)
    except YAMLError:
        return None


def _normalised(path: Path) -> bytes | None:
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes().replace(b"\r\n", b"\n")


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _correcties(folder: Path) -> list[dict[str, Any]]:
    data = _normalised(folder / keten.CORRECTIES_FILE)
    loaded = _safe(data) if data is not None else None
    items = loaded.get("correcties") if isinstance(loaded, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _versie_data(folder: Path) -> dict[str, Any]:
    data = _normalised(folder / hashing.VERSIE_FILE)
    loaded = _safe(data) if data is not None else None
    return loaded if isinstance(loaded, dict) else {}


def nieuwe_correcties(basis_root: Path, werk_root: Path) -> list[NieuweCorrectie]:
    """Corrections in the working tree that the base did not have yet, per frozen version of the base."""
    found = []
    for slug_folder in werkgebied_folders(basis_root) if basis_root.is_dir() else []:
        for versie_folder in _versie_folders(slug_folder):
            work = werk_root / slug_folder.name / VERSIES_DIR / versie_folder.name
            old, new = _correcties(versie_folder), _correcties(work)
            for item in new[len(old):] if new[:len(old)] == old else []:
                try:
                    correctie = keten.correctie_from(item)
                except (KeyError, TypeError):
                    continue
                found.append(NieuweCorrectie(slug_folder.name, versie_folder.name, correctie))
    return found


def _versie_folders(werkgebied: Path) -> list[Path]:
    versies = werkgebied / VERSIES_DIR
    if not versies.is_dir():
        return []
    return sorted(p for p in versies.iterdir()
                  if p.is_dir() and not p.is_symlink() and (p / hashing.VERSIE_FILE).is_file())


def historie_problemen(basis_root: Path, werk_root: Path, shown: Callable[[Path], str]) -> list[Problem]:
    """Every way the working tree's agreements/ rewrites the history frozen in the base's agreements/."""
    problems: list[Problem] = []

    def add(path: Path, message: str) -> None:
        problems.append(Problem(shown(path), 1, 1, message))

    gecorrigeerd = {(c.werkgebied, c.label, c.correctie.bestand) for c in nieuwe_correcties(basis_root, werk_root)}
    for slug_folder in werkgebied_folders(basis_root) if basis_root.is_dir() else []:
        slug = slug_folder.name
        basis_versies = _versie_folders(slug_folder)
        for versie_folder in basis_versies:
            label = versie_folder.name
            work = werk_root / slug / VERSIES_DIR / label
            if not (work / hashing.VERSIE_FILE).is_file():
                datum = _versie_data(versie_folder).get("vastgesteld_op", "")
                add(work / hashing.VERSIE_FILE,
                    f"versie {label} van {slug}{f' (vastgesteld op {datum})' if datum else ''} is verwijderd of "
                    "hernoemd; een vastgestelde versie blijft altijd bestaan, onder dezelfde naam")
                continue
            for name in sorted(set(_files(versie_folder)) | set(_files(work))):
                base_bytes, work_bytes = _normalised(versie_folder / name), _normalised(work / name)
                if base_bytes == work_bytes:
                    continue
                where = work / name
                if base_bytes is None:
                    if name != keten.CORRECTIES_FILE:
                        add(where, f"dit bestand is toegevoegd aan versie {label}, die al is vastgesteld; "
                                   "een vastgestelde versie verandert niet")
                elif work_bytes is None:
                    add(where, f"dit bestand van versie {label} is verwijderd; een vastgestelde versie verandert niet")
                elif name == keten.CORRECTIES_FILE:
                    old = _correcties(versie_folder)
                    if _correcties(work)[:len(old)] != old:
                        add(where, "eerdere correcties zijn gewijzigd of verwijderd; correcties.yaml groeit alleen: "
                                   "voeg een nieuwe correctie toe onderaan")
                elif (slug, label, name) not in gecorrigeerd:
                    what = "versie.yaml" if name == hashing.VERSIE_FILE else "dit bestand"
                    add(where, f"{what} van de vastgestelde versie {label} is gewijzigd (vergeleken met de basis); "
                               "een ondertekende tekst verandert alleen met een correctie in correcties.yaml "
                               "('afspraken corrigeren'), anders: zet de wijziging in de live afspraken")
        _nieuwe_versies(slug, basis_versies, werk_root / slug, add)
    return problems


def _nieuwe_versies(slug: str, basis_versies: list[Path], werk: Path,
                    add: Callable[[Path, str], None]) -> None:
    """New versions carry the chain fields and come after every version of the base, with a later date."""
    in_basis = {p.name for p in basis_versies}
    if not werk.is_dir():
        if basis_versies:
            add(werk, f"werkgebied {slug} met vastgestelde versies is verwijderd; vastgestelde versies blijven bestaan")
        return
    versies = sorted(((p.name, _versie_data(p)) for p in _versie_folders(werk)),
                     key=lambda item: (item[1].get("jaar") if isinstance(item[1].get("jaar"), int) else 0, item[0]))
    laatste_basis = max((i for i, (label, _d) in enumerate(versies) if label in in_basis), default=-1)
    for index, (label, data) in enumerate(versies):
        if label in in_basis:
            continue
        where = werk / VERSIES_DIR / label / hashing.VERSIE_FILE
        if not keten.is_chained(data):
            add(where, f"de nieuwe versie {label} mist versie_hash en vorige_hash; "
                       "maak een versie met 'afspraken vaststellen', dat schrijft de keten")
        if index < laatste_basis:
            add(where, f"de nieuwe versie {label} komt vóór versie {versies[laatste_basis][0]}, die al is "
                       "vastgesteld; een nieuwe versie komt na de laatste (jaar en label)")
        if index > 0:
            vorige_label, vorige = versies[index - 1]
            datum, vorige_datum = str(data.get("vastgesteld_op", "")), str(vorige.get("vastgesteld_op", ""))
            if datum and vorige_datum and datum_key(datum) <= datum_key(vorige_datum):
                add(where, f"de nieuwe versie {label} is vastgesteld op {datum}, niet na versie {vorige_label} "
                           f"({vorige_datum}); een nieuwe versie kan niet terug in de tijd")
