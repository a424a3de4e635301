"""“Refresh data” for analysts: `etl.refresh_job` in a background process, its progress and
result shown from the status file it writes. One run at a time: the ETL's lock (shared with
`etl run` and the schedule) and the status file say whether one is in progress."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import streamlit as st
from filelock import FileLock, Timeout

from dashboard import analyst, plain
from dashboard.analyst import PROJECT_ROOT, read_status, write_status
from dashboard.i18n import t

_children: dict[int, subprocess.Popen] = {}  # jobs started by this server, reaped on poll


def status_path() -> Path:
    return analyst.settings().analyst_dir / "refresh.json"


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _lock_held() -> bool:
    lock = FileLock(str(analyst.settings().lock_file), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


def current() -> dict | None:
    return read_status(status_path())


def running() -> dict | None:
    """The status of the run in progress (this button's or any other ETL run), else None."""
    status = current()
    if status and status.get("state") == "running" and _alive(int(status.get("pid", 0))):
        return status
    if _lock_held():
        return {"state": "running", "started": (status or {}).get("started", "?"),
                "stage": "", "done": 0, "total": 0}
    return None


def start(user: str) -> dict | None:
    """Start a refresh; returns the run already in progress instead, if there is one."""
    path = status_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=10):  # two presses at once start one run
        busy = running()
        if busy:
            return busy
        log = (path.parent / "refresh.log").open("ab")
        child = subprocess.Popen([sys.executable, "-m", "etl.refresh_job", "--status", str(path),
                                  "--user", user], cwd=PROJECT_ROOT, stdout=log, stderr=log,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        _children[child.pid] = child
        write_status(path, {"state": "running", "pid": child.pid, "started": _now(),
                            "user": user, "stage": "", "done": 0, "total": 0})
    with analyst.store() as store:
        store.log(user, "refresh", "etl run", {"pid": child.pid})
    return None


def _now() -> str:
    return analyst.now()


def _press(user: str) -> None:
    busy = start(user)
    st.session_state["_refresh_note"] = (t("refresh_running", since=busy.get("started", "?"))
                                         if busy else t("refresh_started"))


def sidebar(user: str) -> None:
    with st.sidebar:
        st.button(t("refresh_now"), icon=":material/sync:", key="refresh_now",
                  on_click=_press, args=(user,), width="stretch")
        if note := st.session_state.pop("_refresh_note", None):
            st.caption(note)
        if running():
            _poll()  # polls only while a run is in progress
        else:
            _last()


@st.fragment(run_every=2)
def _poll() -> None:
    status = running()
    if status is None:  # finished: the whole page again, on the new publish
        st.rerun()
    st.caption(t("refresh_progress", stage=status.get("stage") or "…",
                 done=status.get("done", 0), total=status.get("total", 0)))


def _last() -> None:
    last = current()
    if not last:
        return
    if last.get("state") == "published":
        st.caption(t("refresh_done", when=last.get("finished", "")))
    elif last.get("state") in ("failed", "locked"):
        st.caption(t("refresh_failed", message=plain.md(last.get("message", ""), 300)))
