"""The CI files adopters get: workflows that call our scripts, and those scripts working for real."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from afspraken.ci import MARKER

from conftest import FIXTURES, ROOT
from test_export import stel_vast

yaml = YAML(typ="safe")
CONTROLEER = "bash ci/controleer.sh"
COMMENTAAR = "python -m afspraken.ci commentaar"


def env(**extra: str) -> dict[str, str]:
    """The environment of a CI job: our Python's bin first on PATH, no CI variables of this machine."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "AFSPRAKEN_", "PR_"))}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    return {**base, **extra}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env=env(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
                                  GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two werkgebieden on main, and a branch 'voorstel' checked out."""
    repo = tmp_path / "repo"
    for slug in ("klein", "ander"):
        shutil.copytree(FIXTURES / "klein", repo / "agreements" / slug)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "begin")
    git(repo, "checkout", "--quiet", "-b", "voorstel")
    return repo


def wijzig(repo: Path, slug: str = "klein") -> None:
    path = repo / "agreements" / slug / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Continueren.", "Uitbreiden naar 2025."), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "A1 aangepast")


def commentaar(repo: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "afspraken.ci", "commentaar", *args], cwd=repo,
                          capture_output=True, text=True, env=env(**extra), timeout=300)


# --- the workflow files ---------------------------------------------------------------------------

def test_github_workflow_checks_pull_requests_comments_and_publishes_main() -> None:
    flow = yaml.load((ROOT / ".github" / "workflows" / "afspraken.yml").read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 readers turn the key 'on' into true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = flow["jobs"]["controleren"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert CONTROLEER in runs
    comment = next(s for s in steps if COMMENTAAR in s.get("run", ""))
    assert comment["if"] == "github.event_name == 'pull_request'"
    assert set(comment["env"]) == {"GITHUB_TOKEN", "PR_NUMMER"}
    assert flow["jobs"]["controleren"]["permissions"]["pull-requests"] == "write"
    publish = flow["jobs"]["publiceren"]
    assert "refs/heads/main" in publish["if"] and "pull_request" in publish["if"]
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_gitlab_ci_checks_merge_requests_comments_and_publishes_pages() -> None:
    flow = yaml.load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    check = flow["controleren"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert check["script"][0] == CONTROLEER
    assert any(line.startswith(COMMENTAAR) for line in check["script"])
    pages = flow["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "AFSPRAKEN_SITE_DIR=public" in pages["script"][0] and CONTROLEER in pages["script"][0]


def test_pre_commit_hook_checks_changed_content_files(klein: Path) -> None:
    config = yaml.load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("agreements/klein/afspraken/A1.yaml")
    assert files.search("agreements/klein/versies/2023/versie.yaml")
    assert not files.search("docs/index.md") and not files.search("schema/afspraak.schema.json")
    # What pre-commit runs: the entry with the changed file names, from the repository root.
    changed = ["agreements/klein/afspraken/A1.yaml"]
    run = lambda: subprocess.run([*hook["entry"].split(), *changed], cwd=klein.parent.parent,  # noqa: E731
                                 capture_output=True, text=True, env=env())
    assert run().returncode == 0
    other = klein / "afspraken" / "B1.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("thema: B", "thema: Q"), encoding="utf-8")
    result = run()
    assert result.returncode == 1, "a changed file's whole werkgebied is checked"
    assert "B1.yaml:3:8: thema 'Q' bestaat niet" in result.stdout


# --- ci/controleer.sh -----------------------------------------------------------------------------

def site_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "site-repo"
    shutil.copytree(FIXTURES / "klein", repo / "agreements" / "klein")
    shutil.copytree(ROOT / "ci", repo / "ci")
    (repo / "docs").mkdir()
    (repo / "docs" / "index.md").write_text("# Prestatieafspraken\n", encoding="utf-8")
    (repo / "mkdocs.yml").write_text("site_name: Proef\n", encoding="utf-8")
    return repo


def test_controleer_script_checks_then_builds(tmp_path: Path) -> None:
    repo = site_repo(tmp_path)
    result = subprocess.run(["bash", "ci/controleer.sh"], cwd=repo, capture_output=True, text=True,
                            env=env(AFSPRAKEN_INSTALLEER="0", AFSPRAKEN_SITE_DIR="public"), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "public" / "index.html").is_file()


def test_controleer_script_fails_on_invalid_content_before_building(tmp_path: Path) -> None:
    repo = site_repo(tmp_path)
    path = repo / "agreements" / "klein" / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: Z"), encoding="utf-8")
    result = subprocess.run(["bash", "ci/controleer.sh"], cwd=repo, capture_output=True, text=True,
                            env=env(AFSPRAKEN_INSTALLEER="0"), timeout=300)
    assert result.returncode == 1
    assert "A1.yaml:3:8: thema 'Z' bestaat niet" in result.stdout
    assert not (repo / "site").exists()


# --- the comment ----------------------------------------------------------------------------------

def test_comment_names_only_the_changed_werkgebied(repo: Path, tmp_path: Path) -> None:
    wijzig(repo, "klein")
    out = tmp_path / "commentaar.md"
    result = commentaar(repo, "--basis", "main", AFSPRAKEN_COMMENT_FILE=str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    assert text.count("### ") == 1 and "### Kleindorp" in text
    assert "nog geen vastgestelde versie: alle 2 afspraken zijn nieuw" in text


def test_no_comment_when_no_werkgebied_changed(repo: Path, tmp_path: Path) -> None:
    (repo / "README.md").write_text("Alleen uitleg.\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "uitleg")
    out = tmp_path / "commentaar.md"
    result = commentaar(repo, "--basis", "main", AFSPRAKEN_COMMENT_FILE=str(out))
    assert result.returncode == 0
    assert "Geen werkgebied gewijzigd" in result.stderr
    assert not out.exists()


def test_comment_with_invalid_content_points_at_the_check(repo: Path, tmp_path: Path) -> None:
    path = repo / "agreements" / "klein" / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: Z"), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "fout")
    out = tmp_path / "commentaar.md"
    assert commentaar(repo, "--basis", "main", AFSPRAKEN_COMMENT_FILE=str(out)).returncode == 0
    assert "`afspraken check` vindt fouten in dit werkgebied" in out.read_text(encoding="utf-8")


def test_comment_shows_the_diff_against_the_version_in_force(repo: Path, tmp_path: Path) -> None:
    pytest.importorskip("afspraken.diff", reason="afspraken diff is built on another branch")
    stel_vast(repo / "agreements" / "klein", "2023", 2023)
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "versie 2023")
    git(repo, "checkout", "--quiet", "-b", "actualisatie")
    wijzig(repo, "klein")
    out = tmp_path / "commentaar.md"
    result = commentaar(repo, "--basis", "voorstel", AFSPRAKEN_COMMENT_FILE=str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "vergeleken met versie 2023" in text
    assert "**A1**" in text and "<ins>Uitbreiden naar 2025</ins>" in text
    assert "De vergelijking lukte niet" not in text


class _FakeForge(BaseHTTPRequestHandler):
    """GitHub's and GitLab's comment API on 127.0.0.1: records every request, answers like the real one."""

    requests: list[tuple[str, str, dict]] = []
    existing: list[dict] = []

    def _answer(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else {}
        self.requests.append((self.command, self.path, {**body, "auth": self.headers.get("Authorization")
                                                          or self.headers.get("PRIVATE-TOKEN")}))
        return body

    def do_GET(self) -> None:  # noqa: N802
        self._record()
        self._answer(self.existing)

    def do_POST(self) -> None:  # noqa: N802
        self._answer({"id": 1, **self._record()})

    do_PATCH = do_PUT = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def forge():
    _FakeForge.requests = []
    _FakeForge.existing = []
    server = HTTPServer(("127.0.0.1", 0), _FakeForge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _FakeForge
    server.shutdown()
    server.server_close()


def test_github_comment_is_posted_once_then_updated(repo: Path, tmp_path: Path, forge) -> None:
    url, fake = forge
    wijzig(repo)
    summary = tmp_path / "summary.md"
    github = dict(GITHUB_ACTIONS="true", GITHUB_API_URL=url, GITHUB_REPOSITORY="org/afspraken",
                  GITHUB_TOKEN="geheim", PR_NUMMER="7", GITHUB_STEP_SUMMARY=str(summary))
    assert commentaar(repo, "--basis", "main", **github).returncode == 0
    (get, get_path, _), (post, post_path, body) = fake.requests
    assert (get, get_path) == ("GET", "/repos/org/afspraken/issues/7/comments?per_page=100")
    assert (post, post_path) == ("POST", "/repos/org/afspraken/issues/7/comments")
    assert body["body"].startswith(MARKER) and body["auth"] == "Bearer geheim"
    assert summary.read_text(encoding="utf-8") == body["body"]
    # The next push updates our comment instead of adding one; other people's comments are left alone.
    fake.requests.clear()
    fake.existing = [{"id": 3, "body": "Mooi voorstel!"}, {"id": 42, "body": body["body"]}]
    assert commentaar(repo, "--basis", "main", **github).returncode == 0
    assert [(m, p) for m, p, _ in fake.requests] == [
        ("GET", "/repos/org/afspraken/issues/7/comments?per_page=100"),
        ("PATCH", "/repos/org/afspraken/issues/comments/42"),
    ]


def test_gitlab_comment_uses_the_project_token(repo: Path, forge) -> None:
    url, fake = forge
    wijzig(repo)
    gitlab = dict(GITLAB_CI="true", CI_API_V4_URL=f"{url}/api/v4", CI_PROJECT_ID="12",
                  CI_MERGE_REQUEST_IID="5", AFSPRAKEN_GITLAB_TOKEN="glpat-x")
    assert commentaar(repo, "--basis", "main", **gitlab).returncode == 0
    (_, get_path, _), (post, post_path, body) = fake.requests
    assert get_path == "/api/v4/projects/12/merge_requests/5/notes?per_page=100"
    assert (post, post_path) == ("POST", "/api/v4/projects/12/merge_requests/5/notes")
    assert body["auth"] == "glpat-x" and "### Kleindorp" in body["body"]


def test_a_comment_that_cannot_be_posted_warns_but_does_not_fail(repo: Path) -> None:
    wijzig(repo)
    result = commentaar(repo, "--basis", "main", GITLAB_CI="true", CI_API_V4_URL="http://127.0.0.1:9/api/v4",
                        CI_PROJECT_ID="1", CI_MERGE_REQUEST_IID="1")  # no token: a fork or no variable
    assert result.returncode == 0
    assert "::warning::kon het commentaar niet plaatsen" in result.stderr


# --- CODEOWNERS -----------------------------------------------------------------------------------

def test_codeowners_example_is_what_the_generator_makes(klein: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "afspraken.ci", "codeowners", str(ROOT / "ci" / "codeowners.example.yaml")],
                            cwd=klein.parent.parent, capture_output=True, text=True, env=env())
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "CODEOWNERS.example").read_text(encoding="utf-8")


def owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last matching line wins (patterns here are files or folders from the root)."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, *handles = line.split()
        if path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            owners = handles
    return owners


def test_codeowners_trekker_reviews_own_afspraak_and_everyone_a_vaststelling(klein: Path) -> None:
    from afspraken.ci import codeowners

    handles = {"klein": {"GK": "@g", "WK": "@w", "HK": "@h"}}
    text = codeowners(klein.parent.parent, handles)
    assert owners_of(text, "/agreements/klein/afspraken/A1.yaml") == ["@w"]  # trekker WK
    assert owners_of(text, "/agreements/klein/afspraken/B1.yaml") == ["@g", "@w", "@h"]  # allen
    assert owners_of(text, "/agreements/klein/afspraken/A9.yaml") == ["@g", "@w", "@h"]  # new file
    assert owners_of(text, "/agreements/klein/versies/2024/afspraken/A1.yaml") == ["@g", "@w", "@h"]
    assert owners_of(text, "/agreements/klein/werkgebied.yaml") == ["@g", "@w", "@h"]
    partial = codeowners(klein.parent.parent, {"klein": {"WK": "@w"}})
    assert "# Zonder handle (geen reviewer): GK, HK" in partial
    assert owners_of(partial, "/agreements/klein/versies/2024/versie.yaml") == ["@w"]
