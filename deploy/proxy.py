"""nginx in front of N dashboard replicas: render deploy/nginx.conf.template into a run
directory and run nginx there in the foreground, never as the system's daemon or with the
system's config.

    python -m deploy.proxy render --listen 127.0.0.1:8080 --replica 127.0.0.1:8501 \
        --replica 127.0.0.1:8502 --run-dir /run/creative-regions-proxy
    nginx -p /run/creative-regions-proxy -c /run/creative-regions-proxy/nginx.conf \
        -g 'daemon off;'

creative-regions-proxy.service does exactly that; tests/test_replicas_proxy.py uses `running`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None)
    if not found:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    return found


def render(listen: str, replicas: list[str], run_dir: Path, *, max_fails: int = 2,
           fail_timeout: str = "10s", secure_cookie: bool = False,
           user: str | None = None) -> Path:
    """Write `run_dir/nginx.conf` (and nginx's temp folders) for these replicas; its path.
    `user`: the workers' user when nginx starts as root (nginx's default is nobody)."""
    if not replicas:
        raise ValueError("at least one replica (host:port) is needed")
    run_dir = run_dir.resolve()
    for name in TEMP_DIRS:
        (run_dir / name).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {r} max_fails={max_fails} fail_timeout={fail_timeout};"
                        for r in replicas)
    text = TEMPLATE.read_text(encoding="utf-8").format(
        run_dir=run_dir, listen=listen, servers=servers, max_fails=max_fails,
        fail_timeout=fail_timeout, user_directive=f"user {user};\n" if user else "",
        cookie_flags="; Secure" if secure_cookie else "")
    conf = run_dir / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def _args(conf: Path) -> list[str]:
    """Prefix, config and the start-up error log all in the run directory."""
    return ["-p", str(conf.parent), "-c", str(conf), "-e", str(conf.parent / "error.log")]


def check(conf: Path) -> None:
    """`nginx -t` on the rendered file: raises with nginx's message when it is invalid."""
    proc = subprocess.run([nginx_binary(), "-t", *_args(conf)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{proc.stderr}")


def _wait_port(host: str, port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else b""
            raise RuntimeError(f"nginx exited with {proc.returncode}: "
                               f"{err.decode(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nginx did not listen on {host}:{port}")


@contextlib.contextmanager
def running(port: int, replicas: list[str], run_dir: Path, **options) -> Iterator[str]:
    """nginx on 127.0.0.1:`port` in front of `replicas`; yields its base URL."""
    if os.geteuid() == 0:  # as root, workers would run as nobody, who cannot reach run_dir
        options.setdefault("user", "root")
    conf = render(f"127.0.0.1:{port}", replicas, run_dir, **options)
    check(conf)
    proc = subprocess.Popen([nginx_binary(), *_args(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_port("127.0.0.1", port, proc, 30)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown; our own child, by its pid
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="write RUN_DIR/nginx.conf and check it with nginx -t")
    r.add_argument("--listen", required=True, help="address:port nginx listens on")
    r.add_argument("--replica", action="append", required=True, help="host:port of a replica")
    r.add_argument("--run-dir", type=Path, required=True)
    r.add_argument("--user", help="the workers' user when nginx starts as root")
    r.add_argument("--secure-cookie", action="store_true",
                   help="mark the routing cookie Secure (TLS terminated in front of nginx)")
    args = ap.parse_args()
    conf = render(args.listen, args.replica, args.run_dir, secure_cookie=args.secure_cookie,
                  user=args.user)
    check(conf)
    print(conf)


if __name__ == "__main__":
    main()
