"""Russian first, English second: UI strings, labels of coded values, number and date formats."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from dashboard import vocabulary
from dashboard.vocabulary import kind_labels

LANGS = ("ru", "en")

TEXT: dict[str, tuple[str, str]] = {
    # app and sidebar
    "app_title": ("Креативные регионы", "Creative Regions"),
    "filters": ("Фильтры", "Filters"),
    "district": ("Федеральный округ", "Federal district"),
    "region": ("Регион", "Region"),
    "years": ("Годы", "Years"),
    "kind": ("Вид", "Kind"),
    "status": ("Статус", "Status"),
    "program": ("Программа", "Program"),
    "reset": ("Сбросить фильтры", "Reset filters"),
    "english": ("English", "English"),
    "all": ("Все", "All"),
    "lang": ("Язык", "Language"),
    "invalid_params": ("В ссылке были значения, которых нет в данных, — они пропущены, "
                       "фильтры показаны без них: {values}",
                       "The link held values the data does not have: they were dropped and "
                       "the filters are shown without them: {values}"),
    "invalid_params_more": (" и ещё {n}.", " and {n} more."),
    "no_warehouse": ("Хранилище данных не найдено: {path}. Запустите ETL (`etl run`).",
                     "The warehouse was not found: {path}. Run the ETL (`etl run`)."),
    "damaged_warehouse": ("Хранилище данных повреждено ({name}): запустите `etl run` — "
                          "он пересоберёт его из исходных файлов.",
                          "The warehouse is damaged ({name}): run `etl run` to rebuild it "
                          "from the source files."),
    "unexpected_error": ("Не удалось показать страницу из-за внутренней ошибки. Она записана "
                         "в журнал сервера (код {ref}); попробуйте обновить страницу или "
                         "сообщите этот код администратору.",
                         "The page could not be shown because of an internal error. It was "
                         "written to the server log (code {ref}); reload the page or give "
                         "this code to the administrator."),
    "sign_in_title": ("Вход", "Sign in"),
    "sign_in_text": ("Для просмотра панели войдите в систему.", "Sign in to view the dashboard."),
    "sign_in": ("Войти", "Sign in"),
    "sign_out": ("Выйти", "Sign out"),
    "showing": ("Показано {shown} из {total}", "Showing {shown} of {total}"),
    "no_data": ("Нет данных для выбранных фильтров.", "No data for the selected filters."),
    "no_rows": ("Записей нет.", "No rows."),
    "source": ("Источник", "Source"),
    "open": ("открыть", "open"),
    # pages
    "page_overview": ("Обзор", "Overview"),
    "page_map": ("Карта", "Map"),
    "page_timeline": ("Хронология", "Timeline"),
    "page_records": ("Записи", "Records"),
    "page_sources": ("Источники", "Sources"),
    "page_quality": ("Качество данных", "Data quality"),
    # overview
    "kpi_done": ("Проведено мероприятий", "Activities done"),
    "kpi_planned": ("Запланировано мероприятий", "Activities planned"),
    "kpi_done_help": ("Мероприятия со статусом «проведено» (миссии, делегации, события…), "
                      "каждое один раз.", "Activities marked done (missions, delegations, "
                      "events…), each once."),
    "kpi_planned_help": ("Мероприятия со статусом «запланировано»; плановые визиты — на "
                         "графике «Выполнение плана визитов».",
                         "Activities marked planned; planned visits are on the «Plan "
                         "fulfilment» chart."),
    "kpi_regions_help": ("Субъекты РФ, где проведено хотя бы одно мероприятие (Москва, дом "
                         "агентства, не считается).", "Federal subjects with at least one "
                         "activity done (Moscow, the agency's home, is not counted)."),
    "kpi_agreements_help": ("Соглашения о сотрудничестве с датой подписания в периоде.",
                            "Cooperation agreements signed in the period."),
    "kpi_organisations_help": ("Организации — участники мероприятий и стороны соглашений.",
                               "Organisations that took part in activities or signed "
                               "agreements."),
    "kpi_change": ("{diff} к {period}", "{diff} vs {period}"),
    "n_activities_unit": ("мероприятий", "activities"),
    "n_visits_unit": ("плановых визитов", "planned visits"),
    "kpi_regions": ("Охвачено регионов", "Regions reached"),
    "kpi_regions_of": ("из {total} субъектов РФ", "of {total} federal subjects"),
    "kpi_agreements": ("Соглашений", "Agreements"),
    "kpi_organisations": ("Организаций", "Organisations"),
    "by_year": ("Мероприятия по годам", "Activities by year"),
    "top_regions": ("Регионы с наибольшим числом мероприятий", "Top regions"),
    "plan_fulfilment": ("Выполнение плана визитов", "Plan fulfilment"),
    "no_contact": ("Регионы без контактов за период", "Regions with no contact in the period"),
    "year": ("Год", "Year"),
    "count": ("Количество", "Count"),
    "planned_n": ("Запланировано", "Planned"),
    "fulfilled_n": ("Выполнено", "Fulfilled"),
    "pct": ("Выполнение, %", "Fulfilment, %"),
    # map
    "aggregate": ("Группировка", "Aggregation"),
    "by_city": ("Города и площадки", "Cities and venues"),
    "by_region": ("Регионы", "Regions"),
    "arcs": ("Показывать связи с Москвой", "Show links with Moscow"),
    "arc_out": ("Миссии из Москвы", "Missions out"),
    "arc_in": ("Делегации в Москву", "Delegations in"),
    "arc_out_planned": ("Миссии из Москвы (план)", "Missions out (planned)"),
    "arc_in_planned": ("Делегации в Москву (план)", "Delegations in (planned)"),
    "planned_only": ("план", "planned"),
    "select_place": ("Место", "Place"),
    "select_place_help": ("Или щёлкните по точке на карте", "Or click a bubble on the map"),
    "place_activities": ("Мероприятия", "Activities"),
    "place_agreements": ("Соглашения", "Agreements"),
    "place_documents": ("Документы", "Documents"),
    "map_hint": ("Щёлкните по точке, чтобы увидеть мероприятия, соглашения и документы.",
                 "Click a bubble to see its activities, agreements and documents."),
    "regions_layer": ("Центры регионов", "Region centres"),
    # timeline
    "group_by": ("Группировать по", "Group by"),
    "group_region": ("регионам", "region"),
    "group_kind": ("видам", "kind"),
    "timeline_note": ("Точка — месяц; мероприятие, известное только с точностью до года, — "
                      "линия через весь год.",
                      "A dot is a month; an activity known only to the year is a line across "
                      "that year."),
    "timeline_cut": ("Показаны {top} групп с наибольшим числом мероприятий из {total}.",
                     "The {top} largest of {total} groups are shown."),
    "n_activities_hover": ("Мероприятий", "Activities"),
    "example": ("Например", "For example"),
    # records
    "table": ("Таблица", "Table"),
    "t_activity": ("Мероприятия", "Activities"),
    "t_agreement": ("Соглашения", "Agreements"),
    "t_organisation": ("Организации", "Organisations"),
    "t_person": ("Люди", "People"),
    "t_planned_visit": ("Плановые визиты", "Planned visits"),
    "search": ("Поиск", "Search"),
    "sort_by": ("Сортировка", "Sort by"),
    "descending": ("По убыванию", "Descending"),
    "page": ("Страница", "Page"),
    "download_csv": ("Скачать CSV", "Download CSV"),
    "download_xlsx": ("Скачать XLSX", "Download XLSX"),
    "export_capped": ("Выгрузка содержит первые {n} строк в текущем порядке: уточните фильтры, "
                      "чтобы выгрузить всё.",
                      "The export holds the first {n} rows in the current order: narrow the "
                      "filters to export everything."),
    # sources
    "documents": ("Документы", "Documents"),
    "document": ("Документ", "Document"),
    "published": ("Опубликован", "Published"),
    "publisher": ("Издатель", "Publisher"),
    "facts": ("Извлечённые факты", "Extracted facts"),
    "back_to_list": ("К списку документов", "Back to the list"),
    "doc_missing": ("Документ «{doc}» не найден.", "Document «{doc}» was not found."),
    "highlight_note": ("Выделены предложения, из которых извлечены факты.",
                       "The sentences facts were extracted from are highlighted."),
    # quality
    "data_as_of": ("Данные на", "Data as of"),
    "newest_document": ("Последний документ", "Newest document"),
    "failed_runs": ("Неудачных запусков", "Failed runs"),
    "etl_runs": ("Последние запуски ETL", "Recent ETL runs"),
    "quarantine": ("Карантин: отклонённые записи", "Quarantine: rejected rows"),
    "unresolved": ("Нераспознанные места", "Unresolved places"),
    "low_confidence": ("Факты с низкой уверенностью", "Low-confidence facts"),
    "quality_intro": ("Что ETL отложил при последнем запуске и почему. Исправьте исходный файл "
                      "и запустите `etl run`: отложенное загрузится, остальное уже загружено.",
                      "What the ETL set aside in its last run, and why. Fix the source file and "
                      "run `etl run`: what was set aside loads, the rest is loaded already."),
    "row_word": ("строка", "row"),
    # the active filters line
    "active_filters": ("Фильтры: {what}", "Filters: {what}"),
    "no_filters": ("Фильтры не выбраны: показаны все данные.",
                   "No filters: all data is shown."),
    "district_short": ("{name} ФО", "{name} FD"),
    "nothing_yet": ("Пока здесь ничего нет.", "Nothing here yet."),
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
    # regions: the region map, white spots, the region page and its brief
    "page_region": ("Регион", "Region"),
    "map_layer": ("Карта", "Map"),
    "layer_regions": ("Регионы", "Regions"),
    "layer_points": ("Точки на подложке", "Points on a basemap"),
    "map_view": ("Показать", "Show"),
    "view_data": ("Где была работа", "Where we worked"),
    "view_european": ("Европейская Россия", "European Russia"),
    "view_all": ("Вся Россия", "All Russia"),
    "bubbles": ("Места (пузыри)", "Places (bubbles)"),
    "spots_layer": ("Белые пятна", "White spots"),
    "state_reached": ("Есть проведённые", "Reached"),
    "state_planned": ("Только в планах", "Planned only"),
    "state_never": ("Контактов не было", "Never reached"),
    "state_home": ("Москва — агентство", "Moscow: the agency"),
    "state_outside": ("Вне фильтра", "Outside the filter"),
    "hover_done": ("Проведено", "Done"),
    "hover_out": ("наши визиты", "our visits"),
    "hover_in": ("визиты к нам", "their visits"),
    "hover_planned": ("Запланировано", "Planned"),
    "hover_agreements": ("Соглашений", "Agreements"),
    "region_map_hint": ("Щёлкните по региону, чтобы отфильтровать по нему все страницы; "
                        "сбросить — кнопкой «Сбросить фильтры».",
                        "Click a region to filter every page by it; «Reset filters» undoes it."),
    "shapes_credit": ("Границы регионов: amCharts (бесплатная лицензия с указанием авторства).",
                      "Region shapes: amCharts (free licence with attribution)."),
    "shapes_missing": ("Нет контура в источнике, показаны кружком в центре: {names}.",
                       "No shape in the source, drawn as a dot at the centre: {names}."),
    "white_spots": ("Белые пятна", "White spots"),
    "spots_months": ("Без проведённых контактов, месяцев", "No done contact for, months"),
    "spots_note": ("Регионы без проведённых мероприятий за {n} мес. до {date}; сначала те, где "
                   "контактов не было никогда, затем самые давние.",
                   "Regions with no done activity in the {n} months before {date}; never "
                   "reached first, then the longest silence."),
    "region_pick": ("Регион", "Region"),
    "region_pick_help": ("Выберите регион", "Choose a region"),
    "region_unknown": ("Регион «{code}» не найден.", "Region «{code}» was not found."),
    "region_all_time": ("Вся история работы с регионом, без фильтров боковой панели.",
                        "The region's whole history; the sidebar filters do not apply here."),
    "r_done": ("Проведено", "Done"),
    "r_out": ("Наши визиты", "Our visits"),
    "r_in": ("Визиты к нам", "Their visits"),
    "r_planned": ("Запланировано", "Planned"),
    "r_agreements": ("Соглашений", "Agreements"),
    "r_plans": ("Планы выполнены", "Plans fulfilled"),
    "r_plans_of": ("{done} из {total}", "{done} of {total}"),
    "r_months": ("Месяцев с последнего контакта", "Months since the last contact"),
    "r_never": ("не было", "never"),
    "r_last": ("последний контакт {date}", "last contact {date}"),
    "r_story": ("История по годам", "Story by year"),
    "r_balance": ("Баланс: наших визитов {out}, визитов к нам {inn}.",
                  "Balance: {out} visits of ours, {inn} of theirs."),
    "r_activities": ("Мероприятия", "Activities"),
    "r_agreement_list": ("Соглашения", "Agreements"),
    "r_plan_list": ("Планы и их выполнение", "Plans and what fulfilled them"),
    "r_people": ("Организации и люди", "Organisations and people"),
    "r_documents": ("Источники", "Sources"),
    "r_district": ("Сравнение с федеральным округом: {district}",
                   "Compared with its federal district: {district}"),
    "r_rank": ("Место в округе по проведённым мероприятиям: {rank} из {total}.",
               "Rank in the district by activities done: {rank} of {total}."),
    "brief": ("Справка по региону", "Region brief"),
    "brief_docx": ("Справка DOCX", "Brief DOCX"),
    "brief_pdf": ("Справка PDF", "Brief PDF"),
    "brief_title": ("Справка по региону", "Region brief"),
    "brief_made": ("Подготовлено {date} по данным на {as_of}.",
                   "Prepared on {date} from the data as of {as_of}."),
    "brief_key": ("Ключевые показатели", "Key numbers"),
    "brief_map": ("Регион на карте округа", "The region in its district"),
    "brief_timeline": ("Хронология", "Timeline"),
    "brief_none": ("Нет записей.", "None."),
    "open_region": ("открыть", "open"),
    "all_activities": ("Все мероприятия", "All activities"),
    "activity_documents": ("Документы об этом мероприятии", "Documents about this activity"),
    "activity_no_documents": ("Ни один документ не называет это мероприятие.",
                              "No document names this activity."),
    "doc_without_text": ("без текста", "no text"),
    "doc_no_text": ("У этого источника нет текста: это таблица, внесённая аналитиками, и "
                    "факты ниже взяты из её строк.", "This source has no text: it is a table "
                    "entered by analysts, and the facts below come from its rows."),
    "doc_row_hint": ("Нажмите на строку, чтобы открыть документ.",
                     "Click a row to open the document."),
    "document_pick": ("Выберите документ, чтобы открыть его", "Choose a document to open it"),
}

# column headers of tables (and of exports)
COLUMNS: dict[str, tuple[str, str]] = {
    "activity_id": ("ID", "ID"), "agreement_id": ("ID", "ID"), "organisation_id": ("ID", "ID"),
    "person_id": ("ID", "ID"), "planned_visit_id": ("ID", "ID"), "fact_id": ("ID", "ID"),
    "document_id": ("ID документа", "Document ID"), "run_id": ("Запуск", "Run"),
    "start_date": ("Начало", "Start"), "end_date": ("Окончание", "End"),
    "signed_date": ("Дата подписания", "Signed"), "published": ("Опубликован", "Published"),
    "kind": ("Вид", "Kind"), "status": ("Статус", "Status"), "title": ("Название", "Title"),
    "places": ("Куда", "To"), "regions": ("Регионы", "Regions"),
    "region": ("Регион", "Region"), "region_name": ("Регион", "Region"),
    "federal_district": ("Федеральный округ", "Federal district"),
    "program": ("Программа", "Program"), "origin": ("Происхождение", "Origin"),
    "confidence": ("Уверенность", "Confidence"), "document_title": ("Документ", "Document"),
    "counterparty": ("Контрагент", "Counterparty"), "counterparty_kind": ("Тип", "Type"),
    "place_name": ("Место", "Place"), "name": ("Название", "Name"),
    "n_activities": ("Мероприятий", "Activities"), "n_agreements": ("Соглашений", "Agreements"),
    "role": ("Роль", "Role"), "organisation": ("Организация", "Organisation"),
    "year": ("Год", "Year"), "fulfilled": ("Выполнен", "Fulfilled"),
    "fulfilled_by_activity_id": ("Кем выполнен", "Fulfilled by"),
    "publisher": ("Издатель", "Publisher"), "started_at": ("Начат", "Started"),
    "finished_at": ("Завершён", "Finished"), "duration_s": ("Длительность", "Duration"),
    "counts": ("Количество записей", "Counts"), "message": ("Сообщение", "Message"),
    "n_documents": ("Документов", "Documents"),
    "n_planned_visits": ("Плановых визитов", "Planned visits"),
    "n_quarantined": ("В карантине", "Quarantined"), "n_warnings": ("Предупреждений", "Warnings"),
    "source": ("Источник данных", "Source"), "locator": ("Где", "Where"),
    "reason": ("Причина", "Reason"), "raw": ("Исходная строка", "Raw"),
    "surface": ("Написание", "Surface form"), "fallback": ("Временно", "Fallback"),
    "fact": ("Факт", "Fact"), "label": ("Что", "What"), "what": ("Вид", "Kind"),
    "evidence": ("Подтверждение", "Evidence"),
    "document_link": ("Источник", "Source"),
    "date": ("Дата", "Date"), "activities": ("Мероприятий", "Activities"),
    "place": ("Место", "Place"),
    "place_role": ("Роль места", "Place role"), "severity": ("Важность", "Severity"),
    "date_precision": ("Точность даты", "Date precision"),
    "when": ("Когда", "When"), "where": ("Где", "Where"),
    "problem": ("Что не так", "What is wrong"), "todo": ("Что сделать", "What to do"),
    "details": ("Подробности", "Details"),
    "duration": ("Длительность", "Duration"),
    "region_link": ("Регион", "Region"), "last_contact": ("Последний контакт", "Last contact"),
    "months_since": ("Месяцев назад", "Months ago"), "direction": ("Направление", "Direction"),
    "agreement_status": ("Статус", "Status"), "fulfilled_date": ("Когда выполнен", "Fulfilled on"),
    "fulfilled_by": ("Чем выполнен", "Fulfilled by"), "person": ("Человек", "Person"),
    "participant_role": ("Роль", "Role"), "activity": ("Мероприятие", "Activity"),
    "done": ("Проведено", "Done"), "done_out": ("Наши визиты", "Our visits"),
    "done_in": ("Визиты к нам", "Their visits"), "agreements": ("Соглашений", "Agreements"),
    "planned": ("Запланировано", "Planned"), "region_code": ("Код региона", "Region code"),
    "origins": ("Откуда", "From"), "venues": ("Площадки", "Venues"),
    "agreement_list": ("Соглашения", "Agreements"), "activity_link": ("", ""),
}

# Streamlit's and plotly's own texts (English, exactly as they show) -> Russian: dashboard/chrome.py
CHROME: dict[str, str] = {
    "Choose an option": "Выберите", "Choose options": "Выберите",
    "No results": "Ничего не найдено", "Clear value": "Очистить", "Clear all": "Очистить всё",
    "Select all": "Выбрать все", "Download as CSV": "Сохранить таблицу в CSV", "Search": "Поиск",
    "Search…": "Поиск…", "Fullscreen": "Во весь экран", "Close fullscreen": "Свернуть",
    "Show/hide columns": "Показать или скрыть столбцы", "Sort ascending": "По возрастанию",
    "Sort descending": "По убыванию", "Hide column": "Скрыть столбец",
    "Pin column": "Закрепить столбец", "Unpin column": "Открепить столбец",
    "Autosize": "Подобрать ширину", "Format": "Формат",
    "Collapse sidebar": "Свернуть панель", "Expand sidebar": "Развернуть панель",
    "Skip to main content": "К содержимому", "App pages": "Страницы",
    "Sidebar": "Боковая панель", "Open": "Открыть", "Link to heading": "Ссылка на заголовок",
    "Download plot as a PNG": "Скачать график (PNG)", "Zoom": "Масштаб", "Pan": "Сдвиг",
    "Zoom in": "Приблизить", "Zoom out": "Отдалить", "Autoscale": "Автомасштаб",
    "Reset axes": "Сбросить оси", "Reset view": "Сбросить вид",
    "Box Select": "Выделить рамкой", "Lasso Select": "Выделить лассо",
    "Running...": "Выполняется…", "Stop": "Остановить",
}
CHROME_PREFIX: dict[str, str] = {"Help for ": "Подсказка: "}  # "Help for <label>"

# headers of columns whose short header can repeat in one table (two "ID"s in an export)
COLUMNS_LONG: dict[str, tuple[str, str]] = {
    "activity_id": ("ID мероприятия", "Activity ID"),
    "agreement_id": ("ID соглашения", "Agreement ID"),
    "organisation_id": ("ID организации", "Organisation ID"),
    "person_id": ("ID человека", "Person ID"),
    "planned_visit_id": ("ID планового визита", "Planned visit ID"),
    "fact_id": ("ID факта", "Fact ID"),
}

# labels of coded values, by field
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "kind": kind_labels(),  # from data/reference/vocabulary.toml
    "status": {
        "planned": ("запланировано", "planned"),
        "planned_past": ("план, нет отчёта", "planned, no report"),  # its time is over
        "done": ("проведено", "done"),
        "cancelled": ("отменено", "cancelled"),
        # ETL runs
        "published": ("опубликован", "published"),
        "failed": ("ошибка", "failed"),
        "running": ("выполняется", "running"),
    },
    "fact": {
        "activity": ("мероприятие", "activity"),
        "agreement": ("соглашение", "agreement"),
        "planned_visit": ("плановый визит", "planned visit"),
    },
    "place_role": {
        "destination": ("место назначения", "destination"),
        "origin": ("откуда", "origin"),
        "venue": ("место проведения", "venue"),
    },
    "origin": {
        "curated": ("таблица агентства", "curated table"),
        "extracted": ("извлечено из текста", "extracted from text"),
    },
    "precision": {
        "day": ("день", "day"),
        "month": ("месяц", "month"),
        "year": ("год", "year"),
        "city": ("город", "city"),
        "region_centroid": ("центр региона", "region centre"),
        "venue": ("площадка", "venue"),
        "country": ("страна", "country"),
    },
    "source": {  # where a quarantined row came from
        "curated": ("таблицы агентства", "curated tables"),
        "document": ("документ", "document"),
        "geocode": ("геокодирование", "geocoding"),
    },
    "direction": {
        "out": ("наш визит", "our visit"),
        "in": ("визит к нам", "their visit"),
    },
    "agreement_status": {
        "signed": ("подписано", "signed"),
        "to_sign": ("к подписанию", "to be signed"),
        "undated": ("дата не указана", "undated"),
    },
    "participant_role": {
        "agreement": ("сторона соглашения", "agreement party"),
        "based": ("организация региона", "based in the region"),
        "participant": ("участник", "participant"),
    },
    "severity": {
        "error": ("ошибка", "error"),
        "warning": ("предупреждение", "warning"),
    },
    # organisations and agreement counterparties (curated tables and the extractor)
    "org_kind": {
        "company": ("компания", "company"),
        "creative space": ("креативное пространство", "creative space"),
        "fund": ("фонд", "fund"),
        "government": ("правительство", "government"),
        "government agency": ("государственное учреждение", "government agency"),
        "public body": ("общественная организация", "public body"),
        "public space": ("общественное пространство", "public space"),
        "museum": ("музей", "museum"),
        "workshop": ("мастерская", "workshop"),
        "centre": ("центр", "centre"),
        "agency": ("агентство", "agency"),
        "university": ("университет", "university"),
        "administration": ("администрация", "administration"),
        "ministry": ("министерство", "ministry"),
        "association": ("ассоциация", "association"),
        "cluster": ("кластер", "cluster"),
    },
    "district": {
        "Центральный": ("Центральный", "Central"),
        "Северо-Западный": ("Северо-Западный", "Northwestern"),
        "Южный": ("Южный", "Southern"),
        "Северо-Кавказский": ("Северо-Кавказский", "North Caucasian"),
        "Приволжский": ("Приволжский", "Volga"),
        "Уральский": ("Уральский", "Ural"),
        "Сибирский": ("Сибирский", "Siberian"),
        "Дальневосточный": ("Дальневосточный", "Far Eastern"),
    },
}

# why a quarantine row was set aside: code -> (label ru, label en, what to do ru, what to do en);
# codes from etl/reasons.py (stored in quarantine.code) and dashboard/reasons.py (from the text)
REASONS: dict[str, tuple[str, str, str, str]] = {
    "outside_folder": ("Файл лежит вне своей папки (ссылка или «..»)",
                       "The file lies outside its folder (a link or «..»)",
                       "Положите в папку сам файл, а не ссылку на него.",
                       "Put the file itself in the folder, not a link to it."),
    "not_a_file": ("Это не обычный файл", "Not a regular file",
                   "Уберите его из папки.", "Remove it from the folder."),
    "file_too_large": ("Файл слишком большой", "The file is too large",
                       "Разделите файл на несколько.", "Split the file in several."),
    "unpacked_too_large": ("Книга Excel слишком велика", "The workbook is too large",
                           "Удалите пустые отформатированные строки или разделите книгу.",
                           "Delete formatted empty rows or split the workbook."),
    "too_many_rows": ("Слишком много строк", "Too many rows",
                      "Разделите таблицу на несколько файлов.",
                      "Split the table in several files."),
    "too_many_cells": ("Слишком много ячеек", "Too many cells",
                       "Удалите пустые отформатированные строки и столбцы.",
                       "Delete formatted empty rows and columns."),
    "too_many_columns": ("Слишком много столбцов", "Too many columns",
                         "Оставьте только столбцы шаблона.", "Keep only the template's columns."),
    "cell_too_long": ("Слишком длинный текст в ячейке", "A cell's text is too long",
                      "Сократите текст ячейки; остальные строки загружены.",
                      "Shorten the cell; the other rows are loaded."),
    "text_too_long": ("Документ слишком длинный", "The document is too long",
                      "Разделите документ на части.", "Split the document."),
    "too_many_sentences": ("В документе слишком много предложений",
                           "The document has too many sentences",
                           "Разделите документ на части.", "Split the document."),
    "front_matter_too_large": ("Слишком большая шапка документа",
                               "The document's front matter is too large",
                               "Оставьте в шапке только название, дату и источник.",
                               "Keep only the title, date and source in it."),
    "front_matter_broken": ("Шапка документа не читается", "The front matter cannot be read",
                            "Исправьте шапку; название и дата пока взяты из текста.",
                            "Fix it; the title and date were taken from the text meanwhile."),
    "title_too_long": ("Слишком длинное название", "The title is too long",
                       "Сократите название.", "Shorten the title."),
    "duplicate_key": ("Идентификатор уже занят другой строкой", "The id is used by another row",
                      "Дайте строке свой идентификатор или удалите повтор; первая строка "
                      "загружена.", "Give the row its own id or delete it; the first row is "
                      "loaded."),
    "duplicate_row": ("Строка повторяет другую", "The row repeats another one",
                      "Удалите повтор.", "Delete the repeat."),
    "encoding": ("Файл сохранён не в UTF-8 (прочитан)", "The file is not UTF-8 (it was read)",
                 "Сохраните его как «CSV UTF-8».", "Save it as «CSV UTF-8»."),
    "rule_failed": ("Правило извлечения не сработало на предложении",
                    "An extraction rule failed on a sentence",
                    "Ничего делать не нужно; если повторяется — сообщите разработчикам.",
                    "Nothing to do; tell the developers if it repeats."),
    "extraction_failed": ("Не удалось извлечь факты из документа",
                          "Facts could not be extracted from the document",
                          "Сообщите разработчикам; остальные документы загружены.",
                          "Tell the developers; the other documents are loaded."),
    "unreadable": ("Файл не читается", "The file cannot be read",
                   "Откройте и пересохраните файл (CSV UTF-8 или XLSX).",
                   "Open and save the file again (CSV UTF-8 or XLSX)."),
    "missing_columns": ("В таблице нет обязательных столбцов",
                        "The table lacks required columns",
                        "Добавьте столбцы, названные в подробностях.",
                        "Add the columns named in the details."),
    "row_width": ("В строке не столько ячеек, сколько столбцов",
                  "The row has another number of cells than the header",
                  "Проверьте лишние запятые и кавычки в строке.",
                  "Check the row for stray commas and quotes."),
    "unknown_document": ("Ссылка на документ, которого нет", "A link to a missing document",
                         "Добавьте документ в documents.csv.", "Add it to documents.csv."),
    "parent_rejected": ("Строка относится к отклонённому мероприятию",
                        "The row belongs to a rejected activity",
                        "Исправьте само мероприятие.", "Fix the activity itself."),
    "unknown_activity": ("Ссылка на мероприятие, которого нет",
                         "A link to a missing activity",
                         "Проверьте activity_id.", "Check the activity_id."),
    "unknown_region": ("Регион не распознан", "Region not recognised",
                       "Укажите код (RU-KEM) или название субъекта.",
                       "Use the code (RU-KEM) or the subject's name."),
    "unknown_place": ("Место не распознано", "Place not recognised",
                      "Проверьте написание или добавьте место в справочник мест.",
                      "Check the spelling or add the place to the gazetteer."),
    "bad_value": ("Недопустимое значение вида, статуса или роли",
                  "Not an allowed kind, status or role",
                  "Выберите значение из списка в подробностях.",
                  "Use a value listed in the details."),
    "bad_date": ("Дата не читается или неверна", "The date cannot be read or is wrong",
                 "Запишите дату как 2024-05-15, «май 2024» или «2024».",
                 "Write it as 2024-05-15, «May 2024» or «2024»."),
    "empty_value": ("Не заполнено обязательное поле", "A required field is empty",
                    "Заполните поле.", "Fill it in."),
    "no_text": ("В документе нет текста", "The document has no text",
                "Проверьте файл документа.", "Check the document's file."),
    "other": ("Другая причина", "Another reason",
              "Смотрите подробности.", "See the details."),
}

MONTHS_RU = vocabulary.months()["short"]


def lang() -> str:
    return st.session_state.get("lang", "ru")


def key(base: str) -> str:
    """A widget key of the current language. A widget whose option labels are translated keeps
    its value across a language switch only under a fresh key: the browser sends the chosen
    labels back, and the old language's labels would no longer match."""
    return f"{base}__{lang()}"


