"""The theme page of one version: vision, a sortable overview table, then every afspraak."""
from __future__ import annotations

from .. import model
from ..loader import nr_sort_key
from ..render import esc, markdown_html, short
from . import afspraak as afspraak_view
from . import common, urls
from .site import Site
from .urls import Links


def sorteersleutel(nr: str) -> str:
    """A text that sorts like the number does (A2 before A10), for the table's data-sort."""
    code, number, letter, sub = nr_sort_key(nr)
    return f"{code}{number:04d}{letter}{sub:03d}" if isinstance(number, int) else nr


def overzicht(ctx_list: list[afspraak_view.AfspraakOpPagina], werkgebied: model.Werkgebied, met_status: bool) -> str:
    """nr, short inhoud, trekkers, looptijd, stoplicht: sortable and filterable by docs/assets/afspraken.js."""
    koppen = ["Nr", "Afspraak", "Trekker(s)", "Looptijd", *(["Stoplicht"] if met_status else [])]
    rijen = []
    for ctx in ctx_list:
        a = ctx.afspraak
        status = ctx.laatste_status
        looptijd = a.looptijd
        cells = [
            f'<td data-sort="{esc(sorteersleutel(a.nr))}"><a href="#{esc(a.nr)}">{esc(a.nr)}</a></td>',
            f"<td>{esc(short(a.inhoud))}</td>",
            f"<td>{common.partij_namen(ctx.links, ctx.dossier, werkgebied, a.trekkers) or '–'}</td>",
            f'<td data-sort="{esc(looptijd.van if looptijd and looptijd.van else "")}">{esc(str(looptijd)) if looptijd else "–"}'
            f'{" " + afspraak_view.OVER_TIJD if ctx.over_tijd else ""}</td>',
        ]
        if met_status:
            naam = status.status if status else common.GEEN_STATUS
            order = (model.STATUSSEN + (common.GEEN_STATUS,)).index(naam)
            cells.append(f'<td data-sort="{order}">{common.stoplicht(naam)}</td>')
        rijen.append("<tr>" + " ".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{k}</th>' for k in koppen)
    return ('<div class="pa-overzicht" data-pa-overzicht>'
            f'<table class="pa-tabel pa-sorteerbaar"><caption>Overzicht van de afspraken</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rijen)}</tbody></table></div>")


def pagina(site: Site, links: Links, slug: str, label: str, code: str) -> str:
    dossier, versie = site.versie(slug, label)
    thema = versie.werkgebied.thema(code)
    if thema is None:
        raise LookupError(f"thema '{code}' bestaat niet in {slug} {label}")
    rondes = dossier.rondes(label)
    afspraken = [afspraak_view.AfspraakOpPagina(site, links, dossier, versie, a, rondes) for a in versie.per_thema(code)]
    laatste = rondes[-1] if rondes else None
    parts = [
        common.werkgebied_kop(links, dossier, [
            (common.versie_naam(versie).capitalize(), urls.versie(slug, label)),
            (f"Thema {code}: {thema.titel}", urls.thema(slug, label, code)),
        ]),
        common.versie_kiezer(links, dossier, label, lambda v: (
            (urls.thema(slug, v.label, code), "") if v.werkgebied.thema(code)
            else (urls.versie(slug, v.label), f"overzicht; thema {code} bestaat niet in deze versie"))),
        common.versie_banner(links, dossier, versie, code.lower() + "/", site.historie(slug)),
    ]
    if thema.inleiding:
        parts.append(f'<div class="pa-tekst pa-inleiding">{markdown_html(thema.inleiding)}</div>')
    if thema.visie:
        parts.append(f'<h2 id="visie">Visie</h2><div class="pa-tekst">{markdown_html(thema.visie)}</div>')
    kengetallen = afspraak_view.kengetallen_tabel(thema.kengetallen, versie.werkgebied)
    if kengetallen:
        parts.append(f'<h2 id="kengetallen">Kengetallen</h2>{kengetallen}')
    parts.append('<h2 id="overzicht">Overzicht</h2>')
    if not afspraken:
        parts.append("<p>Dit thema heeft in deze versie nog geen afspraken.</p>")
    else:
        if laatste is not None:
            ronde_link = f'<a href="{esc(links.to(urls.monitoring(slug, laatste.id)))}">{esc(common.datum(laatste.datum))}</a>'
            parts.append(f'<p>Stoplicht volgens de monitoring van {ronde_link}.</p>')
        parts.append(overzicht(afspraken, versie.werkgebied, laatste is not None))
        if laatste is not None:
            parts.append(common.legenda())
        parts.extend(afspraak_view.sectie(ctx) for ctx in afspraken)
    return common.blok("".join(parts))
