"""Home overview, the werkgebied page and the overview of one version."""
from __future__ import annotations

from .. import export, model
from ..render import esc, markdown_html
from . import common, keten, urls
from .site import Historie, Site, getoonde_versie, laatste_ronde
from .wijzigingen import wijzigingen_lijst
from .urls import Links

SOORT_VOLGORDE = ("gemeente", "corporatie", "huurdersorganisatie", "overig")


def _partijen_lijst(links: Links, dossier: model.Dossier) -> str:
    partijen = sorted(dossier.werkgebied.partijen, key=lambda p: (SOORT_VOLGORDE.index(p.soort), p.naam))
    items = "".join(
        f'<li><a href="{esc(links.to(urls.partij(dossier.slug, p.afk)))}">{esc(p.naam)}</a> '
        f'<span class="pa-klein">({esc(p.afk)}, {esc(p.soort)})</span></li>'
        for p in partijen
    )
    return f'<ul class="pa-partijen">{items}</ul>'


def _stand(site: Site, links: Links, dossier: model.Dossier) -> str:
    """The latest round of the werkgebied, labelled with the version it was about: after a vaststelling
    it stays until a round about the new version (or any newer round) exists."""
    ronde = site.voortgang(dossier.slug).laatste_ronde()
    versie = dossier.versie(ronde.versie) if ronde is not None else None
    if ronde is None or versie is None:
        return "<p>Voor deze versie is nog geen monitoring gepubliceerd.</p>"
    counts = common.telling(ronde.statussen.get(a.nr, model.Status(common.GEEN_STATUS)).status for a in versie.afspraken)
    link = f'<a href="{esc(links.to(urls.monitoring(dossier.slug, ronde.id)))}">monitoring van {esc(common.datum(ronde.datum))}</a>'
    over = f'<a href="{esc(links.to(urls.versie(dossier.slug, versie.label)))}">{esc(common.versie_naam(versie))}</a>'
    return f"<p>Stand volgens de {link} (over {over}):</p>{common.telling_balk(counts)}"


def overzicht(site: Site, links: Links) -> str:
    """Every werkgebied with its parties, current version and stoplicht summary (the home page)."""
    if not site.archief.dossiers:
        return common.blok("<p>Er zijn nog geen werkgebieden.</p>")
    cards = []
    for dossier in site.archief.dossiers:
        w = dossier.werkgebied
        versie = getoonde_versie(dossier)
        fictief = ' <span class="pa-label">fictief voorbeeld</span>' if w.fictief else ""
        versie_link = f'<a href="{esc(links.to(urls.versie(dossier.slug, versie.label)))}">{esc(common.versie_naam(versie))}</a>'
        partijen = ", ".join(esc(p.naam) for p in w.partijen)
        cards.append(
            '<article class="pa-kaart">'
            f'<h2 class="pa-kaart__kop"><a href="{esc(links.to(urls.werkgebied(dossier.slug)))}">{esc(w.naam)}</a>{fictief}</h2>'
            f'<p class="pa-klein">{esc(" · ".join(filter(None, (common.hoofdletter(w.gebiedsomschrijving), w.periode))))}</p>'
            f"<p><strong>Partijen:</strong> {partijen}</p>"
            f"<p><strong>Geldende afspraken:</strong> {versie_link}</p>"
            f"{_stand(site, links, dossier)}"
            "</article>"
        )
    return common.blok(f'<div class="pa-kaarten">{"".join(cards)}</div>' + common.legenda())


def _versiehulp(links: Links, site: Site, dossier: model.Dossier) -> str:
    """Two forms that docs/assets/versies.js brings to life (hidden without JavaScript): compare any two
    versions, from each version's afspraken.json and the werkgebied's ids.json; and which version was in
    force on a date, from the data attributes of the versions table."""
    slug = dossier.slug
    versies = (*dossier.versies, dossier.concept)
    if len(versies) < 2:
        return ""
    # By default what changed to arrive at the version in force (or from it to the concept when it is the first).
    tot = dossier.huidige or dossier.versies[-1]
    index = dossier.versies.index(tot)
    van, tot = (dossier.versies[index - 1], tot) if index > 0 else (tot, dossier.concept)

    def opties(gekozen: model.Versie) -> str:
        return "".join(
            f'<option value="{esc(v.label)}" data-json="{esc(links.to(export.download_pad(slug, v.label, "json")))}"'
            f'{" selected" if v is gekozen else ""}>{esc(common.versie_naam(v))}</option>'
            for v in versies)

    paginas = "".join(
        f'<li><a data-van="{esc(w.van)}" data-tot="{esc(w.tot)}" href="{esc(links.to(urls.wijzigingen(slug, w.van, w.tot)))}">'
        f"{esc(w.van)} → {esc(w.tot)}</a></li>" for w in site.historie(slug).paginas)
    vergelijken = (
        f'<form class="pa-vergelijken" hidden data-ids="{esc(links.to(export.ids_pad(slug)))}" data-uitkomst="pa-vergelijking">'
        f'<label>Van <select name="van">{opties(van)}</select></label>'
        f'<label>Tot <select name="tot">{opties(tot)}</select></label>'
        f'<button type="submit">Vergelijk</button><ul hidden>{paginas}</ul></form>'
        '<div id="pa-vergelijking" class="pa-vergelijking" aria-live="polite"></div>')
    geldend = ('<form class="pa-geldend-op" hidden data-versies="table.pa-versies tr[data-versie]" '
               'data-uitkomst="pa-geldend-uitkomst"><label>Datum <input type="date" name="datum" required></label>'
               '<button type="submit">Toon</button></form>'
               '<div id="pa-geldend-uitkomst" aria-live="polite"></div>')
    return (f'<div class="pa-versiehulp" hidden><h2 id="vergelijken">Versies vergelijken</h2>'
            f'<p>Kies twee versies, welke dan ook: je ziet welke afspraken zijn toegevoegd, vervallen, hernummerd '
            f'en gewijzigd.</p>{vergelijken}'
            f'<h2 id="geldend-op">Welke afspraken golden op een datum?</h2>{geldend}</div>')


