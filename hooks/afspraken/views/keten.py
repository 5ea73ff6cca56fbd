"""What the version page shows of a version's integrity: its hash, its link in the chain, its corrections.
Rendered by templates/versie.html."""
from __future__ import annotations

from dataclasses import dataclass

from .. import model
from . import common, urls
from .urls import Links


@dataclass(frozen=True)
class Correctieregel:
    datum: str
    bestand: str
    reden: str
    goedgekeurd_door: tuple[common.PartijLink, ...]
    oude_hash: str
    nieuwe_hash: str


@dataclass(frozen=True)
class Keten:
    versie_hash: str
    geketend: bool  # False: frozen before the chain existed; the hash is computed from versie.yaml
    vorige_label: str
    vorige_href: str
    vorige_hash: str
    correcties: tuple[Correctieregel, ...]


def keten(links: Links, dossier: model.Dossier, versie: model.Versie) -> Keten:
    vorige = dossier.versie(versie.vorige_versie) if versie.vorige_versie else None
    return Keten(
        versie_hash=versie.versie_hash,
        geketend=versie.geketend,
        vorige_label=versie.vorige_versie,
        vorige_href=links.to(urls.versie(dossier.slug, vorige.label)) if vorige else "",
        vorige_hash=versie.vorige_hash,
        correcties=tuple(
            Correctieregel(c.datum, c.bestand, c.reden,
                           common.partij_links(links, dossier, versie.werkgebied, c.goedgekeurd_door),
                           c.oude_hash, c.nieuwe_hash)
            for c in versie.correcties),
    )
