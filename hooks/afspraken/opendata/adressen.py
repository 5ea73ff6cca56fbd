"""Stable addresses: `/<werkgebied>/geldend/` always leads to the version in force.

Pages under `geldend/` are redirect pages to `/<werkgebied>/<label>/`, not copies: each version keeps one
address that search engines, citations and the search index know, the build renders no extra pages, and
what a reader bookmarks after arriving is the signed version's own address, which never changes. A redirect
page (script plus meta refresh, like the mkdocs-redirects plugin) works on any static host and in
`mkdocs serve`, and keeps an #anchor. Data files cannot be redirected on a static host (a CSV reader
does not follow a meta refresh), so `geldend/afspraken.csv` and `.json` are copies; their `versie` column
and field say which version they hold.

`/id/<id>/` leads to an afspraak by its persistent identifier (`identiteit.Lijn.sleutel`): to the latest
vastgestelde version that has it, at its anchor on the theme page (`/<werkgebied>/<label>/<thema>/#<nr>`).
An afspraak that is in no vastgestelde version yet (only in the concept) leads to the concept. A signed
version is the public record; the concept may still change, so it is the address only when there is no other.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .. import export, model, templating
from ..identiteit import Identiteiten, Lijn, identiteiten
from ..siteadressen import GELDEND, ID
from ..views import urls


def geldend(slug: str) -> str:
    """The address of the version in force, relative to the site root."""
    return urls.versie(slug, GELDEND)


def doorverwijzing(*, titel: str, doel: str, uitleg: str, linktekst: str) -> str:
    """A redirect page to `doel` (relative to the page itself)."""
    return templating.render("doorverwijzing.html", titel=titel, doel=doel, uitleg=uitleg, linktekst=linktekst)


def _relatief(van: str, naar: str) -> str:
    """From page address `van` to site address `naar` (both relative to the site root, `van` ending in /)."""
    return urls.Links(van).to(naar)


def _schrijf(site_dir: Path, adres: str, html: str) -> Path:
    path = site_dir / adres / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def publiceer_geldend(dossier: model.Dossier, site_dir: Path) -> list[Path]:
    """The redirect pages and data copies under `/<slug>/geldend/`. Needs the version's own files written first."""
    naam = dossier.werkgebied.weergavenaam
    huidige = dossier.huidige
    start = geldend(dossier.slug)
    if huidige is None:
        return [_schrijf(site_dir, start, doorverwijzing(
            titel=f"Geldende versie · {naam}", doel=_relatief(start, urls.werkgebied(dossier.slug)),
            uitleg=f"{naam} heeft nog geen vastgestelde versie; er zijn alleen lopende afspraken (concept).",
            linktekst=f"Naar {naam}"))]
    written = [_schrijf(site_dir, start, doorverwijzing(
        titel=f"Geldende versie: {huidige.label} · {naam}", doel=_relatief(start, urls.versie(dossier.slug, huidige.label)),
        uitleg=f"De geldende versie van {naam} is versie {huidige.label}.", linktekst=f"Naar versie {huidige.label}"))]
    for thema in huidige.werkgebied.themas:
        adres = urls.thema(dossier.slug, GELDEND, thema.code)
        written.append(_schrijf(site_dir, adres, doorverwijzing(
            titel=f"Thema {thema.code} in de geldende versie ({huidige.label}) · {naam}",
            doel=_relatief(adres, urls.thema(dossier.slug, huidige.label, thema.code)),
            uitleg=f"De geldende versie van {naam} is versie {huidige.label}.",
            linktekst=f"Naar thema {thema.code}: {thema.titel}, versie {huidige.label}")))
    for formaat in export.FORMATEN:
        target = site_dir / export.download_pad(dossier.slug, GELDEND, formaat)
        shutil.copyfile(site_dir / export.download_pad(dossier.slug, huidige.label, formaat), target)
        written.append(target)
    return written


def id_adres(sleutel: str) -> str:
    """The address of an afspraak by its persistent identifier, relative to the site root."""
    return f"{ID}/{sleutel}/"


def bestemming(dossier: model.Dossier, lijn: Lijn) -> tuple[model.Versie, model.Afspraak]:
    """Where an identifier leads: the latest vastgestelde appearance, else the latest appearance."""
    gevonden = [(versie, versie.afspraak(v.nr)) for v in lijn.voorkomens if (versie := dossier.versie(v.versie))]
    vastgesteld = [(versie, a) for versie, a in gevonden if versie.status == "vastgesteld"]
    versie, afspraak = (vastgesteld or gevonden)[-1]
    assert afspraak is not None  # a voorkomen names an afspraak of its version
    return versie, afspraak


def publiceer_ids(dossier: model.Dossier, site_dir: Path, ids: Identiteiten | None = None) -> list[Path]:
    """A redirect page per afspraak identifier of the werkgebied."""
    naam = dossier.werkgebied.weergavenaam
    written = []
    for lijn in (ids or identiteiten(dossier)).lijnen:
        versie, afspraak = bestemming(dossier, lijn)
        adres = id_adres(lijn.sleutel)
        waar = "het concept" if versie.is_concept else f"versie {versie.label}"
        written.append(_schrijf(site_dir, adres, doorverwijzing(
            titel=f"Afspraak {lijn.sleutel} · {naam}",
            doel=_relatief(adres, urls.afspraak(dossier.slug, versie.label, afspraak.thema, afspraak.nr)),
            uitleg=f"Afspraak {lijn.sleutel} heet in {waar} van {naam} {afspraak.nr}.",
            linktekst=f"Naar afspraak {afspraak.nr} in {waar}")))
    return written
