-- Distinct activities per month, status and group (region or kind); the $top groups with the
-- most activities. Aggregated so that the chart stays small at any number of activities.
WITH rows AS (
    SELECT activity_id, status, title, date_trunc('month', start_date) AS month,
           CASE WHEN $group = 'kind' THEN kind
                WHEN $lang = 'en' THEN coalesce(region_name_en, '—')
                ELSE coalesce(region_name, '—') END AS grp
    FROM filtered_activity
    WHERE start_date IS NOT NULL
),
top AS (
    SELECT grp FROM rows GROUP BY grp ORDER BY count(DISTINCT activity_id) DESC, grp LIMIT $top
)
SELECT grp, month, status, count(DISTINCT activity_id) AS n,
       min(title) AS example
FROM rows
WHERE grp IN (SELECT grp FROM top)
GROUP BY grp, month, status
ORDER BY grp, month, status
