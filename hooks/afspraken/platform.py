"""GitHub's and GitLab's API, the little we use: post or update our comment, read who approved.

Our own comment is the one written by our bot account AND starting with the marker: a comment that
someone else wrote with the marker in it is never edited. On GitHub the bot is github-actions[bot] unless
AFSPRAKEN_BOT_LOGIN names another account; on GitLab it is the user the token belongs to.

An approval counts on GitHub only when it is the reviewer's latest review and was given on the pull
request's current head commit (a later push needs a new approval); on GitLab the merge request's
approvals are what GitLab itself counts (it resets them on a push when the project is set up so).
"""
from __future__ import annotations

import json
import re
import urllib.error  # noqa: F401  (HTTPError is an OSError, handled by the callers)
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .commentaar import MARKER

Http = Callable[[str, str, Mapping[str, str], Any], Any]
MAX_PAGES = 20


class PlatformError(Exception):
    """A platform call that cannot be made or answered wrongly; the message is Dutch."""


def http_json(method: str, url: str, headers: Mapping[str, str], body: Any = None) -> Any:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode("utf-8")
    return json.loads(text) if text else None


def _pages(http: Http, url: str, headers: Mapping[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        sep = "&" if "?" in url else "?"
        batch = http("GET", f"{url}{sep}per_page=100&page={page}", headers, None)
        if not isinstance(batch, list):
            raise PlatformError(f"onverwacht antwoord van {url}")
        items += [item for item in batch if isinstance(item, dict)]
        if len(batch) < 100:
            break
    return items


def nummer(text: str) -> int:
    """A pull/merge request number from untrusted input (an artifact): digits only, else refused."""
    text = text.strip()
    if not re.fullmatch(r"[1-9][0-9]{0,9}", text):
        raise PlatformError(f"'{text[:40]}' is geen geldig nummer van een pull request")
    return int(text)


def _eigen(comments: list[dict[str, Any]], author: Callable[[dict[str, Any]], str], bot: str) -> Any:
    for comment in comments:
        if author(comment).casefold() == bot.casefold() and str(comment.get("body") or "").startswith(MARKER):
            return comment.get("id")
    return None


@dataclass
class GitHub:
    api: str
    repository: str
    token: str
    pr: int
    bot: str = "github-actions[bot]"
    http: Http = http_json

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json"}

    def head(self) -> str:
        data = self.http("GET", f"{self.api}/repos/{self.repository}/pulls/{self.pr}", self._headers, None)
        sha = (data or {}).get("head", {}).get("sha") if isinstance(data, dict) else None
        if not sha:
            raise PlatformError(f"pull request #{self.pr} niet gevonden")
        return str(sha)

    def plaats(self, tekst: str) -> str:
        issue = f"{self.api}/repos/{self.repository}/issues/{self.pr}"
        bestaand = _eigen(_pages(self.http, f"{issue}/comments", self._headers),
                          lambda c: str((c.get("user") or {}).get("login", "")), self.bot)
        if bestaand is None:
            self.http("POST", f"{issue}/comments", self._headers, {"body": tekst})
        else:
            self.http("PATCH", f"{self.api}/repos/{self.repository}/issues/comments/{bestaand}", self._headers,
                      {"body": tekst})
        return f"pull request #{self.pr}"

    def goedkeuringen(self, head_sha: str) -> set[str]:
        reviews = _pages(self.http, f"{self.api}/repos/{self.repository}/pulls/{self.pr}/reviews", self._headers)
        latest: dict[str, dict[str, Any]] = {}
        for review in reviews:  # oldest first; a comment-only review does not replace a verdict
            login = str((review.get("user") or {}).get("login", "")).casefold()
            if login and review.get("state") in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
                latest[login] = review
        return {login for login, review in latest.items()
                if review.get("state") == "APPROVED" and review.get("commit_id") == head_sha}


@dataclass
class GitLab:
    api: str
    project: str
    iid: int
    token: str
    http: Http = http_json

    @property
    def _headers(self) -> dict[str, str]:
        return {"PRIVATE-TOKEN": self.token}

    def _mr(self) -> str:
        return f"{self.api}/projects/{self.project}/merge_requests/{self.iid}"

    def plaats(self, tekst: str) -> str:
        me = self.http("GET", f"{self.api}/user", self._headers, None)
        bot = str((me or {}).get("username", "")) if isinstance(me, dict) else ""
        if not bot:
            raise PlatformError("de token hoort bij geen gebruiker")
        notes = f"{self._mr()}/notes"
        bestaand = _eigen(_pages(self.http, notes, self._headers),
                          lambda n: str((n.get("author") or {}).get("username", "")), bot)
        if bestaand is None:
            self.http("POST", notes, self._headers, {"body": tekst})
        else:
            self.http("PUT", f"{notes}/{bestaand}", self._headers, {"body": tekst})
        return f"merge request !{self.iid}"

    def goedkeuringen(self, head_sha: str = "") -> set[str]:
        data = self.http("GET", f"{self._mr()}/approvals", self._headers, None)
        approved = (data or {}).get("approved_by", []) if isinstance(data, dict) else []
        return {str((a.get("user") or {}).get("username", "")).casefold() for a in approved if isinstance(a, dict)} - {""}


def uit_env(env: Mapping[str, str], pr: str | None = None) -> GitHub | GitLab:
    """The platform this CI job runs on, from its variables; PlatformError names what is missing."""
    def need(name: str) -> str:
        if not env.get(name):
            raise PlatformError(f"de variabele {name} ontbreekt")
        return env[name]

    if env.get("GITHUB_ACTIONS") == "true":
        return GitHub(api=env.get("GITHUB_API_URL", "https://api.github.com"), repository=need("GITHUB_REPOSITORY"),
                      token=need("GITHUB_TOKEN"), pr=nummer(pr or need("PR_NUMMER")),
                      bot=env.get("AFSPRAKEN_BOT_LOGIN") or "github-actions[bot]")
    if env.get("GITLAB_CI") == "true":
        return GitLab(api=need("CI_API_V4_URL"), project=need("CI_PROJECT_ID"),
                      iid=nummer(pr or need("CI_MERGE_REQUEST_IID")), token=need("AFSPRAKEN_GITLAB_TOKEN"))
    raise PlatformError("geen GitHub Actions of GitLab CI gevonden (GITHUB_ACTIONS of GITLAB_CI)")
