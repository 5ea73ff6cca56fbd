"""The MkDocs plugin `afspraken`: load and validate the archief once, add the generated pages, render them
from the views, give them a title and a table of contents, write them on every core, and write the search
index and open data.

Event methods only, state on the instance; the work happens in `afspraken` and the modules beside this one.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urljoin

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from afspraken import bouwcache, cache, leescache, pages, parallel, templating, weergave
from afspraken.werkgebiedcache import Werkgebiedcache
from afspraken.model import Archief
from afspraken.report import Report
from afspraken.views.site import CONFIG_KEY, Site

from afspraken.opendata import instellingen, publiceer

from . import generated, open_data, post_build, serve, writing, zoeken

AGREEMENTS_ENV = "AFSPRAKEN_AGREEMENTS"  # the benchmark and the tests point the site at another folder
# A generated page's Markdown is this placeholder: its HTML comes from the views, stashed, and replaces
# the placeholder once MkDocs has converted it (Python-Markdown never scans the views' HTML).
_PLACEHOLDER = "pa-gegenereerde-pagina"
_WRAPPED = f"<p>{_PLACEHOLDER}</p>"
# The macros plugin would copy its variables and render the placeholder as a template on every generated
# page (a millisecond each: 13,000 pages at XL, one after another); there is nothing in it to render.
_GENERATED_SOURCE = f"---\nrender_macros: false\n---\n{_PLACEHOLDER}\n"
log = logging.getLogger("mkdocs.plugins.afspraken")
PAGINAS = "paginas"  # a werkgebied's generated pages in the cache across builds
BOUWCACHE_SOORTEN = (leescache.SOORT, PAGINAS)  # what the cache across builds holds, as its log line names it
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")  # MkDocs' own build loop logs here


class AfsprakenConfig(Config):
    agreements = c.Type(str, default="agreements")  # relative to mkdocs.yml; AFSPRAKEN_AGREEMENTS wins


class _GeneratedPage(File):
    """A generated page that `mkdocs serve --dirty` rebuilds only when its werkgebied was reloaded.

    MkDocs treats every file with in-memory content as modified, so without this a dirty rebuild
    would still render every page. A full build never asks.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _GeneratedPageContent(Page):
    """A generated page's Page: its placeholder needs no Markdown converted.

    MkDocs makes a Markdown instance with every extension for each page it converts (2 ms each, one
    after another: half a minute at XL). What `Page.render` would find in the placeholder is known: a
    paragraph, no headings, anchors or links; the plugin fills in the table of contents and anchors.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = _WRAPPED
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


class _DirtyIsIntended(logging.Filter):
    """`make serve` builds dirty on purpose; MkDocs' warning about it would abort every rebuild in strict mode.

    Its reason, a stale navigation, is taken care of: the navigation holds hand-written pages only, and a
    rebuild converts every one of them (`on_files`).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _WrittenAlready(logging.Filter):
    """MkDocs says it skipped each page that forked processes wrote (`writing`); it did so on purpose."""

    def __init__(self, written: frozenset[str]) -> None:
        super().__init__()
        self.lines = frozenset(writing.SKIPPED.format(src) for src in written)

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.lines


