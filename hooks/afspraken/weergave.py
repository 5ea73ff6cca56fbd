"""A planned page's HTML straight from its view.

`pages.plan` names each generated page's view and arguments; `VIEWS` says which function each name
stands for. The MkDocs plugin renders generated pages with `html` (the macros plugin only serves the
hand-written pages in docs/).
"""
from __future__ import annotations

from collections.abc import Callable

from .pages import Pagina
from .views import monitoring, partij, thema, volledig, werkgebied, wijzigingen
from .views.site import Site
from .views.urls import Links

# view name -> view(site, links, *args) -> HTML
VIEWS: dict[str, Callable[..., str]] = {
    "werkgebied_pagina": werkgebied.pagina,
    "versie_pagina": werkgebied.versie_pagina,
    "thema_pagina": thema.pagina,
    "partij_pagina": partij.pagina,
    "monitoring_pagina": monitoring.pagina,
    "wijzigingen_pagina": wijzigingen.pagina,
    "volledige_tekst_pagina": volledig.pagina,
}


class WeergaveFout(ValueError):
    """A planned page names a view that does not exist."""


def controleer(pagina: Pagina) -> None:
    """Refuse a page whose view does not exist, before anything renders."""
    if pagina.view not in VIEWS:
        raise WeergaveFout(f"{pagina.pad}: '{pagina.view}' is geen bekende pagina ({', '.join(VIEWS)})")


def html(site: Site, pagina: Pagina) -> str:
    """The page's HTML from its view (without surrounding whitespace)."""
    return VIEWS[pagina.view](site, Links(pagina.url), *pagina.args).strip()
