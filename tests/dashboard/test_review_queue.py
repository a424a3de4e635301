"""The review queue as an analyst sees it: every unreviewed fact, newest documents first, 20 to a
page with «1–20 из 45» and the page number in the URL; a decision takes the fact out of the
queue and the count follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP
from tests.fixtures import warehouse as fixture_warehouse

# (document id, title, published, number of facts): the queue shows the newest first
QUEUE_DOCS = [("q-old", "Старый релиз о поездках", "2020-02-01", 10),
              ("q-new", "Свежий релиз о миссиях", "2025-03-01", 25),
              ("q-mid", "Летний релиз о делегациях", "2024-06-01", 10)]
TOTAL = sum(n for *_, n in QUEUE_DOCS)


def _fact_date(doc_id: str, n: int) -> str:
    """Each fact is told apart on screen by its date: month by document, day by line."""
    month = {"q-new": 1, "q-mid": 2, "q-old": 3}[doc_id]
    return f"2019-{month:02d}-{n:02d}"


def _add_queue(con) -> None:
    for doc_id, title, published, n_facts in QUEUE_DOCS:
        lines = [f"Строка {n}: специалисты провели рабочую миссию в город номер {n}."
                 for n in range(1, n_facts + 1)]
        con.execute("INSERT INTO document VALUES (?, ?, ?, 'day', 'front_matter', NULL, NULL, ?,"
                    " 'extracted', ?, '2025-03-02 03:00:00')",
                    [doc_id, title, published, f"{doc_id}.md", "\n".join(lines)])
        for n in range(1, n_facts + 1):
            fid = f"x-{doc_id}-{n}"
            con.execute("INSERT INTO activity VALUES (?, 'mission', 'done', ?, ?, ?, 'day', NULL,"
                        " 'extracted', 0.8, ?, ?, ?)",
                        [fid, f"Миссия {n}", _fact_date(doc_id, n), _fact_date(doc_id, n),
                         doc_id, lines[n - 1], f"{doc_id}.md:line {n}"])
            con.execute("INSERT INTO activity_place VALUES (?, 'city:551487', 'destination', NULL)",
                        [fid])
            con.execute("INSERT INTO fact_review VALUES (?, 'activity', ?, ?, 'unreviewed', NULL,"
                        " NULL)", [fid, doc_id, f"sig-{doc_id}-{n}"])


@pytest.fixture(scope="module")
def queue_db(tmp_path_factory) -> Path:
    return fixture_warehouse.copy(tmp_path_factory.mktemp("queue") / "warehouse.duckdb",
                                  _add_queue)


@pytest.fixture
def review(queue_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CR_WAREHOUSE", str(queue_db))
    monkeypatch.setenv("CR_ANALYST_DIR", str(tmp_path / "analyst"))
    monkeypatch.setenv("CR_LOCAL_ANALYST", "1")

    def open_review(**query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=180)
        at.run()
        at.switch_page("app_pages/review.py")
        at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return open_review


def _range(at: AppTest) -> str:
    return next(m.value for m in at.main.markdown if " из " in m.value)


def _plain(markdown: str) -> str:
    """Text escaped for Markdown (dashboard/plain.py) as the analyst reads it."""
    return markdown.replace("\u2060", "").replace("\\", "")


def _dates(at: AppTest) -> list[str]:
    """The dates of the fact cards on the page, top to bottom."""
    return [text.value.split(" · ")[2] for text in at.main.text]


def _titles(at: AppTest) -> list[str]:
    return [h.value for h in at.main.subheader]


def test_the_queue_pages_through_every_fact_newest_documents_first(review):
    at = review()
    assert _range(at) == f"1–20 из {TOTAL}"
    assert _titles(at) == ["Свежий релиз о миссиях"]
    assert _dates(at) == [_fact_date("q-new", n) for n in range(1, 21)]
    assert at.button(key="prev_top").disabled

    at.button(key="next_top").click().run()
    assert at.query_params["page"] == "2"  # a link to this page opens it again
    assert _range(at) == f"21–40 из {TOTAL}"
    assert _titles(at) == ["Свежий релиз о миссиях", "Летний релиз о делегациях",
                           "Старый релиз о поездках"]
    assert _dates(at) == ([_fact_date("q-new", n) for n in range(21, 26)]
                          + [_fact_date("q-mid", n) for n in range(1, 11)]
                          + [_fact_date("q-old", n) for n in range(1, 6)])

    last = review(page="3")
    assert _range(last) == f"41–45 из {TOTAL}"
    assert _titles(last) == ["Старый релиз о поездках"]
    assert _dates(last) == [_fact_date("q-old", n) for n in range(6, 11)]
    assert last.button(key="next_top").disabled
    assert _range(review(page="99")) == f"41–45 из {TOTAL}"  # past the end: the last page
    assert _range(review(page="x")) == f"1–20 из {TOTAL}"


def test_a_decision_leaves_the_queue_and_the_count_follows(review):
    at = review(page="3")
    at.button(key="reject_x-q-old-6").click().run()
    assert _range(at) == f"41–44 из {TOTAL - 1}"
    assert _fact_date("q-old", 6) not in _dates(at)
    assert any("ждут обновления данных: 1" in info.value for info in at.info)
    assert any(f"Не проверено фактов: {TOTAL - 1}" in c.value for c in at.caption)


def test_an_analyst_undoes_the_last_decision_and_one_from_the_log(review):
    at = review(page="3")
    at.button(key="reject_x-q-old-7").click().run()
    assert _range(at) == f"41–44 из {TOTAL - 1}"
    last = next(_plain(c.value) for c in at.main.caption
                if c.value.startswith("Ваше последнее решение"))
    assert f"отклонён — миссия в регион · проведено · {_fact_date('q-old', 7)} · Казань" in last

    at.button(key="undo_last").click().run()
    assert any(s.value.startswith("Решение отменено (отклонён") for s in at.success)
    assert _range(at) == f"41–45 из {TOTAL}"  # the fact is back in the queue
    assert _fact_date("q-old", 7) in _dates(at)
    assert not any("ждут обновления" in info.value for info in at.info)
    assert not [b for b in at.button if b.key == "undo_last"]  # nothing left to undo

    at.button(key="accept_x-q-old-8").click().run()
    at.button(key="reject_x-q-old-9").click().run()
    at.switch_page("app_pages/workspace.py").run()
    assert not at.exception
    rows = [x.value for x in at.main.text]
    assert [r.split(" · ")[1:2] + r.split(" — ")[0].split(" · ")[2:] for r in rows] == [
        ["local", "отклонён"], ["local", "принят"], ["local", "отклонён"]]
    assert any(c.value.startswith("отменено: local") for c in at.main.caption)
    at.button(key="undo_2").click().run()  # the accept of line 8, from the log
    assert any(i.value.startswith("Решение отменено (принят") for i in at.info)
    assert not [b for b in at.button if b.key == "undo_2"]
    at.switch_page("app_pages/review.py")
    at.query_params["page"] = "3"
    at.run()
    assert _range(at) == f"41–44 из {TOTAL - 1}"  # only the rejection of line 9 is left
    assert _fact_date("q-old", 8) in _dates(at) and _fact_date("q-old", 9) not in _dates(at)


def test_an_analyst_removes_a_record_they_added(review, tmp_path):
    at = review()
    at.switch_page("app_pages/entry.py").run()
    assert any(c.value == "Вы пока не добавляли записей." for c in at.main.caption)
    at.text_input(key="e_mission_title").input("Миссия дизайнеров")
    at.text_input(key="e_mission_start").input("2024-05")
    at.selectbox(key="e_mission_place").set_value("Казань")
    at.button(key="entry_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    listed = [x.value for x in at.main.text]
    assert len(listed) == 1 and listed[0].endswith(
        " · миссия в регион · проведено · 2024-05 · Миссия дизайнеров · Казань"), listed

    at.button(key="remove_1").click().run()
    assert any(i.value.startswith("Запись удалена (миссия в регион") for i in at.info)
    assert not at.main.text and not [b for b in at.button if b.key == "remove_1"]
    assert any(c.value == "Вы пока не добавляли записей." for c in at.main.caption)

    from etl.decisions import DecisionStore  # what the next ETL run reads: nothing added
    with DecisionStore(tmp_path / "analyst" / "decisions.sqlite") as store:
        assert store.added() == []
        log = store.audit_log()
    assert [(row[1], row[2], row[3]) for row in log[:2]] == [
        ("local", "remove", "activity r-1"), ("local", "add", "activity r-1")]
    assert "Казань" in log[0][4]
    at.switch_page("app_pages/workspace.py").run()
    shown = at.dataframe[0].value  # the audit log
    assert list(shown.iloc[:2, 2]) == ["удалён", "добавлен"]
