"""Activity rules on short texts of our own: frames, dates, status, kinds, titles, evidence.

natasha loads once per test process (the Extractor shares `shared_nlp()`); each text then takes
milliseconds.
"""

from __future__ import annotations

import pytest

from etl.dates import parse_fuzzy_date
from etl.extract.dates import DateMention, find_dates
from etl.extract.report import to_json
from etl.models import Document
from etl.sources.documents import content_id


@pytest.fixture(scope="module")
def extract(resolver, extractor):
    def run(text: str, published: str = "2024-03-15") -> list[dict]:
        doc = Document(content_id(text), "t", text, parse_fuzzy_date(published), "front_matter",
                       source_path="t.md")
        return to_json(extractor.analyse(doc), resolver)["activities"]

    return run


def got(activities: list[dict]) -> list[tuple]:
    return [(a["kind"], a["status"], a["start"]) for a in activities]


def test_relative_dates_resolve_against_publication() -> None:
    published = parse_fuzzy_date("2024-03-15")

    def resolved(text: str) -> str | None:
        mentions = [m for m in find_dates(text, None) if m.relative]
        span = mentions[0].fuzzy(None, published) if mentions else None
        return span[0].iso() if span else None

    assert resolved("Вчера в городе открылась выставка.") == "2024-03-14"
    assert resolved("На этой неделе прошёл съезд.") == "2024-03"
    assert resolved("В прошлом году конкурс собрал сто заявок.") == "2023"
    assert resolved("В следующем году фестиваль переедет.") == "2025"
    assert resolved("Ничего не случилось.") is None


def test_horizon_and_clock_are_not_event_dates() -> None:
    (horizon,) = find_dates("Доля вырастет до 2035 года.", None)
    assert isinstance(horizon, DateMention) and horizon.horizon
    assert [m.year for m in find_dates("Выпуск 2020 г., 10:09", None)] == []


def test_present_tense_event_is_under_way_at_publication(extract) -> None:
    assert got(extract("В Омске проходит фестиваль уличной еды.")) == [
        ("festival", "done", "2024-03")]


def test_relative_date_and_undated_event(extract) -> None:
    acts = extract("Вчера в Самаре открылся форум «Волга». Участники форума обсудили туризм.")
    assert got(acts) == [("forum", "done", "2024-03-14")]  # the second mention is the same forum
    assert got(extract("В Твери прошла конференция о ремёслах.")) == [
        ("conference", "done", None)]


def test_future_day_month_takes_the_next_year_when_past(extract) -> None:
    acts = extract("10 февраля в Казани состоится круглый стол.", published="2024-03-15")
    assert got(acts) == [("round_table", "planned", "2025-02-10")]


def test_economic_forecast_makes_no_event(extract) -> None:
    assert extract("Министр считает, что к 2030 году доля отрасли достигнет 6%, а объём "
                   "рынка составит 3,3 трлн рублей.") == []


def test_signing_dated_by_the_visit_it_happened_during(extract) -> None:
    acts = extract("В марте делегация из Вологды посетила Москву. Во время визита стороны "
                   "подписали соглашение с фондом «Ремесло».", published="2024-04-02")
    assert got(acts) == [("delegation", "done", "2024-03"),
                         ("agreement_signing", "done", "2024-03")]
    assert acts[0]["origin"] == ["Вологда"] and acts[0]["places"] == ["Москва"]


def test_opening_and_attendance(extract) -> None:
    acts = extract("В Туле открылся креативный кластер. Его посетили тысячи горожан.")
    assert got(acts) == [("other", "done", "2024-03")]


def test_visit_kinds_by_direction(extract) -> None:
    out = extract("Министр культуры РФ посетила Пермь с рабочей поездкой.")
    assert [a["kind"] for a in out] == ["mission"]
    venue = extract("Гости посетили художественную школу и мастерские.")
    assert [a["kind"] for a in venue] == ["venue_visit"]


def test_title_is_a_phrase_and_evidence_the_clause(extract) -> None:
    acts = extract("12 марта в Перми прошёл круглый стол «Город мастеров», а 14 марта в "
                   "Новосибирске прошла стратегическая сессия.")
    assert [a["kind"] for a in acts] == ["round_table", "strategic_session"]
    assert [a["evidence"] for a in acts] == [
        "12 марта в Перми прошёл круглый стол «Город мастеров»",
        "14 марта в Новосибирске прошла стратегическая сессия."]