def _versies_tabel(links: Links, dossier: model.Dossier) -> str:
    rijen = []
    for versie in (*reversed(dossier.versies), dossier.concept):
        href = links.to(urls.versie(dossier.slug, versie.label))
        link = f'<a href="{esc(href)}">{esc(common.versie_naam(versie))}</a>'
        if versie.is_concept:
            status, op = "nog niet vastgesteld", "–"
        else:
            status = "geldend" if dossier.huidige and dossier.huidige.label == versie.label else versie.status
            op = esc(common.datum(versie.vastgesteld_op)) if versie.vastgesteld_op else "–"
        # The data attributes answer "which version was in force on a date" in docs/assets/versies.js.
        data = (f' data-versie="{esc(versie.label)}" data-status="{esc(versie.status)}" data-url="{esc(href)}"'
                f' data-vastgesteld-op="{esc(versie.vastgesteld_op)}"')
        rijen.append(f"<tr{data}><td>{link}</td> <td>{esc(status)}</td> <td>{op}</td> "
                     f'<td class="pa-getal">{len(versie.afspraken)}</td></tr>')
    koppen = ('<th scope="col">Versie</th> <th scope="col">Status</th> <th scope="col">Vastgesteld op</th> '
              '<th class="pa-getal" scope="col">Afspraken</th>')
    return (f'<div class="pa-scroll"><table class="pa-tabel pa-versies"><thead><tr>{koppen}</tr></thead>'
            f'<tbody>{"".join(rijen)}</tbody></table></div>')


def _themas_lijst(links: Links, dossier: model.Dossier, versie: model.Versie) -> str:
    rondes = laatste_ronde(dossier, versie.label)
    items = []
    for thema in versie.werkgebied.themas:
        afspraken = versie.per_thema(thema.code)
        samenvatting = ""
        if rondes is not None:
            counts = common.telling(rondes.statussen[a.nr].status if a.nr in rondes.statussen else common.GEEN_STATUS
                                    for a in afspraken)
            samenvatting = f" <span class='pa-klein'>({esc(common.telling_tekst(counts))})</span>"
        items.append(f'<li><a href="{esc(links.to(urls.thema(dossier.slug, versie.label, thema.code)))}">'
                     f"Thema {esc(thema.code)}: {esc(thema.titel)}</a> · {len(afspraken)} "
                     f"{'afspraak' if len(afspraken) == 1 else 'afspraken'}{samenvatting}</li>")
    return f'<ul class="pa-themas">{"".join(items)}</ul>'


def pagina(site: Site, links: Links, slug: str) -> str:
    """The werkgebied: introduction, parties, versions, latest monitoring round at a glance."""
    dossier = site.dossier(slug)
    w = dossier.werkgebied
    versie = getoonde_versie(dossier)
    parts = [common.kruimelpad(links, [(w.weergavenaam, urls.werkgebied(slug))]),
             common.versie_kiezer(links, dossier, "", lambda v: (urls.versie(slug, v.label), "")),
             common.fictief_banner(w)]
    if w.titel:
        parts.append(f'<p class="pa-ondertitel">{esc(" · ".join(filter(None, (w.titel, w.gebiedsomschrijving, w.periode))))}</p>')
    if w.inleiding:
        parts.append(f'<h2 id="inleiding">Inleiding</h2><div class="pa-tekst">{markdown_html(w.inleiding)}</div>')
    parts.append(f'<h2 id="themas">Thema\'s ({esc(common.versie_naam(versie))})</h2>')
    parts.append(_themas_lijst(links, dossier, versie))
    parts.append('<h2 id="monitoring">Monitoring</h2>')
    parts.append(_stand(site, links, dossier))
    if dossier.monitoring:
        items = "".join(
            f'<li><a href="{esc(links.to(urls.monitoring(slug, r.id)))}">{esc(r.titel or "Monitoring " + common.datum(r.datum))}</a>'
            f' <span class="pa-klein">(versie {esc(r.versie)})</span></li>'
            for r in reversed(dossier.monitoring)
        )
        parts.append(f'<ul class="pa-rondes">{items}</ul>')
    parts.append('<h2 id="partijen">Partijen</h2>')
    parts.append(_partijen_lijst(links, dossier))
    parts.append('<h2 id="versies">Versies</h2>')
    parts.append(_versies_tabel(links, dossier))
    parts.append(_versiehulp(links, site, dossier))
    lijst = wijzigingen_lijst(links, slug, site.historie(slug).paginas)
    if lijst:
        parts.append('<h2 id="wijzigingen">Wijzigingen</h2><p>Wat er per versie is veranderd, afspraak voor afspraak:</p>')
        parts.append(lijst)
    return common.blok("".join(parts))


