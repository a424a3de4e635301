"""Dashboard safety and sign-in: nothing a document or a URL carries is ever run.

- A document whose text holds <script> and <img onerror=…> renders as text (escaped), on the
  real Sources page (AppTest), and no page passes raw text to st.html or unsafe_allow_html.
- URL parameters are checked against the values the warehouse holds; unknown ones are dropped
  with a notice.
- The dashboard's own connection cannot write: INSERT, UPDATE, DELETE, CREATE, DROP fail and
  the file is unchanged.
- No SQL is built by string formatting with user input (a static scan of etl/ and dashboard/).
- CSV and XLSX exports neutralise cells beginning with =, +, -, @.
- Sign-in (st.login) is off by default; with an [auth] section in secrets a visitor who is not
  signed in sees only the sign-in page (AppTest with the auth state set).
"""

from __future__ import annotations

import ast
import hashlib
import io
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard import db, export, highlight
from tests.conftest import ROOT
from tests.fixtures import warehouse as fixture_warehouse

APP = str(ROOT / "dashboard" / "app.py")
DOC_ID = "evil-doc"
XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
       '<a href="javascript:alert(1)">ссылка</a>')
EVIL_TEXT = f"Пресс-релиз о визите в Омск.\n{XSS[0]}\nФото: {XSS[1]}\n{XSS[2]}\n"
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "creative-regions", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory) -> Path:
    """The test warehouse plus one document written to attack the page."""
    def add_evil_document(con):
        con.execute("INSERT INTO document VALUES (?, ?, DATE '2024-05-01', 'day', 'front_matter',"
                    " ?, ?, 'evil.md', 'extracted', ?, TIMESTAMP '2024-06-02 03:00:00')",
                    [DOC_ID, f"Заголовок {XSS[0]}", f"Пресс-служба {XSS[1]}",
                     "javascript:alert(1)", EVIL_TEXT])
    return fixture_warehouse.copy(tmp_path_factory.mktemp("evil") / "warehouse.duckdb",
                                  add_evil_document)


def _open(monkeypatch, path: Path, page: str | None = None, user: dict | None = None,
          secrets: dict | None = None, **query) -> AppTest:
    monkeypatch.setenv("CR_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=180)
    if user is not None:
        at.user = user
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py")
        at.query_params.update(query)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- a document's markup is text --------------------------------------------------------------

def test_a_document_with_script_and_onerror_renders_as_text(monkeypatch, evil_db):
    """The Sources page shows the attack strings escaped; no live tag or handler reaches HTML."""
    at = _open(monkeypatch, evil_db, "sources", doc=DOC_ID)
    for attack in XSS:  # nowhere, the constant chrome script (dashboard/chrome.py) included
        assert all(attack not in h.proto.body for h in at.html)
    bodies = [h.proto.body for h in at.html if "__crChrome" not in h.proto.body]
    assert bodies, "the document text was not drawn"
    body = "".join(bodies)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert re.findall(r"<(\w+)", body) and set(re.findall(r"<(\w+)", body)) <= {
        "style", "div", "mark"}
    # the title and the publisher go through markdown, which renders no raw HTML
    assert all(not getattr(e.proto, "allow_html", False) for e in at.markdown)
    assert not at.get("link_button"), "a javascript: URL must not become a button"


@hsettings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), needles=st.lists(st.text(min_size=3, max_size=12),
                                                     max_size=4))
def test_highlighted_text_never_carries_markup(text, needles):
    """highlight.to_html escapes everything: the only tags are its own style, div and mark."""
    out = highlight.to_html(text, [(n, "evidence") for n in needles])
    out = out.replace(highlight.STYLE, "", 1)
    out = re.sub(r'^<div class="cr-doc">|</div>$', "", out)
    out = re.sub(r'<mark class="cr-(evidence|place)">|</mark>', "", out)
    assert "<" not in out and ">" not in out