def test_hyphenated_event_nouns_by_their_parts(extract) -> None:
    # the first part when it is an event noun; an "other" first part yields to a specific last one
    kinds = [a["kind"] for a in extract(
        "12 мая в Вологде прошёл фестиваль-смотр народных ремёсел. 20 мая в Твери открылась "
        "ярмарка-форум мастеров. 25 мая в Пскове прошло световое шоу-представление.")]
    assert kinds == ["festival", "forum", "festival"]


@pytest.mark.parametrize("text, published, start", [
    ("В середине марта прошла сессия.", "2025-04-02", "2025-03"),  # a part of a month
    ("В конце октября откроется школа.", "2025-04-02", "2025-10"),
    ("Осенью пройдёт форум.", "2025-06-01", "2025"),  # a season: the year it is in
    ("Следующей весной пройдёт конференция.", "2025-11-20", "2026"),
    ("Прошлой зимой прошла ярмарка.", "2025-11-20", "2024"),
    ("В конце года пройдёт фестиваль.", "2025-05-20", "2025"),
    ("В пятницу стартовал фестиваль.", "2025-05-19", "2025-05-16"),  # the Friday before
    ("В понедельник прошла встреча.", "2025-05-19", "2025-05-19"),  # published that Monday
    ("В следующую среду пройдёт сессия.", "2025-05-19", "2025-05-21"),
    ("На прошлой неделе прошёл съезд.", "2025-03-03", "2025-02"),  # the week before, its month
    ("Сессию назначили на середину ноября.", "2025-09-25", "2025-11"),
    ("Ярмарку перенесли на осень.", "2025-06-01", "2025"),
    ("На второе полугодие запланирован форум.", "2025-06-01", "2025"),
])
def test_vague_dates_resolve_against_publication(text, published, start) -> None:
    (mention,) = find_dates(text, None)
    span = mention.fuzzy(2025, parse_fuzzy_date(published))
    assert span is not None and span[0].iso() == start


def test_a_season_named_alone_is_not_a_date() -> None:
    assert find_dates("Осень — время ярмарок, а лето — фестивалей.", None) == []


def test_weekday_with_its_date_and_plural_weekdays_are_not_relative() -> None:
    assert [m.relative for m in find_dates("Встречи проходят по пятницам.", None)] == []
    no_natasha = lambda text: []  # noqa: E731 - the written date is natasha's to find
    assert [m.relative for m in find_dates("В среду, 14 мая, прошёл съезд.", no_natasha)] == []


def test_planned_season_already_over_is_next_year(extract) -> None:
    acts = extract("Весной в Рязани пройдёт фестиваль ремёсел.", published="2025-11-10")
    assert got(acts) == [("festival", "planned", "2026")]
    acts = extract("В пятницу в Рязани откроется ярмарка.", published="2025-05-19")
    assert got(acts) == [("other", "planned", "2025-05-23")]  # the coming Friday


def test_attendance_is_not_a_visit(extract) -> None:
    assert extract("За лето выставки парка посетили свыше 40 тысяч человек.") == []
    # a counted group travelling to a city is still a trip
    acts = extract("В марте более 20 экспертов агентства побывали в Калуге.")
    assert got(acts) == [("mission", "done", "2024-03")]


def test_abbreviated_forum_names_by_their_last_letter(extract) -> None:
    # Ф stands for "форум": no list of forum names; the country and a fund's chief are not events
    assert got(extract("В июне губернатор выступил на ВЭФ во Владивостоке.")) == [
        ("forum", "done", "2024-06")]
    assert [a["kind"] for a in extract("Участники КЭФ-2023 обсудили туризм.")] == ["forum"]
    assert extract("Закон действует по всей РФ.") == []
    assert extract("Директор МВФ высказался о ценах.") == []


def test_agency_people_holding_an_event_away_made_a_trip(extract) -> None:
    acts = extract("В марте эксперты агентства провели семинар для ремесленников в Вологде.")
    assert sorted(got(acts)) == [("mission", "done", "2024-03"), ("other", "done", "2024-03")]
    mission = next(a for a in acts if a["kind"] == "mission")
    assert mission["places"] == ["Вологда"]
    # at home, or held by the agency as an organiser, it is the event alone
    assert got(extract("В марте эксперты агентства провели семинар в Москве.")) == [
        ("other", "done", "2024-03")]


