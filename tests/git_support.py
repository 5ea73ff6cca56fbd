"""A real git repository for tests: commands run as a contributor would, with a fixed identity."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

IDENTITY = dict(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
                GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")


def clean_env(**extra: str) -> dict[str, str]:
    """This machine's environment without CI variables, our Python's bin first on PATH."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "AFSPRAKEN_", "PR_"))}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    return {**base, **extra}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env=clean_env(**IDENTITY)).stdout


def init(repo: Path) -> None:
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "begin")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", message)


def afspraken(repo: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """The `afspraken` command in the repository, as a contributor or a CI job runs it."""
    return subprocess.run([sys.executable, "-m", "afspraken.cli", *args], cwd=repo, capture_output=True,
                          text=True, env=clean_env(**extra), timeout=300)
