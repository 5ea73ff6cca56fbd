"""Measuring the site: full build, the bare floor build, a rebuild under `mkdocs serve`, search downloads.

The site reads its agreements folder from AFSPRAKEN_AGREEMENTS, so every measurement points the real
mkdocs.yml at a generated corpus.
"""
from __future__ import annotations

import functools
import html
import http.server
import json
import signal
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from .measure import ROOT, Run, environment, python, run

CONFIG = ROOT / "mkdocs.yml"
AGREEMENTS_ENV = "AFSPRAKEN_AGREEMENTS"
CACHE_ENV = "AFSPRAKEN_CACHE"  # the cache across builds (`afspraken.bouwcache`)
# `make serve` runs `mkdocs serve --dirty`: a rebuild renders only the pages of the changed werkgebied.
SERVE_ARGS = ("--dirty",)
# What a browser fetches to search: the search page's script and Pagefind's files (its code, the Dutch
# stemmer, the index chunks, filters and the fragments of the results shown), under pagefind/, and the
# other versions' bundles under pagefind-historie/ (a first search should fetch none of those).
SEARCH_FILE = re.compile(r"(/pagefind(-historie)?/|/zoekpagina\.js$)")


def site_available() -> bool:
    return CONFIG.is_file()


# ---------------------------------------------------------------------------------------------------
# Builds


def build(agreements: Path, site_dir: Path, cache: Path | None = None) -> Run:
    """`mkdocs build` of the real site on the corpus, into `site_dir`.

    Cold unless `cache` is given: a fresh, empty cache across builds for this run alone, so the figure that
    counts against the target never takes anything from an earlier build.
    """
    shutil.rmtree(site_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="bench-leeg-") as leeg:
        return run(python("-m", "mkdocs", "build", "-f", str(CONFIG), "-d", str(site_dir)),
                   env={AGREEMENTS_ENV: str(agreements), CACHE_ENV: str(cache or leeg)})


def warm_builds(agreements: Path, site_dir: Path, cache: Path, repeats: int) -> tuple[list[Run], list[Run]]:
    """Builds that take from the cache across builds: (nothing changed, one afspraak file changed), `repeats` each.

    A first build fills an empty cache (not measured); then a build with nothing changed, and a build after
    the inhoud of one live afspraak changed (another text each time, so each is a change the cache has not
    seen). The file is restored afterwards.
    """
    shutil.rmtree(cache, ignore_errors=True)
    build(agreements, site_dir, cache)
    afspraak, _, inhoud = _editable_afspraak(agreements)
    original = afspraak.read_bytes()
    niets, een = [], []
    try:
        for keer in range(repeats):
            niets.append(build(agreements, site_dir, cache))
            tekst = original.decode("utf-8")
            afspraak.write_text(tekst.replace(inhoud.group(0), f"inhoud: Bench {keer} {inhoud.group(1)}", 1),
                                encoding="utf-8")
            een.append(build(agreements, site_dir, cache))
            afspraak.write_bytes(original)
    finally:
        afspraak.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    return niets, een


def _editable_afspraak(agreements: Path) -> tuple[Path, str, re.Match[str]]:
    """The first live afspraak of the first werkgebied whose inhoud is a plain one-line scalar, so that
    prefixing a word keeps the YAML valid: (file, its text, the match of its inhoud line)."""
    return next(
        (path, text, found) for path in sorted(sorted(agreements.iterdir())[0].glob("afspraken/*.yaml"))
        if (found := re.search(r"^inhoud: ([^|>'\"\s][^\n]{0,29})", text := path.read_text(encoding="utf-8"), re.MULTILINE))
    )


def index_only(agreements: Path, site_dir: Path) -> Run:
    """Only the search index of the corpus (`bench.zoekindex`), into the built site `site_dir`."""
    # XL on a shared machine took more than the default half hour.
    return run(python("-m", "bench.zoekindex", str(agreements), str(site_dir)), timeout=4 * 3600)


def build_bare(bare_dir: Path) -> Run:
    shutil.rmtree(bare_dir / "site", ignore_errors=True)
    return run(python("-m", "mkdocs", "build", "-f", str(bare_dir / "mkdocs.yml"), "-d", str(bare_dir / "site")))


@dataclass(frozen=True)
class Output:
    pages: int
    bytes: int
    largest_page: tuple[str, int]


def output_of(site_dir: Path) -> Output:
    pages = [p for p in site_dir.rglob("*.html") if p.name != "404.html"]
    total = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    largest = max(pages, key=lambda p: p.stat().st_size)
    return Output(len(pages), total, (largest.relative_to(site_dir).as_posix(), largest.stat().st_size))


