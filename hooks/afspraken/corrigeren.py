"""Recording a correction of a signed version: a typo fixed in versies/<label>/, visibly and with a reason.

The frozen file is edited by hand first; `corrigeer` then appends one entry to correcties.yaml with the
file's hash before (as signed, or as the previous correction left it) and after, the reason, the date and
the approving parties (every signatory of the version). versie.yaml is never touched, so the hash chain
holds; the correction is what `afspraken check --basis`, the pull request comment and the site show.
"""
from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML

from . import hashing, keten
from .loader import VERSIES_DIR
from .vaststellen import Weigering
from .yamlfile import SCHEMA_LINE_PREFIX


def corrigeer(werkgebied: Path, label: str, bestand: str, *, reden: str, goedgekeurd_door: Sequence[str],
              datum: str | None = None) -> keten.Correctie:
    """Append a correction of `bestand` (relative to the version folder) to correcties.yaml; raises Weigering."""
    folder = werkgebied / VERSIES_DIR / label
    versie_path = folder / hashing.VERSIE_FILE
    if not versie_path.is_file() or folder.is_symlink():
        raise Weigering(f"versie {label} bestaat niet in {werkgebied / VERSIES_DIR}")
    versie = YAML(typ="safe").load(versie_path.read_text(encoding="utf-8"))
    bestanden = versie.get("bestanden", {}) if isinstance(versie, dict) else {}
    bestand = bestand.replace("\\", "/").removeprefix("./")
    if bestand not in bestanden:
        raise Weigering(f"{bestand} hoort niet bij versie {label}; kies uit: {', '.join(sorted(bestanden))}")
    if not reden.strip():
        raise Weigering("geef een reden (--reden): iedereen moet kunnen lezen waarom een ondertekende tekst is veranderd")
    datum = datum or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(datum)
    except ValueError:
        raise Weigering(f"'{datum}' is geen geldige datum; schrijf JJJJ-MM-DD") from None
    ondertekend = list(versie.get("ondertekend_door", ()))
    missing = [afk for afk in ondertekend if afk not in goedgekeurd_door]
    if missing:
        raise Weigering("een correctie van een ondertekende tekst vraagt de goedkeuring van elke ondertekenaar; "
                        f"ontbreekt bij --goedgekeurd-door: {', '.join(missing)}")
    if len(set(goedgekeurd_door)) != len(goedgekeurd_door) or not goedgekeurd_door:
        raise Weigering("--goedgekeurd-door noemt elke partij één keer, en minstens één")
    path = folder / bestand
    if path.is_symlink() or not path.is_file():
        raise Weigering(f"{path} is geen gewoon bestand")
    correcties_path = folder / keten.CORRECTIES_FILE
    eerdere = _bestaande(correcties_path)
    oude = keten.verwachte_bestanden(bestanden, eerdere)[bestand]
    nieuwe = hashing.file_hash(path.read_bytes())
    if oude == nieuwe:
        raise Weigering(f"{bestand} is niet veranderd: pas eerst de tekst aan in {path}, dan legt dit commando "
                        "de correctie vast")
    correctie = keten.Correctie(bestand=bestand, datum=datum, reden=reden.strip(),
                                goedgekeurd_door=tuple(goedgekeurd_door), oude_hash=oude, nieuwe_hash=nieuwe)
    entry = [
        f"  - bestand: {bestand}",
        f"    datum: {json.dumps(datum)}",
        f"    reden: {json.dumps(correctie.reden, ensure_ascii=False)}",
        f"    goedgekeurd_door: [{', '.join(correctie.goedgekeurd_door)}]",
        f"    oude_hash: \"{oude}\"",
        f"    nieuwe_hash: \"{nieuwe}\"",
    ]
    if correcties_path.exists():
        text = correcties_path.read_text(encoding="utf-8")
        text = text if text.endswith("\n") else text + "\n"
    else:
        first = versie_path.read_text(encoding="utf-8").partition("\n")[0]
        schema = first.replace("versie.schema.json", "correcties.schema.json") if first.startswith(SCHEMA_LINE_PREFIX) \
            else f"{SCHEMA_LINE_PREFIX}../../../../schema/correcties.schema.json"
        text = f"{schema}\ncorrecties:\n"
    # Appended as text: earlier entries stay byte for byte what they were (check --basis compares them).
    tmp = correcties_path.with_name(f".{keten.CORRECTIES_FILE}.tmp")
    tmp.write_text(text + "\n".join(entry) + "\n", encoding="utf-8", newline="\n")
    tmp.replace(correcties_path)
    return correctie


def _bestaande(path: Path) -> list[keten.Correctie]:
    if not path.is_file():
        return []
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    items = data.get("correcties") if isinstance(data, dict) else None
    try:
        return [keten.correctie_from(item) for item in items or ()]
    except (KeyError, TypeError):
        raise Weigering(f"{path} is ongeldig; los dat eerst op (zie 'afspraken check')") from None
