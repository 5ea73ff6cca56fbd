"""MkDocs hooks for open data: the licence in the footer, and every open-data file after the site is built.

Event functions only; the work happens in `afspraken.opendata`. Runs after hooks/build.py (which loads the
archief in on_config and writes the per-version exports in on_post_build).
"""
from __future__ import annotations

import html
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from afspraken.opendata import adressen, instellingen, publiceer
from afspraken.views.site import CONFIG_KEY

INSTELLINGEN_KEY = "afspraken_open_data"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        gekozen = instellingen.uit_config(config.extra, site_name=config.site_name,
                                          site_description=config.site_description or "",
                                          site_url=config.site_url, repo_url=config.repo_url)
    except instellingen.InstellingenFout as error:
        raise PluginError(str(error)) from None
    config[INSTELLINGEN_KEY] = gekozen
    botsingen = adressen.botsingen(config[CONFIG_KEY].archief)
    if botsingen:
        raise PluginError("deze namen botsen met de adressen van open data:\n" + "\n".join(botsingen))
    if not config.copyright:
        # Material shows `copyright` in every page's footer, as HTML; an adopter's own text wins.
        # The same text on every page, so only an absolute link: the licence itself.
        config.copyright = f"Open data onder de licentie {licentie_link(gekozen.licentie)}"
    return config


def licentie_link(licentie: instellingen.Licentie) -> str:
    """The licence as a link, for the footer and the open-data page."""
    return f'<a href="{html.escape(licentie.url)}">{html.escape(licentie.titel)}</a>'


def on_post_build(config: MkDocsConfig) -> None:
    publiceer.publiceer(config[CONFIG_KEY].archief, Path(config.site_dir), config[INSTELLINGEN_KEY])
