"""Analysts' decisions: applied by the ETL, kept outside the warehouse, surviving every rebuild
and a new extractor version."""

from __future__ import annotations

import pytest

from etl import cache
from etl.decisions import DecisionStore
from etl.pipeline import run
from tests.conftest import make_settings, query

RELEASE = """---
title: Агентство подвело итоги весенних поездок
date: 2025-05-20
---
В марте 2025 года специалисты Агентства креативных индустрий провели рабочую миссию в Томске и \
встретились с местными дизайнерами.

В апреле 2025 года Москву посетила делегация Калужской области: представители креативных \
кластеров побывали на площадках столицы.

Агентство заключило соглашение о сотрудничестве с Фондом развития Архангельской области.

В мае 2025 года в Якутске прошёл форум креативных индустрий, на котором выступили эксперты \
Агентства.
"""
FACTS = ("SELECT a.kind, a.status, a.start_date::VARCHAR, a.origin, string_agg(p.name_ru, ',' "
         "ORDER BY p.name_ru) FROM activity a LEFT JOIN activity_place ap USING (activity_id) "
         "LEFT JOIN place p USING (place_id) WHERE a.document_id = ? "
         "GROUP BY ALL ORDER BY 3, 1")
QUEUE = ("SELECT r.fact_id, r.fact_type, r.signature, coalesce(a.kind, 'agreement') "
         "FROM fact_review r LEFT JOIN activity a ON a.activity_id = r.fact_id "
         "WHERE r.review = 'unreviewed' AND r.document_id = ? ORDER BY r.fact_id")


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "1")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "release.md").write_text(RELEASE, encoding="utf-8")
    empty = tmp_path / "curated"
    empty.mkdir()
    settings = make_settings(tmp_path, documents_dir=docs, curated_dir=empty)
    run(settings)
    doc_id = query(settings.warehouse, "SELECT document_id FROM document")[0][0]
    return settings, doc_id


def test_decisions_are_applied_and_survive_rebuilds_and_a_new_extractor(setup, monkeypatch):
    settings, doc = setup
    queue = {kind: (fid, ftype, sig) for fid, ftype, sig, kind in
             query(settings.warehouse, QUEUE, [doc])}
    assert {"mission", "delegation", "forum", "agreement"} <= set(queue)
    with DecisionStore.for_settings(settings) as store:
        _, _, sig = queue["mission"]
        store.decide(doc, sig, "activity", "accept", "anna@example.org")
        _, _, sig = queue["delegation"]
        store.decide(doc, sig, "activity", "reject", "anna@example.org")
        _, _, sig = queue["forum"]
        store.decide(doc, sig, "activity", "correct", "boris@example.org",
                     {"kind": "festival", "start": "2025-06", "place": "Якутск"})
        _, _, sig = queue["agreement"]
        store.decide(doc, sig, "agreement", "correct", "boris@example.org",
                     {"counterparty": "Фонд развития Архангельской области"})
        store.add_fact("activity", {"kind": "round_table", "status": "done", "start": "2025-03",
                                    "place": "Томске", "evidence": "встретились с дизайнерами"},
                       "anna@example.org", document_id=doc)
    decided = {  # what the decisions leave; other facts the extractor finds stay as they are
        ("mission", "done", "2025-03-01", "curated", "Томск"),
        ("round_table", "done", "2025-03-01", "curated", "Томск"),
        ("festival", "done", "2025-06-01", "curated", "Якутск"),
    }
    for bump in ("", "", "-next-extractor"):
        if bump:
            real = cache.extractor_version
            monkeypatch.setattr(cache, "extractor_version", lambda *a, r=real, b=bump: r(*a) + b)
        run(settings)
        rows = query(settings.warehouse, FACTS, [doc])
        assert decided <= set(rows)
        assert not {r for r in rows if r[0] in ("delegation", "forum")}  # rejected, corrected
        assert [r for r in rows if r[3] == "curated"] == sorted(decided, key=lambda r: (r[2], r[0]))
        assert query(settings.warehouse, "SELECT counterparty, origin FROM agreement") == [
            ("Фонд развития Архангельской области", "curated")]
        reviews = dict(query(settings.warehouse, "SELECT review, count(*) FROM fact_review "
                                                 "WHERE review <> 'unreviewed' GROUP BY ALL"))
        assert reviews == {"accepted": 1, "corrected": 2, "added": 1}
        by = query(settings.warehouse, "SELECT reviewed_by, reviewed_at IS NOT NULL FROM "
                                       "fact_review r JOIN activity a ON a.activity_id = r.fact_id "
                                       "WHERE a.kind = 'festival'")
        assert by == [("boris@example.org", True)]
        unreviewed = query(settings.warehouse, "SELECT count(*) FROM fact_review "
                                               "WHERE review = 'unreviewed'")[0][0]
        assert query(settings.warehouse, "SELECT count(DISTINCT activity_id) FROM mart_activity "
                                         "WHERE NOT reviewed") == [(unreviewed,)]
    with DecisionStore.for_settings(settings) as store:
        actions = [row[2] for row in store.audit_log()]
    assert actions == ["add", "correct", "correct", "reject", "accept"]


