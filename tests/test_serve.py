"""`make serve`: after an edit only the changed werkgebied is reloaded, and the served site shows the edit."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pytest
from playwright.sync_api import expect

from afspraken import loader
from afspraken.cache import ArchiefCache
from afspraken.loader import load_archief
from afspraken_mkdocs.serve import Sjablooncache
from conftest import ROOT
from site_support import copy_fixture

EDITED = Path("alleenconcept") / "afspraken" / "A1.yaml"
OLD_TEXT = "We maken een woningbehoefteonderzoek."


def _edit(agreements: Path, new_text: str) -> None:
    path = agreements / EDITED
    text = path.read_text(encoding="utf-8")
    assert OLD_TEXT in text
    path.write_text(text.replace(OLD_TEXT, new_text), encoding="utf-8")


def test_a_second_load_rereads_only_the_edited_werkgebied(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    cache = ArchiefCache()

    first = cache.load(agreements)
    assert first.changed == {"alleenconcept", "fictiefdorp"}
    assert cache.dossiers_loaded == 2

    again = cache.load(agreements)
    assert again.changed == frozenset()
    assert cache.dossiers_loaded == 2
    assert again.archief == first.archief

    _edit(agreements, "We bouwen honderd nieuwe woningen.")
    edited = cache.load(agreements)
    assert edited.changed == {"alleenconcept"}
    assert cache.dossiers_loaded == 3
    dossiers = {d.slug: d for d in edited.archief.dossiers}
    assert dossiers["alleenconcept"].concept.afspraken[0].inhoud == "We bouwen honderd nieuwe woningen."
    unchanged = {d.slug: d for d in first.archief.dossiers}["fictiefdorp"]
    assert dossiers["fictiefdorp"] is unchanged
    # Whatever came from the cache, the result is that of a fresh load.
    assert edited.archief == load_archief(agreements)[0]


def test_problems_of_an_unchanged_werkgebied_are_reported_again(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    broken = agreements / "fictiefdorp" / "afspraken" / "B1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("thema: B", "thema: Q"), encoding="utf-8")
    cache = ArchiefCache()
    expected = load_archief(agreements)[1].as_text()
    assert "thema 'Q' bestaat niet" in expected

    assert cache.load(agreements).report.as_text() == expected
    _edit(agreements, "Een andere tekst.")
    second = cache.load(agreements)
    assert second.changed == {"alleenconcept"}
    assert second.report.as_text() == expected


def test_a_reload_parses_only_the_files_that_changed_and_still_finds_every_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    agreements = copy_fixture(tmp_path)
    afspraken = agreements / "fictiefdorp" / "afspraken"
    cache = ArchiefCache()
    cache.load(agreements, documenten_bewaren=True)
    parsed: list[str] = []
    real = loader.read_document
    monkeypatch.setattr(loader, "read_document", lambda path, shown: parsed.append(path.name) or real(path, shown))

    _edit_text(afspraken / "A1.yaml", "inhoud: De", "inhoud: Voortaan")
    assert cache.load(agreements, documenten_bewaren=True).report.ok
    assert parsed == ["A1.yaml"]  # two werkgebieden load in this process, so their files were kept
    parsed.clear()
    _edit_text(afspraken / "B1.yaml", "thema: B", "thema: B\nonbekend: 1")
    broken = cache.load(agreements, documenten_bewaren=True)
    assert parsed == ["B1.yaml"]
    assert "onbekend" in broken.report.as_text()
    assert broken.report.as_text() == load_archief(agreements)[1].as_text()

    parsed.clear()
    _edit_text(afspraken / "C1.yaml", "inhoud: ", "inhoud: Ook ")
    still = cache.load(agreements, documenten_bewaren=True)
    assert sorted(parsed) == ["B1.yaml", "C1.yaml"]  # a file with a problem is read every time
    assert still.report.as_text() == broken.report.as_text()

    # An unchanged file replaced by a link to the same text is refused, not served from memory.
    werkgebied = agreements / "fictiefdorp" / "werkgebied.yaml"
    elders = tmp_path / "elders.yaml"
    elders.write_bytes(werkgebied.read_bytes())
    werkgebied.unlink()
    werkgebied.symlink_to(elders)
    linked = cache.load(agreements, documenten_bewaren=True)
    assert "werkgebied.yaml is een symbolische koppeling" in linked.report.as_text()


def _edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_theme_template_edited_under_serve_is_compiled_again(tmp_path: Path) -> None:
    # MkDocs makes a new Jinja environment per rebuild; the compiled templates are kept between them.
    template = tmp_path / "main.html"
    template.write_text("Eerste {{ x }}", encoding="utf-8")
    cache = Sjablooncache()

    def render() -> tuple[str, int]:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        compiled = 0
        real = env.compile

        def counting(*args: object, **kwargs: object) -> object:
            nonlocal compiled
            compiled += 1
            return real(*args, **kwargs)

        env.compile = counting  # type: ignore[method-assign]
        return env.get_template("main.html").render(x="pagina"), compiled

    assert render() == ("Eerste pagina", 1)
    assert render() == ("Eerste pagina", 0)
    template.write_text("Tweede {{ x }}", encoding="utf-8")
    assert render() == ("Tweede pagina", 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, process: subprocess.Popen[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return page
        assert process.poll() is None, "mkdocs serve stopte"
        time.sleep(0.2)
    raise AssertionError(f"na {timeout:.0f} s staat '{text}' niet op {url}")


def _article(page: str | None) -> str:
    """The page's content, without the live-reload script that differs per build."""
    assert page is not None
    return page[page.index("<article"):page.index("</article>")]


