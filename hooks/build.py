"""MkDocs hooks: load and validate the archief once, add the generated pages, give them their titles.

Event functions only; the work happens in the `afspraken` package.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import prerender
import serve
import zoeken
from afspraken import cache, export, pages, parallel, zoekrecords
from afspraken.model import Archief
from afspraken.report import Report
from afspraken.views.site import CONFIG_KEY, Site

AGREEMENTS_ENV = "AFSPRAKEN_AGREEMENTS"  # the benchmark and the tests point the site at another folder
_PLAN_KEY = "afspraken_plan"
_STASH_KEY = "afspraken_stash"  # generated page -> None until its HTML is stashed (prerender.Stashed)
_CHANGED_KEY = "afspraken_changed"  # slugs of the werkgebieden loaded from disk in this (re)build
_WORKERS_KEY = "afspraken_workers"
_PRERENDERED_KEY = "afspraken_prerendered"  # generated pages whose HTML the workers made
# Generated pages are macro calls only, so after the macros plugin their Markdown is one block of HTML
# from the views. Python-Markdown would scan that block twice with its HTML parser (MkDocs collects
# anchor ids, then the raw-HTML preprocessor looks for the block's end): as much time as everything
# else in a build. The block waits under a placeholder while Markdown runs and comes back after.
_PLACEHOLDER = "pa-gegenereerde-pagina"
_MACROS_ONLY = re.compile(r"(?:\{\{ [^{}\n]* \}\}\n)+")
# A timestamp in the sitemap would make two builds differ; a user-set SOURCE_DATE_EPOCH wins.
_OWN_EPOCH = "SOURCE_DATE_EPOCH" not in os.environ
log = logging.getLogger("mkdocs.plugins.afspraken")


@event_priority(100)  # before the macros plugin, which reads the Site when pages render
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _check_port
    if _check_port:
        # MkDocs binds its port only after the first build; a taken port would end in a traceback then.
        _check_port = False
        serve.check_port(*config.dev_addr)
    repo_root = Path(config.config_file_path).parent
    chosen = os.environ.get(AGREEMENTS_ENV)
    root = Path(chosen) if chosen else repo_root / "agreements"
    if chosen and not root.is_dir():
        raise PluginError(f"{AGREEMENTS_ENV} wijst naar {root}, maar die map bestaat niet")
    # A fresh repository without agreements/ still builds: the home page says there are none yet.
    # Through the cache: under `mkdocs serve` a rebuild reloads only the werkgebieden that changed.
    try:
        loaded = cache.SHARED.load(root, base=repo_root) if root.is_dir() else cache.Loaded(Archief(), Report(), frozenset())
        config[_WORKERS_KEY] = parallel.workers(len(loaded.archief.dossiers))
    except parallel.WorkersError as error:
        raise PluginError(str(error)) from None
    archief, report = loaded.archief, loaded.report
    config[_CHANGED_KEY] = loaded.changed
    if not report.ok:
        count = len(report.sorted())
        raise PluginError(f"{count} {'probleem' if count == 1 else 'problemen'} in de afspraken; "
                          f"de site wordt niet gebouwd:\n{report.as_text()}")
    for waarschuwing in report.sorted_waarschuwingen():
        # Info, not a warning: a stated total that differs from its lines is what the source says, and
        # `mkdocs build --strict` must not fail on it. The page shows it next to the total.
        log.info(str(waarschuwing))
    for watched in (root, repo_root / "schema"):
        # `make serve` rebuilds when an afspraak or a schema changes, not only docs/.
        if watched.is_dir() and str(watched) not in config.watch:
            config.watch.append(str(watched))
    try:
        config[_PLAN_KEY] = pages.plan(archief)
    except pages.PlanError as error:
        raise PluginError(str(error)) from None
    if not config.repo_url:
        # No repository set (the default): no edit links anywhere, and MkDocs need not warn about them.
        config.edit_uri = None
    config[CONFIG_KEY] = Site(archief, edit_base=_edit_base(config))
    if _OWN_EPOCH:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    return config


def _edit_base(config: MkDocsConfig) -> str:
    """repo_url + edit_uri without the docs folder: the prefix for a file's path in the repository."""
    if not config.repo_url or not config.edit_uri:
        return ""
    edit = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
    docs = Path(config.docs_dir).name + "/"
    return edit.removesuffix(docs) if edit.endswith("/" + docs) else edit.rstrip("/") + "/"