def test_no_page_hands_raw_text_to_html():
    """unsafe_allow_html is never used; st.html only ever gets highlight.to_html(...), or in
    dashboard/chrome.py its constant script filled with the constant CHROME tables."""
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
                assert isinstance(node.value, ast.Constant) and node.value.value is False, path
            if isinstance(node, ast.Call) and _name(node.func) == "st.html":
                arg = node.args[0]
                if path.name == "chrome.py" and isinstance(arg, ast.BinOp) \
                        and _name(arg.left) == "_SCRIPT":
                    continue
                assert isinstance(arg, ast.Call) and _name(arg.func) == "highlight.to_html", \
                    f"{path}:{node.lineno} passes something else to st.html"


def _name(func: ast.expr) -> str:
    return ast.unparse(func)


# -- URL parameters -------------------------------------------------------------------------

def test_unknown_url_values_are_dropped_with_a_notice(monkeypatch, evil_db):
    """?region=RU-XXX&kind=<script>… keeps the known values, drops the rest and says so;
    with no [auth] section (the default) there is no sign-in step."""
    at = _open(monkeypatch, evil_db, region=["RU-OMS", "RU-XXX"], kind=["mission", XSS[0]],
               status="'; DROP TABLE activity; --", years="1800-9999")
    assert at.multiselect(key="f_region__ru").value == ["RU-OMS"]
    assert at.multiselect(key="f_kind__ru").value == ["mission"]
    assert at.multiselect(key="f_status__ru").value == []
    notices = " ".join(w.value for w in at.warning)
    assert XSS[0] not in notices  # markdown-escaped ("\\<script\\>"), never a tag
    shown = notices.replace("\\", "")
    assert "RU-XXX" in shown and "DROP TABLE" in shown and "1800-9999" in shown
    # the URL written back holds only the kept values
    assert at.query_params.get("region") in ("RU-OMS", ["RU-OMS"])
    # sign-in is off by default: without an [auth] section the overview opens directly
    assert at.metric and ":material/login:" not in [b.proto.icon for b in at.button]


# -- the connection is read-only --------------------------------------------------------------

WRITES = [
    "INSERT INTO region VALUES ('RU-XX', true, 'x', 'x', 'oblast', 'x', NULL, 55, 37)",
    "UPDATE document SET title = 'pwned'",
    "DELETE FROM activity",
    "CREATE TABLE pwned AS SELECT 1 AS x",
    "DROP TABLE mart_activity",
    "CREATE OR REPLACE VIEW v_region AS SELECT 1 AS x",
]


@pytest.mark.parametrize("sql", WRITES)
def test_the_dashboard_connection_cannot_write(evil_db, sql):
    """Each write through dashboard/db.py fails, and the file is byte for byte unchanged."""
    before = hashlib.sha256(evil_db.read_bytes()).hexdigest()
    with pytest.raises(duckdb.Error):
        db.fetch(sql, {}, db.identity(evil_db))
    assert db.fetch("SELECT count(*) AS n FROM v_region", {}, db.identity(evil_db)).n[0] > 0
    assert hashlib.sha256(evil_db.read_bytes()).hexdigest() == before


def test_the_dashboard_connection_cannot_write_files(evil_db, tmp_path):
    """COPY … TO through the dashboard's connection fails and writes nothing."""
    target = tmp_path / "leak.csv"
    try:
        db.fetch(f"COPY (SELECT 1) TO '{target}'", {}, db.identity(evil_db))  # test-only path
    except duckdb.Error:
        pass
    assert not target.exists()


# -- SQL is never formatted with user input ---------------------------------------------------

