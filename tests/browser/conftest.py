"""Fixtures for the browser tests: one headless Chromium for the whole run, axe-core, and the demo.

The public pages must meet WCAG 2.1 AA, and only a real browser shows what a visitor meets:
rendered contrast, focus order, redirects. Chromium is the system's own (``/usr/bin/chromium``
from Debian's ``chromium`` package, or ``KVALITET_CHROMIUM``), driven through the ``playwright``
Python package; axe-core comes from ``npm`` in this folder (or ``KVALITET_AXE_CORE_DIR``). When
either is missing the tests are skipped with the reason, unless ``KVALITET_REQUIRE_BROWSER=1``
(CI sets it), which makes them fail instead.
"""

import functools
import importlib.util
import os
from pathlib import Path

import pytest

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("KVALITET_CHROMIUM", "/usr/bin/chromium")
AXE_CORE_DIR = Path(os.environ.get("KVALITET_AXE_CORE_DIR", BROWSER_TESTS_DIR / "node_modules" / "axe-core"))
AXE_SCRIPT = AXE_CORE_DIR / "axe.min.js"

#: The rules axe runs: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Headless without a sandbox, GPU or any background traffic to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Milliseconds any single browser action may take; the live server answers locally.
ACTION_TIMEOUT = 15_000


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``browser``, so ``-m "not browser"`` leaves them out."""
    for item in items:
        if BROWSER_TESTS_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def missing_requirements():
    """What the browser tests need but cannot find, each with how to get it."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the 'playwright' Python package is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        missing.append(
            f"Chromium was not found at {CHROMIUM} (install Debian's 'chromium' package, "
            "or set KVALITET_CHROMIUM to a Chromium binary)"
        )
    if not AXE_SCRIPT.is_file():
        missing.append(f"axe-core was not found at {AXE_SCRIPT} (run: npm --prefix tests/browser install)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def browser_requirements():
    """Skip, or on CI fail, before any server or browser is started for nothing."""
    missing = missing_requirements()
    if not missing:
        return
    reason = "; ".join(missing)
    if os.environ.get("KVALITET_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required (KVALITET_REQUIRE_BROWSER=1) but cannot run: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@functools.cache
def load_axe_script():
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_script():
    return load_axe_script()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests, closed when they are done.

    Playwright's sync API keeps an event loop running in this thread for as long as it is started.
    While it runs, Django counts the thread as async: it refuses database access unless
    ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set, and it looks up connections in separate, async storage.
    So the variable is set only for this package's tests (a process-wide setting would leak into
    the other tests' subprocesses, such as ``check --deploy``), and the connections the tests
    already use are handed over, so the test database and its serialized contents (which
    serialized rollback restores) stay the same. Package scope ends the loop before the rest of
    the suite, and before the test database is torn down.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    connections_in_use = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in connections_in_use.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context, so no cookies or sessions leak between tests."""
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(ACTION_TIMEOUT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(live_server, django_db_serialized_rollback):
    """The Exempelvik demo on the live server; returns the server's base URL and the summary.

    Serialized rollback restores what the migrations created (the home page and the default
    site), which the flush after any earlier transactional test would otherwise have removed.
    """
    from wagtail_kvalitet.demo import build_demo

    return {"url": live_server.url, **build_demo()}


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(str(target) for target in node['target'])}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """Run axe's WCAG 2.1 A and AA rules on the page as it is now; fail listing each violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=load_axe_script())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    if violations:
        pytest.fail(f"axe found WCAG 2.1 A/AA violations on {page.url}:\n{format_violations(violations)}")
