"""The mkdocs-macros module for hand-written pages (docs/): each macro returns HTML from a view. The model
comes from the `afspraken` plugin (afspraken_mkdocs.plugin loads it once per build); this module never
loads files itself. Generated pages do not pass through here: the plugin renders them from the views.

A macro's return value is never evaluated by Jinja, which is why text from YAML only reaches a page
this way.
"""
from __future__ import annotations

from typing import Any

from afspraken import templating
from afspraken import veldenreferentie as velden
from afspraken.views import werkgebied
from afspraken.views.site import CONFIG_KEY, Site
from afspraken.views.urls import Links
from afspraken_mkdocs.open_data import INSTELLINGEN_KEY, licentie_link


def define_env(env: Any) -> None:
    def site() -> Site:
        return env.conf[CONFIG_KEY]

    def links() -> Links:
        return Links(env.page.url if env.page is not None else "")

    @env.macro
    def werkgebieden_overzicht() -> str:
        return werkgebied.overzicht(site(), links())

    @env.macro
    def stoplicht_legenda() -> str:
        return templating.render("legenda.html")

    @env.macro
    def open_data_licentie() -> str:
        # Chosen in one place (mkdocs.yml extra.open_data), read by the plugin.
        return licentie_link(env.conf[INSTELLINGEN_KEY].licentie)

    @env.macro
    def veldenreferentie(kind: str) -> str:
        # Generated from our own schemas' descriptions, so the docs page can never drift from them.
        return velden.veldenreferentie(kind)
