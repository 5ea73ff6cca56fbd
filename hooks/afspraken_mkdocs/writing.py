"""Generated pages written on every core: the theme's template around each, as MkDocs writes a page.

MkDocs writes the pages one after another in one process, each inside Material's template with its
navigation (XL: 13,000 pages). At `on_env` every page is converted and the template environment, the
navigation and the files are final, so forked processes can write the generated pages meanwhile, each
a share. Each page goes through what MkDocs' own write step does for a page (`mkdocs.commands.build`,
`_build_page` in MkDocs 1.6, mirrored here: its context, its template, `on_page_context`, render,
`on_post_page`, write); MkDocs' loop then finds each of them done (`GESCHREVEN`) and writes nothing.
The plugins' page events for these pages run in the forked processes: what a plugin would keep of a
page there (this site's plugins keep nothing) stays in that process.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import jinja2
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import forked

# A page's template once it is written: it renders nothing, and MkDocs skips a page whose output is empty
# (its log line about that is dropped by the plugin). In hooks/theme/.
GESCHREVEN = "afspraken-geschreven.html"
SKIPPED = "Page skipped: '{}'. Generated empty output."  # MkDocs' log line for it (mkdocs.commands.build)


class Schrijvers:
    """`processen` forked processes that write `pages`, started now; `wacht` raises what went wrong."""

    def __init__(self, pages: Sequence[Page], processen: int, *, config: MkDocsConfig, nav: Navigation,
                 env: jinja2.Environment, doc_files: Sequence[File]) -> None:
        self._processen: list[forked.Forked] = []
        if pages:
            # Jinja compiles the theme's templates as a page first renders them (Material's: a tenth of a
            # second); once here, before the fork, instead of once in every process.
            _render(pages[0], config, nav, env, doc_files)
        try:
            for share in range(processen):
                # Every n-th page: a werkgebied's big theme pages spread over every process.
                werk = partial(_schrijf, pages[share::processen], config, nav, env, doc_files)
                self._processen.append(forked.Forked(werk, "pagina's schreef"))
        except BaseException:
            self.stop()
            raise
        for page in pages:
            # Here, after the fork: MkDocs' loop renders nothing for them, and their HTML can go.
            page.meta["template"] = GESCHREVEN
            page.content = None

    def wacht(self) -> None:
        try:
            for proces in self._processen:
                proces.wacht()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for proces in self._processen:
            proces.stop()


def _schrijf(pages: Sequence[Page], config: MkDocsConfig, nav: Navigation, env: jinja2.Environment,
             doc_files: Sequence[File]) -> None:
    for page in pages:
        output = _render(page, config, nav, env, doc_files, events=True)
        if output.strip():  # as MkDocs: an empty page is not written
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)


def _render(page: Page, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment,
            doc_files: Sequence[File], *, events: bool = False) -> str:
    """The page inside its template; with `events`, as it is written (the plugins' page events)."""
    page.active = True  # tells the theme that this is the current page
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        if not events:
            return template.render(context)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(template.render(context), page=page, config=config)
    except Exception as error:
        raise PluginError(f"{page.file.src_uri}: deze pagina kon niet worden geschreven: {error}") from None
    finally:
        page.active = False