def formatter(fn, **kw):
    """fn bound to the current language: a widget's format_func may be called outside the run."""
    language = lang()
    return lambda value: fn(value, language=language, **kw)


def option_label(prefix: str):
    """format_func of a widget whose options are named by the TEXT keys prefix + option."""
    return formatter(lambda value, language: t(f"{prefix}{value}", language))


def carry_over(old: str, new: str) -> None:
    """Copy every language-keyed widget value from `old` to `new` (a language-switch callback)."""
    for name in [k for k in st.session_state if str(k).endswith(f"__{old}")]:
        st.session_state[name[: -len(old)] + new] = st.session_state[name]


def switch_language() -> None:
    new = "en" if st.session_state.get("lang_en") else "ru"
    carry_over("ru" if new == "en" else "en", new)
    st.session_state["lang"] = new


def t(key: str, language: str | None = None, **kw) -> str:
    text = TEXT[key][LANGS.index(language or lang())]
    return text.format(**kw) if kw else text


def label(field: str, value, language: str | None = None) -> str:
    """The UI label of a coded value; unknown values show as they are."""
    if value is None or value != value:  # None or NaN
        return "—"
    pair = VALUES.get(field, {}).get(value)
    if pair is None and field == "kind":  # a kind column may hold an organisation's kind
        pair = VALUES["org_kind"].get(value)
    return pair[LANGS.index(language or lang())] if pair else str(value)


