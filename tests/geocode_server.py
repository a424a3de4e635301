"""A local stand-in for Nominatim's /search endpoint, so tests never touch the internet."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeNominatim:
    """Answers /search in jsonv2 shape; `mode` switches it to 500, garbage or slow replies."""

    def __init__(
        self, answers: dict[str, dict] | None = None, mode: str = "ok", delay: float = 0.0
    ) -> None:
        self.answers = answers or {}
        self.mode = mode
        self.delay = delay
        self.requests: list[tuple[float, str, str]] = []  # (time, query, user agent)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                fake.requests.append((time.monotonic(), query, self.headers["User-Agent"]))
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if fake.mode == "error":
                    self._send(500, b"internal error")
                elif fake.mode == "garbage":
                    self._send(200, b"<html>not json", "text/html")
                else:
                    answer = fake.answers.get(query)
                    body = json.dumps([answer] if answer else []).encode()
                    self._send(200, body)

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args) -> None:
                pass

        return Handler


def answer(
    lat: float,
    lon: float,
    name: str,
    addresstype: str = "town",
    state: str = "",
    country_code: str = "ru",
) -> dict:
    """One /search result as Nominatim's jsonv2 format writes it."""
    return {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": 4242,
        "lat": str(lat),
        "lon": str(lon),
        "display_name": name,
        "addresstype": addresstype,
        "type": addresstype,
        "category": "place",
        "address": {"state": state, "country_code": country_code},
    }
