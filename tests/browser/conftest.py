"""Headless Chromium through Playwright against pytest-django's live server.

One browser per test session (per xdist worker); a fresh context, so fresh cookies, per test.
Every test here is marked `browser` and runs with transactional database access, because the
live server answers from another thread. `serialized_rollback` restores the reference data of
the migrations (roles, organisations) that the flush after each transactional test removes.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


def is_browser_test(item: pytest.Item) -> bool:
    return HERE in item.path.resolve().parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    # Last, after pytest-django's ordering: once Playwright runs, the thread has an asyncio loop (see
    # `browser`), which would change how later tests in the same process reach the database.
    items.sort(key=is_browser_test)


@pytest.fixture(scope="session")
def browser(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Browser]:
    """One Chromium for the session.

    Playwright's sync API marks its asyncio loop as running in this thread between calls, and Django
    then keeps database connections per async context: the test code gets new connection objects
    once the browser runs. The test database was set up (and its migrated reference data serialized)
    on the old ones, so hand the serialized data over, or `serialized_rollback` restores nothing.
    """
    with django_db_blocker.unblock():
        serialized = {
            alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
            for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")
        }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A page in a fresh Finnish-locale context; fails the test if the page broke the CSP."""
    context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    # Pages are local and small: a missing element should fail in seconds, not in 30.
    context.set_default_timeout(5_000)
    page = context.new_page()
    csp_violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()
    assert not csp_violations, "the page broke its Content-Security-Policy:\n" + "\n".join(csp_violations)
