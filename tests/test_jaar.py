"""A year of prestatieafspraken in a real git repository: the journey of issue 14.

A contributor's pull request, its merge, the vaststelling that every party signs, an attempt to rewrite
signed history, and a correction that goes through. Each step runs the commands the CI templates run.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from conftest import FIXTURES
from git_support import afspraken, commit, git, init
from site_support import build_clean, read_page
from test_historie import edit, rehash

HANDLES = """\
# yaml-language-server: $schema=../schema/handles.schema.json
klein:
  GK: {github: [gemeente-jan]}
  WK: {github: [ws-piet, ws-anna]}
  HK: {github: [huurders-els]}
"""
B2 = """\
# yaml-language-server: $schema=../../../../schema/afspraak.schema.json
nr: B2
thema: B
inhoud: De wijkschouw vindt twee keer per jaar plaats.
trekkers:
  - HK
"""
A2 = """\
# yaml-language-server: $schema=../../../../schema/afspraak.schema.json
nr: A2
thema: A
inhoud: |-
  Starters krijgen voorrang bij 25 procent van de vrijkomende woningen.
  De gemeente legt dit vast in de huisvestingsverordening.
resultaat: Meer starters aan een woning
looptijd:
  van: 2025
  tot: 2026
trekkers:
  - GK
  - WK
"""
RONDE = """\
# yaml-language-server: $schema=../../../schema/monitoring.schema.json
datum: "2024-09-17"
versie: "2024"
titel: Stand van zaken september 2024
statussen:
  A1:
    status: rood
    toelichting: De huren stegen 1,5 procent boven de inflatie.
    oorzaak: De wettelijke maximale huurverhoging lag hoger dan verwacht.
    gevolg: Huurders met een laag inkomen betalen meer.
    actie: WK compenseert in 2025 met een huurbevriezing.
  B1:
    status: groen
"""


class _Reviews(BaseHTTPRequestHandler):
    """GitHub's reviews API for pull request 12 on 127.0.0.1."""

    reviews: list[dict] = []

    def do_GET(self) -> None:  # noqa: N802
        if "/pulls/12/reviews" in self.path and "page=1" in self.path:
            body = self.reviews
        elif self.path.endswith("/pulls/12"):
            body = {"head": {"sha": "kop"}}
        else:
            body = []
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def github():
    server = HTTPServer(("127.0.0.1", 0), _Reviews)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Reviews.reviews = []
    yield {"GITHUB_ACTIONS": "true", "GITHUB_API_URL": f"http://127.0.0.1:{server.server_port}",
           "GITHUB_REPOSITORY": "kleindorp/afspraken", "GITHUB_TOKEN": "t", "PR_NUMMER": "12", "PR_HEAD_SHA": "kop"}
    server.shutdown()
    server.server_close()


def approve(*logins: str, commit_id: str = "kop") -> None:
    _Reviews.reviews = [{"user": {"login": login}, "state": "APPROVED", "commit_id": commit_id} for login in logins]


