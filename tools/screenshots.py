"""Write docs/screenshots/<page>.png for every dashboard page.

Starts the dashboard on a free port against CR_WAREHOUSE (default data/warehouse.duckdb) and
photographs each page with headless Debian chromium:
    CR_WAREHOUSE=/path/to/warehouse.duckdb .venv/bin/python tools/screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import db  # noqa: E402
from tools import devserver  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = (  # file name, URL path and query, text that shows the page has drawn
    ("overview", "", "Проведено мероприятий"),
    ("map", "map", "Группировка"),
    ("timeline", "timeline", "Группировать по"),
    ("records", "records", "Скачать CSV"),
    ("sources", "sources", "Поиск"),
    ("quality", "quality", "Последние запуски ETL"),
    ("overview-en", "?lang=en", "Activities done"),
    ("source-document", "sources?doc={doc}", "Извлечённые факты"),
    ("region", "region?code=RU-KEM", "Справка PDF"),
)
# the press release (a document the ETL extracted facts from, not a curated table's note) with
# the most extracted facts: its page shows the highlighted sentences and place names
BUSIEST_DOCUMENT = """
SELECT d.document_id
FROM v_document d
JOIN v_fact_source f ON f.document_id = d.document_id AND f.origin = 'extracted'
WHERE d.origin = 'extracted'
GROUP BY d.document_id
ORDER BY count(*) DESC, max(length(d.text)) DESC, d.document_id
LIMIT 1
"""


def shoot(page, base: str, name: str, path: str, ready: str) -> Path:
    page.goto(f"{base}/{path}")
    page.get_by_text(ready, exact=False).first.wait_for()
    if name in ("overview", "map", "timeline", "overview-en", "region"):
        page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(2500)  # let plotly and the map finish drawing
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target))
    return target


def main() -> None:
    warehouse = db.warehouse_path()
    if not warehouse.exists():
        sys.exit(f"no warehouse at {warehouse}: run `etl run` first or set CR_WAREHOUSE")
    OUT.mkdir(parents=True, exist_ok=True)
    docs = db.fetch(BUSIEST_DOCUMENT, {}, db.identity(warehouse))
    doc = docs["document_id"].iloc[0] if len(docs) else ""
    with devserver.running(warehouse) as base, devserver.browser_page() as page:
        for name, path, ready in PAGES:
            print(shoot(page, base, name, path.format(doc=doc), ready).relative_to(ROOT))


if __name__ == "__main__":
    main()
