-- The region page's key numbers (all years, no sidebar filters): done activities in both
-- directions, planned and cancelled ones, agreements, planned visits and how many were
-- fulfilled, organisations and documents, the first and last contact and the months since.
WITH acts AS (
    SELECT * FROM mart_region_activity WHERE region_code = $code
),
plans AS (
    SELECT * FROM mart_plan_vs_fact WHERE region_code = $code
),
last AS (
    SELECT max(coalesce(end_date, start_date)) AS last_contact
    FROM acts WHERE status = 'done' AND start_date <= $as_of::DATE
)
SELECT r.region_code,
       CASE WHEN $lang = 'en' THEN r.region_name_en ELSE r.region_name END AS name,
       r.region_name AS name_ru, r.federal_district, r.capital_ru, r.type,
       -- the capital as the gazetteer names it in English, when $lang is 'en'
       CASE WHEN $lang = 'en' THEN coalesce(
                (SELECT min(p.place_name_en) FROM v_place p
                 WHERE p.place_name = r.capital_ru AND p.region_code = r.region_code
                   AND p.kind = 'city'), r.capital_ru)
            ELSE r.capital_ru END AS capital,
       (SELECT count(*) FROM acts WHERE status = 'done') AS done,
       (SELECT count(*) FROM acts WHERE status = 'done' AND direction = 'out') AS done_out,
       (SELECT count(*) FROM acts WHERE status = 'done' AND direction = 'in') AS done_in,
       (SELECT count(*) FROM acts WHERE status = 'planned') AS planned,
       (SELECT count(*) FROM acts WHERE status = 'cancelled') AS cancelled,
       (SELECT count(*) FROM v_agreement WHERE region_code = $code) AS agreements,
       (SELECT count(*) FROM plans) AS plans,
       (SELECT count(*) FROM plans WHERE fulfilled) AS plans_fulfilled,
       (SELECT min(start_date) FROM acts WHERE status = 'done') AS first_contact,
       last.last_contact,
       datediff('month', last.last_contact, $as_of::DATE) AS months_since
FROM v_region r, last
WHERE r.region_code = $code
