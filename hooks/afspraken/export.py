"""Open data: one version of a werkgebied as CSV (one row per afspraak) or JSON (the whole version).

Both formats are deterministic: the same model gives the same bytes. JSON keys follow the order of the
schema's properties (nr first, as in the YAML), so a diff of two exports reads like a diff of the YAML.
The JSON validates against schema/export.schema.json, which refers to the werkgebied and afspraak schemas:
an afspraak in the export is exactly an afspraak file's content.

The data comes from the model, not from re-reading files, so the site build can export from the archief it
loaded once. The model keeps every YAML key (field names are the keys), so nothing is lost on the way.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

from . import model, spreadsheet
from .identiteit import Identiteiten, ids_data
from .paths import AGREEMENTS_DIR
from .schemas import SCHEMA_DIR, schema

Formaat = Literal["csv", "json"]
FORMATEN: tuple[Formaat, ...] = ("csv", "json")
EXPORT_SCHEMA = SCHEMA_DIR / "export.schema.json"

CSV_SCHEIDINGSTEKEN = spreadsheet.SCHEIDINGSTEKEN
LIJST_SCHEIDINGSTEKEN = ", "  # between party abbreviations in one cell: cannot clash with ';'
CSV_KOLOMMEN: tuple[str, ...] = (
    "werkgebied", "versie", "nr", "vorig_nr", "thema", "thema_titel", "onderwerp", "sub_onderwerp",
    "inhoud", "resultaat", "looptijd_van", "looptijd_tot", "planning", "trekkers", "betrokken",
    "jaarschijf", "bestand",
)


class OnbekendeVersie(LookupError):
    """The version label does not exist in the werkgebied; the message lists the ones that do."""


def standaard_versie(dossier: model.Dossier) -> model.Versie:
    """What an export shows when no version is named: what is in force, or the concept before any vaststelling."""
    return dossier.huidige or dossier.concept


def kies_versie(dossier: model.Dossier, label: str | None) -> model.Versie:
    if label is None:
        return standaard_versie(dossier)
    versie = dossier.versie(label)
    if versie is None:
        bekend = ", ".join([v.label for v in dossier.versies] + [model.CONCEPT])
        raise OnbekendeVersie(f"versie '{label}' bestaat niet in {dossier.slug}; bekende versies: {bekend}")
    return versie


def bestand_van(slug: str, versie: model.Versie, afspraak: model.Afspraak) -> str:
    """The afspraak's file from the repository root; independent of where the command runs."""
    folder = f"{AGREEMENTS_DIR}/{slug}" + ("" if versie.is_concept else f"/versies/{versie.label}")
    return f"{folder}/afspraken/{afspraak.nr}.yaml"


# --- JSON -------------------------------------------------------------------------------------------

def afspraak_data(afspraak: model.Afspraak) -> dict[str, Any]:
    """The afspraak as its YAML file has it: valid against afspraak.schema.json, keys in schema order."""
    return _data(afspraak, schema("afspraak"))


def werkgebied_data(werkgebied: model.Werkgebied) -> dict[str, Any]:
    """The werkgebied as werkgebied.yaml has it: valid against werkgebied.schema.json."""
    root = schema("werkgebied")
    periode = {"van": werkgebied.periode_van}
    if werkgebied.periode_tot is not None:  # open-ended otherwise
        periode["tot"] = werkgebied.periode_tot
    return _data(werkgebied, root, root, extra={"periode": periode})


def versie_data(versie: model.Versie) -> dict[str, Any]:
    if versie.is_concept:
        return {"label": model.CONCEPT, "status": model.CONCEPT}
    data: dict[str, Any] = {"label": versie.label, "status": versie.status}
    if versie.jaar is not None:
        data["jaar"] = versie.jaar
    if versie.vastgesteld_op:
        data["vastgesteld_op"] = versie.vastgesteld_op
    if versie.ondertekend_door:
        data["ondertekend_door"] = list(versie.ondertekend_door)
    if versie.ondertekening is not None:
        data["ondertekening"] = _data(versie.ondertekening, schema("versie")["properties"]["ondertekening"])
    if versie.toelichting:
        data["toelichting"] = versie.toelichting
    data["inhoud_hash"] = versie.inhoud_hash
    return data


def export_data(slug: str, versie: model.Versie) -> dict[str, Any]:
    return {
        "slug": slug,
        "werkgebied": werkgebied_data(versie.werkgebied),
        "versie": versie_data(versie),
        "afspraken": [afspraak_data(a) for a in versie.afspraken],
    }


