-- One row per activity and place (an activity without places appears once, place columns null).
-- A table (materialised at build time, sorted by year and region, which the filters select on):
-- the dashboard reads it on every filter change, and re-running the joins (activity x place x
-- region x document, the source count) for every query costs more than the queries themselves
-- at a million activities; the warehouse never changes after publish.
WITH located AS (
    SELECT ap.activity_id, ap.place_role, ap.place_surface,
           p.place_id, p.place_name, p.place_name_en, p.place_kind,
           p.lat, p.lon, p.geo_precision, p.region_code
    FROM stg_activity_place ap
    JOIN stg_place p USING (place_id)
),
-- sources counted once per activity and joined (a correlated count per row costs ~20 % more
-- at 10^6 activities)
sources AS (
    SELECT activity_id, count(*) AS n_sources FROM stg_activity_source GROUP BY activity_id
)
SELECT a.activity_id, a.kind, a.status, a.title, a.start_date, a.end_date, a.date_precision,
       a.year,
       l.place_id, l.place_name, l.place_name_en, l.place_kind, l.place_role, l.place_surface,
       l.region_code, r.region_name, r.region_name_en, r.federal_district,
       l.lat, l.lon, l.geo_precision,
       a.program, a.origin, a.confidence, a.document_id, d.document_title,
       a.evidence, a.source_locator,
       coalesce(s.n_sources, 0) AS n_sources,
       a.reviewed
FROM stg_activity a
LEFT JOIN located l USING (activity_id)
LEFT JOIN stg_region r ON r.region_code = l.region_code
LEFT JOIN stg_document d ON d.document_id = a.document_id
LEFT JOIN sources s ON s.activity_id = a.activity_id
ORDER BY year, region_code, activity_id
