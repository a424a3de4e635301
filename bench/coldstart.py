"""Cold start of the dashboard: spawn `streamlit run`, time /_stcore/health, then the first page
rendered in headless chromium (launched beforehand, so its own start-up is not counted); then
open every page and read the server's peak RSS (VmHWM). Prints one JSON object.

    python -m bench.coldstart --db /tmp/cr-bench/<key>.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.pinning import pin_env

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PAGES = {"overview": "Обзор", "map": "Карта", "timeline": "Хронология", "records": "Записи",
         "sources": "Источники", "quality": "Качество данных"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_health(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("no /_stcore/health")


def measure(db: Path) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = pin_env() | {"CR_WAREHOUSE": str(db)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(180_000)
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_health(port, proc)
            health = time.perf_counter() - t0
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("heading", name=PAGES["overview"]).wait_for()
            first = time.perf_counter() - t0
            loads = {}
            for path, title in PAGES.items():
                t1 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.get_by_role("heading", name=title).first.wait_for()
                loads[path] = round(time.perf_counter() - t1, 2)
            rss = vm_hwm_mb(proc.pid)
        finally:
            browser.close()
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:  # our own child, by its pid
                proc.kill()
                proc.wait()
    return {"health_s": round(health, 2), "first_page_s": round(first, 2),
            "page_load_s": loads, "server_peak_rss_mb": round(rss, 1)}


def main() -> None:
    os.environ.update(pin_env())
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    print(json.dumps(measure(ap.parse_args().db)))


if __name__ == "__main__":
    main()
