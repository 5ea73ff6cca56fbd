"""Pages from templates: one Jinja2 environment over the package's `templates/` folder.

Autoescape is on and undefined names fail, so a template cannot forget an escape or print a typo as
nothing. Views hand in plain values; the only markup they hand in is sanitized Markdown (`Markup`
from `render.markdown_html`). Templates are compiled once per process and kept.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from . import formaat, model

GEEN_STATUS = "geen status"
# Every status has its own shape and text, so colour is never the only signal (WCAG 1.4.1).
STOPLICHT_UITLEG = {
    "groen": "loopt volgens planning",
    "oranje": "aandacht nodig; gaat naar het bestuurlijk overleg",
    "rood": "loopt niet volgens afspraak; gaat naar het bestuurlijk overleg",
    "afgerond": "de afspraak is uitgevoerd",
    "niet gestart": "nog niet begonnen",
    "vervallen": "de afspraak geldt niet meer",
}


def css_status(status: str) -> str:
    return status.replace(" ", "-")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("afspraken", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(getal=formaat.getal, euro=formaat.euro, datum=formaat.datum, css_status=css_status)
    env.globals.update(GEEN_STATUS=GEEN_STATUS, STOPLICHT_UITLEG=STOPLICHT_UITLEG, STATUSSEN=model.STATUSSEN)
    # The small partials that repeat hundreds of times per page depend on their arguments only: each
    # distinct call is rendered by its macro once and then reused (a Jinja macro call costs more than
    # the badge it writes).
    for template, name in _HERHAALD:
        env.globals[name] = lru_cache(maxsize=4096)(getattr(env.get_template(template).module, name))
    return env


_HERHAALD = (("partials/stoplicht.html", "stoplicht"), ("partials/stoplicht.html", "over_tijd"),
             ("partials/stoplicht.html", "status_details"), ("partials/partij.html", "partij_namen"),
             ("partials/afspraaktekst.html", "afspraak_kenmerken"), ("partials/afspraaktekst.html", "afspraak_delen"))


def compile_all() -> None:
    """Compile every template now. A build calls this before it forks: the processes that render pages,
    the search documents and the open data inherit the compiled templates instead of each compiling them
    again (a third of a second each)."""
    env = environment()
    for name in env.list_templates(extensions=("html",)):
        template = env.get_template(name)
        if name.startswith("partials/"):
            template.module  # noqa: B018 (its macros, as `{% from ... import %}` finds them)


def render(template: str, /, **data: Any) -> str:
    """The HTML of `template` filled with `data`."""
    return environment().get_template(template).render(**data)


def macro(template: str, name: str) -> Any:
    """A macro of a partial, to call from Python (returns `Markup`)."""
    return getattr(environment().get_template(template).module, name)


__all__ = ["Markup", "compile_all", "environment", "macro", "render"]
