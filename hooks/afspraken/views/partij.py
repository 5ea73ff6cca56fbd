"""Everything a party is trekker of or involved in, across themes, with statuses."""
from __future__ import annotations

from .. import model
from ..render import esc, short
from . import common, urls
from .site import Site, getoonde_versie, laatste_ronde
from .thema import sorteersleutel
from .urls import Links


def rol(afspraak: model.Afspraak, afk: str) -> str | None:
    if afk in afspraak.trekkers:
        return "trekker"
    if model.ALLEN in afspraak.trekkers:
        return "trekker (alle partijen)"
    if afk in afspraak.betrokken:
        return "betrokken"
    return None


def pagina(site: Site, links: Links, slug: str, afk: str) -> str:
    dossier = site.dossier(slug)
    versie = getoonde_versie(dossier)
    partij = versie.werkgebied.partij(afk) or dossier.concept.werkgebied.partij(afk)
    if partij is None:
        raise LookupError(f"partij '{afk}' bestaat niet in {slug}")
    ronde = laatste_ronde(dossier, versie.label)
    parts = [
        common.werkgebied_kop(links, dossier, [(partij.naam, urls.partij(slug, afk))]),
        f'<p class="pa-ondertitel">{esc(partij.naam)} ({esc(partij.afk)}) is {esc(partij.soort)} in werkgebied '
        f'{esc(dossier.werkgebied.naam)}. Hieronder staan de afspraken uit de '
        f'<a href="{esc(links.to(urls.versie(slug, versie.label)))}">{esc(common.versie_naam(versie))}</a> '
        'waarin deze partij trekker of betrokken is.</p>',
    ]
    totaal = 0
    for thema in versie.werkgebied.themas:
        rijen = []
        for a in versie.per_thema(thema.code):
            wat = rol(a, afk)
            if wat is None:
                continue
            status = ronde.statussen.get(a.nr) if ronde else None
            link = esc(links.to(urls.afspraak(slug, versie.label, thema.code, a.nr)))
            cells = [
                f'<td data-sort="{esc(sorteersleutel(a.nr))}"><a href="{link}">{esc(a.nr)}</a></td>',
                f"<td>{esc(short(a.inhoud))}</td>",
                f"<td>{esc(wat)}</td>",
                f"<td>{esc(str(a.looptijd)) if a.looptijd else '–'}</td>",
            ]
            if ronde is not None:
                cells.append(f"<td>{common.stoplicht(status.status if status else None)}</td>")
            rijen.append("<tr>" + "".join(cells) + "</tr>")
        if not rijen:
            continue
        totaal += len(rijen)
        koppen = ["Nr", "Afspraak", "Rol", "Looptijd", *(["Stoplicht"] if ronde else [])]
        head = "".join(f'<th scope="col">{k}</th>' for k in koppen)
        thema_link = esc(links.to(urls.thema(slug, versie.label, thema.code)))
        parts.append(f'<h2 id="thema-{esc(thema.code.lower())}"><a href="{thema_link}">Thema {esc(thema.code)}: {esc(thema.titel)}</a></h2>')
        parts.append(f'<div class="pa-scroll"><table class="pa-tabel pa-sorteerbaar"><caption>Afspraken van {esc(partij.afk)} in thema {esc(thema.code)}</caption>'
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rijen)}</tbody></table></div>")
    if not totaal:
        parts.append("<p>Deze partij is in deze versie bij geen enkele afspraak trekker of betrokken.</p>")
    elif ronde is not None:
        datum = esc(common.datum(ronde.datum))
        parts.append(f'<p>Stoplicht volgens de <a href="{esc(links.to(urls.monitoring(slug, ronde.id)))}">monitoring van {datum}</a>.</p>')
        parts.append(common.legenda())
    return common.blok("".join(parts))