def test_a_week_of_something_is_an_event_a_week_of_time_is_not(extract) -> None:
    assert [a["kind"] for a in extract("В Казани прошла неделя дизайна.")] == ["festival"]
    assert extract("Первая неделя октября выдалась дождливой.") == []
    acts = extract("Экспедицию перенесли на май.", published="2025-02-01")
    assert acts == []  # a month after "на" dates, it does not make an event
    acts = extract("Поездка экспертов агентства в Тулу запланирована на май.",
                   published="2025-02-01")
    assert got(acts) == [("mission", "planned", "2025-05")]


def test_a_regions_days_are_its_event_not_a_planned_trip(resolver, extractor) -> None:
    text = "В ноябре в Москве пройдут Дни Алтайского края."
    doc = Document(content_id(text), "t", text, parse_fuzzy_date("2025-11-03"), "front_matter",
                   source_path="t.md")
    report = to_json(extractor.analyse(doc), resolver)
    assert got(report["activities"]) == [("delegation", "planned", "2025-11")]
    assert report["planned_visits"] == []  # the region hosts its own event in Moscow


def test_natasha_reads_only_the_stretches_around_dates_and_finds_the_same(extractor) -> None:
    """natasha's dates grammar runs only around numbers and month words (and the relative-date
    grammar only around its words), and finds what it finds over the whole sentence."""
    from etl.extract.dates import natasha_dates

    dates = extractor.nlp.dates_extractor
    sentences = [
        "12 марта 2024 года в большом зале городской библиотеки имени известного писателя, "
        "которую недавно отремонтировали к юбилею, прошла встреча, а итоги подвели 2 апреля.",
        "Участники долго и подробно обсуждали планы совместной работы учреждений культуры и "
        "образования на ближайшие годы, включая фестиваль, намеченный на 5–7 сентября 2025 г.",
        "Заявки принимаются до 01.10.2024, а сам конкурс, по словам организаторов из нескольких "
        "регионов страны, пройдёт в декабре 2024 года на трёх площадках.",
        "Встреча прошла 3 мая.",
    ]
    for text in sentences:
        whole = [(m.start, m.stop, m.fact) for m in dates(text)]
        assert whole and natasha_dates(text, dates) == whole
    text = ("Вчера в просторном и светлом зале областной филармонии, которую открыли после "
            "долгой реконструкции, мастера рассказали о планах на следующий год и о том, что "
            "уже сделано в этом году.")
    got = [(text[m.start:m.stop], m.relative) for m in find_dates(text, dates) if m.relative]
    assert got == [("Вчера", ("day", -1)), ("на следующий год", ("year", 1)),
                   ("в этом году", ("year", 0))]


def test_every_word_a_mention_starts_from_passes_the_up_front_filter() -> None:
    """`mentions` skips words `may_start_fact` rejects and the up-front syntax parse reads only
    sentences holding one: every trigger word of the vocabulary must pass it."""
    from etl.extract.nlp import may_start_fact
    from etl.vocabulary import vocabulary

    vocab = vocabulary()
    visits, signing = vocab.visits, vocab.signing
    triggers = {word.lemmas[0] for word in vocab.events} | set(vocab.name_words["words"]) | {
        vocab.region_days["lemma"], *vocab.opening["verbs"], *signing["verbs"],
        *signing["nouns"], *signing["signature_verbs"]}
    for key in ("nouns", "verbs", "host_verbs", "visitor_nouns", "stay_verbs", "work_verbs"):
        triggers |= set(visits[key])
    assert [w for w in sorted(triggers) if not may_start_fact(w, w)] == []
    assert may_start_fact("пмэф", "ПМЭФ") and may_start_fact("вэф-2025", "ВЭФ-2025")
    assert not may_start_fact("рф", "РФ") and not may_start_fact("мчс", "МЧС")
    assert not may_start_fact("набережная", "набережной")


def test_a_noun_in_its_dictionary_form_is_one_event_and_a_series_is_one_too(extract) -> None:
    """natasha tags "мастер-класс" after a verb a plural; written as its lemma it is one event
    (and the agency's people holding it away made a trip). Unnamed plurals without a date are a
    kind of activity, unless a series names them as one."""
    one = extract("Эксперты агентства провели мастер-класс в Калининграде.", "2025-05-26")
    assert sorted(a["kind"] for a in one) == ["mission", "other"]
    assert extract("Эксперты агентства провели мастер-классы в Калининграде.", "2025-05-26") == []
    series = extract("Эксперты агентства провели в Калининграде серию мастер-классов. "
                     "Поездка состоялась 21–23 мая.", "2025-05-26")
    assert sorted((a["kind"], a["start"]) for a in series) == [
        ("mission", "2025-05-21"), ("other", "2025-05-21")]