def comment(repo: Path, tmp_path: Path) -> str:
    out = tmp_path / "commentaar.md"
    out.unlink(missing_ok=True)
    result = afspraken(repo, "ci", "commentaar", "--basis", "main", "--uitvoer", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def pr(repo: Path, branch: str) -> None:
    git(repo, "checkout", "--quiet", "main")
    git(repo, "checkout", "--quiet", "-b", branch)


def merge(repo: Path, branch: str) -> None:
    git(repo, "checkout", "--quiet", "main")
    git(repo, "merge", "--quiet", "--no-ff", "-m", f"Merge {branch}", branch)


def test_a_year_of_prestatieafspraken(tmp_path: Path, github: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    klein = repo / "agreements" / "klein"
    shutil.copytree(FIXTURES / "klein", klein)
    (klein / "afspraken" / "B2.yaml").write_text(B2, encoding="utf-8")
    assert afspraken(repo, "vaststellen", "klein", "2024", "--datum", "2023-12-14",
                     "--ondertekend-door", "GK,WK,HK").returncode == 0
    (repo / "ci").mkdir()
    (repo / "ci" / "handles.yaml").write_text(HANDLES, encoding="utf-8")
    init(repo)

    # Earlier in the year a change was merged: it is not the next pull request's.
    pr(repo, "eerder")
    edit(klein / "afspraken/B1.yaml", "naar label A.", "naar label A of beter.")
    commit(repo, "B1: label A of beter")
    merge(repo, "eerder")

    # --- a contributor's pull request ----------------------------------------------------------
    pr(repo, "voorstel")
    edit(klein / "afspraken/A1.yaml", "De huren stijgen niet meer dan de inflatie.",
         "De huren stijgen niet meer dan de inflatie min een half procent.")
    edit(klein / "afspraken/B1.yaml", "planning: Q1 2024", "planning: Q3 2025")
    (klein / "afspraken/A2.yaml").write_text(A2, encoding="utf-8")
    (klein / "afspraken/B2.yaml").unlink()
    (klein / "monitoring").mkdir()
    (klein / "monitoring/2024-09.yaml").write_text(RONDE, encoding="utf-8")
    commit(repo, "Voorstel voor 2025")
    assert afspraken(repo, "check", "--basis", "main").returncode == 0
    text = comment(repo, tmp_path)
    assert "**Aantallen**: 1 toegevoegd, 1 vervallen, 2 gewijzigd (per soort: planning 1, tekst 1)" in text
    assert "**Gewijzigd: A1**: tekst" in text and re.search(r"<ins> ?min een half procent ?</ins>", text)
    assert "**Gewijzigd: B1**: planning" in text and "Q3 2025" in text
    assert "of beter" not in text, "a change merged earlier is not this pull request's"
    assert "**Toegevoegd: A2**" in text
    assert "> Starters krijgen voorrang bij 25 procent van de vrijkomende woningen&#46;" in text
    assert "> De gemeente legt dit vast in de huisvestingsverordening&#46;" in text
    assert "- **Trekkers**: GK (Gemeente Kleindorp), WK (Woonstichting Kleindorp)" in text
    assert "- **Looptijd**: 2025&#45;2026" in text
    assert "**Vervallen: B2**" in text and "> De wijkschouw vindt twee keer per jaar plaats&#46;" in text
    assert "#### Nieuwe monitoringsronde 2024&#45;09" in text
    assert "- **A1**: 🔴 rood" in text
    for veld, woorden in (("oorzaak", "De wettelijke maximale huurverhoging"), ("gevolg", "Huurders met een laag"),
                          ("actie", "WK compenseert in 2025")):
        assert f"    - {veld}: {woorden}" in text
    assert "Vaststelling" not in text
    # Not a vaststelling: the sign-off check passes without asking anyone.
    result = afspraken(repo, "ci", "ondertekening", "--basis", "main", **github)
    assert result.returncode == 0 and "geen ondertekening nodig" in result.stdout
    merge(repo, "voorstel")

    # --- the vaststelling: every signatory reviews the version in force against the new one ----------
    pr(repo, "vaststelling-2025")
    result = afspraken(repo, "vaststellen", "klein", "2025", "--datum", "2024-12-10", "--ondertekend-door", "GK,WK,HK",
                       "--toelichting", "Jaarschijf 2025")
    assert result.returncode == 0, result.stderr
    # Someone adds themselves as a reviewer in the same pull request: that does not count.
    (repo / "ci/handles.yaml").write_text(HANDLES.replace("[huurders-els]", "[huurders-els, indringer]"), encoding="utf-8")
    commit(repo, "Vaststelling 2025")
    assert afspraken(repo, "check", "--basis", "main").returncode == 0
    text = comment(repo, tmp_path)
    assert "Geen wijzigingen" not in text and "Geen inhoudelijke wijzigingen" not in text
    assert "#### Vaststelling van versie 2025" in text
    assert "- **Vastgesteld op**: 2024&#45;12&#45;10" in text
    assert "- **Ondertekend door**: GK (Gemeente Kleindorp), WK (Woonstichting Kleindorp), HK (Huurdersbelang Kleindorp)" in text
    assert "Wat verandert ten opzichte van versie 2024 (vastgesteld op 2023&#45;12&#45;14)" in text
    # The whole year: the change merged earlier and the contributor's pull request.
    assert "**Aantallen**: 1 toegevoegd, 1 vervallen, 2 gewijzigd (per soort: planning 1, tekst 2)" in text
    assert "of beter" in text.replace("<ins>", "").replace("</ins>", "")
    assert "- **versie_hash**: <code>sha256&#58;&#8203;" in text and "schakel in de keten**: na versie 2024" in text
    approve("gemeente-jan", "indringer")
    result = afspraken(repo, "ci", "ondertekening", "--basis", "main", **github)
    assert result.returncode == 1
    assert "- ✅ GK: goedgekeurd door @gemeente-jan" in result.stdout
    assert "- ❌ WK: nog niet goedgekeurd (reviewers: @ws-piet, @ws-anna)" in result.stdout
    assert "- ❌ HK: nog niet goedgekeurd (reviewers: @huurders-els)" in result.stdout
    approve("gemeente-jan", "ws-anna", "huurders-els", commit_id="een-eerdere-commit")
    assert afspraken(repo, "ci", "ondertekening", "--basis", "main", **github).returncode == 1
    approve("gemeente-jan", "WS-Anna", "huurders-els")
    result = afspraken(repo, "ci", "ondertekening", "--basis", "main", **github)
    assert result.returncode == 0, result.stdout
    assert "Klaar: elke partij heeft goedgekeurd." in result.stdout
    merge(repo, "vaststelling-2025")

    # --- rewriting signed history, hashes and all ------------------------------------------------
    pr(repo, "herschrijven")
    v2024, v2025 = klein / "versies/2024", klein / "versies/2025"
    edit(v2024 / "afspraken/A1.yaml", "niet meer dan de inflatie", "met de inflatie plus twee procent")
    rehash(v2024)
    rehash(v2025, vorige=v2024)
    commit(repo, "Kleine aanpassing")
    assert afspraken(repo, "check").returncode == 0, "the files alone agree with each other again"
    result = afspraken(repo, "check", "--basis", "main")
    assert result.returncode == 1
    assert "agreements/klein/versies/2024/afspraken/A1.yaml:1:1: dit bestand van de vastgestelde versie 2024 is gewijzigd" in result.stdout
    assert "#### ⛔ Vastgestelde geschiedenis herschreven" in comment(repo, tmp_path)

    # --- a correction of a typo in the signed version goes through, visibly ------------------------
    pr(repo, "correctie")
    edit(v2025 / "afspraken/A2.yaml", "Meer starters aan een woning", "Meer starters aan een eigen woning")
    assert afspraken(repo, "check", "--basis", "main").returncode == 1
    result = afspraken(repo, "corrigeren", "klein", "2025", "afspraken/A2.yaml", "--reden",
                       "Het woord 'eigen' viel weg bij het overnemen", "--goedgekeurd-door", "GK,WK,HK",
                       "--datum", "2025-01-20")
    assert result.returncode == 0, result.stderr
    commit(repo, "Correctie A2")
    assert afspraken(repo, "check", "--basis", "main").returncode == 0
    text = comment(repo, tmp_path)
    assert "#### ⚠️ CORRECTIE van de ondertekende versie 2025" in text
    assert "- **Reden**: Het woord &#39;eigen&#39; viel weg bij het overnemen" in text
    assert re.search(r"<ins> ?eigen ?</ins>", text)
    approve("gemeente-jan", "ws-piet")
    result = afspraken(repo, "ci", "ondertekening", "--basis", "main", **github)
    assert result.returncode == 1 and "correctie van versie 2025 (afspraken/A2.yaml)" in result.stdout
    approve("gemeente-jan", "ws-piet", "huurders-els")
    assert afspraken(repo, "ci", "ondertekening", "--basis", "main", **github).returncode == 0
    merge(repo, "correctie")
    assert afspraken(repo, "check").returncode == 0

    # --- the site shows each version's hash, its link in the chain, and the correction -------------
    site = build_clean(repo / "agreements", tmp_path / "site")
    page = read_page(site, "klein/2025")
    assert "Gecorrigeerd na de ondertekening" in page and 'id="correcties"' in page
    assert "Reden: Het woord 'eigen' viel weg bij het overnemen." in html.unescape(page)
    versie_2025 = (v2025 / "versie.yaml").read_text(encoding="utf-8")
    assert f"<dt>Versiehash</dt> <dd><code>{versie_2025.split('versie_hash: ')[1].strip()}</code>" in page
    assert re.search(r'<dt>Schakel in de keten</dt> <dd>na <a href="[./]*klein/2024/">versie 2024</a>, met hash <code>sha256:', page)
    assert "Gecorrigeerd" not in read_page(site, "klein/2024")
