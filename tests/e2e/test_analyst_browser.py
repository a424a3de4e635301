"""An analyst's day in chromium: upload a .docx press release, refresh, review its facts in the
queue (accept one, correct one, reject one, add a missed one), refresh again and see exactly
that on the map and in the records. An official sees none of it; the decisions survive a
server restart."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import duckdb
import pytest

from etl.config import Settings
from etl.pipeline import run
from tools import devserver

pytestmark = pytest.mark.browser

PARAGRAPHS = (
    "В марте 2025 года специалисты Агентства креативных индустрий провели рабочую миссию в "
    "Томске и встретились с местными дизайнерами.",
    "В апреле 2025 года Москву посетила делегация Калужской области: представители креативных "
    "кластеров побывали на площадках столицы.",
    "Агентство заключило соглашение о сотрудничестве с Фондом развития Архангельской области.",
    "В мае 2025 года в Якутске прошёл форум креативных индустрий, на котором выступили эксперты "
    "Агентства.",
)


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Итоги весенних поездок"
    document.add_heading("Итоги весенних поездок", level=1)
    document.add_paragraph("20.05.2025")
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def workspace(tmp_path):
    dirs = {name: tmp_path / name for name in ("curated", "documents", "analyst", "state")}
    for folder in dirs.values():
        folder.mkdir()
    env = {"CR_CURATED_DIR": str(dirs["curated"]), "CR_DOCUMENTS_DIR": str(dirs["documents"]),
           "CR_ANALYST_DIR": str(dirs["analyst"]), "CR_STATE_DIR": str(dirs["state"]),
           "CR_WAREHOUSE": str(tmp_path / "warehouse.duckdb"), "CR_EXTRACT_WORKERS": "1"}
    settings = Settings(warehouse=tmp_path / "warehouse.duckdb", curated_dir=dirs["curated"],
                        documents_dir=dirs["documents"], analyst_dir=dirs["analyst"],
                        state_dir=dirs["state"])
    run(settings)  # an empty warehouse to start from
    return settings, env, make_docx(tmp_path / "release.docx")


def wait_refreshed(settings: Settings, after: str) -> dict:
    """The refresh status file, once a refresh that finished after `after` has published."""
    path = settings.analyst_dir / "refresh.json"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if path.exists():
            status = json.loads(path.read_text(encoding="utf-8"))
            if status.get("state") in ("failed", "locked"):
                raise AssertionError(status)
            if status.get("state") == "published" and status.get("finished", "") >= after:
                return status
        time.sleep(1)
    raise TimeoutError("refresh did not finish")


def now() -> str:
    from etl.runlog import now as etl_now

    return etl_now()


def press_refresh(page, settings: Settings) -> None:
    started = now()
    page.locator(".st-key-refresh_now button").click()
    wait_refreshed(settings, started)
    page.get_by_text("Данные обновлены").first.wait_for()


def query(settings: Settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def facts(settings: Settings) -> dict[str, str]:
    """kind (or 'agreement') -> fact id, of every fact in the review table."""
    return dict(query(settings, "SELECT coalesce(a.kind, 'agreement'), r.fact_id "
                                "FROM fact_review r LEFT JOIN activity a "
                                "ON a.activity_id = r.fact_id"))


def pick(page, key: str, option, typed: str | None = None) -> None:
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    if typed:
        box.fill(typed)
    page.get_by_role("option", name=option).first.click()


def records_csv(page, base: str) -> list[dict]:
    page.goto(f"{base}/records")
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать CSV").first.click()
    with open(info.value.path(), encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_an_analyst_uploads_reviews_and_refreshes(workspace):
    settings, env, release = workspace
    with devserver.running(settings.warehouse, **env, CR_LOCAL_ANALYST="1") as base, \
            devserver.browser_page(downloads=True) as page:
        page.goto(f"{base}/upload")
        page.locator('input[type="file"]').set_input_files(str(release))
        page.get_by_text("пресс-релиз прочитан").wait_for()
        page.locator(".st-key-upload_store button").click()
        page.get_by_text("Сохранено: release.docx").wait_for()
        assert (settings.documents_dir / "release.docx").exists()

        press_refresh(page, settings)
        ids = facts(settings)
        assert {"mission", "delegation", "forum", "agreement"} <= set(ids)
        [(n_facts,)] = query(settings, "SELECT count(*) FROM fact_review")
        page.goto(f"{base}/review")
        page.get_by_text("Итоги весенних поездок").first.wait_for()
        page.get_by_text(f"Не проверено фактов: {n_facts}").wait_for()

        page.locator(f".st-key-accept_{ids['mission']} button").click()
        page.get_by_text("Факт принят").wait_for()
        page.locator(f".st-key-reject_{ids['delegation']} button").click()
        page.get_by_text("Факт отклонён").wait_for()
        forum = ids["forum"]
        page.locator(f".st-key-fact_{forum}").get_by_role("button", name="Исправить").click()
        pick(page, f"c_{forum}_kind", "фестиваль")
        page.locator(f".st-key-save_{forum} button").click()
        page.get_by_text("Исправление сохранено").wait_for()
        page.get_by_text("Решений ждут обновления данных: 3").wait_for()

        [(doc,)] = query(settings, "SELECT document_id FROM document")
        page.get_by_text("Добавить пропущенный факт").click()
        pick(page, f"a_{doc}_s", re.compile("^В марте 2025"))
        pick(page, f"a_{doc}_kind", "круглый стол", typed="круглый")
        page.locator(f".st-key-a_{doc}_start input").fill("2025-03")
        pick(page, f"a_{doc}_place", "Томск", typed="Томск")
        page.locator(f".st-key-addfact_{doc} button").click()
        page.get_by_text("Запись добавлена").wait_for()

        press_refresh(page, settings)
        rows = records_csv(page, base)
        kinds = [r["Вид"] for r in rows]
        for kind in ("круглый стол", "миссия в регион", "фестиваль"):  # accepted, added, corrected
            assert kinds.count(kind) == 1
        assert "делегация" not in kinds and "forum" not in kinds  # rejected, corrected
        page.goto(f"{base}/map")
        page.locator(".js-plotly-plot").first.wait_for()
        places = {name for (name,) in query(settings, "SELECT DISTINCT place_name "
                                                      "FROM mart_activity WHERE lat IS NOT NULL")}
        assert {"Томск", "Якутск"} <= places and "Калужская область" not in places
        page.get_by_text(f"Показано {len(places)} из {len(places)}").wait_for()
        page.goto(f"{base}/review")
        left = n_facts - 3  # the agreement (and whatever else the extractor found) is left
        page.get_by_text(f"Не проверено фактов: {left}").wait_for()

    # an official: no page offers upload, review, entry or refresh
    with devserver.running(settings.warehouse, **env) as base, \
            devserver.browser_page() as page:
        page.goto(f"{base}/records")
        page.get_by_role("link", name="Записи").wait_for()
        for name in ("Проверка фактов", "Загрузка", "Новая запись", "Обновление и журнал"):
            assert page.get_by_role("link", name=name).count() == 0
        assert page.locator(".st-key-refresh_now").count() == 0
        page.goto(f"{base}/upload")
        page.get_by_role("link", name="Записи").wait_for()
        assert page.locator('input[type="file"]').count() == 0

    # the analyst again, on a restarted server: the decisions are all there
    with devserver.running(settings.warehouse, **env, CR_LOCAL_ANALYST="1") as base, \
            devserver.browser_page(downloads=True) as page:
        page.goto(f"{base}/review")
        page.get_by_text(f"Не проверено фактов: {left}").wait_for()
        page.goto(f"{base}/workspace")
        with page.expect_download() as info:
            page.locator(".st-key-audit_export button").click()
        with open(info.value.path(), encoding="utf-8") as fh:
            actions = [row["action"] for row in csv.DictReader(fh)]
        assert sorted(set(actions)) == ["accept", "add", "correct", "refresh", "reject", "upload"]
