-- White spots: federal subjects (inside the district/region filters, the agency's home region
-- left out) with no done activity in the $months months before $as_of, never-reached ones first,
-- then the longest silence; with the last contact (the end of the last done activity).
WITH last AS (
    SELECT region_code, max(coalesce(end_date, start_date)) AS last_contact
    FROM mart_region_activity
    WHERE status = 'done' AND start_date <= $as_of::DATE
    GROUP BY region_code
)
SELECT r.region_code,
       CASE WHEN $lang = 'en' THEN r.region_name_en ELSE r.region_name END AS region,
       r.federal_district, l.last_contact,
       CASE WHEN l.last_contact IS NOT NULL
            THEN datediff('month', l.last_contact, $as_of::DATE) END AS months_since,
       r.lat, r.lon
FROM filtered_region r
LEFT JOIN last l USING (region_code)
WHERE r.region_code <> $home
  AND (l.last_contact IS NULL
       OR l.last_contact < $as_of::DATE - to_months($months::INTEGER))
ORDER BY l.last_contact ASC NULLS FIRST, region