def test_a_bad_correction_or_added_fact_is_reported_not_loaded(setup):
    settings, doc = setup
    queue = {kind: sig for _, _, sig, kind in query(settings.warehouse, QUEUE, [doc])}
    with DecisionStore.for_settings(settings) as store:
        store.decide(doc, queue["forum"], "activity", "correct", "anna",
                     {"start": "2025-02-30"})
        store.add_fact("activity", {"kind": "mission", "status": "done", "start": "2025",
                                    "place": "Нигдеград"}, "anna")
    run(settings)
    reasons = [r[0] for r in query(settings.warehouse, "SELECT reason FROM quarantine")]
    assert any(r.startswith("correction not applied: start: 30.02.2025 does not exist")
               for r in reasons)
    assert any("unknown place 'Нигдеград'" in r for r in reasons)
    # the forum stays as extracted, accepted
    assert ("forum", "curated") in query(settings.warehouse,
                                         "SELECT kind, origin FROM activity")


def test_an_undone_decision_is_undone_in_the_warehouse_at_the_next_run(setup):
    settings, doc = setup
    queue = {kind: sig for _, _, sig, kind in query(settings.warehouse, QUEUE, [doc])}
    with DecisionStore.for_settings(settings) as store:
        store.decide(doc, queue["delegation"], "activity", "reject", "anna")
        store.decide(doc, queue["forum"], "activity", "correct", "anna", {"kind": "festival"})
        store.decide(doc, queue["forum"], "activity", "accept", "boris")  # replaces the correction
    run(settings)
    kinds = {r[0] for r in query(settings.warehouse, FACTS, [doc])}
    assert "delegation" not in kinds and "forum" in kinds

    with DecisionStore.for_settings(settings) as store:
        recent = store.recent_decisions()
        assert [(d.action, d.undoable) for d in recent] == [
            ("accept", True), ("correct", False), ("reject", True)]
        store.undo(recent[0].entry_no, "anna")  # the accept: the correction is back in force
        store.undo(recent[2].entry_no, "anna")  # the rejection: the delegation comes back
    run(settings)
    kinds = {r[0] for r in query(settings.warehouse, FACTS, [doc])}
    assert {"delegation", "festival"} <= kinds and "forum" not in kinds
    assert query(settings.warehouse, QUEUE.replace("r.review = 'unreviewed'", "true")
                 .replace("SELECT r.fact_id, r.fact_type, r.signature,", "SELECT r.review,")
                 .replace("ORDER BY r.fact_id", "AND r.signature = ? ORDER BY 1"),
                 [doc, queue["delegation"]]) == [("unreviewed", "delegation")]
    with DecisionStore.for_settings(settings) as store:
        assert [row[2] for row in store.audit_log()][:2] == ["undo", "undo"]


def test_a_removed_hand_added_fact_leaves_the_warehouse_at_the_next_run(setup):
    settings, _ = setup
    mine = "SELECT count(*) FROM activity WHERE title = 'Миссия в Томск вручную'"
    with DecisionStore.for_settings(settings) as store:
        fact_no = store.add_fact("activity", {"kind": "mission", "status": "done",
                                              "start": "2025-03", "place": "Томск",
                                              "title": "Миссия в Томск вручную"}, "anna")
    run(settings)
    assert query(settings.warehouse, mine) == [(1,)]
    with DecisionStore.for_settings(settings) as store:
        removed = store.remove_fact(fact_no, "boris")
        with pytest.raises(ValueError, match="removed already"):
            store.remove_fact(fact_no, "boris")
        at, user, action, subject, detail = store.audit_log()[0]
    assert removed.user == "anna" and (user, action, subject) == (
        "boris", "remove", f"activity r-{fact_no}")
    assert '"added_by": "anna"' in detail and "Томск" in detail
    run(settings)
    assert query(settings.warehouse, mine) == [(0,)]