class AfsprakenPlugin(BasePlugin[AfsprakenConfig]):
    def __init__(self) -> None:
        self.check_port = False  # under `mkdocs serve`, before the first build only
        self.site: Site | None = None
        self.open_data: instellingen.Instellingen | None = None
        self.changed: frozenset[str] = frozenset()  # werkgebieden loaded from disk in this (re)build
        self.workers = 1
        self.plan: dict[str, pages.Pagina] = {}  # source path -> generated page
        self.stash: dict[str, generated.Stashed] = {}  # generated pages rendered, until written
        # URL -> hand-written page for the search; kept between `make serve` rebuilds, which skip unchanged pages.
        self.handgeschreven: dict[str, zoeken.Pagina] = {}
        self.achtergrond: post_build.Achtergrond | None = None  # search index and open data, while pages are made
        self.nav: Navigation | None = None
        self.schrijvers: writing.Schrijvers | None = None  # generated pages written by forked processes
        self.written_filter: _WrittenAlready | None = None
        # Under `mkdocs serve`: kept from rebuild to rebuild, so a rebuild redoes only what changed.
        self.publicatie: publiceer.Publicatie | None = None
        self.voorbeeldindex: zoeken.Voorbeeldindex | None = None
        self.sjablonen: serve.Sjablooncache | None = None
        self.bouwcache = bouwcache.Bouwcache(None)  # across builds, on disk; chosen at every build
        self.perwerkgebied: Werkgebiedcache | None = None  # a full build's results per werkgebied, on disk
        self.nieuw_gemaakt: set[str] = set()  # werkgebieden whose pages this build made (not from the cache)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.check_port = command == "serve"
        if command == "serve" and self.voorbeeldindex is None:
            self.publicatie = publiceer.Publicatie(bewaren=True)
            self.voorbeeldindex = zoeken.Voorbeeldindex()
            self.sjablonen = serve.Sjablooncache()
        if dirty and not any(isinstance(f, _DirtyIsIntended) for f in _BUILD_LOG.filters):
            _BUILD_LOG.addFilter(_DirtyIsIntended())

    @event_priority(100)  # before the macros plugin, which reads the Site when hand-written pages render
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.check_port:
            # MkDocs binds its port only after the first build; a taken port would end in a traceback then.
            self.check_port = False
            serve.check_port(*config.dev_addr)
        repo_root = Path(config.config_file_path).parent
        chosen = os.environ.get(AGREEMENTS_ENV)
        root = Path(chosen) if chosen else repo_root / self.config.agreements
        if chosen and not root.is_dir():
            raise PluginError(f"{AGREEMENTS_ENV} wijst naar {root}, maar die map bestaat niet")
        # A fresh repository without agreements/ still builds: the home page says there are none yet.
        # Through the cache: under `mkdocs serve` a rebuild reloads only the werkgebieden that changed.
        self.bouwcache = bouwcache.Bouwcache.uit_omgeving()
        # A full build only: `mkdocs serve` keeps what did not change in memory, and renders page by page.
        per_werkgebied = self.bouwcache.aan and self.publicatie is None and root.is_dir()
        self.perwerkgebied = None
        try:
            loaded = (cache.SHARED.load(root, base=repo_root, docs=Path(config.docs_dir),
                                        documenten_bewaren=self.publicatie is not None,
                                        schijf=self.bouwcache, inhoud=per_werkgebied) if root.is_dir()
                      else cache.Loaded(Archief(), Report(), frozenset()))
            self.workers = parallel.workers(len(loaded.archief.dossiers))
        except parallel.WorkersError as error:
            raise PluginError(str(error)) from None
        if not loaded.report.ok:
            count = len(loaded.report.sorted())
            raise PluginError(f"{count} {'probleem' if count == 1 else 'problemen'} in de afspraken; "
                              f"de site wordt niet gebouwd:\n{loaded.report.as_text()}")
        for waarschuwing in loaded.report.sorted_waarschuwingen():
            # Info, not a warning: a stated total that differs from its lines is what the source says, and
            # `mkdocs build --strict` must not fail on it. The page shows it next to the total.
            log.info(str(waarschuwing))
        self.changed = loaded.changed
        if per_werkgebied:
            self.perwerkgebied = Werkgebiedcache(self.bouwcache, loaded.inhoud, base=repo_root)
        for watched in (root, repo_root / "schema"):
            # `make serve` rebuilds when an afspraak or a schema changes, not only docs/.
            if watched.is_dir() and str(watched) not in config.watch:
                config.watch.append(str(watched))
        try:
            self.plan = {page.pad: page for page in pages.plan(loaded.archief)}
            for page in self.plan.values():
                weergave.controleer(page)  # every page names a view that exists, before anything renders
        except (pages.PlanError, weergave.WeergaveFout) as error:
            raise PluginError(str(error)) from None
        if not config.repo_url:
            # No repository set (the default): no edit links anywhere, and MkDocs need not warn about them.
            config.edit_uri = None
        self.open_data = open_data.configureer(config)
        self.site = Site(loaded.archief, edit_base=_edit_base(config))
        config[CONFIG_KEY] = self.site  # the macros module's only way to the model (hand-written pages)
        if "SOURCE_DATE_EPOCH" not in os.environ:
            # A timestamp in the sitemap would make two builds differ; a user-set SOURCE_DATE_EPOCH wins.
            os.environ["SOURCE_DATE_EPOCH"] = "0"
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for pad in self.plan:
            if files.get_file_from_path(pad) is not None:
                raise PluginError(f"docs/{pad} bestaat al; dat adres is voor een gegenereerde pagina")
        if self._fork():
            if not self._alles_bewaard():
                templating.compile_all()  # once, here: every forked process inherits them
            # The site folder is clean now, and no thread runs yet: the open data and the search index
            # start in a forked process, while the pages are made here.
            assert self.site is not None and self.open_data is not None
            self.achtergrond = post_build.Achtergrond(self.site, Path(config.site_dir), self.open_data,
                                                      self.perwerkgebied)
        self.stash = self._uit_cache()
        self.stash.update(self._prerender())
        for page in self.plan.values():
            # Not in the nav on purpose: MkDocs writes the whole nav into every page (see mkdocs.yml).
            file = _GeneratedPage.generated(config, page.pad, content=_GENERATED_SOURCE,
                                            inclusion=InclusionLevel.NOT_IN_NAV)
            file.changed = page.werkgebied in self.changed
            _GeneratedPageContent(None, file, config)  # instead of the Page MkDocs would make
            files.append(file)
        for file in files.documentation_pages():
            if not isinstance(file, _GeneratedPage):
                # A dirty rebuild converts every hand-written page (there are few): some follow the archief
                # through macros (the home page lists every werkgebied), and a page not converted has no
                # title, so the navigation of the pages that are rebuilt would read "None".
                file.is_modified = lambda: True  # type: ignore[method-assign]
        return files

    def _fork(self) -> bool:
        """Whether a full build spreads over forked processes (from `parallel.PARALLEL_FROM` werkgebieden)."""
        return self.publicatie is None and self.workers > 1 and parallel.fork_is_safe()

    def _uit_cache(self) -> dict[str, generated.Stashed]:
        """The generated pages of every werkgebied that the cache across builds holds for its content and code."""
        self.nieuw_gemaakt = {page.werkgebied for page in self.plan.values()}
        if self.perwerkgebied is None:
            return {}
        per_werkgebied: dict[str, list[str]] = {}
        for page in self.plan.values():
            per_werkgebied.setdefault(page.werkgebied, []).append(page.pad)
        gevonden: dict[str, generated.Stashed] = {}
        for slug, paden in per_werkgebied.items():
            opgeslagen = self.perwerkgebied.lees(PAGINAS, slug, self._pagina_instellingen())
            try:
                if not isinstance(opgeslagen, dict) or set(opgeslagen) != set(paden):
                    raise ValueError("andere pagina's")
                gevonden.update((pad, generated.uit_data(opgeslagen[pad])) for pad in paden)
            except ValueError:
                if opgeslagen is not None:
                    self.perwerkgebied.afgekeurd(PAGINAS, slug)
                continue
            self.nieuw_gemaakt.discard(slug)
        return gevonden

    def _alles_bewaard(self) -> bool:
        """Whether the cache across builds seems to hold the pages of every werkgebied (then no view renders
        here, and a process that still needs a template compiles it itself)."""
        return self.perwerkgebied is not None and all(
            self.perwerkgebied.heeft(PAGINAS, slug, self._pagina_instellingen())
            for slug in {page.werkgebied for page in self.plan.values()})

    def _pagina_instellingen(self) -> str:
        assert self.site is not None
        return self.site.edit_base  # the only setting the views read

    def _bewaar_paginas(self) -> None:
        """Every generated page is made now (at `on_env`): keep those of the werkgebieden made anew here (the
        render workers kept theirs)."""
        if self.perwerkgebied is None:
            return
        per_werkgebied: dict[str, dict[str, generated.Stashed]] = {slug: {} for slug in self.nieuw_gemaakt}
        for page in self.plan.values():
            if page.werkgebied in per_werkgebied and page.pad in self.stash:
                per_werkgebied[page.werkgebied][page.pad] = self.stash[page.pad]
        for slug, paginas in per_werkgebied.items():
            self._bewaar(slug, paginas)

    def _bewaar(self, slug: str, paginas: dict[str, generated.Stashed]) -> None:
        """Keep every generated page of the werkgebied `slug` in the cache across builds."""
        if self.perwerkgebied is not None:
            self.perwerkgebied.schrijf(PAGINAS, slug, {pad: generated.als_data(s) for pad, s in paginas.items()},
                                       self._pagina_instellingen())

    def _prerender(self) -> dict[str, generated.Stashed]:
        """From `parallel.PARALLEL_FROM` werkgebieden: render the generated pages on every core, before MkDocs
        starts; those the cache across builds did not hold."""
        te_maken = [page for page in self.plan.values() if page.pad not in self.stash]
        if not self._fork() or not te_maken:
            return {}
        assert self.site is not None
        try:
            done = generated.prerender(self.site, te_maken, self.workers,
                                       self._bewaar if self.perwerkgebied is not None else None)
        except generated.RenderError as error:
            raise PluginError(str(error)) from None
        self.nieuw_gemaakt -= {page.werkgebied for page in te_maken}  # kept by the workers
        log.info(f"{len(done)} pagina's vooraf gemaakt met {self.workers} processen")
        return done

    @event_priority(-100)  # after the macros plugin: a title from YAML must never be rendered as Jinja
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        planned = self.plan.get(page.file.src_uri)
        if planned is None:
            return markdown
        page.meta["title"] = generated.meta_title(planned.titel)
        if planned.pad not in self.stash:
            assert self.site is not None
            try:
                self.stash[planned.pad] = generated.render(self.site, planned)
            except generated.RenderError as error:
                raise PluginError(str(error)) from None
        return markdown

    @event_priority(-100)  # last: a hand-written page's HTML as it will be written
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        stashed = self.stash.get(page.file.src_uri)
        if stashed is not None:
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(stashed.anchors)
            page.toc = stashed.toc()
        elif page.file.src_uri not in self.plan and not (page.meta.get("search") or {}).get("exclude"):
            # A hand-written page: the search indexes its content (generated pages come from the model).
            self.handgeschreven[page.url] = zoeken.Pagina(page.url, page.title or "", html)
        return html

    @event_priority(-100)  # last: the navigation as the theme shows it
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # last: the template environment as every page is written with it
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.sjablonen is not None:
            env.bytecode_cache = self.sjablonen
        # Every page is converted, none written yet: forked processes write the generated pages while MkDocs
        # writes the rest, and the search indexes the hand-written pages with the werkgebieden.
        self._bewaar_paginas()
        if self.stash and self._fork():
            assert self.nav is not None
            doc_files = files.documentation_pages()
            pages = [f.page for f in doc_files if f.page is not None and f.src_uri in self.stash]
            self.schrijvers = writing.Schrijvers(pages, self.workers, config=config, nav=self.nav, env=env,
                                                 doc_files=doc_files)
            for page in pages:
                del self.stash[page.file.src_uri]
            self.written_filter = _WrittenAlready(frozenset(p.file.src_uri for p in pages))
            _BUILD_LOG.addFilter(self.written_filter)
        if self.achtergrond is not None:  # after the forks: Pagefind is watched from a thread
            self.achtergrond.geef(self._paginas())
        return env

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_written_filter()
        for proces in (self.schrijvers, self.achtergrond):
            if proces is not None:
                proces.stop()
        self.schrijvers = self.achtergrond = None

    def _drop_written_filter(self) -> None:
        if self.written_filter is not None:
            _BUILD_LOG.removeFilter(self.written_filter)
            self.written_filter = None

    def on_shutdown(self) -> None:
        if self.voorbeeldindex is not None:
            self.voorbeeldindex.sluit()
            self.voorbeeldindex = self.publicatie = None

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
        # Taken out: a page is written once per build, and its HTML is not needed again.
        stashed = self.stash.pop(page.file.src_uri, None)
        if stashed is None:
            return context
        if page.content is None or page.content.count(_WRAPPED) != 1:
            raise PluginError(f"{page.file.src_uri}: de plaatshouder van de gegenereerde pagina is niet terug te vinden")
        page.content = page.content.replace(_WRAPPED, stashed.html)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page until the build ends; once written, its HTML is not needed again.
        # Without this, memory grows with the whole site (XL: gigabytes).
        page.content = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None and self.open_data is not None
        site_dir = Path(config.site_dir)
        self._drop_written_filter()
        if self.schrijvers is not None:
            schrijvers, self.schrijvers = self.schrijvers, None
            schrijvers.wacht()  # an error here ends the build, and on_build_error the background work
        soorten = BOUWCACHE_SOORTEN
        if self.achtergrond is not None:
            achtergrond, self.achtergrond = self.achtergrond, None
            achtergrond.wacht()
            soorten += (zoeken.ZOEKINDEX,)  # the default bundle, made here
        elif self.publicatie is not None and self.voorbeeldindex is not None:
            # `mkdocs serve`: the open data of what changed now; the search follows in the background.
            try:
                self.voorbeeldindex.werk_bij(site_dir, self.site, self._paginas(), _zoekindex_klaar)
            except Exception as error:  # Pagefind's own errors: name them, no traceback
                raise PluginError(f"{post_build.ZOEKINDEX_FOUT}: {error}") from None
            self.publicatie.schrijf(self.site.archief, site_dir, self.open_data)
        else:
            post_build.maak(self.site, site_dir, self.open_data, self._paginas, self.perwerkgebied)
        self._bouwcache_klaar(soorten)

    def _bouwcache_klaar(self, soorten: tuple[str, ...]) -> None:
        """Say what came from the cache across builds (tests and the benchmark read this line); keep it small."""
        if self.bouwcache.aan:
            log.info(f"Bouwcache: {self.bouwcache.samenvatting(soorten)}")
            self.bouwcache.ruim_op()

    def _paginas(self) -> list[zoeken.Pagina]:
        return sorted(self.handgeschreven.values(), key=lambda p: p.url)


def _zoekindex_klaar(fout: zoeken.ZoekindexFout | None) -> None:
    if fout is None:
        log.info("De zoekfunctie is bijgewerkt.")
    else:
        log.error(f"{post_build.ZOEKINDEX_FOUT}: {fout}")


def _edit_base(config: MkDocsConfig) -> str:
    """repo_url + edit_uri without the docs folder: the prefix for a file's path in the repository."""
    if not config.repo_url or not config.edit_uri:
        return ""
    edit = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
    docs = Path(config.docs_dir).name + "/"
    return edit.removesuffix(docs) if edit.endswith("/" + docs) else edit.rstrip("/") + "/"
