"""The theme page of one version: vision, a sortable overview table, then every afspraak."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import model, templating
from ..loader import nr_sort_key
from ..render import markdown_html
from . import afspraak as afspraak_view
from . import common, documenten, urls
from .navigatie import navigatie
from .site import Site
from .urls import Links

STATUS_VOLGORDE = (*model.STATUSSEN, common.GEEN_STATUS)


def sorteersleutel(nr: str) -> str:
    """A text that sorts like the number does (A2 before A10), for the table's data-sort."""
    code, number, letter, sub = nr_sort_key(nr)
    return f"{code}{number:04d}{letter}{sub:03d}" if isinstance(number, int) else nr


@dataclass(frozen=True)
class ThemaPagina:
    kop: common.WerkgebiedKop
    versies: tuple[common.VersieKeuze, ...]
    banner: common.VersieBanner | None
    inleiding: Markup
    visie: Markup
    kengetallen: afspraak_view.Kengetallen | None
    delen: documenten.Documentdelen  # the thema's own budget, KPIs, milestones, risks and sections
    ronde_datum: str  # the latest monitoring round of this version; "" when there is none
    ronde_href: str
    afspraken: tuple[afspraak_view.Sectie, ...]

    @property
    def afkortingen(self) -> tuple[common.PartijLink, ...]:
        """The parties the overview table names by abbreviation, in the order they first appear."""
        return tuple(dict.fromkeys(p for s in self.afspraken for p in s.trekkers if p.href))

    def sorteersleutel(self, nr: str) -> str:
        return sorteersleutel(nr)

    def status_volgorde(self, status: str | None) -> int:
        return STATUS_VOLGORDE.index(status or common.GEEN_STATUS)


def gegevens(site: Site, links: Links, slug: str, label: str, code: str) -> ThemaPagina:
    dossier, versie = site.versie(slug, label)
    thema = versie.werkgebied.thema(code)
    if thema is None:
        raise LookupError(f"thema '{code}' bestaat niet in {slug} {label}")
    rondes = dossier.rondes(label)
    laatste = rondes[-1] if rondes else None
    return ThemaPagina(
        kop=common.kop(links, dossier, [
            (common.versie_naam(versie).capitalize(), urls.versie(slug, label)),
            (f"Thema {code}: {thema.titel}", urls.thema(slug, label, code)),
        ], navigatie(site, links, dossier, versie)),
        versies=common.versie_kiezer(links, dossier, label, lambda v: (
            (urls.thema(slug, v.label, code), "") if v.werkgebied.thema(code)
            else (urls.versie(slug, v.label), f"overzicht; thema {code} bestaat niet in deze versie"))),
        banner=common.versie_banner(links, dossier, versie, code.lower() + "/", site.historie(slug)),
        inleiding=markdown_html(thema.inleiding), visie=markdown_html(thema.visie),
        kengetallen=afspraak_view.kengetallen(thema.kengetallen, versie.werkgebied),
        delen=documenten.documentdelen(thema, documenten.afspraak_href(links, slug, versie, code)),
        ronde_datum=laatste.datum if laatste else "",
        ronde_href=links.to(urls.monitoring(slug, laatste.id)) if laatste else "",
        afspraken=tuple(afspraak_view.sectie(afspraak_view.AfspraakOpPagina(site, links, dossier, versie, a, rondes))
                        for a in versie.per_thema(code)),
    )


def pagina(site: Site, links: Links, slug: str, label: str, code: str) -> str:
    return templating.render("thema.html", pagina=gegevens(site, links, slug, label, code))
