-- One bubble per place ($level = 'city') or per federal subject ($level = 'region'),
-- sized by distinct activities, coloured by the most frequent kind; n_planned of them planned,
-- n_planned_past of those past their time with no report. Top $limit bubbles;
-- total_places says how many there were before the limit.
WITH points AS (
    SELECT CASE WHEN $level = 'region' THEN region_code ELSE place_id END AS key,
           activity_id, kind, status, shown_status(status, start_date, end_date) AS shown,
           region_code, place_id, place_name, place_name_en, lat, lon
    FROM filtered_activity
    WHERE lat IS NOT NULL AND ($level <> 'region' OR region_code IS NOT NULL)
),
agg AS (
    SELECT key, count(DISTINCT activity_id) AS n, mode(kind) AS kind,
           count(DISTINCT activity_id) FILTER (WHERE status = 'planned') AS n_planned,
           count(DISTINCT activity_id) FILTER (WHERE shown = 'planned_past') AS n_planned_past,
           any_value(place_name) AS place_name, any_value(place_name_en) AS place_name_en,
           avg(lat) AS lat, avg(lon) AS lon
    FROM points
    GROUP BY key
)
SELECT a.key,
       CASE WHEN $level = 'region' THEN CASE WHEN $lang = 'en' THEN r.region_name_en
                                             ELSE r.region_name END
            WHEN $lang = 'en' THEN coalesce(a.place_name_en, a.place_name)
            ELSE a.place_name END AS name,
       CASE WHEN $level = 'region' THEN r.lat ELSE a.lat END AS lat,
       CASE WHEN $level = 'region' THEN r.lon ELSE a.lon END AS lon,
       a.n, a.n_planned, a.n_planned_past, a.kind, count(*) OVER () AS total_places
FROM agg a
LEFT JOIN v_region r ON $level = 'region' AND r.region_code = a.key
ORDER BY a.n DESC, a.key
LIMIT $limit
