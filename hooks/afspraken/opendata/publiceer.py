"""Writing all open data of the whole site into the built site folder, after MkDocs wrote the pages.

  data/<tabel>.csv, data/<tabel>.json   the site-wide datasets (see `tabellen`)
  data/datapackage.json                 the Frictionless Data Package describing them
  data/dcat.jsonld                      DCAT-AP-NL metadata for data.overheid.nl
  catalogus.json                        every werkgebied and version, with file addresses
  <werkgebied>/geldend/                 the version in force (redirect pages and data copies)
  id/<id>/                              an afspraak by its persistent identifier (redirect pages)

The per-version files (`<werkgebied>/<label>/afspraken.csv|json`) come from `export.publiceer`, which
must run first: the `geldend` data copies are made from them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import model
from . import adressen, catalogus, datapakket, dcat, schrijven, tabellen
from .instellingen import Instellingen


def _json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


def publiceer(archief: model.Archief, site_dir: Path, instellingen: Instellingen) -> list[Path]:
    """Write every site-wide open-data file; returns them in a stable order."""
    written: list[Path] = []
    datasets: list[catalogus.Dataset] = []
    resources: list[dict[str, Any]] = []
    for tabel in tabellen.TABELLEN:
        adres_csv, adres_json = (catalogus.dataset_pad(tabel.naam, f) for f in ("csv", "json"))
        csv_file, json_file = schrijven.schrijf(tabel, tabel.rijen(archief), site_dir / adres_csv, site_dir / adres_json)
        datasets.append(catalogus.Dataset(tabel, (("csv", adres_csv, csv_file), ("json", adres_json, json_file))))
        for formaat, bestand in (("csv", csv_file), ("json", json_file)):
            resources.append(datapakket.resource(tabel, formaat, bestand, Path(bestand.pad).name))
        written += [csv_file.pad, json_file.pad]
    homepage = instellingen.site_url
    written.append(_json(site_dir / catalogus.DATAPAKKET_PAD, datapakket.descriptor(instellingen, resources, homepage=homepage)))
    written.append(_json(site_dir / catalogus.DCAT_PAD, dcat.dcat(instellingen, datasets)))
    written.append(_json(site_dir / catalogus.PAD, catalogus.catalogus(archief, instellingen, datasets)))
    for dossier in archief.dossiers:
        written += adressen.publiceer_geldend(dossier, site_dir)
        written += adressen.publiceer_ids(dossier, site_dir)
    return written
