"""DCAT-AP-NL metadata (data/dcat.jsonld): the site-wide datasets as data.overheid.nl harvests them.

JSON-LD, so it is both plain JSON and RDF. One dcat:Dataset per table, each with a CSV and a JSON
distribution (download address, format, media type, size, SHA-256, licence). Values from the controlled
vocabularies of the EU Publications Office (language, file type, access right, data theme), which
DCAT-AP-NL 3.0 prescribes. Per-werkgebied files are in catalogus.json; a portal gets the national tables,
not one dataset per werkgebied and version.

Addresses are absolute when mkdocs.yml has `site_url` (set it before registering the site with a portal);
otherwise they are relative IRIs, which JSON-LD resolves against this document's own address.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .catalogus import DCAT_PAD, Dataset
from .instellingen import Instellingen

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_EU = "http://publications.europa.eu/resource/authority/"
TAAL = {"@id": f"{_EU}language/NLD"}
OPENBAAR = {"@id": f"{_EU}access-right/PUBLIC"}
THEMA = {"@id": f"{_EU}data-theme/SOCI"}  # population and society: housing agreements of public bodies
LAND = {"@id": f"{_EU}country/NLD"}
BESTANDSTYPE = {"csv": {"@id": f"{_EU}file-type/CSV"}, "json": {"@id": f"{_EU}file-type/JSON"}}
MEDIATYPE = {"csv": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
             "json": {"@id": "https://www.iana.org/assignments/media-types/application/json"}}
TREFWOORDEN = ["prestatieafspraken", "volkshuisvesting", "woningcorporaties", "huurders", "gemeenten"]


def _iri(instellingen: Instellingen, adres: str) -> str:
    """An address from the site root as an IRI: absolute with site_url, else relative to data/dcat.jsonld."""
    if instellingen.site_url:
        return instellingen.site_url + adres
    depth = DCAT_PAD.count("/")
    return "../" * depth + adres


def _tekst(value: str) -> dict[str, str]:
    return {"@value": value, "@language": "nl"}


def dcat(instellingen: Instellingen, datasets: Sequence[Dataset]) -> dict[str, Any]:
    licentie = {"@id": instellingen.licentie.url}
    uitgever: dict[str, Any] = {"@type": "foaf:Agent", "foaf:name": instellingen.uitgever}
    if instellingen.uitgever_uri:
        uitgever["@id"] = instellingen.uitgever_uri
    contact: dict[str, Any] = {"@type": "vcard:Organization", "vcard:fn": instellingen.uitgever}
    if instellingen.contact:
        key = "vcard:hasEmail" if "@" in instellingen.contact and "://" not in instellingen.contact else "vcard:hasURL"
        target = f"mailto:{instellingen.contact}" if key == "vcard:hasEmail" else instellingen.contact
        contact[key] = {"@id": target}

    def dataset(d: Dataset) -> dict[str, Any]:
        iri = _iri(instellingen, f"data/{d.tabel.naam}")
        return {
            "@id": iri,
            "@type": "dcat:Dataset",
            "dct:identifier": iri,
            "dct:title": _tekst(d.tabel.titel),
            "dct:description": _tekst(d.tabel.beschrijving),
            "dct:language": TAAL,
            "dct:publisher": uitgever,
            "dcat:contactPoint": contact,
            "dcat:theme": THEMA,
            "dcat:keyword": [_tekst(w) for w in TREFWOORDEN],
            "dct:spatial": LAND,
            "dct:accessRights": OPENBAAR,
            "dct:license": licentie,
            "dcat:landingPage": {"@id": _iri(instellingen, "bijdragen/open-data/")},
            "dcat:distribution": [
                {
                    "@id": _iri(instellingen, adres),
                    "@type": "dcat:Distribution",
                    "dct:title": _tekst(f"{d.tabel.titel} ({formaat.upper()})"),
                    "dcat:accessURL": {"@id": _iri(instellingen, adres)},
                    "dcat:downloadURL": {"@id": _iri(instellingen, adres)},
                    "dct:format": BESTANDSTYPE[formaat],
                    "dcat:mediaType": MEDIATYPE[formaat],
                    "dct:license": licentie,
                    "dcat:byteSize": {"@value": str(g.bytes), "@type": "xsd:nonNegativeInteger"},
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                        "spdx:checksumValue": {"@value": g.sha256, "@type": "xsd:hexBinary"},
                    },
                }
                for formaat, adres, g in d.bestanden
            ],
        }

    return {
        "@context": CONTEXT,
        "@id": _iri(instellingen, DCAT_PAD),
        "@type": "dcat:Catalog",
        "dct:title": _tekst(instellingen.titel),
        "dct:description": _tekst(instellingen.beschrijving or instellingen.titel),
        "dct:publisher": uitgever,
        "dct:language": TAAL,
        "dct:license": licentie,
        "foaf:homepage": {"@id": _iri(instellingen, "")},
        "dcat:dataset": [dataset(d) for d in datasets],
    }
