"""Agreements and planned visits from their frames, and rule isolation (issue 9 item 2).

Our own short texts, through the real natasha models and resolver (loaded once per session).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.extract import Extractor
from etl.extract.report import to_json
from etl.geocode.resolve import Resolver
from etl.models import Document
from etl.sources.documents import content_id

NO_QUOTES = "Правительство Пермского края и Агентство подписали соглашение о сотрудничестве."


def report(extractor: Extractor, resolver: Resolver, text: str, published: str = "2024-03-01"):
    from etl.dates import parse_fuzzy_date

    doc = Document(content_id(text), "test", text, parse_fuzzy_date(published), "front_matter",
                   source_path="t.md")
    extraction = extractor.analyse(doc)
    return to_json(extraction, resolver), extraction.batch


def break_agreements_on(word: str, error: Exception, monkeypatch) -> None:
    """Make the agreements rule raise `error` on any document with a sentence holding `word`."""
    import etl.extract as extract
    from etl.extract import agreements

    real = agreements.find_agreements

    def broken(ctx, activities, nlp):
        if any(word in f.text for f in ctx.facts):
            raise error
        return real(ctx, activities, nlp)

    monkeypatch.setattr(extract, "find_agreements", broken)


def test_no_party_named_no_agreement(extractor, resolver) -> None:
    out, _ = report(extractor, resolver, "Стороны подписали соглашение.")
    assert out["agreements"] == []


def test_agreement_without_quotes(extractor, resolver) -> None:
    """The issue's own sentence: no quotes, no crash; the regional party is the counterparty."""
    out, batch = report(extractor, resolver, NO_QUOTES)
    assert [(a["counterparty"], a["region"], a["status"]) for a in out["agreements"]] == [
        ("Правительство Пермского края", "Пермский край", "done")]
    assert [a.kind for a in batch.activities] == ["agreement_signing"]
    assert not [r for r in out["rejected"] if r["severity"] == "warning"]


@pytest.mark.parametrize(("text", "counterparty", "status"), [
    # officials stand for their region; the federal fund is not the counterparty
    ("Соглашение подписали губернатор Тверской области Иван Петров и директор фонда "
     "Пётр Сидоров.", "Тверская область", "done"),
    ("В Калужской области открылся центр дизайна. Губернатор Иван Петров и директор "
     "агентства Пётр Сидоров подписали соглашение.", "Калужская область", "done"),
    # the party after "с" is the counterparty, unless only the subject is a regional one
    ("Министерство экономического развития Калужской области заключило соглашение с АНО "
     "«Агентство креативных индустрий».", "Министерство экономического развития Калужской "
     "области", "done"),
    # the party after "с", in the nominative; a future verb makes it planned
    ("В апреле агентство подпишет соглашение с администрацией Калуги.",
     "администрация Калуги", "planned"),
    ("Соглашение между Смоленским университетом и агентством будет подписано осенью.",
     "Смоленский университет", "planned"),
    # the signatories written in the sentence before
    ("Министерство культуры Тульской области и городской музей Рязани будут сотрудничать. "
     "Соответствующее соглашение подписали руководители ведомств.", "городской музей Рязани",
     "done"),
])
def test_agreement_frames(extractor, resolver, text: str, counterparty: str, status: str) -> None:
    out, _ = report(extractor, resolver, text)
    assert [(a["counterparty"], a["status"]) for a in out["agreements"]] == [
        (counterparty, status)], out["agreements"]


def test_planned_visits_with_year(extractor, resolver) -> None:
    """A future trip to named places; a plan without a date takes the year it was written in;
    a past trip and the places of a purpose ("о музеях Рязани") are no plan."""
    out, _ = report(extractor, resolver,
                    "Летом эксперты агентства отправятся в Калугу и Смоленск. "
                    "Делегация из Твери прибудет в Ярославль для съёмок фильма о музеях Рязани. "
                    "В планах агентства на 2025 год — поездка в Псков. "
                    "Министр рассказала об этом во время поездки в Тулу. "
                    "Осенью команда агентства отправится в Циндао.")  # 2025: the year before
    assert sorted((v["place"], v["year"]) for v in out["planned_visits"]) == [
        ("Калуга", 2024), ("Псков", 2025), ("Смоленск", 2024), ("Циндао", 2025),
        ("Ярославль", 2024)]


def test_warehouse_and_extract_share_the_planned_visit_definition(extractor, resolver) -> None:
    """The warehouse rows and `etl extract` list the same planned visits (etl.planned)."""
    import datetime as dt

    from etl.load.rows import build_rows

    text = "В 2025 году делегация из Казани посетит Москву, а эксперты отправятся в Омск."
    out, batch = report(extractor, resolver, text)
    batch.documents = [Document(content_id(text), "test", text, None, "front_matter")]
    rows = build_rows(batch, [], dt.datetime(2024, 3, 1)).get("planned_visit")
    assert sorted(v["year"] for v in out["planned_visits"]) == sorted(r[3] for r in rows)
    assert len(rows) == len(out["planned_visits"]) >= 1


