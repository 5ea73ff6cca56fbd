"""One afspraak as a section of a theme page. Every afspraak goes through `sectie`, so a new part
(for example a timeline across versions) is one more function in `ONDERDELEN`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import budget, model
from ..render import esc, markdown_html, short
from . import common, urls
from ..tijdlijn import Stap
from .site import Site
from .tijdlijn import tijdlijn_html
from .urls import Links


@dataclass(frozen=True)
class AfspraakOpPagina:
    """An afspraak with everything around it that its section shows."""

    site: Site
    links: Links
    dossier: model.Dossier
    versie: model.Versie
    afspraak: model.Afspraak
    rondes: tuple[model.Monitoringsronde, ...]  # the monitoring rounds of this version, oldest first

    @property
    def laatste_status(self) -> model.Status | None:
        for ronde in reversed(self.rondes):
            if self.afspraak.nr in ronde.statussen:
                return ronde.statussen[self.afspraak.nr]
        return None

    @property
    def over_tijd(self) -> bool:
        """Its looptijd has ended and its latest status is not afgerond or vervallen (see `voortgang`)."""
        return self.site.voortgang(self.dossier.slug).is_over_tijd(self.versie.label, self.afspraak)


# An icon drawn by CSS and the words: never colour alone. No data in it, so one constant serves every page.
OVER_TIJD = ('<span class="pa-overtijd" title="De looptijd is voorbij en de afspraak is niet afgerond of '
             'vervallen">over tijd</span>')


def kop_tekst(afspraak: model.Afspraak) -> str:
    return afspraak.onderwerp or short(afspraak.inhoud, 90)


def _kop(ctx: AfspraakOpPagina) -> str:
    a = ctx.afspraak
    status = ctx.laatste_status
    badge = common.stoplicht(status.status) if status else ""
    if ctx.over_tijd:
        badge = f"{badge} {OVER_TIJD}" if badge else OVER_TIJD
    return (f'<h2 id="{esc(a.nr)}" class="pa-afspraak__kop"><span class="pa-nr">{esc(a.nr)}</span> '
            f'{esc(kop_tekst(a))}</h2>'
            + (f'<p class="pa-afspraak__status">Laatste stand: {badge}</p>' if badge else ""))


def _kenmerken(ctx: AfspraakOpPagina) -> str:
    a, w = ctx.afspraak, ctx.versie.werkgebied
    rows = []
    if a.onderwerp:
        onderwerp = a.onderwerp + (f" › {a.sub_onderwerp}" if a.sub_onderwerp else "")
        rows.append(("Onderwerp", esc(onderwerp)))
    if a.trekkers:
        rows.append(("Trekker" + ("s" if len(a.trekkers) > 1 else ""),
                     common.partij_namen(ctx.links, ctx.dossier, w, a.trekkers)))
    if a.betrokken:
        rows.append(("Betrokken", common.partij_namen(ctx.links, ctx.dossier, w, a.betrokken)))
    if a.looptijd:
        rows.append(("Looptijd", esc(str(a.looptijd))))
    if a.vorig_nr:
        rows.append(("Vorig nummer", esc(a.vorig_nr)))
    if not rows:
        return ""
    return '<dl class="pa-kenmerken">' + " ".join(f"<dt>{k}</dt> <dd>{v}</dd>" for k, v in rows) + "</dl>"


def _tekst(kop: str, text: str) -> str:
    body = markdown_html(text)
    return f'<h3>{kop}</h3><div class="pa-tekst">{body}</div>' if body else ""


def _inhoud(ctx: AfspraakOpPagina) -> str:
    a = ctx.afspraak
    jaar = f" {ctx.versie.jaar}" if ctx.versie.jaar else ""
    return (_tekst("Afspraak", a.inhoud) + _tekst("Resultaat", a.resultaat)
            + _tekst(f"Jaarschijf{jaar}", a.jaarschijf))


def kengetallen_tabel(kengetallen: tuple[model.Kengetal, ...], werkgebied: model.Werkgebied) -> str:
    """Kengetallen as one table: a row per indicator, a column per year."""
    if not kengetallen:
        return ""
    jaren = sorted({w.jaar for k in kengetallen for w in k.waarden if w.jaar is not None})
    onbekend = any(w.jaar is None for k in kengetallen for w in k.waarden)
    koppen = ["Indicator", "Eenheid", *[str(j) for j in jaren], *(["Jaar onbekend"] if onbekend else [])]
    rijen = []
    for k in kengetallen:
        per_jaar: dict[int | None, list[str]] = {}
        for w in k.waarden:
            per_jaar.setdefault(w.jaar, []).append(common.getal(w.waarde))
        partij = werkgebied.partij(k.partij) if k.partij else None
        naam = esc(k.indicator) + (f" <span class='pa-klein'>({esc(partij.naam if partij else k.partij)})</span>" if k.partij else "")
        if k.toelichting:
            naam += f'<div class="pa-klein">{markdown_html(k.toelichting)}</div>'
        cellen = [" / ".join(per_jaar.get(j, [])) or "–" for j in jaren]
        if onbekend:
            cellen.append(" / ".join(per_jaar.get(None, [])) or "–")
        rijen.append([naam, esc(k.eenheid), *cellen])
    return common.tabel(koppen, rijen, klasse="pa-tabel", rechts=range(2, len(koppen)))


def _kengetallen(ctx: AfspraakOpPagina) -> str:
    table = kengetallen_tabel(ctx.afspraak.kengetallen, ctx.versie.werkgebied)
    return f"<h3>Kengetallen</h3>{table}" if table else ""


def budget_tabel(regels: tuple[model.Budgetregel, ...], kop: str = "h3") -> str:
    """Budget lines; subtotals and totals as the source states them, with the sum of their lines beside
    a total that differs. The site adds its own total only when the source states none."""
    if not regels:
        return ""
    controles = {c.index: c for c in budget.controles(regels)}
    rijen = []
    for index, b in enumerate(regels):
        omschrijving = esc(b.omschrijving)
        if b.regelsoort != "regel":
            omschrijving = f"<strong>{omschrijving}</strong> <span class='pa-klein'>({esc(b.regelsoort)})</span>"
        if b.toelichting:
            omschrijving += f'<div class="pa-klein">{markdown_html(b.toelichting)}</div>'
        bedrag = esc(budget.euro(b.bedrag)) if b.bedrag is not None else (
            f"<span class='pa-onbekend'>onbekend (bron: {esc(b.bedrag_tekst)})</span>" if b.bedrag_tekst
            else "<span class='pa-onbekend'>onbekend (leeg in de bron)</span>")
        controle = controles.get(index)
        if controle is not None and not controle.klopt:
            bedrag += (f'<div class="pa-waarschuwing" role="note"><span aria-hidden="true">⚠</span> '
                       f'Som van de regels: {esc(budget.euro(controle.som))}</div>')
        rijen.append([omschrijving, esc(b.jaar or "–"), esc(b.soort or "–"), esc(b.grootboek or "–"), bedrag])
    voet: tuple[str, ...] | list[str] = ()
    gewone = [b for b in regels if b.is_regel]
    if len(gewone) > 1 and not budget.heeft_totaal(regels):
        som, onbekend = budget.som(regels)
        extra = f" + {onbekend} onbekend" if onbekend else ""
        voet = ["Som van de regels", "", "", "", esc(budget.euro(som) + extra)]
    return f"<{kop}>Budget</{kop}>" + common.tabel(["Omschrijving", "Jaar", "Soort", "Grootboek", "Bedrag"], rijen,
                                                  klasse="pa-tabel", rechts=(4,), voet=voet)


def _budget(ctx: AfspraakOpPagina) -> str:
    return budget_tabel(ctx.afspraak.budget)


def _mijlpalen(ctx: AfspraakOpPagina) -> str:
    if not ctx.afspraak.mijlpalen:
        return ""
    rijen = [[esc(m.omschrijving), esc(common.datum(m.van)) if m.van else "–", esc(common.datum(m.tot))]
             for m in ctx.afspraak.mijlpalen]
    return "<h3>Mijlpalen</h3>" + common.tabel(["Mijlpaal", "Van", "Gereed"], rijen, klasse="pa-tabel")


def _kpis(ctx: AfspraakOpPagina) -> str:
    if not ctx.afspraak.kpis:
        return ""
    rijen = [[esc(k.indicator), esc(common.getal(k.streefwaarde)) if k.streefwaarde is not None else "–",
              esc(common.getal(k.norm)) if k.norm is not None else "–",
              esc(k.eenheid or "–"), esc(k.richting or "–")] for k in ctx.afspraak.kpis]
    return "<h3>KPI's</h3>" + common.tabel(["Indicator", "Streefwaarde", "Norm", "Eenheid", "Richting"], rijen,
                                           klasse="pa-tabel", rechts=(1, 2))


def status_details(status: model.Status) -> str:
    """Toelichting plus oorzaak, gevolg and actie (the latter three are there for oranje and rood)."""
    parts = [markdown_html(status.toelichting)]
    for kop, text in (("Oorzaak", status.oorzaak), ("Gevolg", status.gevolg), ("Actie", status.actie)):
        if text:
            parts.append(f'<p><strong>{kop}:</strong> {esc(text)}</p>')
    return "".join(parts)


def _statusgeschiedenis(ctx: AfspraakOpPagina) -> str:
    if ctx.versie.is_concept:
        return ""
    rijen = []
    for ronde in ctx.rondes:
        status = ronde.statussen.get(ctx.afspraak.nr)
        link = f'<a href="{esc(ctx.links.to(urls.monitoring(ctx.dossier.slug, ronde.id)))}">{esc(common.datum(ronde.datum))}</a>'
        rijen.append([link, common.stoplicht(status.status if status else None),
                      status_details(status) if status else "Niet gemeld in deze ronde."])
    if not rijen:
        return ""
    return "<h3>Stand van zaken</h3>" + common.tabel(["Monitoring", "Status", "Toelichting"], rijen,
                                                      klasse="pa-tabel pa-geschiedenis")


def _tijdlijn(ctx: AfspraakOpPagina) -> str:
    """The afspraak across versions, folded: permalinks to this version and the current one, then its
    timeline. Left out of the search index: it repeats text that each version's own page has."""
    slug, a = ctx.dossier.slug, ctx.afspraak
    t = ctx.site.historie(slug).tijdlijn(ctx.versie.label, a.nr)
    if t is None:
        return ""

    def link(stap: Stap) -> str:
        return ctx.links.to(urls.afspraak(slug, stap.versie, stap.afspraak.thema, stap.nr))

    def wijzigingen(van: str, tot: str) -> str:
        return ctx.links.to(urls.wijzigingen(slug, van, tot))

    def ronde(r: model.Monitoringsronde) -> str:
        return ctx.links.to(urls.monitoring(slug, r.id))

    deze = next(s for s in t.stappen if s.versie == ctx.versie.label)
    permalinks = [f'<a href="{esc(link(deze))}">deze versie ({esc(common.versie_naam(ctx.versie))})</a>']
    huidige = ctx.dossier.huidige
    if huidige is not None:
        in_huidige = next((s for s in t.stappen if s.versie == huidige.label), None)
        if in_huidige is not None:
            als = f", als {esc(in_huidige.nr)}" if in_huidige.nr != a.nr else ""
            permalinks.append(f'<a href="{esc(link(in_huidige))}">huidige versie (versie {esc(huidige.label)}{als})</a>')
        else:
            permalinks.append(f"de huidige versie (versie {esc(huidige.label)}) heeft deze afspraak niet")
    return (f'<details class="pa-tijdlijn" data-search-exclude><summary>Geschiedenis <span class="pa-klein">'
            f'({esc(t.geldig)})</span><span class="pa-sr"> van afspraak {esc(a.nr)}</span></summary>'
            f'<p class="pa-permalinks">Vaste link naar {" · ".join(permalinks)}</p>'
            f"{tijdlijn_html(t, niveau=4, link=link, kop=False, wijzigingen=wijzigingen, ronde_link=ronde)}</details>")


