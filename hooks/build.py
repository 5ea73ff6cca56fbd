"""MkDocs hooks: load and validate the archief once, add the generated pages, give them their titles.

Event functions only; the work happens in the `afspraken` package.
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from afspraken import export, pages, zoekindex
from afspraken.loader import load_archief
from afspraken.model import Archief
from afspraken.report import Report
from afspraken.views.site import CONFIG_KEY, Site

AGREEMENTS_ENV = "AFSPRAKEN_AGREEMENTS"  # the benchmark and the tests point the site at another folder
_PLAN_KEY = "afspraken_plan"
# A timestamp in the sitemap would make two builds differ; a user-set SOURCE_DATE_EPOCH wins.
_OWN_EPOCH = "SOURCE_DATE_EPOCH" not in os.environ


@event_priority(100)  # before the macros plugin, which reads the Site when pages render
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    repo_root = Path(config.config_file_path).parent
    chosen = os.environ.get(AGREEMENTS_ENV)
    root = Path(chosen) if chosen else repo_root / "agreements"
    if chosen and not root.is_dir():
        raise PluginError(f"{AGREEMENTS_ENV} wijst naar {root}, maar die map bestaat niet")
    # A fresh repository without agreements/ still builds: the home page says there are none yet.
    archief, report = load_archief(root, base=repo_root) if root.is_dir() else (Archief(), Report())
    if not report.ok:
        count = len(report.sorted())
        raise PluginError(f"{count} {'probleem' if count == 1 else 'problemen'} in de afspraken; "
                          f"de site wordt niet gebouwd:\n{report.as_text()}")
    for watched in (root, repo_root / "schema"):
        # `make serve` rebuilds when an afspraak or a schema changes, not only docs/.
        if watched.is_dir() and str(watched) not in config.watch:
            config.watch.append(str(watched))
    try:
        config[_PLAN_KEY] = pages.plan(archief)
    except pages.PlanError as error:
        raise PluginError(str(error)) from None
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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in config[_PLAN_KEY]:
        if files.get_file_from_path(page.pad) is not None:
            raise PluginError(f"docs/{page.pad} bestaat al; dat adres is voor een gegenereerde pagina")
        # Not in the nav on purpose: MkDocs writes the whole nav into every page (see mkdocs.yml).
        files.append(File.generated(config, page.pad, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(-100)  # after the macros plugin: a title from YAML must never be rendered as Jinja
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    titel = _titles(config).get(page.file.src_uri)
    if titel is not None:
        # Material writes page.meta.title into the HTML unescaped.
        page.meta["title"] = html.escape(titel, quote=False)
    return markdown


def _titles(config: MkDocsConfig) -> dict[str, str]:
    key = _PLAN_KEY + "_titles"
    if key not in config:
        config[key] = {p.pad: p.titel for p in config[_PLAN_KEY]}
    return config[key]


def _indeling(config: MkDocsConfig) -> zoekindex.Indeling:
    key = _PLAN_KEY + "_zoekindeling"
    if key not in config:
        config[key] = zoekindex.Indeling(zoekindex.bereiken(config[CONFIG_KEY].archief))
    return config[key]


_SEARCH_BOX = ' aria-label="Zoeken" placeholder="Zoeken"'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Every page searches its own scope (see afspraken.zoekindex); zoeken.js in <head> redirects
    # Material's fetch of the whole-site index before the bundle at the end of <body> makes it.
    bereik = _indeling(config).bereik_van(page.url)
    script = get_relative_url("assets/zoeken.js", page.url)
    head = (f'<meta name="afspraken-zoekbereik" content="{html.escape(bereik.bestand)}">'
            f'<script src="{html.escape(script)}"></script></head>')
    label = html.escape(bereik.placeholder)
    output = output.replace(_SEARCH_BOX, f' aria-label="{label}" placeholder="{label}"', 1)
    return output.replace("</head>", head, 1)


@event_priority(-100)  # after Material's search plugin has written search/search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    # Open data next to the pages: CSV and JSON per version, and the schemas under a stable URL.
    export.publiceer(config[CONFIG_KEY].archief, Path(config.site_dir))
    search = Path(config.site_dir) / "search"
    whole = search / zoekindex.ROOT_INDEX
    if whole.is_file():
        for name, index in _indeling(config).splits(json.loads(whole.read_text(encoding="utf-8"))).items():
            (search / name).parent.mkdir(parents=True, exist_ok=True)
            # As compact as Material writes it: every byte is downloaded by a visitor.
            (search / name).write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
