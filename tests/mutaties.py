"""Does removing an escape or a sanitize make the safety test fail? `.venv/bin/python tests/mutaties.py`

For every `{{ … }}` in hooks/afspraken/templates/ one mutant marks its value `|safe` (the escape gone),
and one mutant turns the Markdown sanitizer (nh3) off. Each mutant renders every generated page, the home
page, the search documents and the redirect pages of the poisoned werkgebieden of test_site_safety.py, in
this process, and is judged by that test's own check (`_live`: markup from content that a browser would
run). A mutant that renders exactly what the original renders (apostrophes aside: `_unescaped_apostrophes`)
is equivalent: its value never holds text from YAML (a URL we build, a macro's Markup, fixed text). Every
other mutant must be caught; the ones that are not are printed, and the exit code is 1.

Minutes, not seconds, so not part of `make test`; run it after changing a template or the views.
"""
from __future__ import annotations

import re
import sys
import tempfile
import types
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # conftest and the safety test's helpers

import jinja2  # noqa: E402

from afspraken import pages, render, templating, weergave, zoekrecords  # noqa: E402
from afspraken.loader import load_archief  # noqa: E402
from afspraken.opendata import adressen  # noqa: E402
from afspraken.views import werkgebied  # noqa: E402
from afspraken.views.site import Site  # noqa: E402
from afspraken.views.urls import Links  # noqa: E402
from afspraken_mkdocs.zoeken import record_html  # noqa: E402
from test_site_safety import SOURCES, Poisoner, _live, _poisoned_werkgebied  # noqa: E402

TEMPLATES = Path(templating.__file__).parent / "templates"
_EXPRESSION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


def poisoned_site(root: Path) -> Site:
    poisoner = Poisoner()
    for slug, source in SOURCES.items():
        _poisoned_werkgebied(root / slug, source, poisoner)
    archief, report = load_archief(root)
    if not report.ok:
        raise SystemExit(report.as_text())
    return Site(archief)


def rendered(site: Site) -> dict[str, str]:
    """Everything a visitor or the search index gets from content, rendered afresh."""
    templating.environment.cache_clear()
    for cached in (render._html, render.plain_text, render.plain_lines):  # they hold sanitized text
        cached.cache_clear()
    # A new Site: the parts a Site keeps for many pages (navigation, timelines) are rendered again too.
    site = Site(site.archief, edit_base=site.edit_base)
    out = {page.pad: weergave.html(site, page) for page in pages.plan(site.archief)}
    out["index.md"] = werkgebied.overzicht(site, Links(""))
    for nummer, record in enumerate(zoekrecords.records(site)):
        out[f"zoeken/{nummer}"] = record_html(record)
    for dossier in site.archief.dossiers:
        out[f"doorverwijzing/{dossier.slug}"] = adressen.doorverwijzing(
            titel=dossier.werkgebied.naam, doel="../", uitleg=dossier.werkgebied.naam, linktekst="verder")
    return out


def caught(outputs: dict[str, str]) -> bool:
    return any(_live(html)[0] for html in outputs.values())


def _unescaped_apostrophes(outputs: dict[str, str]) -> dict[str, str]:
    # Fixed text such as "thema's" is escaped as thema&#39;s; the same text unescaped is no markup (every
    # attribute in the templates is double-quoted), so a mutant that differs only there is equivalent.
    return {name: html.replace("&#39;", "'") for name, html in outputs.items()}


def template_mutants() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """(name, apply, undo) for each expression of each template."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = path.read_text(encoding="utf-8")
        for match in _EXPRESSION.finditer(source):
            if match.group(1).endswith("|safe"):
                continue
            line = source.count("\n", 0, match.start()) + 1
            mutant = source[:match.start()] + "{{ (" + match.group(1) + ")|safe }}" + source[match.end():]
            yield f"{name}:{line} {{{{ {match.group(1)} }}}}", _loader_with(name, mutant), _files_as_they_are


def _loader_with(name: str, source: str) -> Callable[[], None]:
    """Make templating's environment read `source` for template `name`, the files for the others."""
    def apply() -> None:
        loader = jinja2.ChoiceLoader([jinja2.DictLoader({name: source}), jinja2.PackageLoader("afspraken", "templates")])
        templating.jinja2 = types.SimpleNamespace(**{**vars(jinja2), "PackageLoader": lambda *_: loader})
    return apply


def _files_as_they_are() -> None:
    templating.jinja2 = jinja2


def sanitizer_mutant() -> tuple[str, Callable[[], None], Callable[[], None]]:
    real = render.nh3

    def apply() -> None:
        render.nh3 = types.SimpleNamespace(**{**vars(real), "clean": lambda html, **_: html})

    def undo() -> None:
        render.nh3 = real
    return "render.markdown_html: nh3.clean", apply, undo


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="afspraken-mutaties-") as tmp:
        site = poisoned_site(Path(tmp))
        original = rendered(site)
        if caught(original):
            print("Het origineel heeft al levende opmaak uit de inhoud; eerst dat oplossen.")
            return 1
        survivors, equivalent, killed = [], 0, 0
        for name, apply, undo in [sanitizer_mutant(), *template_mutants()]:
            apply()
            try:
                outputs = rendered(site)
            except jinja2.TemplateError as error:  # a mutant that does not compile is no escape point
                print(f"overgeslagen (geen geldige template): {name}: {error}")
                continue
            finally:
                undo()
            if _unescaped_apostrophes(outputs) == _unescaped_apostrophes(original):
                equivalent += 1
            elif caught(outputs):
                killed += 1
            else:
                survivors.append(name)
    print(f"{killed} gevangen, {equivalent} gelijkwaardig (geen tekst uit YAML), {len(survivors)} niet gevangen")
    for name in survivors:
        print(f"  niet gevangen: {name}")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
