"""The open-data settings of a site: the data licence and who publishes, chosen in ONE place.

An adopter sets them in mkdocs.yml under `extra: open_data:`; without that, the data is CC0 1.0. The
catalogue, the data package, the DCAT metadata and the site's footer all read the licence from here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class InstellingenFout(ValueError):
    """The open_data settings in mkdocs.yml cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class Licentie:
    id: str  # SPDX identifier, also the Frictionless licence name
    titel: str
    url: str  # the licence text; DCAT and Frictionless link here


# Licences a Dutch public body uses for open data; another one is given as {id, titel, url}.
BEKENDE_LICENTIES: dict[str, Licentie] = {
    lic.id: lic for lic in (
        Licentie("CC0-1.0", "CC0 1.0 Universeel (publiek domein)", "https://creativecommons.org/publicdomain/zero/1.0/"),
        Licentie("CC-BY-4.0", "Creative Commons Naamsvermelding 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        Licentie("CC-BY-SA-4.0", "Creative Commons Naamsvermelding-GelijkDelen 4.0",
                 "https://creativecommons.org/licenses/by-sa/4.0/"),
    )
}
STANDAARD_LICENTIE = "CC0-1.0"


@dataclass(frozen=True)
class Instellingen:
    licentie: Licentie
    titel: str  # the site's name: the catalogue's title
    beschrijving: str
    uitgever: str  # the organisation that publishes the data (DCAT publisher)
    uitgever_uri: str  # its URI, e.g. from the TOOI organisation list; "" when not given
    contact: str  # e-mail address or web page for questions about the data
    site_url: str  # absolute base of the site ("" when mkdocs.yml has no site_url: addresses stay relative)


def uit_config(extra: Mapping[str, Any] | None, *, site_name: str, site_description: str = "",
               site_url: str | None = None, repo_url: str | None = None) -> Instellingen:
    """The settings from mkdocs.yml's `extra.open_data` (all keys optional)."""
    raw = (extra or {}).get("open_data") or {}
    if not isinstance(raw, Mapping):
        raise InstellingenFout("extra.open_data in mkdocs.yml moet een mapping zijn (sleutels met waarden)")
    bekend = {"licentie", "uitgever", "uitgever_uri", "contact"}
    onbekend = sorted(set(raw) - bekend)
    if onbekend:
        raise InstellingenFout(f"extra.open_data in mkdocs.yml: onbekende sleutel '{onbekend[0]}'; "
                               f"toegestaan zijn: {', '.join(sorted(bekend))}")
    for key in ("uitgever", "uitgever_uri", "contact"):
        if not isinstance(raw.get(key, ""), str):
            raise InstellingenFout(f"extra.open_data.{key} in mkdocs.yml moet tekst zijn")
    return Instellingen(
        licentie=_licentie(raw.get("licentie", STANDAARD_LICENTIE)),
        titel=site_name,
        beschrijving=site_description,
        uitgever=raw.get("uitgever") or site_name,
        uitgever_uri=raw.get("uitgever_uri", ""),
        contact=raw.get("contact") or (repo_url or ""),
        site_url=(site_url or "").rstrip("/") + "/" if site_url else "",
    )


def _licentie(value: Any) -> Licentie:
    if isinstance(value, str):
        if value in BEKENDE_LICENTIES:
            return BEKENDE_LICENTIES[value]
        raise InstellingenFout(f"extra.open_data.licentie in mkdocs.yml: '{value}' is onbekend; kies uit "
                               f"{', '.join(BEKENDE_LICENTIES)}, of geef id, titel en url van een andere licentie")
    if isinstance(value, Mapping) and set(value) == {"id", "titel", "url"} and all(isinstance(v, str) and v for v in value.values()):
        if not value["url"].startswith(("https://", "http://")):
            raise InstellingenFout("extra.open_data.licentie.url in mkdocs.yml moet een webadres zijn (https://...)")
        return Licentie(value["id"], value["titel"], value["url"])
    raise InstellingenFout("extra.open_data.licentie in mkdocs.yml: geef een bekende licentie "
                           f"({', '.join(BEKENDE_LICENTIES)}) of een mapping met id, titel en url")
