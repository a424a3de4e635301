-- The region among the other subjects of its federal district (all years): done activities in
-- both directions, agreements, the last contact; `is_region` marks the region itself.
WITH district AS (
    SELECT federal_district FROM v_region WHERE region_code = $code
),
acts AS (
    SELECT region_code,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'done' AND direction = 'out') AS done_out,
           count(*) FILTER (WHERE status = 'done' AND direction = 'in') AS done_in,
           max(coalesce(end_date, start_date)) FILTER (WHERE status = 'done'
                                                       AND start_date <= $as_of::DATE)
               AS last_contact
    FROM mart_region_activity
    GROUP BY region_code
),
agreements AS (
    SELECT region_code, count(*) AS agreements FROM v_agreement GROUP BY region_code
)
SELECT r.region_code,
       CASE WHEN $lang = 'en' THEN r.region_name_en ELSE r.region_name END AS region,
       coalesce(a.done, 0) AS done, coalesce(a.done_out, 0) AS done_out,
       coalesce(a.done_in, 0) AS done_in, coalesce(g.agreements, 0) AS agreements,
       a.last_contact, r.region_code = $code AS is_region
FROM v_region r
LEFT JOIN acts a USING (region_code)
LEFT JOIN agreements g USING (region_code)
WHERE r.federal_district = (SELECT federal_district FROM district)
ORDER BY done DESC, region
