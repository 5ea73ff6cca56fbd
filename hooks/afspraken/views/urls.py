"""The URL layout of the public site, in one place. Others link to these addresses.

  /                                   home
  /<slug>/                            werkgebied
  /<slug>/<label>/                    version overview (label: `concept` or a frozen label)
  /<slug>/<label>/<thema lowercase>/  theme page; every afspraak has the anchor #<nr>
  /<slug>/<label>/volledige-tekst/    the whole version on one page, to read or print (theme codes are 1-3 letters)
  /<slug>/partij/<afk lowercase>/     party page
  /<slug>/monitoring/<ronde-id>/      monitoring round page
  /<slug>/wijzigingen/<van>-<tot>/    what changed from version <van> to <tot> (e.g. 2023-2024, 2024-concept)

Functions return URLs relative to the site root, ending in `/` (MkDocs `use_directory_urls`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

PARTIJ = "partij"
MONITORING = "monitoring"
WIJZIGINGEN = "wijzigingen"


def werkgebied(slug: str) -> str:
    return f"{slug}/"


def versie(slug: str, label: str) -> str:
    return f"{slug}/{label}/"


def thema(slug: str, label: str, code: str) -> str:
    return f"{slug}/{label}/{code.lower()}/"


def volledige_tekst(slug: str, label: str) -> str:
    return f"{slug}/{label}/volledige-tekst/"


def afspraak(slug: str, label: str, code: str, nr: str) -> str:
    return f"{thema(slug, label, code)}#{nr}"


def partij(slug: str, afk: str) -> str:
    return f"{slug}/{PARTIJ}/{afk.lower()}/"


def monitoring(slug: str, ronde_id: str) -> str:
    return f"{slug}/{MONITORING}/{ronde_id}/"


def wijzigingen(slug: str, van: str, tot: str) -> str:
    return f"{slug}/{WIJZIGINGEN}/{van}-{tot}/"


@dataclass(frozen=True)
class Links:
    """Turns root-relative URLs into links relative to the page being rendered, so the site works
    from any sub-path and from a folder on disk."""

    page_url: str = ""

    @cached_property
    def root(self) -> str:
        depth = len([part for part in self.page_url.split("/") if part])
        return "../" * depth

    def to(self, url: str) -> str:
        return (self.root + url) or "./"
