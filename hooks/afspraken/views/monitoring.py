"""A monitoring round: the stoplicht table for every theme, counts per colour, and what goes to the
bestuurlijk overleg."""
from __future__ import annotations

from .. import model
from ..render import esc, markdown_html, short
from . import common, urls
from .afspraak import OVER_TIJD, status_details
from .site import Site
from .thema import sorteersleutel
from .urls import Links


def pagina(site: Site, links: Links, slug: str, ronde_id: str) -> str:
    dossier = site.dossier(slug)
    ronde = next((r for r in dossier.monitoring if r.id == ronde_id), None)
    if ronde is None:
        raise LookupError(f"monitoringsronde '{ronde_id}' bestaat niet in {slug}")
    versie = dossier.versie(ronde.versie)
    if versie is None:
        raise LookupError(f"monitoringsronde '{ronde_id}' noemt versie '{ronde.versie}' die niet bestaat")
    titel = ronde.titel or f"Monitoring {common.datum(ronde.datum)}"
    parts = [
        common.werkgebied_kop(links, dossier, [(titel, urls.monitoring(slug, ronde.id))]),
        f'<p class="pa-ondertitel">Stand van zaken op {esc(common.datum(ronde.datum))} van de afspraken in '
        f'<a href="{esc(links.to(urls.versie(slug, versie.label)))}">{esc(common.versie_naam(versie))}</a>.</p>',
    ]
    if ronde.toelichting:
        parts.append(f'<div class="pa-tekst">{markdown_html(ronde.toelichting)}</div>')

    def status_of(a: model.Afspraak) -> str:
        return ronde.statussen[a.nr].status if a.nr in ronde.statussen else common.GEEN_STATUS

    # Counts per theme: a small chart whose text says the same.
    rijen = []
    for thema in versie.werkgebied.themas:
        afspraken = versie.per_thema(thema.code)
        if not afspraken:
            continue
        counts = common.telling(status_of(a) for a in afspraken)
        rijen.append(f'<tr><th scope="row"><a href="#thema-{esc(thema.code.lower())}">Thema {esc(thema.code)}: {esc(thema.titel)}</a></th>'
                     f"<td>{common.telling_balk(counts)}</td></tr>")
    totaal = common.telling(status_of(a) for a in versie.afspraken)
    parts.append('<h2 id="samenvatting">Samenvatting per thema</h2>')
    parts.append('<table class="pa-tabel pa-samenvatting"><caption>Aantal afspraken per status</caption>'
                 '<thead><tr><th scope="col">Thema</th><th scope="col">Statussen</th></tr></thead>'
                 f'<tbody>{"".join(rijen)}</tbody><tfoot><tr><th scope="row">Totaal</th>'
                 f"<td>{common.telling_balk(totaal)}</td></tr></tfoot></table>")
    parts.append(common.legenda())

    # What needs the bestuurlijk overleg.
    overleg = [a for a in versie.afspraken if status_of(a) in model.BESTUURLIJK]
    parts.append('<h2 id="bestuurlijk-overleg">Voor het bestuurlijk overleg</h2>')
    if overleg:
        items = []
        for a in overleg:
            status = ronde.statussen[a.nr]
            link = esc(links.to(urls.afspraak(slug, versie.label, a.thema, a.nr)))
            items.append(f'<li class="pa-overleg__item"><p>{common.stoplicht(status.status)} '
                         f'<a href="{link}"><strong>{esc(a.nr)}</strong></a> {esc(short(a.inhoud))}</p>'
                         f"{status_details(status)}</li>")
        parts.append(f'<p>{len(overleg)} afspraken staan op oranje of rood.</p><ul class="pa-overleg">{"".join(items)}</ul>')
    else:
        parts.append("<p>Geen afspraken op oranje of rood.</p>")

    # The stoplicht table per theme; an afspraak is over tijd as this round saw it (its date, its status).
    voortgang = site.voortgang(slug)
    for thema in versie.werkgebied.themas:
        afspraken = versie.per_thema(thema.code)
        if not afspraken:
            continue
        body = []
        for a in afspraken:
            status = ronde.statussen.get(a.nr)
            link = esc(links.to(urls.afspraak(slug, versie.label, thema.code, a.nr)))
            order = (model.STATUSSEN + (common.GEEN_STATUS,)).index(status_of(a))
            body.append(f'<tr><td data-sort="{esc(sorteersleutel(a.nr))}"><a href="{link}">{esc(a.nr)}</a></td>'
                        f"<td>{esc(short(a.inhoud))}</td>"
                        f'<td data-sort="{order}">{common.stoplicht(status.status if status else None)}'
                        f'{" " + OVER_TIJD if voortgang.over_tijd_in_ronde(ronde, a) else ""}</td>'
                        f"<td>{status_details(status) if status else 'Niet gemeld in deze ronde.'}</td></tr>")
        head = "".join(f'<th scope="col">{k}</th>' for k in ("Nr", "Afspraak", "Stoplicht", "Toelichting"))
        parts.append(f'<h2 id="thema-{esc(thema.code.lower())}">Thema {esc(thema.code)}: {esc(thema.titel)}</h2>')
        parts.append(f'<div class="pa-scroll"><table class="pa-tabel pa-sorteerbaar pa-stoplichttabel"><caption>Stoplicht thema {esc(thema.code)}</caption>'
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
    return common.blok("".join(parts))
