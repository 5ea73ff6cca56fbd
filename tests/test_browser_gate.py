"""`make test` on a machine without chromium: the browser tests are left out with one loud line,
unless CI requires them (`.ci/run`), where a missing browser fails the run."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import BROWSER_REQUIRED, CHROMIUM_ENV, ROOT


def _pytest(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != BROWSER_REQUIRED}
    env.update({CHROMIUM_ENV: "/nonexistent/chromium", **env_extra})
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_browser.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_without_chromium_the_browser_tests_are_left_out_with_one_loud_line() -> None:
    result = _pytest({})
    assert result.returncode == 5, result.stdout[-2000:]  # pytest: no tests ran, nothing failed
    hints = [line for line in result.stdout.splitlines() if "apt-get install chromium" in line]
    assert len(hints) == 1, result.stdout[-2000:]
    assert "browsertests overgeslagen" in hints[0]
    assert "deselected" in result.stdout


def test_ci_fails_when_chromium_is_missing() -> None:
    result = _pytest({BROWSER_REQUIRED: "1"})
    assert result.returncode not in (0, 5)
    assert "apt-get install chromium" in result.stderr + result.stdout
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {BROWSER_REQUIRED}=1" in ci