class _GeneratedPage(File):
    """A generated page that `mkdocs serve --dirty` rebuilds only when its werkgebied was reloaded.

    MkDocs treats every file with in-memory content as modified, so without this a dirty rebuild
    would still render every page. A full build never asks.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    changed = config[_CHANGED_KEY]
    plan = config[_PLAN_KEY]
    for page in plan:
        if files.get_file_from_path(page.pad) is not None:
            raise PluginError(f"docs/{page.pad} bestaat al; dat adres is voor een gegenereerde pagina")
    config[_STASH_KEY] = {page.pad: None for page in plan if _MACROS_ONLY.fullmatch(page.markdown)}
    config[_PRERENDERED_KEY] = _prerender(config, [page for page in plan if page.pad in config[_STASH_KEY]])
    for page in plan:
        # A prerendered page's HTML is stashed already; MkDocs converts only the placeholder.
        content = _PLACEHOLDER + "\n" if page.pad in config[_PRERENDERED_KEY] else page.markdown
        # Not in the nav on purpose: MkDocs writes the whole nav into every page (see mkdocs.yml).
        file = _GeneratedPage.generated(config, page.pad, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        file.changed = page.pad.split("/", 1)[0] in changed
        files.append(file)
    if changed:
        # Hand-written pages with macros (the home page lists every werkgebied) follow the archief too.
        for file in files.documentation_pages():
            if not isinstance(file, _GeneratedPage) and "{{" in file.content_string:
                file.is_modified = lambda: True  # type: ignore[method-assign]
    return files


@event_priority(-100)  # after the macros plugin: a title from YAML must never be rendered as Jinja
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    titel = _titles(config).get(page.file.src_uri)
    if titel is None:
        return markdown
    page.meta["title"] = prerender.meta_title(titel)
    stash = config[_STASH_KEY]
    if page.file.src_uri in stash and stash[page.file.src_uri] is None:
        # The HTML of all generated pages would otherwise sit in memory at once (XL: gigabytes).
        stash[page.file.src_uri] = prerender.stash(markdown.strip())
        return _PLACEHOLDER + "\n"
    return markdown


def on_page_content(html_content: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    stashed = config[_STASH_KEY].get(page.file.src_uri)
    if stashed is not None and page.present_anchor_ids is not None:
        page.present_anchor_ids.update(stashed.anchors)
    return html_content


def on_page_context(context: dict, page: Page, config: MkDocsConfig, **kwargs: object) -> dict:
    # Taken out: a page is written once per build, and its HTML is not needed again.
    stashed = config[_STASH_KEY].pop(page.file.src_uri, None)
    if stashed is None:
        if page.file.src_uri not in _titles(config) and not (page.meta.get("search") or {}).get("exclude"):
            # A hand-written page: the search indexes its content (generated pages come from the model).
            _handgeschreven[page.url] = zoeken.Pagina(page.url, page.title or "", page.content or "")
        return context
    wrapped = f"<p>{_PLACEHOLDER}</p>"
    if page.content is None or page.content.count(wrapped) != 1:
        raise PluginError(f"{page.file.src_uri}: de plaatshouder van de gegenereerde pagina is niet terug te vinden")
    page.content = page.content.replace(wrapped, stashed.html)
    return context


def _prerender(config: MkDocsConfig, plan: list[pages.Pagina]) -> set[str]:
    """From `parallel.PARALLEL_FROM` werkgebieden: render the generated pages on every core, before MkDocs starts.

    Returns the prerendered pages; their HTML goes into the stash.
    """
    workers = config[_WORKERS_KEY]
    if workers < 2 or not prerender.can_prerender():
        return set()
    try:
        done = prerender.prerender(config, plan, workers)
    except prerender.PrerenderError as error:
        raise PluginError(str(error)) from None
    log.info(f"{len(done)} pagina's vooraf gemaakt met {workers} processen")
    config[_STASH_KEY].update(done)
    return set(done)


def _titles(config: MkDocsConfig) -> dict[str, str]:
    key = _PLAN_KEY + "_titles"
    if key not in config:
        config[key] = {p.pad: p.titel for p in config[_PLAN_KEY]}
    return config[key]


_handgeschreven: dict[str, zoeken.Pagina] = {}  # URL -> hand-written page; kept between `make serve` rebuilds


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # MkDocs keeps every page until the build ends; once written, its HTML is not needed again.
    # Without this, memory grows with the whole site (XL: gigabytes).
    page.content = None
    return output


def on_post_build(config: MkDocsConfig) -> None:
    site = config[CONFIG_KEY]
    site_dir = Path(config.site_dir)
    try:
        zoeken.schrijf(site_dir, zoekrecords.records(site), sorted(_handgeschreven.values(), key=lambda p: p.url))
    except Exception as error:  # Pagefind's own errors: name them, no traceback
        raise PluginError(f"de zoekindex (Pagefind) kon niet worden gemaakt: {error}") from None
    # Open data next to the pages: CSV and JSON per version, and the schemas under a stable URL.
    # A dirty rebuild under `mkdocs serve` keeps the files of unchanged werkgebieden from before.
    changed = config[_CHANGED_KEY]
    dossiers = tuple(d for d in site.archief.dossiers
                     if d.slug in changed or not (site_dir / export.download_pad(d.slug, d.concept.label, "json")).is_file())
    export.publiceer(Archief(dossiers), site_dir)


class _DirtyIsIntended(logging.Filter):
    """`make serve` builds dirty on purpose; MkDocs' warning about it would abort every rebuild in strict mode.

    Its reasons (a stale navigation) do not apply: the navigation holds hand-written pages only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_check_port = False  # set by on_startup under `mkdocs serve`, for the first build only


def on_startup(command: str, dirty: bool) -> None:
    global _check_port
    _check_port = command == "serve"
    build_logger = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, _DirtyIsIntended) for f in build_logger.filters):
        build_logger.addFilter(_DirtyIsIntended())