def write_bare(site_dir: Path, bare_dir: Path) -> int:
    """The built site's pages as static Markdown with the site's navigation, for a bare Material build.

    Each page's article (the HTML the macros produced, rendered) becomes raw HTML in a Markdown file at
    the same place; the navigation is read from the built home page, so the bare build renders the
    same number of pages with the same menu, without macros, hooks or plugins.
    """
    shutil.rmtree(bare_dir, ignore_errors=True)
    docs = bare_dir / "docs"
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        if page.name == "404.html":
            continue
        relative = page.relative_to(site_dir)
        target = docs / relative.with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        title, body = _article(page.read_text(encoding="utf-8"))
        target.write_text(f"# {title}\n\n<div class=\"bare\">\n{body}\n</div>\n", encoding="utf-8")
        count += 1
    config = _site_config()
    bare = {
        "site_name": config.get("site_name", "Prestatieafspraken"),
        "use_directory_urls": config.get("use_directory_urls", True),
        # Material's own Dutch: the site's "custom" language lives in its theme folder, which the bare build leaves out.
        "theme": {"name": "material", "language": "nl",
                  "features": (config.get("theme") or {}).get("features", [])},
        # No search plugin: the site searches with Pagefind (part of the full build), not with Material's lunr.
        "plugins": [],
        "nav": _nav(site_dir / "index.html"),
    }
    (bare_dir / "mkdocs.yml").write_text(json.dumps(bare, indent=1, ensure_ascii=False), encoding="utf-8")
    return count


def _site_config() -> dict[str, Any]:
    yaml = YAML(typ="safe", pure=True)
    # mkdocs.yml may use !!python/name or !ENV tags; the bare build only needs the plain keys.
    yaml.constructor.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(CONFIG.read_text(encoding="utf-8")) or {}


def _article(page: str) -> tuple[str, str]:
    start = page.find("<article")
    start = page.find(">", start) + 1 if start >= 0 else 0
    end = page.rfind("</article>")
    body = page[start:end if end > start else len(page)]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.DOTALL)
    title = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() if heading else "Pagina"
    if heading:
        body = body[:heading.start()] + body[heading.end():]
    return title.replace("\n", " ") or "Pagina", body


class _NavParser(HTMLParser):
    """The primary navigation of a Material page as a tree of (title, href, children)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[dict[str, Any]] = []
        self._stack: list[list[dict[str, Any]]] = []
        self._depth_nav = 0  # depth inside <nav class="md-nav--primary">
        self._skip = 0  # depth inside a page's own table of contents
        self._text: list[str] | None = None
        self._item: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "nav" and "md-nav--primary" in cls and not self._depth_nav:
            self._depth_nav = 1
            self._stack = [self.root]
            return
        if not self._depth_nav:
            return
        if tag == "nav":
            self._depth_nav += 1
            if "md-nav--secondary" in cls or self._skip:
                self._skip += 1
        if self._skip:
            return
        if tag == "li" and "md-nav__item" in cls:
            self._item = {"title": "", "href": None, "children": []}
            self._stack[-1].append(self._item)
            self._stack.append(self._item["children"])
        elif tag in ("a", "label") and "md-nav__link" in cls and self._item is not None and self._text is None:
            if not self._item["title"]:
                self._text = []
                href = dict(attrs).get("href")
                if tag == "a" and href and not href.startswith("#"):
                    self._item["href"] = href

    def handle_endtag(self, tag: str) -> None:
        if not self._depth_nav:
            return
        if tag == "nav":
            if self._skip:
                self._skip -= 1
            self._depth_nav -= 1
            return
        if self._skip:
            return
        if tag in ("a", "label") and self._text is not None and self._item is not None:
            self._item["title"] = " ".join("".join(self._text).split())
            self._text = None
        elif tag == "li" and len(self._stack) > 1:
            self._stack.pop()
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _nav(home: Path) -> list[Any]:
    parser = _NavParser()
    parser.feed(home.read_text(encoding="utf-8"))
    return [entry for item in parser.root if (entry := _nav_entry(item)) is not None]


def _nav_entry(item: dict[str, Any]) -> Any:
    title = item["title"] or "Pagina"
    children = [entry for child in item["children"] if (entry := _nav_entry(child)) is not None]
    href = item["href"]
    if href and re.match(r"^[a-z]+://", href):
        link: Any = {title: href}
    elif href is not None:
        path = href.split("#")[0].lstrip("./") if not href.startswith("../") else href
        path = path or ""
        link = {title: (path + "index.md") if path.endswith("/") or not path else re.sub(r"\.html$", ".md", path)}
    else:
        link = None
    if children:
        if link is not None and not any(link == c for c in children):
            children.insert(0, link)
        return {title: children}
    return link


# ---------------------------------------------------------------------------------------------------
# Search: what a visitor downloads for a first search


class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] = []

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.served.append((self.path.split("?")[0], len(data)))
        outputfile.write(data)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def static_server(site_dir: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    served: list[tuple[str, int]] = []
    handler = type("Handler", (_LoggingHandler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class SearchDownload:
    page: str
    bytes: int
    files: tuple[tuple[str, int], ...]
    results: bool  # the search showed results, so the download really served a search


def sample_pages(site_dir: Path) -> list[str]:
    """The home page, the largest page, a page deep in the last werkgebied and the last werkgebied's own
    page: each leads to the same search page, whose first search must stay small wherever it starts."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    largest = max(site_dir.rglob("*.html"), key=lambda p: p.stat().st_size).relative_to(site_dir).as_posix()
    deepest = max(pages, key=lambda p: (p.count("/"), p))
    werkgebied = deepest.split("/")[0] + "/index.html"
    chosen = ["index.html", largest, deepest, werkgebied]
    return [p for i, p in enumerate(chosen) if p not in chosen[:i]]


