"""Extraction with the real natasha models and the real resolver, loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.config import Settings
from etl.extract import Extractor
from etl.extract.report import to_json
from etl.geocode.resolve import Resolver
from etl.models import Document
from etl.sources.documents import content_id, read_document
from tests.conftest import NO_SEEDS, SEEDS


def run(extractor: Extractor, resolver: Resolver, text: str, published: str = "2024-03-01"):
    from etl.dates import parse_fuzzy_date

    doc = Document(content_id(text), "test", text, parse_fuzzy_date(published), "front_matter",
                   source_path="t.md")
    return to_json(extractor.analyse(doc), resolver), extractor.extract(doc)


def seed(extractor: Extractor, resolver: Resolver, prefix: str) -> dict:
    if not SEEDS.is_dir():
        pytest.skip(NO_SEEDS)
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return to_json(extractor.analyse(read_document(path, Settings())), resolver)


def names(items: list[dict], key: str = "name") -> set[str]:
    return {item[key] for item in items}


def test_adjective_list_of_regions(extractor, resolver) -> None:
    """Each adjective of "Челябинская, Рязанская и Тульская области" is its own region."""
    report, _ = run(extractor, resolver,
                    "В мае эксперты агентства побывали в Челябинской, Рязанской и Тульской "
                    "областях.")
    assert {"Челябинская область", "Рязанская область", "Тульская область"} <= names(
        report["places"])


@pytest.mark.parametrize("informal, region", [
    ("Кузбасс", "Кемеровская область — Кузбасс"),  # short name
    ("Якутию", "Республика Саха (Якутия)"),  # inflected short name
    ("Ставрополье", "Ставропольский край"),
    ("Средний Урал", "Свердловская область"),  # two words
])
def test_informal_region_names(extractor, resolver, informal: str, region: str) -> None:
    report, _ = run(extractor, resolver, f"Летом команда агентства отправится в {informal}.")
    assert region in {p["region"] for p in report["places"]}


def test_seed_delegation_year_from_context(extractor, resolver) -> None:
    """ "7 и 8 июля" takes 2023 from the paragraph before, not 2024 from the publication."""
    report = seed(extractor, resolver, "003")
    delegation = next(a for a in report["activities"] if a["kind"] == "delegation")
    assert (delegation["start"], delegation["end"], delegation["status"]) == (
        "2023-07-07", "2023-07-08", "done")
    assert len(delegation["origin"]) == 11 and "Кемерово" in delegation["origin"]
    assert {"Москва", "Винзавод", "Artplay", "ГЭС-2"} <= set(delegation["places"])


def test_seed_agreements_and_plans(extractor, resolver) -> None:
    report = seed(extractor, resolver, "003")
    by_name = {a["counterparty"]: a for a in report["agreements"]}
    assert by_name["Мега-Арт"]["city"] == "Рыбинск"
    assert by_name["Мега-Пак"]["region"] == "Вологодская область"
    assert by_name["Активный бизнес"]["region"] == "Кемеровская область — Кузбасс"
    assert {v["year"] for v in report["planned_visits"]} == {2024}
    assert len(report["planned_visits"]) == 8
    assert "Москва-фест" not in json.dumps(report["places"], ensure_ascii=False)


def test_seed_sidebar_gives_nothing(extractor, resolver) -> None:
    """Seed 002 ends with a site sidebar (a river, Belarus, 2020 dates): none of it is read."""
    report = seed(extractor, resolver, "002")
    text = json.dumps(report, ensure_ascii=False)
    assert "2020" not in text and "Белорус" not in text and "Велик" not in text
    assert [(a["kind"], a["status"], a["start"], a["end"]) for a in report["activities"]] == [
        ("conference", "planned", "2017-11-20", "2017-11-21")]


def test_seed_announcement_field_beats_aside(extractor, resolver) -> None:
    """ "Дата проведения: 15 ноября" is the session; "разослана 14.11.2014" is not an event."""
    report = seed(extractor, resolver, "001")
    assert [(a["kind"], a["start"]) for a in report["activities"]] == [
        ("strategic_session", "2014-11-15")]


def test_people_with_affiliations(extractor, resolver) -> None:
    report = seed(extractor, resolver, "000")
    people = {p["name"]: p["organisation"] for p in report["people"]}
    assert people["Константин Кибардин"] == "ГБУ «Малый бизнес Москвы»"
    assert len(people) == 14


def test_records_carry_ids_evidence_and_rejects(extractor, resolver) -> None:
    """Ids follow document order; an unknown venue in quotes is reported, not dropped."""
    text = ("15 марта 2023 года агентство провело круглый стол в центре «Небывалый Двор» в Туле. "
            "В июне 2024 года эксперты посетят Псков.")
    _, batch = run(extractor, resolver, text)
    ids = [a.activity_id for a in batch.activities]
    assert ids == [f"x-{content_id(text)}-1", f"x-{content_id(text)}-2"]
    assert [a.status for a in batch.activities] == ["done", "planned"]
    assert all(a.origin == "extracted" and a.evidence and 0 <= a.confidence <= 1
               for a in batch.activities)
    assert [(r.source, r.raw, r.locator) for r in batch.rejected] == [
        ("geocode", "Небывалый Двор", "t.md:line 1")]


def test_clauses_with_own_date_and_trigger_split(extractor, resolver) -> None:
    text = ("10 апреля в Туле прошёл фестиваль ремёсел; 12 апреля в Рязани состоялась "
            "конференция, а 14 апреля в Калуге — круглый стол. Форум прошёл 20 апреля, "
            "а регистрация открылась 1 апреля.")
    out, _ = run(extractor, resolver, text, "2024-05-01")
    got = [(a["kind"], a["start"], a["places"]) for a in out["activities"]]
    assert got == [("festival", "2024-04-10", ["Тула"]), ("conference", "2024-04-12", ["Рязань"]),
                   ("round_table", "2024-04-14", ["Калуга"]), ("forum", "2024-04-20", [])]


def test_agency_people_travelling_out_are_a_mission(extractor, resolver) -> None:
    out, _ = run(extractor, resolver, "В июне делегация Агентства побывала в Омске и Томске. "
                 "В сентябре делегация предпринимателей из Омска посетила Москву.", "2024-10-01")
    got = [(a["kind"], a["status"], a["start"]) for a in out["activities"]]
    assert got == [("mission", "done", "2024-06"), ("delegation", "done", "2024-09")]


def test_event_in_follow_up_is_its_own_activity(extractor, resolver) -> None:
    text = ("5 марта в Москве побывала делегация дизайнеров из Карелии. Участники посетили "
            "«Флакон» и выступили на форуме «Северный стиль».")
    out, _ = run(extractor, resolver, text, "2024-03-10")
    got = [(a["kind"], a["start"], a["places"]) for a in out["activities"]]
    assert got == [("delegation", "2024-03-05", ["Москва", "Флакон"]),
                   ("forum", "2024-03-05", ["Москва"])]
    assert out["activities"][0]["origin"] == ["Республика Карелия"]


def test_cli_json(tmp_path: Path) -> None:
    """`etl extract FILE --json` prints the document, places and activities as JSON."""
    import typer

    from etl.extract.cli import extract_command

    app = typer.Typer()
    app.command()(extract_command)
    path = tmp_path / "n.md"
    path.write_text("---\ndate: 2022-06-01\n---\n10 июня делегация из Казани посетила Москву.\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, [str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["document"]["published_from"] == "front_matter"
    assert report["activities"][0]["kind"] == "delegation"
    assert report["activities"][0]["origin"] == ["Казань"]
    assert report["activities"][0]["start"] == "2022-06-10"
