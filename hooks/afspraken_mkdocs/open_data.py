"""Open data in the build: the licence chosen in mkdocs.yml (footer and open-data page). Names that would
take an address the site publishes are refused by check (`afspraken.siteadressen`); the files themselves
are written by `afspraken.opendata.publiceer`, called from the plugin."""
from __future__ import annotations

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from afspraken.opendata import instellingen

INSTELLINGEN_KEY = "afspraken_open_data"  # the macros module reads the licence here


def configureer(config: MkDocsConfig) -> instellingen.Instellingen:
    """The open-data settings, kept in the config for the macros; the licence in the footer."""
    try:
        gekozen = instellingen.uit_config(config.extra, site_name=config.site_name,
                                          site_description=config.site_description or "",
                                          site_url=config.site_url, repo_url=config.repo_url)
    except instellingen.InstellingenFout as error:
        raise PluginError(str(error)) from None
    config[INSTELLINGEN_KEY] = gekozen
    if not config.copyright:
        # Material shows `copyright` in every page's footer, as HTML; an adopter's own text wins.
        # The same text on every page, so only an absolute link: the licence itself.
        config.copyright = f"Open data onder de licentie {licentie_link(gekozen.licentie)}"
    return gekozen


def licentie_link(licentie: instellingen.Licentie) -> Markup:
    """The licence as a link, for the footer and the open-data page."""
    return Markup('<a href="{}">{}</a>').format(licentie.url, licentie.titel)

