-- Regions with the most activities (any status), top $limit.
SELECT CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS region,
       count(DISTINCT activity_id) AS n
FROM filtered_activity
WHERE region_code IS NOT NULL
GROUP BY ALL
ORDER BY n DESC, region
LIMIT $limit
