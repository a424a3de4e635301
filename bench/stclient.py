"""A minimal client of Streamlit's own websocket protocol: what the browser's JavaScript does,
without rendering. It opens `/_stcore/stream` with the `streamlit` subprotocol, sends `BackMsg`
protobufs (a script rerun with a page and widget values) and reads `ForwardMsg`s until the
server says the script run finished. Used by bench/concurrency.py to load a real `streamlit run`
server (or a proxy in front of replicas) with many sessions from one small process.

A rerun here is what a browser asks for when a user changes a filter: the new widget values are
sent, the server reruns the page and streams every element, and `script_finished` arrives after
the last one: the time from send to that message is the time until the last element rendered
(minus the browser's own drawing, which the server never waits for).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY


@dataclass
class RunResult:
    seconds: float
    elements: int = 0          # elements the run streamed
    exceptions: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    status: int = FINISHED_OK


class StreamlitSession:
    """One websocket session. `await open(page)`, then `await rerun(page, widgets)`."""

    def __init__(self, base_url: str, cookies: str | None = None):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.cookies = cookies
        self.ws: ClientConnection | None = None
        self.page_hashes: dict[str, str] = {}   # url path -> page_script_hash
        self.widget_ids: dict[str, str] = {}    # user key -> widget id
        self.widget_options: dict[str, list[str]] = {}  # user key -> multiselect labels
        self.session_id = ""

    async def connect(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.typing import Subprotocol

        headers = {"Cookie": self.cookies} if self.cookies else None
        self.ws = await connect(self.ws_url, subprotocols=[Subprotocol("streamlit")], max_size=None,
                                additional_headers=headers, open_timeout=120,
                                ping_interval=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    def _socket(self) -> ClientConnection:
        if self.ws is None:
            raise RuntimeError("not connected: await connect() first")
        return self.ws

    async def rerun(self, page: str, widgets: dict[str, object] | None = None,
                    query_string: str = "", timeout: float = 600) -> RunResult:
        """Ask for a script run of `page` with these widget values (user key -> value:
        a list of labels for a multiselect, a (lo, hi) tuple for a range slider)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_name = page
        if page in self.page_hashes:
            state.page_script_hash = self.page_hashes[page]
        for key, value in (widgets or {}).items():
            state.widget_states.widgets.append(self._widget_state(key, value))
        t0 = time.perf_counter()
        await self._socket().send(msg.SerializeToString())
        result = await asyncio.wait_for(self._until_finished(), timeout)
        result.seconds = time.perf_counter() - t0
        return result

    def _widget_state(self, key: str, value) -> WidgetState:
        ws = WidgetState(id=self.widget_ids[key])
        if isinstance(value, tuple):
            ws.double_array_value.data.extend(float(v) for v in value)
        else:
            ws.string_array_value.data.extend(value)
        return ws

    async def _until_finished(self) -> RunResult:
        out = RunResult(0.0)
        while True:
            raw = await self._socket().recv()
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                for page in fm.navigation.app_pages:
                    self.page_hashes[page.url_pathname] = page.page_script_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                out.elements += 1
                self._note_element(fm.delta.new_element, out)
            elif kind == "script_finished":
                out.status = fm.script_finished
                if fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return out

    def _note_element(self, element, out: RunResult) -> None:
        which = element.WhichOneof("type")
        if which == "exception":
            out.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "markdown" and element.markdown.element_type == 2:  # caption
            out.captions.append(element.markdown.body)
        elif which in ("multiselect", "slider"):
            widget = getattr(element, which)
            key = widget.id.rsplit("-", 1)[-1] if widget.id.startswith("$$ID") else widget.id
            self.widget_ids[key] = widget.id
            if which == "multiselect":
                self.widget_options[key] = list(widget.options)