def test_a_failing_rule_costs_one_sentence(extractor, resolver, monkeypatch) -> None:
    """A rule that raises on one sentence: a warning with that sentence; the rest loads."""
    break_agreements_on("Рязан", ValueError("zip() argument 2 is shorter than argument 1"),
                        monkeypatch)
    text = ("В мае 2024 года эксперты агентства посетили Калугу. "
            "Агентство и музей Рязани подписали соглашение. "
            "Министерство культуры Тверской области и агентство подписали меморандум.")
    out, batch = report(extractor, resolver, text)
    warnings = [r for r in batch.rejected if r.severity == "warning"]
    assert [(w.source, w.locator, w.raw) for w in warnings] == [
        ("extract", "t.md:line 1", "Агентство и музей Рязани подписали соглашение.")]
    assert "ValueError" in warnings[0].reason
    assert [a["counterparty"] for a in out["agreements"]] == [
        "Министерство культуры Тверской области"]
    assert any(a["kind"] == "mission" for a in out["activities"])


def test_cli_never_exits_1_for_a_rule_defect(tmp_path: Path, monkeypatch) -> None:
    """`etl extract` prints the warning in its JSON and exits 0."""
    import typer

    import etl.extract as extract
    from etl.extract.cli import extract_command

    def broken(ctx, activities, nlp):
        raise IndexError("list index out of range")

    monkeypatch.setattr(extract, "find_agreements", broken)
    app = typer.Typer()
    app.command()(extract_command)
    path = tmp_path / "n.md"
    path.write_text(f"---\ndate: 2024-06-01\n---\n{NO_QUOTES}\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["agreements"] == []
    assert any(r["severity"] == "warning" and r["raw"] == NO_QUOTES for r in data["rejected"])


def test_warehouse_keeps_the_document_and_a_warning_row(tmp_path: Path, monkeypatch) -> None:
    """`etl run`: the sentence a rule fails on is a `quarantine` warning; the rest is published."""
    from etl.pipeline import run
    from tests.conftest import make_settings, query

    # the broken rule is patched in this process: extract here, not in a worker process
    monkeypatch.setenv("CR_EXTRACT_WORKERS", "1")
    break_agreements_on("Рязан", KeyError("party"), monkeypatch)
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "n.md").write_text(
        "---\ndate: 2024-06-01\n---\nВ мае 2024 года эксперты агентства посетили Калугу.\n\n"
        "Агентство и музей Рязани подписали соглашение.\n\n"
        "Министерство культуры Тверской области и агентство подписали меморандум.\n\n"
        "В декабре делегация из Твери приедет в Калугу.\n",
        encoding="utf-8")
    settings = make_settings(tmp_path, documents_dir=docs)
    assert run(settings).status == "published"
    db = settings.warehouse
    assert query(db, "SELECT severity, source, raw FROM quarantine WHERE source = 'extract'") == [
        ("warning", "extract", "Агентство и музей Рязани подписали соглашение.")]
    assert query(db, "SELECT counterparty FROM agreement WHERE origin = 'extracted'") == [
        ("Министерство культуры Тверской области",)]
    assert query(db, "SELECT count(*) FROM activity WHERE origin = 'extracted' "
                     "AND kind = 'mission'")[0][0] == 1
    # a planned delegation is a planned visit; the agency's own done mission there does not
    # fulfil it (plan-vs-fact compares trips going the same way)
    assert query(db, "SELECT place_name, year, fulfilled FROM mart_plan_vs_fact "
                     "WHERE document_id IS NOT NULL AND place_name = 'Калуга'") == [
        ("Калуга", 2024, False)]


def test_intent_adjective_and_sealing_with_signatures(extractor, resolver) -> None:
    """ "намерены посетить" is a plan like "намереваются"; "скрепили подписями меморандум"
    is a signing like "подписали"."""
    out, _ = report(extractor, resolver,
                    "В апреле сотрудники агентства намерены посетить Кострому.")
    assert [(v["place"], v["year"]) for v in out["planned_visits"]] == [("Кострома", 2024)]
    out, _ = report(extractor, resolver,
                    "5 марта правительство Ивановской области и агентство скрепили подписями "
                    "меморандум о развитии креативных индустрий.")
    assert [(a["region"], a["status"]) for a in out["agreements"]] == [
        ("Ивановская область", "done")]


