"""Upload (analysts): press releases (.md, .txt, .html, .docx, .pdf) or the agency's tables
(.csv, .xlsx). Each file is checked at once by the ETL's own readers and rules — a document must
read as a press release and must not be there already (same content hash); a table's bad rows
are listed with row and reason — and only files without errors can be stored, into the input
folders the ETL reads. Stored files appear at the next refresh.
"""

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import analyst, i18n, plain, queries, roles
from dashboard.i18n import t

TABLE_SUFFIXES = {".csv", ".xlsx"}


@dataclass
class Checked:
    name: str
    kind: str  # document | table
    ok: bool
    message: str
    data: bytes = b""
    bad_rows: list[dict] = field(default_factory=list)
    document_id: str = ""
    title: str = ""


def _safe_name(name: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(name).name)
    return stem.lstrip(".") or "upload"


def existing_documents() -> dict[str, str]:
    """document_id -> title: the published documents, and those uploaded in this session
    that no publish has picked up yet."""
    found: dict[str, str] = {}
    try:
        docs = queries.run("documents", q=None, limit=1_000_000)
        found = dict(zip(docs["document_id"], docs["title"], strict=True))
    except Exception:  # no warehouse yet: nothing is published
        pass
    return found | st.session_state.get("_uploaded_ids", {})


def check_document(name: str, data: bytes, known: dict[str, str]) -> Checked:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / _safe_name(name)
        path.write_bytes(data)
        doc, error = analyst.read_press_release(path)
    if doc is None:
        return Checked(name, "document", False, t("upload_bad", name=name, reason=error))
    if doc.document_id in known:
        return Checked(name, "document", False,
                       t("upload_dup", name=name, where=str(known[doc.document_id])[:120]))
    date = doc.published.iso() if doc.published else "—"
    return Checked(name, "document", True,
                   t("upload_ok_doc", name=name, chars=len(doc.text), date=date), data,
                   document_id=doc.document_id, title=doc.title)


def check_table(name: str, data: bytes) -> Checked:
    """The file read together with the curated tables already stored (it may refer to them);
    only the rows of this file are reported."""
    settings = analyst.settings()
    safe = _safe_name(name)
    if Path(safe).suffix.lower() == ".csv" and not analyst.names_a_table(Path(safe).stem):
        return Checked(name, "table", False, t("upload_bad", name=name, reason=(
            "the file name must name a table: activities.csv, agreements_2025.csv, …")))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "curated"
        if settings.curated_dir.is_dir():
            shutil.copytree(settings.curated_dir, folder)
        else:
            folder.mkdir()
        target = folder / safe
        if target.exists():
            target = folder / f"upload-{hashlib.sha256(data).hexdigest()[:8]}-{safe}"
        target.write_bytes(data)
        batch = analyst.read_tables(folder)
    mine = analyst.errors_of(batch, target.name)
    if mine:
        rows = [{"locator": r.locator, "reason": r.reason, "raw": r.raw} for r in mine]
        return Checked(name, "table", False, t("upload_rows_bad", name=name), bad_rows=rows)
    n_rows = max(data.count(b"\n") - 1, 0) if safe.lower().endswith(".csv") else "—"
    return Checked(name, "table", True, t("upload_rows_ok", name=name, rows=n_rows), data)


def check(name: str, data: bytes, known: dict[str, str]) -> Checked:
    suffix = Path(name).suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return check_table(name, data)
    if suffix in analyst.document_suffixes():
        return check_document(name, data, known)
    return Checked(name, "document", False, t("upload_bad", name=name, reason=suffix))


def store(checked: list[Checked], user: str) -> list[str]:
    settings = analyst.settings()
    names = []
    for item in checked:
        folder = settings.documents_dir if item.kind == "document" else settings.curated_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _safe_name(item.name)
        if target.exists():
            digest = hashlib.sha256(item.data).hexdigest()[:8]
            target = folder / f"{target.stem}-{digest}{target.suffix}"
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(item.data)
        tmp.replace(target)  # the ETL never reads half a file
        if item.document_id:
            st.session_state.setdefault("_uploaded_ids", {})[item.document_id] = item.title
        with analyst.store() as s:
            s.log(user, "upload", target.name, {"kind": item.kind, "bytes": len(item.data),
                                                "sha256": hashlib.sha256(item.data).hexdigest()})
        names.append(target.name)
    return names


user = roles.require_analyst()
st.title(t("page_upload"))
st.caption(t("upload_help"))
if stored := st.session_state.pop("_upload_stored", None):
    st.success(t("upload_stored", names=", ".join(stored)), icon=":material/check_circle:")
generation = st.session_state.setdefault("_upload_generation", 0)
files = st.file_uploader(t("upload_files"), accept_multiple_files=True,
                         key=f"upload_files_{generation}",
                         type=sorted(s.lstrip(".")
                                     for s in analyst.document_suffixes() | TABLE_SUFFIXES))
if files:
    known = existing_documents()
    results = []
    for f in files:
        item = check(f.name, f.getvalue(), known)
        results.append(item)
        if item.ok and item.document_id:  # the same text twice in one upload
            known[item.document_id] = item.name
        (st.success if item.ok else st.error)(plain.md(item.message, 500))
        if item.bad_rows:
            st.dataframe(pd.DataFrame(item.bad_rows).rename(columns=i18n.column),
                         hide_index=True, width="stretch")
    good = [r for r in results if r.ok]
    if good and st.button(t("upload_store"), icon=":material/save:", key="upload_store",
                          type="primary"):
        st.session_state["_upload_stored"] = store(good, user.name)
        st.session_state["_upload_generation"] = generation + 1  # an empty uploader
        st.rerun()
