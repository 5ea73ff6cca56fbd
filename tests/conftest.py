"""Shared fixtures: the repository root, a copy of a small valid werkgebied, and running the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# The examples are the same on every run: a CI run that fails tells of a change, never of a lucky draw.
# `HYPOTHESIS_PROFILE=zoeken` draws new examples, for hunting locally. No deadline: on a loaded machine an example may
# take seconds, and a test fails on behaviour, never on time.
settings.register_profile("vast", derandomize=True, database=None, deadline=None)
settings.register_profile("zoeken", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "vast"))

ROOT = Path(__file__).resolve().parent.parent

# No cache across builds (`afspraken.bouwcache`) unless a test chooses one (tests/test_bouwcache.py): every
# other build renders, loads and writes as a cold build does, and the user's own cache is never touched.
os.environ["AFSPRAKEN_CACHE"] = "uit"
FIXTURES = ROOT / "tests" / "fixtures"
AGREEMENTS = ROOT / "agreements"


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/klein inside an agreements/ folder."""
    target = tmp_path / "agreements" / "klein"
    shutil.copytree(FIXTURES / "klein", target)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `afspraken` command the way a user does."""
    return subprocess.run(
        [sys.executable, "-m", "afspraken.cli", *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=300,
    )


def load_valid_dossier(folder: Path):
    """Load one werkgebied folder the way `afspraken check` does, asserting it is valid."""
    from afspraken.loader import load_dossier
    from afspraken.report import Report

    report = Report()
    loaded = load_dossier(folder, report)
    assert report.ok, report.as_text()
    assert loaded is not None
    return loaded


# Browser tests need Debian chromium. On a machine without it they are left out with one loud line;
# CI (.ci/run) sets BROWSER_REQUIRED so a missing browser fails the run instead of passing quietly.
CHROMIUM_ENV = "AFSPRAKEN_CHROMIUM"
BROWSER_REQUIRED = "AFSPRAKEN_BROWSERTESTS_VERPLICHT"
INSTALL_HINT = "apt-get install chromium"


def chromium_path() -> Path:
    return Path(os.environ.get(CHROMIUM_ENV, "/usr/bin/chromium"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_path().is_file():
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    if not browser:
        return
    if os.environ.get(BROWSER_REQUIRED):
        raise pytest.UsageError(
            f"{len(browser)} browsertests moeten draaien ({BROWSER_REQUIRED} staat aan), maar {chromium_path()} "
            f"ontbreekt: installeer het met `{INSTALL_HINT}`")
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config.hook.pytest_deselected(items=browser)
    config.stash[_SKIPPED_BROWSER] = len(browser)


_SKIPPED_BROWSER = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    skipped = config.stash.get(_SKIPPED_BROWSER, 0)
    if skipped:
        terminalreporter.write_line(
            f"LET OP: {skipped} browsertests overgeslagen: {chromium_path()} ontbreekt. "
            f"Installeer Chromium met `{INSTALL_HINT}` (als root) en draai `make test` opnieuw.",
            yellow=True, bold=True)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian chromium through Playwright, one for the whole run (every browser test module shares it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()
