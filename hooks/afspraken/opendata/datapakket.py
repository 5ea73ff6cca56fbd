"""The Frictionless Data Package (datapackage.json) that describes every dataset: fields, types, keys, licence.

A Tabular Data Package in the v1 form, which every Frictionless tool reads (Python, R, JavaScript, the
`frictionless validate` command). Each table appears twice, as CSV and as JSON, with the same Table Schema;
foreign keys are declared between the CSV resources.
"""
from __future__ import annotations

from typing import Any

from .. import export
from .instellingen import Instellingen
from .schrijven import Geschreven
from .tabellen import Tabel

NAAM = "prestatieafspraken"
MEDIATYPE = {"csv": "text/csv", "json": "application/json"}


def resource_naam(tabel: Tabel, formaat: str) -> str:
    """Resource names are unique in a package: the CSV one is the table's name, the JSON one says json."""
    return tabel.naam if formaat == "csv" else f"{tabel.naam}-json"


def table_schema(tabel: Tabel, *, met_verwijzingen: bool) -> dict[str, Any]:
    velden = []
    for veld in tabel.velden:
        beschrijving: dict[str, Any] = {"name": veld.naam, "type": veld.type, "description": veld.beschrijving}
        constraints: dict[str, Any] = {}
        if veld.verplicht:
            constraints["required"] = True
        if veld.waarden:
            constraints["enum"] = list(veld.waarden)
        if constraints:
            beschrijving["constraints"] = constraints
        if veld.type == "boolean":
            beschrijving |= {"trueValues": ["true"], "falseValues": ["false"]}
        velden.append(beschrijving)
    schema: dict[str, Any] = {"fields": velden, "missingValues": [""]}
    if tabel.sleutel:
        schema["primaryKey"] = list(tabel.sleutel)
    if met_verwijzingen and tabel.verwijzingen:
        schema["foreignKeys"] = [
            {"fields": list(v.velden), "reference": {"resource": v.tabel, "fields": list(v.naar)}}
            for v in tabel.verwijzingen
        ]
    return schema


def resource(tabel: Tabel, formaat: str, bestand: Geschreven, pad: str) -> dict[str, Any]:
    """One resource; `pad` is relative to the datapackage.json."""
    data: dict[str, Any] = {
        "name": resource_naam(tabel, formaat),
        "title": f"{tabel.titel} ({formaat.upper()})",
        "description": tabel.beschrijving,
        "path": pad,
        "profile": "tabular-data-resource",
        "format": formaat,
        "mediatype": MEDIATYPE[formaat],
        "encoding": "utf-8",
    }
    if formaat == "csv":
        # Size and hash only for CSV: Frictionless reads JSON through a parser that cannot check them
        # (it reports "actual is None"). The catalogue lists both for every file.
        data |= {"bytes": bestand.bytes, "hash": f"sha256:{bestand.sha256}"}
        data["dialect"] = {"delimiter": export.CSV_SCHEIDINGSTEKEN, "lineTerminator": "\r\n", "header": True}
    data["schema"] = table_schema(tabel, met_verwijzingen=formaat == "csv")
    return data


def descriptor(instellingen: Instellingen, resources: list[dict[str, Any]], *, homepage: str) -> dict[str, Any]:
    licentie = instellingen.licentie
    data: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": NAAM,
        "title": instellingen.titel,
        "description": instellingen.beschrijving or "Prestatieafspraken als open data.",
        "homepage": homepage,
        "licenses": [{"name": licentie.id, "title": licentie.titel, "path": licentie.url}],
        "resources": resources,
    }
    if not homepage:
        del data["homepage"]
    return data
