"""Browser tests: Playwright driving Debian's Chromium against a real ``jejaring serve --demo``.

The server is a separate process with its own data folder and SQLite database, started once per
test session, exactly as a user starts it. Playwright's own browser download is never used.
Every page a test opens fails the test on a JavaScript error or console error. Screenshots go to
``artifacts/screenshots/`` (git-ignored).

Run only these: ``pytest -m browser``. They skip when Chromium is missing, unless
``JEJARING_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("JEJARING_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (Debian: apt install chromium)"
        if os.environ.get("JEJARING_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and JEJARING_REQUIRE_BROWSER=1")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def live_url(tmp_path_factory, chromium_path) -> str:
    """Base URL of a ``jejaring serve --demo`` process (SQLite in a temporary folder)."""
    data_dir = tmp_path_factory.mktemp("jejaring-browser")
    port = _free_port()
    env = dict(os.environ, JEJARING_DATA_DIR=str(data_dir), JEJARING_FAST_PASSWORDS="1")
    env.pop("DATABASE_URL", None)
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 (closed at teardown)
    proc = subprocess.Popen(
        [sys.executable, "-m", "jejaring", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((data_dir / "server.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("jejaring serve did not start in 120 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--use-gl=swiftshader",
                "--enable-unsafe-swiftshader",
            ],
        )
        yield b
        b.close()


class ConsoleErrors(list):
    """JavaScript errors and console errors seen on a page."""

    def attach(self, page):
        page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
        page.on(
            "console",
            lambda msg: (
                self.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None
            ),
        )


def _new_page(browser, live_url, viewport, request):
    context = browser.new_context(viewport=viewport, base_url=live_url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = ConsoleErrors()
    errors.attach(page)
    yield page, errors
    context.close()
    assert not errors, f"JavaScript errors on {request.node.name}: {errors}"


def log_in(page, username: str = "demo", password: str = "demo") -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def page(browser, live_url, request):
    """A logged-in laptop-sized page; fails the test on any JavaScript error."""
    gen = _new_page(browser, live_url, LAPTOP, request)
    p, _ = next(gen)
    log_in(p)
    yield p
    next(gen, None)


@pytest.fixture
def phone_page(browser, live_url, request):
    """A logged-in phone-sized page; fails the test on any JavaScript error."""
    gen = _new_page(browser, live_url, PHONE, request)
    p, _ = next(gen)
    log_in(p)
    yield p
    next(gen, None)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "-", name)
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
