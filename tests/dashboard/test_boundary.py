"""The boundary between the dashboard and the ETL (docs/architecture.md): the officials' pages
read the warehouse views and import nothing from `etl/`; the analysts' pages reach the ETL only
through `dashboard/analyst.py`."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard"
DOOR = DASHBOARD / "analyst.py"


def _etl_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                 else [])
        found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                  if n == "etl" or n.startswith("etl.")]
    return found


def test_only_dashboard_analyst_imports_from_etl():
    sources = sorted(DASHBOARD.rglob("*.py"))
    assert DOOR in sources and len(sources) > 20
    assert _etl_imports(DOOR), "dashboard/analyst.py is the door: it imports etl"
    assert [hit for path in sources if path != DOOR for hit in _etl_imports(path)] == []


# Runs in a fresh interpreter: every officials' page through AppTest (as an official unless
# CR_LOCAL_ANALYST=1), then the names of the loaded etl and dashboard modules.
_SESSION = """
import json, sys
from streamlit.testing.v1 import AppTest
app = sys.argv[1]
at = AppTest.from_file(app, default_timeout=180)
at.run()
failed = [e.value for e in at.exception]
for page in ("map", "timeline", "records", "sources", "quality", "region"):
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    failed += [e.value for e in at.exception]
print(json.dumps({"failed": failed,
                  "etl": sorted(m for m in sys.modules if m == "etl" or m.startswith("etl.")),
                  "dashboard": sorted(m for m in sys.modules if m.startswith("dashboard"))}))
"""


def test_an_officials_session_loads_no_etl_module(sample_db):
    env = {k: v for k, v in os.environ.items() if k != "CR_LOCAL_ANALYST"}
    env["CR_WAREHOUSE"] = str(sample_db)
    out = subprocess.run([sys.executable, "-c", _SESSION,
                          str(DASHBOARD / "app.py")], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["failed"] == []
    assert "dashboard.queries" in seen["dashboard"]  # the pages did run
    assert "dashboard.analyst" not in seen["dashboard"]
    assert seen["etl"] == []


def test_an_analysts_session_reaches_the_etl_through_dashboard_analyst(sample_db, tmp_path):
    env = dict(os.environ, CR_LOCAL_ANALYST="1", CR_WAREHOUSE=str(sample_db),
               CR_ANALYST_DIR=str(tmp_path / "analyst"))
    out = subprocess.run([sys.executable, "-c", _SESSION,
                          str(DASHBOARD / "app.py")], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["failed"] == []
    assert "dashboard.analyst" in seen["dashboard"] and "etl.decisions" in seen["etl"]
