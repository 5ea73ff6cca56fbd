"""The cache across builds (`afspraken.bouwcache`): a build that takes from it gives the site a cold build gives.

Journeys with `mkdocs build` as `make site` runs it: a second build, a build after one file changed, after a
schema or template changed, with a damaged cache, a cache folder that is a link, and no cache at all. What
came from the cache is read from the build's log line ("Bouwcache: ..."), never from timing.
"""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from site_support import SITE_FIXTURE, copy_fixture
from test_site_build import _UNSTABLE_IN_PAGEFIND

_REGEL = re.compile(r"Bouwcache: (.*)")
_TELLING = re.compile(r"(\w+) (\d+) uit de cache, (\d+) gemaakt")


def _bouw(agreements: Path, dest: Path, cache: Path | str, *, repo: Path = ROOT,
          env_extra: dict[str, str] | None = None) -> dict[str, Any]:
    """`mkdocs build --strict` of `agreements` with AFSPRAKEN_CACHE=`cache`; per kind (from cache, made anew),
    and how many damaged entries it said it found."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AFSPRAKEN_AGREEMENTS": str(agreements),
           "AFSPRAKEN_CACHE": str(cache), "AFSPRAKEN_WORKERS": "1", **(env_extra or {})}
    env.pop("SOURCE_DATE_EPOCH", None)
    if repo != ROOT:  # a copy of the repository with its own code: imported before the installed one
        env["PYTHONPATH"] = str(repo / "hooks")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
                             "-d", str(dest)], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    regels = _REGEL.findall(result.stderr)
    if str(cache) == "uit":
        assert regels == []
        return {}
    # One line of the build, one of the process that writes the open data and the search index.
    tellingen: dict[str, Any] = {soort: (int(uit), int(nieuw)) for soort, uit, nieuw in _TELLING.findall("\n".join(regels))}
    assert {"documenten", "paginas", "opendata", "zoekdocumenten", "zoekindex"} <= tellingen.keys(), result.stderr
    tellingen["beschadigd"] = len(re.findall(r"Bouwcache-bestand .* is beschadigd", result.stderr))
    return tellingen


def _site(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, except those Pagefind writes in a varying order (Pagefind issue #638)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not _UNSTABLE_IN_PAGEFIND.fullmatch(p.relative_to(folder).as_posix())}


def _assert_same(a: Path, b: Path) -> None:
    site_a, site_b = _site(a), _site(b)
    assert site_a.keys() == site_b.keys()
    assert [pad for pad in site_a if site_a[pad] != site_b[pad]] == []


def _aantal_documenten(agreements: Path) -> int:
    return sum(1 for p in agreements.rglob("*.yaml"))


def _bundels(site: Path) -> int:
    """How many search bundles the site has: the default one and one per older version."""
    return 1 + len(list((site / "pagefind-historie").iterdir()))


def test_a_second_build_takes_every_document_from_the_cache_and_gives_the_same_site(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    cache = tmp_path / "cache"
    koud = _bouw(agreements, tmp_path / "koud", cache)
    assert koud["documenten"][0] == 0
    bundels = _bundels(tmp_path / "koud")
    assert bundels > 1 and koud["zoekindex"] == (0, bundels)
    warm = _bouw(agreements, tmp_path / "warm", cache)
    assert warm["documenten"] == (_aantal_documenten(agreements), 0)
    # Not one Pagefind run: every bundle's documents are those of the first build.
    assert warm["zoekindex"] == (bundels, 0)
    _assert_same(tmp_path / "koud", tmp_path / "warm")


def _gevuld_en_gewijzigd(tmp_path: Path, oud: str, nieuw: str) -> tuple[Path, Path, Path]:
    """A copy of the site fixture built once into a fresh cache, then one afspraak of fictiefdorp edited:
    (agreements, cache, the edited file)."""
    agreements = copy_fixture(tmp_path)
    cache = tmp_path / "cache"
    _bouw(agreements, tmp_path / "eerst", cache)
    afspraak = sorted((agreements / "fictiefdorp" / "afspraken").glob("*.yaml"))[0]
    tekst = afspraak.read_text(encoding="utf-8")
    afspraak.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
    assert afspraak.read_text(encoding="utf-8") != tekst
    return agreements, cache, afspraak


def test_after_one_file_changed_the_warm_build_is_the_cold_build_of_the_changed_tree(tmp_path: Path) -> None:
    agreements, cache, _ = _gevuld_en_gewijzigd(tmp_path, "inhoud: ", "inhoud: Gewijzigd in de test. ")
    warm = _bouw(agreements, tmp_path / "warm", cache)
    # Every other document, of this werkgebied and the other, came from the cache; the edited one was read.
    assert warm["documenten"] == (_aantal_documenten(agreements) - 1, 1)
    # The other werkgebied's pages, open data and search documents came from the cache; fictiefdorp's were made.
    assert warm["paginas"] == warm["opendata"] == warm["zoekdocumenten"] == (1, 1)
    # The edit is in the concept: Pagefind made the concept's bundle again; the default bundle (the signed
    # version each werkgebied shows first, and the pages) has the same documents and came from the cache.
    assert sorted(p.name for p in (tmp_path / "warm" / "pagefind-historie").iterdir()) == ["concept"]
    assert warm["zoekindex"] == (1, 1)
    _bouw(agreements, tmp_path / "koud", "uit")
    _assert_same(tmp_path / "koud", tmp_path / "warm")
    assert any("Gewijzigd in de test." in p.read_text(encoding="utf-8")
               for p in (tmp_path / "warm" / "fictiefdorp").rglob("*.html"))


def test_a_document_with_a_problem_is_never_kept(tmp_path: Path) -> None:
    agreements, cache, afspraak = _gevuld_en_gewijzigd(tmp_path, "thema: ", "thema: ZZ")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AFSPRAKEN_AGREEMENTS": str(agreements),
           "AFSPRAKEN_CACHE": str(cache)}
    for _ in range(2):  # the second time too: the problem is found by reading, not hidden by the cache
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                                 "-d", str(tmp_path / "fout")], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode != 0
        assert afspraak.name in result.stderr and "ZZ" in result.stderr


def test_a_damaged_cache_is_a_miss_with_one_line_and_the_same_site(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    cache = tmp_path / "cache"
    _bouw(agreements, tmp_path / "koud", cache)
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        # Cut short, bytes flipped, or a foreign file: each is read as nothing.
        entry.write_bytes([data[: len(data) // 2], data[:30] + bytes(b ^ 0xFF for b in data[30:]), b"\x80pickle"][index % 3])
    warm = _bouw(agreements, tmp_path / "warm", cache)
    assert warm["documenten"][0] == 0
    assert warm["beschadigd"] == len(entries)  # one info line each
    _assert_same(tmp_path / "koud", tmp_path / "warm")
    # Written anew: the next build takes from it again.
    assert _bouw(agreements, tmp_path / "daarna", cache)["documenten"][0] == _aantal_documenten(agreements)


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    elders = tmp_path / "elders"
    _bouw(agreements, tmp_path / "koud", elders)  # a real cache, filled
    link = tmp_path / "link"
    link.symlink_to(elders, target_is_directory=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AFSPRAKEN_AGREEMENTS": str(agreements),
           "AFSPRAKEN_CACHE": str(link)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(tmp_path / "via-link")], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert "symbolische koppeling" in result.stderr
    assert _REGEL.search(result.stderr) is None  # nothing read or written through it
    _assert_same(tmp_path / "koud", tmp_path / "via-link")


def test_a_link_inside_the_cache_folder_is_not_followed(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    cache, elders = tmp_path / "cache", tmp_path / "elders"
    _bouw(agreements, tmp_path / "koud", cache)
    soort = next(p for p in (cache / "v1").iterdir() if p.is_dir())
    shutil.move(soort, elders)
    soort.symlink_to(elders, target_is_directory=True)
    warm = _bouw(agreements, tmp_path / "warm", cache)
    assert warm["documenten"][0] == 0
    _assert_same(tmp_path / "koud", tmp_path / "warm")


def test_the_site_builds_with_the_cache_off(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    _bouw(agreements, tmp_path / "uit", "uit")
    _bouw(agreements, tmp_path / "aan", tmp_path / "cache")
    _assert_same(tmp_path / "uit", tmp_path / "aan")
    assert (tmp_path / "uit" / "index.html").is_file()


def test_an_adopter_who_sets_a_repository_gets_its_links_from_a_warm_cache(tmp_path: Path) -> None:
    """The repository (AFSPRAKEN_REPO_URL) shapes the "Wijziging voorstellen" link of every afspraak and the
    open data's contact, but none of the werkgebied's files: a cache filled without it must not serve the
    pages or data of before."""
    repo = _kopie_van_de_repository(tmp_path)
    agreements = repo / "agreements"
    shutil.copytree(SITE_FIXTURE, agreements)
    cache = tmp_path / "cache"
    assert _bouw(agreements, tmp_path / "zonder", cache, repo=repo)["paginas"][0] == 0
    adres = {"AFSPRAKEN_REPO_URL": "https://example.org/gemeente/afspraken"}
    _bouw(agreements, tmp_path / "koud", "uit", repo=repo, env_extra=adres)
    warm = _bouw(agreements, tmp_path / "warm", cache, repo=repo, env_extra=adres)
    assert warm["documenten"][1] == 0  # the documents themselves do not depend on it
    _assert_same(tmp_path / "koud", tmp_path / "warm")
    link = 'href="https://example.org/gemeente/afspraken/edit/main/agreements/'
    assert any(link in p.read_text(encoding="utf-8") for p in (tmp_path / "warm").glob("*/concept/*/index.html"))
    assert not any(link in p.read_text(encoding="utf-8") for p in (tmp_path / "zonder").rglob("*.html"))


def _kopie_van_de_repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for naam in ("docs", "hooks", "schema"):
        shutil.copytree(ROOT / naam, repo / naam, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return repo


def test_a_changed_schema_or_template_makes_everything_anew(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    repo = _kopie_van_de_repository(tmp_path)
    cache = tmp_path / "cache"
    _bouw(agreements, tmp_path / "eerst", cache, repo=repo)
    warm = _bouw(agreements, tmp_path / "tweede", cache, repo=repo)
    assert warm["documenten"][0] > 0 and warm["paginas"] == (2, 0)
    schema = repo / "schema" / "afspraak.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"description"', '"$comment": "gewijzigd", "description"', 1),
                      encoding="utf-8")
    na_schema = _bouw(agreements, tmp_path / "derde", cache, repo=repo)
    assert na_schema["documenten"][0] == 0 and na_schema["paginas"] == (0, 2)
    sjabloon = repo / "hooks" / "afspraken" / "templates" / "thema.html"
    sjabloon.write_text("<!-- gewijzigd sjabloon -->\n" + sjabloon.read_text(encoding="utf-8"), encoding="utf-8")
    na_sjabloon = _bouw(agreements, tmp_path / "vierde", cache, repo=repo)
    assert na_sjabloon["paginas"] == (0, 2) and na_sjabloon["opendata"] == (0, 2)
    themapaginas = [p for p in (tmp_path / "vierde" / "fictiefdorp").rglob("index.html") if "gewijzigd sjabloon" in
                    p.read_text(encoding="utf-8")]
    assert themapaginas


def _entries(cache: Path, soort: str) -> list[tuple[Path, dict[str, Any]]]:
    """Every entry of a kind, decoded as `afspraken.bouwcache` writes it."""
    kop = b"afspraken-bouwcache 1\n"
    return [(p, json.loads(zlib.decompress(p.read_bytes()[len(kop):]))) for p in sorted((cache / "v1" / soort).iterdir())]


def test_an_entry_that_would_write_outside_the_site_is_not_used(tmp_path: Path) -> None:
    """Someone who could write into the cache still cannot make the build write outside the site folder, with
    open data or with a bundle of the search index."""
    agreements = copy_fixture(tmp_path)
    cache = tmp_path / "cache"
    _bouw(agreements, tmp_path / "koud", cache)
    for soort, bestanden, tekst in (("opendata", lambda w: w["bestanden"], "niet hier"),
                                    ("zoekindex", lambda w: w, base64.b64encode(b"niet hier").decode("ascii"))):
        for pad, entry in _entries(cache, soort):
            bestanden(entry["waarde"])["../../buiten.txt"] = tekst
            pad.write_bytes(b"afspraken-bouwcache 1\n" + zlib.compress(json.dumps(entry).encode("utf-8")))
    warm = _bouw(agreements, tmp_path / "site" / "warm", cache)
    assert warm["opendata"] == (0, 2)  # read, found unusable: made anew
    assert warm["zoekindex"][0] == 0 and warm["zoekindex"][1] == _bundels(tmp_path / "koud")
    assert not list(tmp_path.rglob("buiten.txt"))
    _assert_same(tmp_path / "koud", tmp_path / "site" / "warm")


def test_under_serve_the_documents_in_memory_follow_the_files(tmp_path: Path) -> None:
    """A long `make serve`: documents of a file that changed, or of a werkgebied that went, are let go."""
    from afspraken.cache import ArchiefCache

    agreements = copy_fixture(tmp_path)
    geheugen = ArchiefCache()
    totaal = _aantal_documenten(agreements)
    assert geheugen.load(agreements, documenten_bewaren=True).report.ok
    assert geheugen.documenten_bewaard == totaal
    afspraak = sorted((agreements / "fictiefdorp" / "afspraken").glob("*.yaml"))[0]
    for keer in range(3):  # saved three times: still one document for it
        afspraak.write_text(afspraak.read_text(encoding="utf-8").replace("inhoud: ", f"inhoud: {keer} ", 1),
                            encoding="utf-8")
        assert geheugen.load(agreements, documenten_bewaren=True).report.ok
        assert geheugen.documenten_bewaard == totaal
    weg = agreements / "alleenconcept"
    minder = totaal - sum(1 for _ in weg.rglob("*.yaml"))
    shutil.rmtree(weg)
    assert geheugen.load(agreements, documenten_bewaren=True).report.ok
    assert geheugen.documenten_bewaard == minder


@pytest.mark.parametrize("workers", ["1", "2"])
def test_each_werkgebied_is_keyed_by_its_content_before_the_load_and_a_file_saved_since_stores_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    # What a build keeps per werkgebied is keyed by the folder as it was before the model was read from it
    # (hashed by the process that loads it); a file saved after that keeps the werkgebied out of the cache.
    from afspraken import bouwcache
    from afspraken.cache import ArchiefCache, fingerprint
    from afspraken.werkgebiedcache import Werkgebiedcache

    monkeypatch.setenv("AFSPRAKEN_WORKERS", workers)
    agreements = copy_fixture(tmp_path)
    for extra in ("derde", "vierde"):  # four werkgebieden: loaded by worker processes when asked
        shutil.copytree(agreements / "fictiefdorp", agreements / extra)
    folders = sorted(p for p in agreements.iterdir() if p.is_dir())
    archief_cache = ArchiefCache()
    loaded = archief_cache.load(agreements, inhoud=True)
    assert loaded.inhoud == {folder: (fingerprint(folder), bouwcache.map_inhoud(folder)) for folder in folders}
    assert archief_cache.load(agreements, inhoud=True).inhoud == loaded.inhoud  # nothing changed, nothing reloaded
    # Loaded before without the hashes (in this process): hashed now, as the folders still are as loaded.
    zonder = ArchiefCache()
    assert zonder.load(agreements).inhoud == {}  # only when asked
    assert zonder.load(agreements, inhoud=True).inhoud == loaded.inhoud

    schijf = bouwcache.Bouwcache(tmp_path / "cache")
    werkgebieden = Werkgebiedcache(schijf, loaded.inhoud, base=None)
    edited = agreements / "alleenconcept" / "afspraken" / "A1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    for folder in folders:
        werkgebieden.schrijf("paginas", folder.name, {"waarde": folder.name})
    assert {folder.name: werkgebieden.lees("paginas", folder.name) for folder in folders} == {
        folder.name: None if folder.name == "alleenconcept" else {"waarde": folder.name} for folder in folders}
    # The next load hashes the folder as it is now: its entry is another.
    again = Werkgebiedcache(schijf, archief_cache.load(agreements, inhoud=True).inhoud, base=None)
    assert again.lees("paginas", "alleenconcept") is None
    assert again.lees("paginas", "fictiefdorp") == {"waarde": "fictiefdorp"}
    assert again.heeft("paginas", "fictiefdorp") and not again.heeft("paginas", "alleenconcept")
