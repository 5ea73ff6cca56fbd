"""The CI files adopters get: workflows that call our commands, and those commands working for real."""
from __future__ import annotations

import json
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
from git_support import afspraken, clean_env as env, git

yaml = YAML(typ="safe")
CONTROLEER = "bash ci/controleer.sh"
WORKFLOWS = ROOT / ".github" / "workflows"


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


def commentaar(repo: Path, out: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return afspraken(repo, "ci", "commentaar", "--basis", "main", "--uitvoer", str(out), *args, **extra)


def plaats(repo: Path, out: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return afspraken(repo, "ci", "plaats", str(out), *args, **extra)


# --- the workflow files ---------------------------------------------------------------------------

def _flow(name: str) -> dict:
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _on(flow: dict) -> dict:
    return flow.get("on", flow.get(True))  # YAML 1.1 readers turn the key 'on' into true


def test_github_workflow_checks_history_makes_the_comment_without_write_access_and_publishes_main() -> None:
    flow = _flow("afspraken.yml")
    assert "pull_request" in _on(flow) and _on(flow)["push"]["branches"] == ["main"]
    assert flow["permissions"] == {}
    job = flow["jobs"]["controleren"]
    assert job["permissions"] == {"contents": "read"}, "the job that runs the pull request's code cannot write"
    runs = [s.get("run", "") for s in job["steps"]]
    assert CONTROLEER in runs
    assert 'afspraken check --basis "$BASIS"' in runs
    comment = next(s for s in job["steps"] if "afspraken ci commentaar --basis" in s.get("run", ""))
    assert comment["env"]["BASIS"] == "origin/${{ github.base_ref }}" and "${{" not in comment["run"]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "commentaar"
    publish = flow["jobs"]["publiceren"]
    assert "refs/heads/main" in publish["if"] and "pull_request" in publish["if"]
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_github_comment_is_posted_by_a_workflow_run_that_never_runs_the_pull_requests_code() -> None:
    flow = _flow("afspraken-commentaar.yml")
    assert _on(flow)["workflow_run"] == {"workflows": ["afspraken"], "types": ["completed"]}
    job = flow["jobs"]["plaatsen"]
    assert job["permissions"]["pull-requests"] == "write"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert "ref" not in checkout.get("with", {}), "only the default branch is checked out"
    download = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    post = job["steps"][-1]
    assert "afspraken ci plaats" in post["run"] and '--head "$HEAD_SHA"' in post["run"]
    assert "${{" not in post["run"]


def test_github_sign_off_runs_on_every_review_with_the_target_branchs_code() -> None:
    flow = _flow("afspraken-ondertekening.yml")
    assert set(_on(flow)) == {"pull_request", "pull_request_review"}
    job = flow["jobs"]["ondertekening"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    install, check = job["steps"][-2:]
    assert "git worktree add" in install["run"] and "pip install --quiet -e" in install["run"]
    assert check["run"] == 'afspraken ci ondertekening --basis "$BASIS"'
    assert check["env"]["PR_HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"


def test_github_workflows_pass_zizmor_without_findings() -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is in the test extras"
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) == 3
    result = subprocess.run([zizmor, "--offline", "--persona", "pedantic", *map(str, files)],
                            capture_output=True, text=True, env=env(), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    for path in files:
        text = path.read_text(encoding="utf-8")
        for line in re.findall(r"uses: (\S+)", text):
            # owner/repo, or an action in a folder of it (actions/cache/restore), at a full commit hash
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", line), f"{path.name}: {line} is not pinned to a commit"
        flow = yaml.load(text)
        for name, job in flow["jobs"].items():
            assert job.get("timeout-minutes"), f"{path.name}: job {name} has no timeout"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_gitlab_ci_checks_history_comments_signs_off_and_publishes_pages() -> None:
    flow = yaml.load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    mr = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    check = flow["controleren"]
    assert check["rules"] == mr and check["script"][0] == CONTROLEER
    assert check["script"][-1] == 'afspraken check --basis "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"'
    comment = flow["commentaar"]
    assert comment["rules"] == mr
    assert any(line.startswith("afspraken ci commentaar --basis") and "--platform gitlab" in line
               for line in comment["script"])
    assert comment["script"][-1] == "afspraken ci plaats commentaar.md"
    assert comment["artifacts"]["when"] == "always" and "volledig.md" in comment["artifacts"]["paths"]
    sign = flow["ondertekening"]
    assert any("git worktree add" in line for line in sign["script"])
    assert sign["script"][-1].startswith("afspraken ci ondertekening --basis")
    pages = flow["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "AFSPRAKEN_SITE_DIR=public" in pages["script"][0] and CONTROLEER in pages["script"][0]
    header = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8").split("image:")[0]
    assert "scope api" in header and "Reporter" in header and "niet pushen" in header


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
    result = commentaar(repo, out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    assert text.count("\n### ") == 1 and "### Kleindorp" in text
    assert "**Gewijzigd: A1**" in text and "<ins>" in text


def test_no_comment_when_no_werkgebied_changed(repo: Path, tmp_path: Path) -> None:
    (repo / "README.md").write_text("Alleen uitleg.\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "uitleg")
    out = tmp_path / "commentaar.md"
    result = commentaar(repo, out)
    assert result.returncode == 0
    assert "Geen werkgebied gewijzigd" in result.stderr
    assert not out.exists()


def test_comment_with_invalid_content_points_at_the_check(repo: Path, tmp_path: Path) -> None:
    path = repo / "agreements" / "klein" / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: Z"), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "fout")
    out = tmp_path / "commentaar.md"
    assert commentaar(repo, out).returncode == 0
    assert "`afspraken check` vindt 1 probleem in dit werkgebied" in out.read_text(encoding="utf-8")


def test_python_m_afspraken_ci_still_works(repo: Path, tmp_path: Path) -> None:
    wijzig(repo)
    out = tmp_path / "c.md"
    result = subprocess.run([sys.executable, "-m", "afspraken.ci", "commentaar", "--basis", "main", "--uitvoer", str(out)],
                            cwd=repo, capture_output=True, text=True, env=env(), timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith(MARKER)


class _FakeForge(BaseHTTPRequestHandler):
    """GitHub's and GitLab's API on 127.0.0.1: records every request, answers from `routes` like the real one."""

    requests: list[tuple[str, str, dict]] = []
    routes: dict[str, object] = {}

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
        page = re.search(r"[?&]page=(\d+)", self.path)
        answer = self.routes.get(self.path.split("?")[0], [])
        self._answer([] if page and page.group(1) != "1" else answer)

    def do_POST(self) -> None:  # noqa: N802
        self._answer({"id": 1, **self._record()})

    do_PATCH = do_PUT = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def forge():
    _FakeForge.requests = []
    _FakeForge.routes = {}
    server = HTTPServer(("127.0.0.1", 0), _FakeForge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _FakeForge
    server.shutdown()
    server.server_close()


def github(url: str, **extra: str) -> dict[str, str]:
    return dict(GITHUB_ACTIONS="true", GITHUB_API_URL=url, GITHUB_REPOSITORY="org/afspraken",
                GITHUB_TOKEN="geheim", **extra)


def test_github_comment_is_posted_once_then_updated_only_when_the_bot_wrote_it(repo: Path, tmp_path: Path, forge) -> None:
    url, fake = forge
    wijzig(repo)
    out, summary = tmp_path / "commentaar.md", tmp_path / "summary.md"
    assert commentaar(repo, out, GITHUB_STEP_SUMMARY=str(summary)).returncode == 0
    assert summary.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert plaats(repo, out, "--pr", "7", **github(url)).returncode == 0
    (get, get_path, _), (post, post_path, body) = fake.requests
    assert (get, get_path) == ("GET", "/repos/org/afspraken/issues/7/comments?per_page=100&page=1")
    assert (post, post_path) == ("POST", "/repos/org/afspraken/issues/7/comments")
    assert body["body"] == out.read_text(encoding="utf-8") and body["auth"] == "Bearer geheim"
    # Someone else's comment that starts with our marker is never taken for ours.
    fake.requests.clear()
    comments = [{"id": 3, "body": "Mooi voorstel!", "user": {"login": "jdevries"}},
                {"id": 5, "body": MARKER + "\n## Goedgekeurd door iedereen", "user": {"login": "indringer"}},
                {"id": 42, "body": body["body"], "user": {"login": "github-actions[bot]"}}]
    fake.routes["/repos/org/afspraken/issues/7/comments"] = comments
    assert plaats(repo, out, "--pr", "7", **github(url)).returncode == 0
    assert [(m, p) for m, p, _ in fake.requests] == [
        ("GET", "/repos/org/afspraken/issues/7/comments?per_page=100&page=1"),
        ("PATCH", "/repos/org/afspraken/issues/comments/42"),
    ]
    fake.requests.clear()
    fake.routes["/repos/org/afspraken/issues/7/comments"] = comments[:2]
    assert plaats(repo, out, "--pr", "7", **github(url)).returncode == 0
    assert fake.requests[-1][:2] == ("POST", "/repos/org/afspraken/issues/7/comments")


def test_an_untrusted_artifact_is_refused(repo: Path, tmp_path: Path, forge) -> None:
    url, fake = forge
    out = tmp_path / "commentaar.md"
    out.write_text(MARKER + "\nhallo\n", encoding="utf-8")
    fake.routes["/repos/org/afspraken/pulls/7"] = {"head": {"sha": "a" * 40}}
    for args, message in [(["--pr", "7; rm -rf /"], "geen geldig nummer"),
                          (["--pr", "7", "--head", "b" * 40], "heeft een andere kop")]:
        result = plaats(repo, out, *args, **github(url))
        assert result.returncode == 1 and message in result.stderr, result.stderr
    out.write_text("## Goedgekeurd\n" + MARKER, encoding="utf-8")
    result = plaats(repo, out, "--pr", "7", **github(url))
    assert result.returncode == 1 and "begint niet met de markering" in result.stderr
    out.write_text(MARKER + "x" * 70_000, encoding="utf-8")
    assert "langer dan de grens" in plaats(repo, out, "--pr", "7", **github(url)).stderr
    assert not [r for r in fake.requests if r[0] != "GET"], "nothing was posted"
    out.write_text(MARKER + "\nhallo\n", encoding="utf-8")
    assert plaats(repo, out, "--pr", "7", "--head", "a" * 40, **github(url)).returncode == 0
    assert fake.requests[-1][:2] == ("POST", "/repos/org/afspraken/issues/7/comments")


def test_gitlab_comment_uses_the_project_token_and_its_own_user(repo: Path, tmp_path: Path, forge) -> None:
    url, fake = forge
    wijzig(repo)
    out = tmp_path / "commentaar.md"
    assert commentaar(repo, out, "--platform", "gitlab").returncode == 0
    gitlab = dict(GITLAB_CI="true", CI_API_V4_URL=f"{url}/api/v4", CI_PROJECT_ID="12",
                  CI_MERGE_REQUEST_IID="5", AFSPRAKEN_GITLAB_TOKEN="glpat-x")
    fake.routes["/api/v4/user"] = {"username": "project_12_bot"}
    fake.routes["/api/v4/projects/12/merge_requests/5/notes"] = [
        {"id": 8, "body": MARKER + " nep", "author": {"username": "iemand"}},
        {"id": 9, "body": MARKER + " oud", "author": {"username": "project_12_bot"}}]
    assert plaats(repo, out, **gitlab).returncode == 0
    assert fake.requests[-1][:2] == ("PUT", "/api/v4/projects/12/merge_requests/5/notes/9")
    assert fake.requests[-1][2]["auth"] == "glpat-x" and "### Kleindorp" in fake.requests[-1][2]["body"]


def test_a_comment_that_cannot_be_posted_warns_but_does_not_fail(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "commentaar.md"
    out.write_text(MARKER + "\n", encoding="utf-8")
    result = plaats(repo, out, GITLAB_CI="true", CI_API_V4_URL="http://127.0.0.1:9/api/v4",
                    CI_PROJECT_ID="1", CI_MERGE_REQUEST_IID="1")  # no token: a fork or no variable
    assert result.returncode == 0
    assert "::warning::kon het commentaar niet plaatsen" in result.stderr


# --- CODEOWNERS -----------------------------------------------------------------------------------

def test_codeowners_example_is_what_the_generator_makes(klein: Path) -> None:
    result = afspraken(klein.parent.parent, "ci", "codeowners", str(ROOT / "ci" / "handles.example.yaml"))
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

    handles = {"klein": {"GK": {"github": ["g"]}, "WK": {"github": ["w"], "gitlab": ["w2"]}, "HK": {"github": ["h"]}}}
    text = codeowners(klein.parent.parent, handles)
    assert owners_of(text, "/agreements/klein/afspraken/A1.yaml") == ["@w"]  # trekker WK
    assert owners_of(text, "/agreements/klein/afspraken/B1.yaml") == ["@g", "@w", "@h"]  # allen
    assert owners_of(text, "/agreements/klein/afspraken/A9.yaml") == ["@g", "@w", "@h"]  # new file
    assert owners_of(text, "/agreements/klein/versies/2024/afspraken/A1.yaml") == ["@g", "@w", "@h"]
    assert owners_of(text, "/agreements/klein/werkgebied.yaml") == ["@g", "@w", "@h"]
    partial = codeowners(klein.parent.parent, handles, "gitlab")
    assert "# Zonder handle (geen reviewer): GK, HK" in partial
    assert owners_of(partial, "/agreements/klein/versies/2024/versie.yaml") == ["@w2"]


def test_codeowners_refuses_a_mapping_that_breaks_its_schema(klein: Path, tmp_path: Path) -> None:
    bad = tmp_path / "handles.yaml"
    bad.write_text("klein:\n  GK: [jan]\n", encoding="utf-8")
    result = afspraken(klein.parent.parent, "ci", "codeowners", str(bad))
    assert result.returncode == 1 and "ci/handles.yaml: klein.GK" in result.stderr
