-- One row per activity and place (an activity without places appears once, place columns null).
CREATE OR REPLACE VIEW v_activity AS
WITH located AS (
    SELECT ap.activity_id, ap.role AS place_role, ap.surface AS place_surface,
           p.place_id, p.name_ru AS place_name, p.name_en AS place_name_en, p.kind AS place_kind,
           p.lat, p.lon, p.precision AS geo_precision, p.region_code
    FROM activity_place ap
    JOIN place p USING (place_id)
)
SELECT a.activity_id, a.kind, a.status, a.title, a.start_date, a.end_date, a.date_precision,
       year(a.start_date) AS year,
       l.place_id, l.place_name, l.place_name_en, l.place_kind, l.place_role, l.place_surface,
       l.region_code, r.name_ru AS region_name, r.name_en AS region_name_en, r.federal_district,
       l.lat, l.lon, l.geo_precision,
       a.program, a.origin, a.confidence, a.document_id, d.title AS document_title,
       a.evidence, a.source_locator,
       coalesce(s.n_sources, 0) AS n_sources,
       a.origin = 'curated' AS reviewed  -- entered, or accepted or corrected by an analyst
FROM activity a
LEFT JOIN located l USING (activity_id)
LEFT JOIN region r ON r.region_code = l.region_code
LEFT JOIN document d ON d.document_id = a.document_id
-- sources counted once per activity and joined (a correlated count per row costs ~20 % more
-- when v_activity is materialised at 10^6 activities)
LEFT JOIN (SELECT activity_id, count(*) AS n_sources FROM activity_source GROUP BY activity_id) s
       ON s.activity_id = a.activity_id;