def column(name: str, language: str | None = None) -> str:
    """The header of a table column; unknown columns keep their name."""
    pair = COLUMNS.get(name)
    return pair[LANGS.index(language or lang())] if pair else name


def column_long(name: str, language: str | None = None) -> str:
    """The unambiguous header of a column (for a table where its short one repeats)."""
    pair = COLUMNS_LONG.get(name)
    return pair[LANGS.index(language or lang())] if pair else name


def fmt_int(n, language: str | None = None) -> str:
    """1234567 -> '1 234 567' in Russian (no-break spaces), '1,234,567' in English."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "—"
    text = f"{int(n):,}"
    return text.replace(",", "\u00a0") if (language or lang()) == "ru" else text


def fmt_date(value, language: str | None = None) -> str:
    """A date as 27.04.2015 in Russian and 2015-04-27 in English."""
    if value is None or value != value:  # None or NaT
        return "—"
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d.%m.%Y" if (language or lang()) == "ru" else "%Y-%m-%d")


def fmt_datetime(value, language: str | None = None) -> str:
    if value is None or value != value:
        return "—"
    fmt = "%d.%m.%Y %H:%M" if (language or lang()) == "ru" else "%Y-%m-%d %H:%M"
    return value.strftime(fmt)


MONTHS_RU_NOM = vocabulary.months()["nominative"]
MONTHS_RU_GEN = vocabulary.months()["genitive"]
MONTHS_EN = vocabulary.months()["english"]


def reason(code: str, language: str | None = None) -> str:
    texts = REASONS.get(code, REASONS["other"])
    return texts[LANGS.index(language or lang())]


def reason_todo(code: str, language: str | None = None) -> str:
    texts = REASONS.get(code, REASONS["other"])
    return texts[2 + LANGS.index(language or lang())]


def _day(d: dt.date, ru: bool, year: bool = True) -> str:
    month = (MONTHS_RU_GEN if ru else MONTHS_EN)[d.month - 1]
    return f"{d.day} {month}" + (f" {d.year}" if year else "")


def fmt_span(start, end=None, precision: str | None = "day", language: str | None = None) -> str:
    """A date or a span in its precision: "2024", "июль 2023", "12–14 марта 2025",
    "30 июня – 2 июля 2025" (English: "July 2023", "12–14 March 2025")."""
    if start is None or start != start:
        return ""
    ru = (language or lang()) == "ru"
    start = start.date() if isinstance(start, dt.datetime) else start
    end = end.date() if isinstance(end, dt.datetime) else end
    if end is None or end != end or end < start:
        end = start
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == "month":
        names = MONTHS_RU_NOM if ru else MONTHS_EN
        first = names[start.month - 1]
        if (start.year, start.month) == (end.year, end.month):
            return f"{first} {start.year}"
        if start.year == end.year:
            return f"{first}–{names[end.month - 1]} {start.year}"
        return f"{first} {start.year} – {names[end.month - 1]} {end.year}"
    if start == end:
        return _day(start, ru)
    if (start.year, start.month) == (end.year, end.month):
        month = (MONTHS_RU_GEN if ru else MONTHS_EN)[start.month - 1]
        return f"{start.day}–{end.day} {month} {start.year}"
    if start.year == end.year:
        return f"{_day(start, ru, year=False)} – {_day(end, ru)}"
    return f"{_day(start, ru)} – {_day(end, ru)}"


def fmt_period(start, precision: str, language: str | None = None) -> str:
    """A month or a year of a chart: "июль 2023", "2024"."""
    if start is None or start != start:
        return ""
    start = start.date() if isinstance(start, dt.datetime) else start  # a pandas Timestamp too
    if precision == "year":
        return str(start.year)
    return fmt_span(start, start, "month", language)


def fmt_duration(seconds, language: str | None = None) -> str:
    """17 -> "17 с", 72 -> "1 мин 12 с", 3900 -> "1 ч 5 мин" ("17 s", "1 min 12 s")."""
    if seconds is None or seconds != seconds:
        return ""
    s = int(round(float(seconds)))
    h_, m_, s_ = ("ч", "мин", "с") if (language or lang()) == "ru" else ("h", "min", "s")
    if s < 60:
        return f"{s} {s_}"
    if s < 3600:
        return f"{s // 60} {m_} {s % 60} {s_}" if s % 60 else f"{s // 60} {m_}"
    return f"{s // 3600} {h_} {s % 3600 // 60} {m_}"


def date_format() -> str:
    """The column_config date format of the current language."""
    return "DD.MM.YYYY" if lang() == "ru" else "YYYY-MM-DD"


def plotly_separators() -> str:
    """Plotly's decimal and thousands separators: '1 234,5' in Russian."""
    return ", " if lang() == "ru" else ".,"


def _merge_analyst_text() -> None:
    from dashboard.i18n_analyst import TEXT as analyst

    clash = TEXT.keys() & analyst.keys()
    assert not clash, f"UI strings defined twice: {sorted(clash)}"
    TEXT.update(analyst)


_merge_analyst_text()
