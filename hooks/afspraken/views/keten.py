"""What the version page shows of a version's integrity: its hash, its link in the chain, its corrections.

The data is computed here; `kenmerken` and `correcties_html` render it for the version page until that
page is a template.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..render import esc
from . import common, urls
from .urls import Links


@dataclass(frozen=True)
class Correctieregel:
    datum: str
    bestand: str
    reden: str
    goedgekeurd_door: str  # party names, as HTML from common.partij_namen
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
                           common.partij_namen(links, dossier, versie.werkgebied, c.goedgekeurd_door),
                           c.oude_hash, c.nieuwe_hash)
            for c in versie.correcties),
    )


def kenmerken(k: Keten) -> list[tuple[str, str]]:
    """Rows for the version's list of properties (term, HTML)."""
    uitleg = "" if k.geketend else ' <span class="pa-klein">(berekend: vastgesteld vóór de hashketen)</span>'
    rows = [("Versiehash", f"<code>{esc(k.versie_hash)}</code>{uitleg}")]
    if k.vorige_label:
        naam = f'<a href="{esc(k.vorige_href)}">versie {esc(k.vorige_label)}</a>' if k.vorige_href \
            else f"versie {esc(k.vorige_label)}"
        rows.append(("Schakel in de keten", f"na {naam}, met hash <code>{esc(k.vorige_hash)}</code>"))
    if k.correcties:
        rows.append(("Correcties", f'<a href="#correcties">{len(k.correcties)} na de ondertekening</a>'))
    return rows


def correcties_html(k: Keten) -> str:
    """Every correction of the signed text, loudly: a reader must see that the text changed, when and why."""
    if not k.correcties:
        return ""
    items = "".join(
        f"<li><strong>{esc(common.datum(c.datum))}</strong>: <code>{esc(c.bestand)}</code>. "
        f"Reden: {esc(c.reden)}. Goedgekeurd door {c.goedgekeurd_door}. "
        f'<span class="pa-klein">Hash van <code>{esc(c.oude_hash)}</code> naar <code>{esc(c.nieuwe_hash)}</code>.</span></li>'
        for c in k.correcties)
    return ('<div class="admonition warning pa-correcties" role="note">'
            '<p class="admonition-title">Gecorrigeerd na de ondertekening</p>'
            '<h2 id="correcties">Correcties</h2>'
            "<p>Deze versie is na de ondertekening gecorrigeerd, met de goedkeuring van elke ondertekenaar. "
            "Dit is wat er is gecorrigeerd, wanneer en waarom:</p>"
            f"<ul>{items}</ul></div>")
