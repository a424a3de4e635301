"""Places in press-release prose: the language rules of etl/extract/places.py, own short texts."""

from __future__ import annotations

import pytest

from etl.dates import parse_fuzzy_date
from etl.extract import Extractor, boilerplate
from etl.extract.report import to_json
from etl.geocode.resolve import Resolver
from etl.models import Document
from etl.sources.documents import content_id


def places(extractor: Extractor, resolver: Resolver, text: str) -> dict[str, dict]:
    doc = Document(content_id(text), "test", text, parse_fuzzy_date("2025-03-01"),
                   "front_matter", source_path="t.md")
    return {p["name"]: p for p in to_json(extractor.analyse(doc), resolver)["places"]}


@pytest.mark.parametrize("text, expected", [
    ("На форум приехали команды из ДФО и СКФО.",
     {"Дальневосточный федеральный округ", "Северо-Кавказский федеральный округ"}),
    ("Программу готовит министерство по развитию Дальнего Востока и Арктики.",
     {"Дальний Восток", "Арктика"}),
    ("Дизайнеры из разных городов Юга России покажут коллекции.", {"Юг России"}),
    ("Лучшие проекты Сибирского федерального округа получат гранты.",
     {"Сибирский федеральный округ"}),
])
def test_federal_districts_and_macro_regions(extractor, resolver, text, expected) -> None:
    """A federal district or a macro-region is a region of the text, with no federal subject."""
    found = places(extractor, resolver, text)
    assert expected <= set(found)
    assert all(found[name]["kind"] == "region" and found[name]["region"] is None
               for name in expected)


@pytest.mark.parametrize("text, city", [
    ("Делегация прибыла в столицу Бурятии на три дня.", "Улан-Удэ"),
    ("В донской столице открылась выставка керамики.", "Ростов-на-Дону"),
    ("Эксперты агентства вернулись в столицу в пятницу.", "Москва"),
])
def test_capital_names_the_city(extractor, resolver, text, city) -> None:
    """ "столица" alone is Moscow; a region's capital is never taken for Moscow."""
    found = places(extractor, resolver, text)
    assert city in found
    assert city == "Москва" or "Москва" not in found


@pytest.mark.parametrize("text", [
    "Пензенский министр культуры рассказал о планах.",
    "Московские художники покажут новые работы.",
    "Открылся Московский саммит городов.",
])
def test_an_adjective_alone_is_not_a_place(extractor, resolver, text) -> None:
    assert places(extractor, resolver, text) == {}


def test_adjective_of_an_informal_name_is_the_region(extractor, resolver) -> None:
    found = places(extractor, resolver, "Грант выдал кузбасский фонд поддержки.")
    assert "Кемеровская область — Кузбасс" in found


@pytest.mark.parametrize("text, expected", [
    ("В лагерь приехали школьники Луганской и Донецкой народных республик.",
     {"Луганская Народная Республика", "Донецкая Народная Республика"}),
    ("Музеи Волгоградского региона готовят общую выставку.", {"Волгоградская область"}),
    ("Гостей ждут из Ханты-Мансийского и Ямало-Ненецкого автономных округов.",
     {"Ханты-Мансийский автономный округ — Югра", "Ямало-Ненецкий автономный округ"}),
])
def test_region_noun_phrases(extractor, resolver, text, expected) -> None:
    assert expected <= set(places(extractor, resolver, text))


def test_a_name_inside_an_event_name_is_not_a_place(extractor, resolver) -> None:
    found = places(extractor, resolver,
                   "В марте стартует фестиваль «Тверь – город мастеров» для ремесленников.")
    assert "Тверь" not in found


def test_a_place_the_ner_calls_a_person(extractor, resolver) -> None:
    """The NER sometimes tags a lone town in the dative as a person; the dictionary knows it is
    a place, and a surname-like word stays a person."""
    found = places(extractor, resolver, "Позже к Салехарду присоединятся и другие города округа.")
    assert "Салехард" in found
    assert places(extractor, resolver, "Грамоту вручили Соколову за работу.") == {}


def test_flattened_page_header_is_furniture() -> None:
    text = ("Мэр открыл сквер Школьники в Омске победили в олимпиаде "
            "Новый сезон 3 марта 2025, 12:40 Текст: Анна Петрова\n\nТело новости.\n")
    cleaned, _ = boilerplate.clean(text)
    assert "Омске" not in cleaned and "Тело новости." in cleaned


@pytest.mark.parametrize("surface, name", [
    ("Красного Луча", "Красный Луч"),  # geonames' main name there is the Ukrainian rename
    ("Краснодоне", "Краснодон"),
    ("Нова Каховка", "Новая Каховка"),  # a Ukrainian spelling still resolves, named in Russian
])
def test_towns_of_the_new_subjects_have_their_russian_names(resolver, surface, name) -> None:
    place = resolver.resolve(surface)
    assert place is not None and place.name_ru == name


@pytest.mark.parametrize("surface, name", [
    ("северной столице", "Санкт-Петербург"),  # the city's nickname
    ("столица Татарстана", "Казань"),  # a subject's capital by description
    ("столицы Республики Саха (Якутия)", "Якутск"),
    ("КЧР", "Карачаево-Черкесская Республика"),  # official abbreviations
    ("ХМАО-Югры", "Ханты-Мансийский автономный округ — Югра"),
    ("Приангарья", "Иркутская область"),  # informal names of subjects
    ("УрФО", "Уральский федеральный округ"),
])
def test_nicknames_abbreviations_and_capitals(resolver, surface, name) -> None:
    place = resolver.resolve(surface)
    assert place is not None and place.name_ru == name, resolver.explain(surface)


def test_a_capital_of_nothing_known_is_no_place(resolver) -> None:
    assert resolver.resolve("культурная столица") is None


@pytest.mark.parametrize("text, city", [
    ("ПЕРМЬ, 2 марта — В городе открылись новые мастерские.", "Пермь"),
    ("НИЖНИЙ НОВГОРОД, 5 мая. Форум дизайна собрал гостей.", "Нижний Новгород"),
])
def test_dateline_in_capitals(extractor, resolver, text, city) -> None:
    assert city in places(extractor, resolver, text)