def test_signing_as_the_outcome_of_a_told_visit(extractor, resolver) -> None:
    """ "по итогам визита подписаны соглашения": the visit's agreements, no signing event of
    their own; "во время визита подписали" is a signing that happens there (its own event)."""
    outcome = ("В мае 2024 года делегация из Костромы посетила Москву. По итогам визита "
               "подписаны соглашения с музеем «Лён» Костромы и студией «Прялка» из Иванова.")
    out, batch = report(extractor, resolver, outcome, published="2024-06-01")
    assert sorted(a["counterparty"] for a in out["agreements"]) == ["Лён", "Прялка"]
    assert [a["kind"] for a in out["activities"]] == ["delegation"]
    visit = batch.activities[0].activity_id
    assert {g.activity_id for g in batch.agreements} == {visit}
    assert {a["status"] for a in out["agreements"]} == {"done"}

    during = outcome.replace("По итогам визита подписаны соглашения",
                             "Во время визита подписаны соглашения")
    out, _ = report(extractor, resolver, during, published="2024-06-01")
    assert sorted(a["kind"] for a in out["activities"]) == ["agreement_signing", "delegation"]
    # an outcome of something that is no activity ("по итогам года") is a signing of its own
    out, _ = report(extractor, resolver, "По итогам года подписано соглашение с музеем «Лён» "
                    "Костромы.", published="2024-06-01")
    assert [a["kind"] for a in out["activities"]] == ["agreement_signing"]


def test_planned_visits_are_trips_not_days_or_the_venues_town(extractor, resolver) -> None:
    """A region's days held elsewhere are no trip to plan (the region is where the people come
    from); a planned visit to a named museum is a visit to the museum, not to its town; an
    invitation to the public is nobody's trip."""
    out, _ = report(extractor, resolver, "Далее планируются Дни Бурятии в Твери и Пскове.")
    assert out["planned_visits"] == []
    assert [(a["kind"], a["origin"], a["places"]) for a in out["activities"]] == [
        ("delegation", ["Республика Бурятия"], ["Тверь", "Псков"])]
    out, _ = report(extractor, resolver,
                    "В Костроме много музеев, поэтому школьники обязательно посетят "
                    "Костромской музей льна.")
    assert [(v["place"], v["year"]) for v in out["planned_visits"]] == [
        ("Костромской музей льна", 2024)]
    out, _ = report(extractor, resolver,
                    "Жителей Твери приглашают посетить выставку «Лён и глина» в Торжке.")
    assert out["planned_visits"] == []


@pytest.mark.parametrize(("text", "counterparty"), [
    # a short passive participle ends the party: not "… предпринимательства подписано"
    ("Соглашение между агентством и Калужским областным фондом поддержки "
     "предпринимательства подписано на выставке.",
     "Калужский областной фонд поддержки предпринимательства"),
    # another agency is a counterparty like any other body, never "us"
    ("Агентство креативных индустрий заключило соглашение с Агентством стратегических "
     "инициатив.", "Агентство стратегических инициатив"),
    # "документ" is the agreement the sentence before spoke of
    ("Правительство Чувашии и агентство будут сотрудничать в сфере дизайна. Документ "
     "подписали председатель правительства Чувашии Иван Орлов и руководитель агентства.",
     "правительство Чувашии"),
    # planned, unquoted, after "с", before the verb
    ("Соглашения о сотрудничестве с Новгородским университетом агентство планирует подписать "
     "осенью.", "Новгородский университет"),
])
def test_counterparty_is_a_clean_name(extractor, resolver, text: str, counterparty: str) -> None:
    out, _ = report(extractor, resolver, text)
    assert [a["counterparty"] for a in out["agreements"]] == [counterparty], out["agreements"]


def test_a_document_alone_is_no_agreement(extractor, resolver) -> None:
    """ "Документ подписал …" after a report, not an agreement: no counterparty is made up."""
    out, _ = report(extractor, resolver,
                    "Агентство опубликовало годовой отчёт. Документ подписал директор агентства.")
    assert out["agreements"] == []
    # right after the signing it refers to, it is that one, with its signatories' titles
    out, _ = report(extractor, resolver,
                    "Агентство и музей Костромы подписали соглашение о сотрудничестве. Документ "
                    "подписали руководитель агентства и директор художественного совета музея "
                    "Костромы.")
    assert [a["counterparty"] for a in out["agreements"]] == ["музей Костромы"]


def test_a_plan_in_a_clause_about_something_else_is_not_the_visits(extractor, resolver) -> None:
    """ "визит проходит в рамках Дней …, которые запланированы на …": the visit is under way
    (no planned visit); an event's own relative clause still dates and plans it."""
    out, _ = report(extractor, resolver,
                    "Визит делегации из Вологды в Тверь проходит в рамках Дней культуры, "
                    "которые запланированы на всю осень.", published="2024-09-02")
    assert [(a["kind"], a["status"]) for a in out["activities"]] == [("delegation", "done")]
    assert out["planned_visits"] == []
    out, _ = report(extractor, resolver, "Форум, который пройдёт в мае, соберёт дизайнеров.")
    assert [(a["kind"], a["status"], a["start"]) for a in out["activities"]] == [
        ("forum", "planned", "2024-05")]
