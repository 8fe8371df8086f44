"""Real Chromium for browser tests: one browser per test session, a fresh context per test.

Exposed to every app through the root conftest.py. A test asks for ``page`` (a clean browser
tab with no cookies) and ``live_server`` (pytest-django), and logs in with ``login()``::

    @pytest.mark.browser
    def test_the_director_sees_the_organisation(page, live_server, director):
        login(page, live_server, "giamdoc")
        page.goto(f"{live_server.url}/to-chuc/")

A test that needs another device opens its own tab with ``open_page(browser, **PHONE)``.
Debian's Chromium is used (``apt-get install chromium``); ``playwright install`` is never needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The shared password of the named people in conftest.py.
PASSWORD = "Mat-khau-2026"
# Milliseconds a locator or navigation may take before the test fails.
TIMEOUT = 10_000
# An office browser set to English: the interface must speak Vietnamese all the same.
DEFAULT_CONTEXT = {"locale": "en-US", "timezone_id": "Asia/Ho_Chi_Minh"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once for the session; skipped (failed in CI) when it is not installed."""
    if not CHROMIUM.exists():
        message = f"Browser tests need Chromium at {CHROMIUM}: apt-get install chromium (Debian package)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # beside it (fixtures, assertions on the database) are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    # Once Playwright's loop runs in this thread, Django's connection handler (an asgiref Local)
    # hands the thread fresh connection wrappers. The data the migrations seeded, which
    # serialized rollback restores after each committing test, is kept on the wrappers: carry it
    # over, or every committing test after the first flush finds empty reference lists.
    before = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, wrapper in before.items():
                if hasattr(wrapper, "_test_serialized_contents"):
                    connections[alias]._test_serialized_contents = wrapper._test_serialized_contents
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def open_page(browser, **context_args) -> Iterator:
    """A tab in a fresh browser context (no cookies, no storage), closed afterwards."""
    context = browser.new_context(**{**DEFAULT_CONTEXT, **context_args})
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A clean desktop-sized tab for one test."""
    with open_page(browser) as tab:
        yield tab


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would, and wait for the home page."""
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.url != f"{live_server.url}/":
        raise AssertionError(
            f"{username} did not reach the home page after logging in; the page is {page.url}"
        )