def as_json(slug: str, versie: model.Versie) -> str:
    # allow_nan=False: NaN and Infinity are not JSON; the loader refuses them, this makes sure.
    return json.dumps(export_data(slug, versie), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _data(value: Any, node: dict[str, Any], root: dict[str, Any] | None = None,
          extra: dict[str, Any] | None = None) -> Any:
    """A model value as plain data shaped by its schema node: optional keys left at their default are
    omitted, keys come in the schema's order, tuples become lists."""
    root = root or node
    node = _resolve(node, root)
    if is_dataclass(value):
        defaults = {f.name: f.default for f in fields(value) if f.default is not MISSING}
        required = set(node.get("required", ()))
        data: dict[str, Any] = {}
        for key, sub in node.get("properties", {}).items():
            if extra and key in extra:
                data[key] = extra[key]
                continue
            if not hasattr(value, key):
                continue
            item = getattr(value, key)
            # Left out when at its default; a default of None keeps "" (a budget line blank in the source).
            if key not in required and (item == defaults[key] if key in defaults else item in ((), "", None)):
                continue
            data[key] = _data(item, sub, root)
        return data
    if isinstance(value, (tuple, list)):
        return [_data(item, node.get("items", {}), root) for item in value]
    return value


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local "$ref": "#/$defs/..." (the only kind our schemas use)."""
    while "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = root
        for step in node["$ref"][2:].split("/"):
            target = target[step]
        node = target
    return node


# --- CSV --------------------------------------------------------------------------------------------

def csv_rij(slug: str, versie: model.Versie, afspraak: model.Afspraak) -> dict[str, str]:
    thema = versie.werkgebied.thema(afspraak.thema)
    looptijd = afspraak.looptijd or model.Looptijd()
    return {
        "werkgebied": slug,
        "versie": versie.label,
        "nr": afspraak.nr,
        "vorig_nr": afspraak.vorig_nr,
        "thema": afspraak.thema,
        "thema_titel": thema.titel if thema else "",
        "onderwerp": afspraak.onderwerp,
        "sub_onderwerp": afspraak.sub_onderwerp,
        "inhoud": afspraak.inhoud,
        "resultaat": afspraak.resultaat,
        "looptijd_van": "" if looptijd.van is None else str(looptijd.van),
        "looptijd_tot": "" if looptijd.tot is None else str(looptijd.tot),
        "planning": looptijd.planning,
        "trekkers": LIJST_SCHEIDINGSTEKEN.join(afspraak.trekkers),
        "betrokken": LIJST_SCHEIDINGSTEKEN.join(afspraak.betrokken),
        "jaarschijf": afspraak.jaarschijf,
        "bestand": bestand_van(slug, versie, afspraak),
    }


def as_csv(slug: str, versie: model.Versie) -> str:
    """The CSV text, starting with a BOM, formula-leading cells neutralised (see `spreadsheet`);
    write it as UTF-8 without newline translation."""
    return spreadsheet.csv_text(CSV_KOLOMMEN, (csv_rij(slug, versie, a) for a in versie.afspraken))


def exporteer(slug: str, versie: model.Versie, formaat: Formaat) -> str:
    return as_csv(slug, versie) if formaat == "csv" else as_json(slug, versie)


# --- publishing -------------------------------------------------------------------------------------

def download_pad(slug: str, label: str, formaat: Formaat) -> str:
    """Where a version's export lives on the site, relative to the site root: <slug>/<label>/afspraken.csv."""
    return f"{slug}/{label}/afspraken.{formaat}"


def ids_pad(slug: str) -> str:
    """Where a werkgebied's ids.json lives: each afspraak's persistent id per version (`identiteit`)."""
    return f"{slug}/ids.json"


def schema_pad(kind: str) -> str:
    """The stable URL path of a published schema, relative to the site root."""
    return f"schema/{kind}.schema.json"


def publiceer_werkgebied(dossier: model.Dossier, target_dir: Path, ids: Identiteiten | None = None) -> list[Path]:
    """One werkgebied's files: every version's CSV and JSON, and its ids.json."""
    written: list[Path] = []
    for versie in (*dossier.versies, dossier.concept):
        for formaat in FORMATEN:
            path = target_dir / download_pad(dossier.slug, versie.label, formaat)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(exporteer(dossier.slug, versie, formaat), encoding="utf-8", newline="")
            written.append(path)
    path = target_dir / ids_pad(dossier.slug)
    path.write_text(json.dumps(ids_data(dossier, ids), ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8", newline="")
    written.append(path)
    return written


def publiceer_schemas(target_dir: Path) -> list[Path]:
    """Copy schema/*.json to their stable addresses."""
    written: list[Path] = []
    for source in sorted(SCHEMA_DIR.glob("*.schema.json")):
        path = target_dir / schema_pad(source.name.removesuffix(".schema.json"))
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        written.append(path)
    return written