def _wait_for_log(log: Path, line: str, count: int, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(encoding="utf-8").count(line) >= count:
            return
        assert process.poll() is None, "mkdocs serve stopte"
        time.sleep(0.2)
    raise AssertionError(f"na {timeout:.0f} s staat '{line}' geen {count} keer in de uitvoer van make serve")


SEARCH_UPDATED = "De zoekfunctie is bijgewerkt."


@contextmanager
def _make_serve(agreements: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`make serve` on `agreements` as a user runs it; yields its address once the first search index is there."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AFSPRAKEN_AGREEMENTS": str(agreements)}
    env.pop("SOURCE_DATE_EPOCH", None)
    # A session of its own, so that stopping it stops mkdocs too, not only make.
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=output, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "alleenconcept/concept/a/", OLD_TEXT, process, timeout=120)
        _wait_for_log(log, SEARCH_UPDATED, 1, process)  # the first index, made after the first build
        time.sleep(1.0)  # the watcher starts after the first build
        yield base, process
    finally:
        # Ctrl-C, as a user stops it: MkDocs shuts down its plugins, which remove their temporary files.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    errors = log.read_text(encoding="utf-8")
    assert "Aborted" not in errors and "ERROR" not in errors, errors[-2000:]


def test_make_serve_shows_an_edited_afspraak_and_keeps_the_rest(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    log = tmp_path / "serve.log"
    with _make_serve(agreements, log) as (base, process):
        concept = base + "alleenconcept/concept/a/"
        other = _article(_get(base + "fictiefdorp/"))
        assert "fictiefdorp/concept/" in other
        index = _get(base + "pagefind/pagefind-entry.json")
        assert index is not None and '"page_count"' in index

        _edit(agreements, "We bouwen tweehonderd huurwoningen.")
        page = _wait_for(concept, "We bouwen tweehonderd huurwoningen.", process)
        assert OLD_TEXT not in page
        # The open data follows the edit in the same rebuild: the version's download and the national table.
        for data in ("alleenconcept/concept/afspraken.json", "alleenconcept/concept/afspraken.csv", "data/afspraken.csv"):
            downloaded = _get(base + data) or ""
            assert "We bouwen tweehonderd huurwoningen." in downloaded and OLD_TEXT not in downloaded, data
        # The search follows a moment later, with a line in the log (test_herbouw: the same index as a full build).
        _wait_for_log(log, SEARCH_UPDATED, 2, process)
        assert _get(base + "pagefind/pagefind-entry.json") not in (None, index)

        # The pages of the werkgebied that did not change are still served.
        assert _article(_get(base + "fictiefdorp/")) == other


def _gevonden(page: object, base: str, woord: str) -> list[str]:
    """Search the served site for `woord` as a visitor does; the afspraken listed."""
    page.goto(base + "zoeken/?q=" + woord)
    expect(page.get_by_role("status")).to_have_text(re.compile(r"(gevonden|Niets gevonden).*\.$"), timeout=15000)
    return [link.get_attribute("href") or "" for link in page.locator(".pa-zoeken__afspraken a").all()]


@pytest.mark.browser
def test_the_search_under_make_serve_finds_an_edit_after_the_rebuild(tmp_path: Path, page: object) -> None:
    # A beleidsmedewerker edits an afspraak with `make serve` open and searches for the new words.
    agreements = copy_fixture(tmp_path)
    a1 = "alleenconcept/concept/a/#A1"
    with _make_serve(agreements, tmp_path / "serve.log") as (base, process):
        assert any(href.endswith(a1) for href in _gevonden(page, base, "woningbehoefteonderzoek"))
        assert not any(href.endswith(a1) for href in _gevonden(page, base, "zonneboilers"))
        _edit(agreements, "We plaatsen zonneboilers op tweehonderd huurwoningen.")
        _wait_for_log(tmp_path / "serve.log", SEARCH_UPDATED, 2, process)
        assert any(href.endswith(a1) for href in _gevonden(page, base, "zonneboilers"))
        assert not any(href.endswith(a1) for href in _gevonden(page, base, "woningbehoefteonderzoek"))


def test_make_serve_on_a_taken_port_says_so_in_dutch() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in output
    assert f"make serve PORT={port + 1}" in output
    assert "Traceback" not in output
