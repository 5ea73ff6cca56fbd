"""The catalogue (catalogus.json at the site root): every werkgebied and every version, with their files.

A harvester or a script starts here instead of scraping the home page: per werkgebied the version in
force and its stable address, per version date, status, content hash, signatories and file addresses,
and the site-wide datasets with their size and SHA-256. Addresses are relative to the site root, which
is where the catalogue lives: resolve them against the catalogue's own URL.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import export, model
from ..tijdlijn import reeks
from ..views import urls
from . import adressen
from .instellingen import Instellingen
from .schrijven import Geschreven
from .tabellen import Tabel

PAD = "catalogus.json"
DATA_DIR = "data"
DATAPAKKET_PAD = f"{DATA_DIR}/datapackage.json"
DCAT_PAD = f"{DATA_DIR}/dcat.jsonld"


@dataclass(frozen=True)
class Dataset:
    """A site-wide table as written: the table and its files (CSV first, then JSON)."""

    tabel: Tabel
    bestanden: tuple[tuple[str, str, Geschreven], ...]  # (formaat, address from the site root, written)


def dataset_pad(naam: str, formaat: str) -> str:
    return f"{DATA_DIR}/{naam}.{formaat}"


def _bestanden(slug: str, label: str) -> dict[str, str]:
    return {formaat: export.download_pad(slug, label, formaat) for formaat in export.FORMATEN}


def versie_data(dossier: model.Dossier, versie: model.Versie) -> dict[str, Any]:
    partijen = {p.afk: p.naam for p in versie.werkgebied.partijen}
    data: dict[str, Any] = {
        "label": versie.label,
        "status": versie.status,
        "geldend": versie is dossier.huidige,
        "jaar": versie.jaar,
        "vastgesteld_op": versie.vastgesteld_op or None,
        "inhoud_hash": versie.inhoud_hash or None,
        "ondertekend_door": [{"afk": afk, "naam": partijen.get(afk, afk)} for afk in versie.ondertekend_door],
        "aantal_afspraken": len(versie.afspraken),
        "adres": urls.versie(dossier.slug, versie.label),
        "bestanden": _bestanden(dossier.slug, versie.label),
    }
    return data


def werkgebied_data(dossier: model.Dossier) -> dict[str, Any]:
    werkgebied = dossier.werkgebied
    huidige = dossier.huidige
    return {
        "slug": dossier.slug,
        "naam": werkgebied.weergavenaam,
        "gemeenten": list(werkgebied.alle_gemeenten),
        "gebied": werkgebied.gebied or None,
        "fictief": werkgebied.fictief,
        "periode": {"van": werkgebied.periode_van, "tot": werkgebied.periode_tot},
        "adres": urls.werkgebied(dossier.slug),
        "geldend": None if huidige is None else {
            "label": huidige.label,
            "adres": adressen.geldend(dossier.slug),
            "bestanden": _bestanden(dossier.slug, adressen.GELDEND),
        },
        "versies": [versie_data(dossier, versie) for versie in reeks(dossier)],
        "monitoring": [
            {"ronde": ronde.id, "datum": ronde.datum, "versie": ronde.versie, "titel": ronde.titel or None,
             "adres": urls.monitoring(dossier.slug, ronde.id)}
            for ronde in dossier.monitoring
        ],
    }


def catalogus(instellingen: Instellingen, datasets: Sequence[Dataset],
              werkgebieden: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The whole catalogue; `werkgebieden` are the entries of `werkgebied_data`, in the archief's order."""
    licentie = instellingen.licentie
    return {
        "titel": instellingen.titel,
        "beschrijving": instellingen.beschrijving,
        "uitgever": instellingen.uitgever,
        "licentie": {"id": licentie.id, "titel": licentie.titel, "url": licentie.url},
        "datapakket": DATAPAKKET_PAD,
        "dcat": DCAT_PAD,
        "datasets": [
            {
                "naam": dataset.tabel.naam,
                "titel": dataset.tabel.titel,
                "beschrijving": dataset.tabel.beschrijving,
                "bestanden": [
                    {"formaat": formaat, "adres": adres, "rijen": g.rijen, "bytes": g.bytes, "sha256": g.sha256}
                    for formaat, adres, g in dataset.bestanden
                ],
            }
            for dataset in datasets
        ],
        "werkgebieden": list(werkgebieden),
    }
