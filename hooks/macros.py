"""The mkdocs-macros module: each macro returns HTML from a view. The model comes from the build hook
(hooks/build.py loads it once per build); this module never loads files itself.

A macro's return value is never evaluated by Jinja, which is why text from YAML only reaches a page
this way.
"""
from __future__ import annotations

from typing import Any

from afspraken import templating
from afspraken import veldenreferentie as velden
from afspraken.views import monitoring, partij, thema, werkgebied, wijzigingen
from afspraken.views.site import CONFIG_KEY, Site
from afspraken.views.urls import Links
from open_data import INSTELLINGEN_KEY, licentie_link


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
    def werkgebied_pagina(slug: str) -> str:
        return werkgebied.pagina(site(), links(), slug)

    @env.macro
    def versie_pagina(slug: str, label: str) -> str:
        return werkgebied.versie_pagina(site(), links(), slug, label)

    @env.macro
    def thema_pagina(slug: str, label: str, code: str) -> str:
        return thema.pagina(site(), links(), slug, label, code)

    @env.macro
    def partij_pagina(slug: str, afk: str) -> str:
        return partij.pagina(site(), links(), slug, afk)

    @env.macro
    def monitoring_pagina(slug: str, ronde_id: str) -> str:
        return monitoring.pagina(site(), links(), slug, ronde_id)

    @env.macro
    def wijzigingen_pagina(slug: str, van: str, tot: str) -> str:
        return wijzigingen.pagina(site(), links(), slug, van, tot)

    @env.macro
    def open_data_licentie() -> str:
        # Chosen in one place (mkdocs.yml extra.open_data), read by hooks/open_data.py.
        return licentie_link(env.conf[INSTELLINGEN_KEY].licentie)

    @env.macro
    def veldenreferentie(kind: str) -> str:
        # Generated from our own schemas' descriptions, so the docs page can never drift from them.
        return velden.veldenreferentie(kind)
