-- Regions with the most activities, top $limit; each region's done and planned (cancelled
-- left out) counted apart, one row per region and status.
WITH counted AS (
    SELECT CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS region, status,
           count(DISTINCT activity_id) AS n
    FROM filtered_activity
    WHERE region_code IS NOT NULL AND status IN ('done', 'planned')
    GROUP BY ALL
),
top AS (
    SELECT region, sum(n) AS total FROM counted GROUP BY region
    ORDER BY total DESC, region LIMIT $limit
)
SELECT c.region, c.status, c.n, t.total
FROM counted c JOIN top t USING (region)
ORDER BY t.total DESC, c.region, c.status
