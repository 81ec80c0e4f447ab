"""Real-browser tests: Playwright driving the system's Chromium against pytest-django's live_server.

Chromium is the operating system's (Debian's `chromium`), never a `playwright install` download.
Without it, or without the Playwright package, these tests skip and say why; with REQUIRE_BROWSER=1
(as `.ci/run` sets) they fail instead, so CI cannot pass without them.

Every test gets `browse`: `browse.open(...)` gives a page in a fresh browser context (a phone or
a laptop, English or Spanish, JavaScript on or off) that can only reach the live server;
`browse.step(page, "name")` screenshots the page; `browse.take_time(page)` waits out the sign
form's minimum fill time, as a person reading it would; `browse.log_in(page, username, password)`
signs in at /admin/, second step included; `browse.download(page, click)` keeps the file a click
downloads and returns its path.
The screenshots (and downloads) of a failed test, and a last screenshot of each open page, are kept
in test-artifacts/<test>/ (SCREENSHOTS=always keeps them for every test). `organiser` is a user in
the Organizers group for the seeded campaign (password ORGANISER_PASSWORD).
"""

import base64
import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
LOCALES = {"en": ("en-US", "en-US,en;q=0.9"), "es": ("es-US", "es-US,es;q=0.9")}
ORGANISER_PASSWORD = "organiser-password"
# Playwright waits this long for an element or a page before failing (milliseconds).
TIMEOUT_MS = 15_000


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def unavailable(reason):
    """Skip with the reason on a laptop; fail under REQUIRE_BROWSER=1 (CI)."""
    if browser_required():
        pytest.fail(f"{reason}, and REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).is_file():
        unavailable(
            f"no Chromium at {CHROMIUM}: browser tests not run "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed: browser tests not run")
    expect.set_options(timeout=TIMEOUT_MS)  # the machine may be busy: wait as long as for actions
    # Playwright's sync API marks an event loop as running in this thread, and Django refuses
    # database calls while one runs. The tests' own database calls are ordinary synchronous ones, so
    # allow them, for the browser modules only (the live server answers in its own thread).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django hands this thread other connection objects (context-local, not
    # thread-local); give them the database snapshot that serialized_rollback restores from.
    snapshots = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    try:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    finally:
        connections.close_all()  # those context-local connections, before the loop goes
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Browse:
    def __init__(self, browser, base_url, shots_dir):
        self.browser = browser
        self.base_url = base_url
        self.shots_dir = shots_dir
        self.contexts = []
        self.pages = []
        self._shot = 0

    def open(self, *, language="en", phone=False, javascript=True, bypass_csp=False):
        """A new page in a fresh context (no cookies) that reaches nothing but the live server.

        `bypass_csp` lets a test inject its own script (axe) whatever the page's CSP says.
        """
        locale, accept_language = LOCALES[language]
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=locale,
            extra_http_headers={"Accept-Language": accept_language},
            viewport=PHONE if phone else LAPTOP,
            is_mobile=phone,
            has_touch=phone,
            java_script_enabled=javascript,
            accept_downloads=True,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        own = re.compile("^" + re.escape(self.base_url) + "/")
        context.route(lambda url: not own.match(url), lambda route: route.abort())
        self.contexts.append(context)
        page = context.new_page()
        self.pages.append(page)
        return page

    def step(self, page, name):
        self._shot += 1
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=self.shots_dir / f"{self._shot:02d}-{slug}.png", full_page=True)

    def take_time(self, page):
        """Wait as long as a person at least spends on the sign form before sending it: the
        production minimum fill time (SIGN_MIN_SECONDS), counted from now, so from after the
        page was served. The check stays on; the journey takes the time a signer takes."""
        from django.conf import settings

        page.wait_for_timeout(settings.SIGN_MIN_SECONDS * 1000 + 300)

    def log_in(self, page, username, password):
        """Sign in at /admin/ through the login form, as a person would, then pass the second
        step: the first time, set up an authenticator app from the key the page shows (and
        step past the recovery codes); later, type the app's current code."""
        page.goto("/admin/login/?next=/admin/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("input[type=submit]").click()
        page.wait_for_url(re.compile(r"/admin/two-factor/"))
        if "/setup/" in page.url:
            secret = page.locator(".staff-secret").inner_text().replace(" ", "")
            page.locator("#id_code").fill(f"{TOTP(base64.b32decode(secret)).token():06d}")
            page.locator("#login-form input[type=submit]").click()
            page.locator(".submit-row a.button").click()  # "I have saved my codes: continue"
        else:
            from django.contrib.auth.models import User

            from tests.staff_helpers import authenticator, totp_code

            device = authenticator(User.objects.get(username=username))
            page.locator("#id_code").fill(totp_code(device))
            page.locator("#login-form input[type=submit]").click()
        page.wait_for_url("**/admin/")

    def download(self, page, click):
        """Do `click()`, wait for the file it downloads, keep it with the artifacts; its path."""
        with page.expect_download() as info:
            click()
        path = self.shots_dir.parent / "downloads" / info.value.suggested_filename
        info.value.save_as(path)
        return path

    def close(self, failed):
        if failed:
            for number, page in enumerate(self.pages, 1):
                if not page.is_closed():
                    try:
                        self.step(page, f"at-failure-page-{number}")
                    except Exception:  # a crashed page has nothing left to show
                        continue
        for context in self.contexts:
            context.close()


@pytest.fixture
def browse(chromium, live_server, request, tmp_path):
    browse = Browse(chromium, live_server.url, tmp_path / "screenshots")
    yield browse
    report = getattr(request.node, "report_call", None)
    failed = report is None or report.failed
    browse.close(failed)
    if failed or os.environ.get("SCREENSHOTS") == "always":
        target = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        shutil.rmtree(target, ignore_errors=True)
        for kept in ("screenshots", "downloads"):
            if (tmp_path / kept).is_dir():
                shutil.copytree(tmp_path / kept, target / kept)


@pytest.fixture
def organiser(petition, django_user_model):
    """A staff user in the Organizers group, organising the seeded campaign."""
    from campaigns.roles import make_organiser

    user = django_user_model.objects.create_user(
        "organiser", "organiser@example.com", ORGANISER_PASSWORD
    )
    make_organiser(user, petition.campaign)
    return user
