"""A planned page's HTML straight from the views: what its macro calls would return, without Jinja.

`pages.plan` writes each generated page as macro calls (`{{ thema_pagina("slug", "2023", "A") }}`);
`VIEWS` says which view each name stands for. The MkDocs plugin renders generated pages with `html`
(the macros plugin only serves the hand-written pages in docs/).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .pages import Pagina
from .views import monitoring, partij, thema, volledig, werkgebied, wijzigingen
from .views.site import Site
from .views.urls import Links

# macro name -> view(site, links, *args) -> HTML
VIEWS: dict[str, Callable[..., str]] = {
    "werkgebied_pagina": werkgebied.pagina,
    "versie_pagina": werkgebied.versie_pagina,
    "thema_pagina": thema.pagina,
    "partij_pagina": partij.pagina,
    "monitoring_pagina": monitoring.pagina,
    "wijzigingen_pagina": wijzigingen.pagina,
    "volledige_tekst_pagina": volledig.pagina,
}
# The exact form `pages.call` writes: arguments are plain identifiers, checked when the plan is made.
_CALL = re.compile(r'\{\{ ([a-z_]+)\(((?:"[A-Za-z0-9._-]+"(?:, )?)*)\) \}\}\n')
_ARG = re.compile(r'"([A-Za-z0-9._-]+)"')


class WeergaveFout(ValueError):
    """A planned page holds something other than calls of known views."""


def aanroepen(markdown: str) -> list[tuple[str, tuple[str, ...]]]:
    """The (view name, arguments) of each macro call in a planned page, in order."""
    found: list[tuple[str, tuple[str, ...]]] = []
    at = 0
    for match in _CALL.finditer(markdown):
        if match.start() != at or match.group(1) not in VIEWS:
            break
        found.append((match.group(1), tuple(_ARG.findall(match.group(2)))))
        at = match.end()
    if at != len(markdown) or not found:
        raise WeergaveFout(f"{markdown!r} is geen reeks aanroepen van bekende pagina's ({', '.join(VIEWS)})")
    return found


def html(site: Site, pagina: Pagina) -> str:
    """The page's HTML, as its macros would have returned it (without surrounding whitespace)."""
    links = Links(pagina.url)
    return "\n".join(VIEWS[name](site, links, *args) for name, args in aanroepen(pagina.markdown)).strip()