def _bronnen(ctx: AfspraakOpPagina) -> str:
    if not ctx.afspraak.bronnen:
        return ""
    items = "".join(
        "<li>" + esc(b.document) + (f", {esc(b.onderdeel)}" if b.onderdeel else "")
        + (f" <span class='pa-klein'>({esc(b.opmerking)})</span>" if b.opmerking else "") + "</li>"
        for b in ctx.afspraak.bronnen
    )
    return f'<details class="pa-bronnen"><summary>Bron</summary><ul>{items}</ul></details>'


def _voorstellen(ctx: AfspraakOpPagina) -> str:
    url = ctx.site.edit_url(ctx.dossier.slug, ctx.afspraak.nr)
    if not url:
        return ""
    return (f'<p class="pa-voorstellen"><a href="{esc(url)}" rel="nofollow">Wijziging voorstellen'
            f'<span class="pa-sr"> voor afspraak {esc(ctx.afspraak.nr)}</span></a></p>')


# The parts of a section in order. Extend with a function (AfspraakOpPagina) -> HTML string.
ONDERDELEN: list[Callable[[AfspraakOpPagina], str]] = [
    _kop, _kenmerken, _inhoud, _kengetallen, _budget, _mijlpalen, _kpis, _statusgeschiedenis, _tijdlijn,
    _bronnen, _voorstellen,
]


def sectie(ctx: AfspraakOpPagina) -> str:
    """The whole afspraak, with the anchor `#<nr>`."""
    return (f'<section class="pa-afspraak" data-nr="{esc(ctx.afspraak.nr)}">'
            + "".join(part(ctx) for part in ONDERDELEN) + "</section>")
