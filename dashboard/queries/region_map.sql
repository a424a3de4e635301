-- The region map: one row per federal subject with its done activities under the filters in both
-- directions ('out': the agency to the region, 'in': the region to Moscow), planned ones and
-- agreements (planned_past: the planned ones whose time is over with no report), and its state: reached (a done activity), planned (only planned ones), never,
-- home (the agency's own region) or outside (not in the district/region filters).
WITH acts AS (
    SELECT region_code,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'done' AND direction = 'out') AS done_out,
           count(*) FILTER (WHERE status = 'done' AND direction = 'in') AS done_in,
           count(*) FILTER (WHERE status = 'planned') AS planned,
           count(*) FILTER (WHERE shown_status(status, start_date, end_date) = 'planned_past')
               AS planned_past
    FROM filtered_region_activity
    GROUP BY region_code
),
agreements AS (
    SELECT region_code, count(*) AS agreements
    FROM filtered_agreement
    WHERE region_code IS NOT NULL
    GROUP BY region_code
)
SELECT r.region_code,
       CASE WHEN $lang = 'en' THEN r.region_name_en ELSE r.region_name END AS name,
       r.federal_district, r.lat, r.lon,
       coalesce(a.done, 0) AS done, coalesce(a.done_out, 0) AS done_out,
       coalesce(a.done_in, 0) AS done_in, coalesce(a.planned, 0) AS planned,
       coalesce(a.planned_past, 0) AS planned_past,
       coalesce(g.agreements, 0) AS agreements,
       CASE WHEN r.region_code = $home THEN 'home'
            WHEN r.region_code NOT IN (SELECT region_code FROM filtered_region) THEN 'outside'
            WHEN coalesce(a.done, 0) > 0 THEN 'reached'
            WHEN coalesce(a.planned, 0) > 0 THEN 'planned'
            ELSE 'never' END AS state
FROM v_region r
LEFT JOIN acts a USING (region_code)
LEFT JOIN agreements g USING (region_code)
ORDER BY r.region_code