SQL_CALLS = {"execute", "sql", "fetch", "query", "executemany"}
# call sites that format SQL, and why each one is safe: the formatted parts are constants
ALLOWED = {
    ("etl/load/warehouse.py", "_insert"): "table names from TABLE_ORDER (a constant tuple)",
    ("etl/load/warehouse.py", "_counts"): "table names from TABLE_ORDER (a constant tuple)",
    ("etl/status.py", "warehouse_status"): "table names from TABLE_ORDER (a constant tuple)",
    ("dashboard/queries.py", "sql_text"): "joins the .sql files of named queries; no values",
}


def _formatted(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _formatted(node.left) or _formatted(node.right) or isinstance(node.op, ast.Mod)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "format_map"}
    return False


def _sql_formatting_sites() -> list[tuple[str, str, int]]:
    sites = []
    for folder in ("etl", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in [n for n in ast.walk(tree)
                         if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
                for call in ast.walk(func):
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and call.func.attr in SQL_CALLS and call.args
                            and _formatted(call.args[0])):
                        sites.append((rel, func.name, call.lineno))
    return sites


def test_no_sql_is_built_by_formatting_user_input():
    """Every SQL call whose text is formatted is on the allow-list of internal constants."""
    sites = _sql_formatting_sites()
    assert ("etl/load/warehouse.py", "_insert") in {s[:2] for s in sites}  # the scan works
    unexpected = [s for s in sites if (s[0], s[1]) not in ALLOWED]
    assert not unexpected, f"SQL built by string formatting: {unexpected}"


def test_named_queries_bind_every_value():
    """The dashboard's .sql files take values only as $parameters: no Python formatting marks."""
    for path in sorted((ROOT / "dashboard" / "queries").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{[a-z_]*\}|%\(?s|%\([a-z_]+\)s", text), path.name


# -- exports ------------------------------------------------------------------------------------

INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"жми\")", "+7 (495) 000-00-00",
              "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "=1+1", "\t=1+1"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"title": INJECTIONS, "n": range(len(INJECTIONS)),
                         "note": ["обычный текст"] * len(INJECTIONS)})


def test_csv_export_neutralises_formulas():
    """Every cell starting with =, +, -, @ (or tab) gets a leading apostrophe; others stay."""
    back = pd.read_csv(io.BytesIO(export.to_csv(_frame())), encoding="utf-8-sig")
    assert all(v.startswith("'") and v[1:] in INJECTIONS for v in back["title"])
    assert list(back["n"]) == list(range(len(INJECTIONS)))
    assert set(back["note"]) == {"обычный текст"}


def test_xlsx_export_neutralises_formulas():
    """No cell of the workbook is a formula; injection text is stored as a string."""
    sheet = load_workbook(io.BytesIO(export.to_xlsx(_frame(), "records"))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(t.startswith("'") for t in titles)


@hsettings(max_examples=300, deadline=None)
@given(value=st.text(max_size=30))
def test_any_text_cell_is_exported_safely(value):
    """A spreadsheet never sees a text cell that starts with a formula character, nor a control
    character XLSX cannot hold; other text stays as it is."""
    out = export.neutralise(value)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", out)
    if not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", value):
        assert out in (value, "'" + value)


# -- sign-in ----------------------------------------------------------------------------------

def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_page(monkeypatch, evil_db):
    """With [auth] set and no signed-in user: a title, a text and the sign-in button, no data."""
    at = _open(monkeypatch, evil_db, user={"is_logged_in": False}, secrets={"auth": AUTH})
    assert [b.proto.icon for b in at.button] == [":material/login:"]
    assert not at.metric and not at.dataframe and not at.multiselect and not at.html
    assert not at.sidebar.button and len(at.title) == 1


def test_a_signed_in_user_sees_the_dashboard(monkeypatch, evil_db):
    """With [auth] set and a signed-in user: the overview and a sign-out button."""
    at = _open(monkeypatch, evil_db, user={"is_logged_in": True, "name": "Аналитик",
                                           "email": "analyst@example.org"},
               secrets={"auth": AUTH})
    assert at.metric
    assert ":material/logout:" in [b.proto.icon for b in at.sidebar.button]