def _downloads(links: Links, slug: str, label: str) -> str:
    """Open data links; the paths come from `export`, which writes the files, so they always match."""
    items = "".join(
        f'<li><a href="{esc(links.to(export.download_pad(slug, label, formaat)))}" download>'
        f'{naam}</a></li>'
        for formaat, naam in (("csv", "Alle afspraken als CSV (Excel)"), ("json", "Alle afspraken als JSON"))
    )
    open_data = esc(links.to("bijdragen/open-data/"))
    return (f'<h2 id="open-data">Open data</h2><ul class="pa-downloads">{items}</ul>'
            f'<p class="pa-klein">De kolommen en het formaat staan op <a href="{open_data}">Open data</a>.</p>')


def _veranderd(links: Links, slug: str, historie: Historie, label: str) -> str:
    """Links to what changed to arrive at this version, and what changed after it."""
    items = []
    naar, na = historie.naar(label), historie.na(label)
    if naar is not None:
        vorige = "versie " + naar.van
        items.append(f'<li><a href="{esc(links.to(urls.wijzigingen(slug, naar.van, naar.tot)))}">'
                     f"Wat is er veranderd ten opzichte van {esc(vorige)}</a></li>")
    if na is not None:
        volgende = "het concept" if na.tot == model.CONCEPT else "versie " + na.tot
        items.append(f'<li><a href="{esc(links.to(urls.wijzigingen(slug, na.van, na.tot)))}">'
                     f"Wat is er daarna veranderd, in {esc(volgende)}</a></li>")
    if not items:
        return ""
    return f'<h2 id="wijzigingen">Wijzigingen</h2><ul class="pa-wijzigingenlijst">{"".join(items)}</ul>'


def versie_pagina(site: Site, links: Links, slug: str, label: str) -> str:
    """One version: what it is, who signed it, and its themes."""
    dossier, versie = site.versie(slug, label)
    w = versie.werkgebied
    historie = site.historie(slug)
    parts = [common.werkgebied_kop(links, dossier, [(common.versie_naam(versie).capitalize(), urls.versie(slug, label))]),
             common.versie_kiezer(links, dossier, label, lambda v: (urls.versie(slug, v.label), "")),
             common.versie_banner(links, dossier, versie, historie=historie)]
    if not versie.is_concept:
        rows = [("Jaar", esc(versie.jaar or "–")), ("Status", esc(versie.status))]
        if versie.vastgesteld_op:
            rows.append(("Vastgesteld op", esc(common.datum(versie.vastgesteld_op))))
        if versie.ondertekend_door:
            rows.append(("Ondertekend door", common.partij_namen(links, dossier, w, versie.ondertekend_door)))
        rows.append(("Inhoudshash", f"<code>{esc(versie.inhoud_hash)}</code>"))
        integriteit = keten.keten(links, dossier, versie)
        rows += keten.kenmerken(integriteit)
        parts.append('<dl class="pa-kenmerken">' + " ".join(f"<dt>{k}</dt> <dd>{v}</dd>" for k, v in rows) + "</dl>")
        parts.append(keten.correcties_html(integriteit))
        if versie.toelichting:
            parts.append(f'<div class="pa-tekst">{markdown_html(versie.toelichting)}</div>')
    parts.append('<h2 id="themas">Thema\'s</h2>')
    parts.append(_themas_lijst(links, dossier, versie))
    parts.append(_veranderd(links, slug, historie, label))
    parts.append(_downloads(links, slug, label))
    rondes = dossier.rondes(label)
    if rondes:
        items = "".join(f'<li><a href="{esc(links.to(urls.monitoring(slug, r.id)))}">Monitoring {esc(common.datum(r.datum))}</a></li>'
                        for r in reversed(rondes))
        parts.append(f'<h2 id="monitoring">Monitoring</h2><ul class="pa-rondes">{items}</ul>')
    return common.blok("".join(parts))