def search_downloads(site_dir: Path, query: str = "woningen") -> list[SearchDownload]:
    """Load each sample page in Chromium with an empty cache, search, and add up the search files served."""
    from playwright.sync_api import sync_playwright

    found = []
    with static_server(site_dir) as (url, served), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for page_path in sample_pages(site_dir):
                context = browser.new_context()
                page = context.new_page()
                served.clear()
                page.goto(f"{url}/{page_path}", wait_until="load")
                results = _search(page, query)
                page.wait_for_load_state("networkidle")
                files = tuple((path, size) for path, size in served if SEARCH_FILE.search(path))
                found.append(SearchDownload(page_path, sum(size for _, size in files), files, results))
                context.close()
        finally:
            browser.close()
    return found


def _search(page: Any, query: str) -> bool:
    """Search from the header's field as a visitor does; it leads to the search page with the results."""
    try:
        box = page.get_by_role("searchbox", name="Zoek in alle afspraken")
        box.fill(query, timeout=5000)
        box.press("Enter")
        page.wait_for_selector(".pa-zoeken__resultaat", timeout=30000)
        return True
    except Exception:  # noqa: BLE001 - a page without a working search box is itself a result
        return False


# ---------------------------------------------------------------------------------------------------
# Rebuild under `mkdocs serve`


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def rebuild_under_serve(agreements: Path, site_dir: Path, edits: int = 3, startup_timeout: float = 900) -> tuple[float, str]:
    """Seconds from saving one edited afspraak to the changed page being served (median of `edits`).

    Starts the real `mkdocs serve` on a free port, edits the inhoud of the first werkgebied's live
    afspraak A1, and polls every page that showed the old text until one shows the new text.
    Restores the file afterwards. Returns the median and the page polled.
    """
    afspraak, text, inhoud = _editable_afspraak(agreements)
    original = afspraak.read_bytes()
    snippet = html.escape(inhoud.group(1), quote=False)
    candidates = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                        if snippet in p.read_text(encoding="utf-8"))
    candidates = [c for c in candidates if "/versies/" not in c and "versie" not in c] or candidates
    port = free_port()
    mount = urlsplit(str(_site_config().get("site_url") or "/")).path.rstrip("/") + "/"
    base = f"http://127.0.0.1:{port}{mount}"
    # As `make serve` runs it: livereload on, because only then does mkdocs watch files at all.
    process = subprocess.Popen(python("-m", "mkdocs", "serve", *SERVE_ARGS, "-f", str(CONFIG), "-a", f"127.0.0.1:{port}"),
                               cwd=ROOT, env=environment({AGREEMENTS_ENV: str(agreements)}),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times: list[float] = []
    hit = ""
    try:
        deadline = time.monotonic() + startup_timeout
        while _get(base) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("mkdocs serve startte niet")
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle
        for number in range(edits):
            marker = f"Bankmerk{number}x{int(time.time())}"
            started = time.perf_counter()
            afspraak.write_text(text.replace("inhoud: ", f"inhoud: {marker} ", 1), encoding="utf-8")
            hit = _wait_for(base, candidates, marker, timeout=300)
            times.append(time.perf_counter() - started)
            time.sleep(1.0)
    finally:
        afspraak.write_bytes(original)
        # Ctrl-C, as a user stops `make serve`: the plugin then removes its temporary search folder.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return statistics.median(times), hit


def _wait_for(base: str, candidates: list[str], marker: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for candidate in candidates:
            page = _get(base + candidate)
            if page and marker in page:
                return candidate
        time.sleep(0.05)
    raise RuntimeError(f"na {timeout:.0f} s toont geen pagina de wijziging ({', '.join(candidates[:5])})")
