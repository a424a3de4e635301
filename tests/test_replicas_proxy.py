"""Replicas behind a proxy, as deploy/ sets them up: two dashboard replicas started with the
command line of deploy/systemd/creative-regions-dashboard@.service, nginx in front of them with
the config deploy/proxy.py renders, the warehouse published by the command line of
creative-regions-etl.service. Officials use it through the proxy in chromium while the ETL
publishes new data; both replicas must have served sessions (sticky: one browser, one replica)
and show the new data, the CSV export must download through the proxy, and with one replica
stopped its officials must be served by the other.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
import shlex
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from deploy import proxy
from etl.config import DATA_DIR
from tests.conftest import ROOT
from tests.reliability_support import write_csv
from tools import devserver

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                       reason="nginx is not installed (.ci/run installs it)"),
]

UNITS = ROOT / "deploy" / "systemd"
EXTRA = 300  # activities the second publish adds
SHOWING = re.compile(r"Показано\s+([\d\s\u00a0]+)\s+из\s+([\d\s\u00a0]+)")


def unit_command(unit: str, srv: Path, instance: str = "") -> tuple[list[str], dict[str, str]]:
    """ExecStart and Environment of a unit file, with the install paths of this checkout."""
    text = (UNITS / unit).read_text(encoding="utf-8")
    text = text.replace("/opt/creative-regions", str(ROOT)).replace("/srv/creative-regions",
                                                                      str(srv))
    text = text.replace("%i", instance)
    env: dict[str, str] = {}
    argv: list[str] = []
    for line in text.splitlines():
        if line.startswith("Environment="):
            env |= dict(kv.split("=", 1) for kv in shlex.split(line[len("Environment="):]))
        elif line.startswith("ExecStart="):
            argv = shlex.split(line[len("ExecStart="):])
    assert argv, f"{unit} has no ExecStart"
    return argv, env


def etl(srv: Path, **popen) -> subprocess.Popen:
    argv, env = unit_command("creative-regions-etl.service", srv)
    return subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **popen)


def publish(srv: Path) -> None:
    proc = etl(srv)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out[-3000:]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """/srv/creative-regions in a temp folder, a first publish, 2 replicas, nginx."""
    tmp = tmp_path_factory.mktemp("replicas")
    srv = tmp / "srv"
    shutil.copytree(DATA_DIR / "curated", srv / "curated")
    (srv / "documents").mkdir()
    publish(srv)
    replicas = []
    try:
        for _ in range(2):
            port = devserver.free_port()
            argv, env = unit_command("creative-regions-dashboard@.service", srv, str(port))
            proc = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            replicas.append((f"127.0.0.1:{port}", proc))
        for address, proc in replicas:
            devserver.wait_healthy(f"http://{address}", proc, 120)
        with proxy.running(devserver.free_port(), [a for a, _ in replicas],
                           tmp / "proxy") as url:
            yield {"url": url, "srv": srv, "replicas": replicas, "log": tmp / "proxy" /
                   "access.log"}
    finally:
        for _, proc in replicas:  # our own children, by pid
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def log_lines(log: Path) -> list[dict[str, str]]:
    pattern = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .*'
                         r'upstream=(?P<upstream>\S+) route=(?P<route>\S+)')
    return [m.groupdict() for m in map(pattern.search, log.read_text().splitlines()) if m]


def route_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "cr_route")


def showing(page) -> tuple[int, int]:
    text = page.get_by_text(SHOWING).first.inner_text()
    shown, total = (int(re.sub(r"\D", "", g)) for g in SHOWING.search(text).groups())
    return shown, total


def open_records(context, url: str):
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(f"{url}/records")
    page.get_by_text(SHOWING).first.wait_for()
    return page


def test_two_replicas_behind_the_proxy_serve_sessions_and_new_data(stack):
    from playwright.sync_api import sync_playwright

    url, log = stack["url"], stack["log"]
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as resp:
        assert resp.read().strip() == b"ok"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=devserver.CHROMIUM, headless=True,
                                     args=devserver.CHROMIUM_ARGS)
        try:
            officials = []  # (context, page, replica)
            for _ in range(16):  # a fresh browser is routed at random: until both are used
                context = browser.new_context(locale="ru-RU", accept_downloads=True)
                page = open_records(context, url)
                route = route_of(context)
                upstream = {ln["upstream"] for ln in log_lines(log)
                            if ln["route"] == route and ln["path"] == "/records"}
                assert len(upstream) == 1, upstream
                officials.append((context, page, upstream.pop()))
                if len({r for *_, r in officials}) == 2 and len(officials) >= 3:
                    break
            served = {r for *_, r in officials}
            assert served == {a for a, _ in stack["replicas"]}, served
            before = {showing(p)[1] for _, p, _ in officials}
            assert len(before) == 1
            total = before.pop()

            # the export is a /media file in the memory of the replica that ran the script:
            # it downloads only because every request of this browser reaches that replica
            for replica in served:
                _, page, _ = next(o for o in officials if o[2] == replica)
                with page.expect_download() as info:
                    page.get_by_role("button", name="Скачать CSV").click()
                with open(info.value.path(), encoding="utf-8-sig", newline="") as fh:
                    rows = list(csv.reader(fh))
                assert rows[0][:2] == ["ID", "Когда"] and len(rows) - 1 == total

            # the ETL publishes 300 more activities while the officials keep working
            write_csv(stack["srv"] / "curated" / "activities_more.csv",
                      ["activity_id", "kind", "status", "title", "start"],
                      ([f"A-more-{i:04d}", "festival", "done", f"Фестиваль № {i}",
                        f"20{15 + i % 10}"] for i in range(EXTRA)))
            write_csv(stack["srv"] / "curated" / "activity_places_more.csv",
                      ["activity_id", "place", "role"],
                      ([f"A-more-{i:04d}", ("Омск", "Тула", "Казань")[i % 3], "destination"]
                       for i in range(EXTRA)))
            run = etl(stack["srv"])
            while run.poll() is None:
                for _, page, _ in officials:
                    page.get_by_role("link", name="Обзор", exact=True).click()
                    page.get_by_role("heading", name="Обзор", exact=True).wait_for()
                    page.get_by_role("link", name="Записи", exact=True).click()
                    page.get_by_text(SHOWING).first.wait_for()
                    assert page.locator('[data-testid="stException"]').count() == 0
            assert run.returncode == 0, run.stdout.read()[-3000:]

            # every session, on either replica, sees the new publish at its next rerun
            for _, page, _ in officials:
                page.get_by_role("link", name="Обзор", exact=True).click()
                page.get_by_role("heading", name="Обзор", exact=True).wait_for()
                page.get_by_role("link", name="Записи", exact=True).click()
                page.get_by_text(re.compile(rf"из\s+{_spaced(total + EXTRA)}")).wait_for()
                assert page.locator('[data-testid="stException"]').count() == 0

            # one replica stops: its officials are served by the other (passive health check)
            address, proc = stack["replicas"][1]
            before_stop = len(log_lines(log))
            proc.terminate()
            proc.wait(timeout=30)
            context, page, _ = next(o for o in officials if o[2] == address)
            page.reload()
            page.get_by_text(re.compile(rf"из\s+{_spaced(total + EXTRA)}")).wait_for()
            for context, *_ in officials:
                context.close()
        finally:
            browser.close()

    lines = log_lines(log)
    sockets = [ln for ln in lines if ln["path"].startswith("/_stcore/stream")]
    assert {ln["upstream"].split(",")[0] for ln in sockets if ln["status"] == "101"} == served
    http = [ln for ln in lines[:before_stop] if not ln["path"].startswith("/_stcore/stream")]
    for route in {ln["route"] for ln in http}:  # sticky: one browser, one replica
        assert len({ln["upstream"] for ln in http if ln["route"] == route}) == 1, route


def _spaced(n: int) -> str:
    """A regex for n as fmt_int writes it in Russian (no-break space between thousands)."""
    return r"[\s\u00a0]?".join(re.escape(c) for c in f"{n:,}".replace(",", ""))


def test_proxy_compresses_static_files(stack):
    with urllib.request.urlopen(f"{stack['url']}/", timeout=30) as resp:
        html = resp.read().decode()
        assert "cr_route=" in resp.headers.get("Set-Cookie", "")
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html).group(1)
    request = urllib.request.Request(f"{stack['url']}/{script}",
                                     headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as resp:
        assert resp.headers.get("Content-Encoding") == "gzip"
        body = resp.read()
    assert len(gzip.decompress(body)) > 2 * len(body)


def test_unit_files_verify():
    """systemd-analyze verify: every unit, with this checkout's paths, is valid."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"cr-units-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    try:
        for unit in UNITS.iterdir():
            text = unit.read_text(encoding="utf-8").replace("/opt/creative-regions", str(ROOT))
            (folder / unit.name).write_text(text, encoding="utf-8")
        names = [str(folder / u.name) for u in UNITS.iterdir() if "@" not in u.name]
        names.append(str(folder / "creative-regions-dashboard@8501.service"))
        proc = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True,
                              text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    finally:
        shutil.rmtree(folder)
