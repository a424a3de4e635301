"""Start the dashboard on a free port and drive it with Debian's chromium: for the end-to-end
tests and tools/screenshots.py. Not used by the dashboard itself."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.3)
    raise TimeoutError(f"streamlit not healthy at {url} after {timeout} s")


@contextlib.contextmanager
def running(warehouse: Path, timeout: float = 120, **env: str) -> Iterator[str]:
    """A streamlit server for `warehouse`; yields its base URL and stops it afterwards."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "CR_WAREHOUSE": str(warehouse),
                                                **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser_page(width: int = 1440, height: int = 1000, downloads: bool = False,
                 user_agent: str | None = None):
    """A headless chromium page with generous timeouts (`user_agent`: a phone's, say)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        phone = bool(user_agent and "Mobi" in user_agent)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      accept_downloads=downloads, locale="ru-RU",
                                      user_agent=user_agent, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        page.set_default_timeout(180_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def pick(page, key: str, option: str) -> None:
    """Choose `option` in the Streamlit selectbox or multiselect with key `key`."""
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    box.press_sequentially(option)  # the option list is virtual: filter it, never scroll it
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
