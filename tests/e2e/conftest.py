import os
import shutil

import pytest

CHROMIUM = os.environ.get("XIANGZHEN_CHROMIUM", "/usr/bin/chromium")
# Chromium talks to nothing but the test server; without these flags it tries Google's hosts at start.
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("XIANGZHEN_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
    # itself (creating personas) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGUMENTS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(autouse=True)
def official_calendar(transactional_db):
    # Browser tests run in real transactions, and each one's flush empties the calendar the migration seeded.
    from xiangzhen.workdays.services import calendar_load_from_package

    calendar_load_from_package(actor=None)
