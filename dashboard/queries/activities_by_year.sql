-- Distinct activities per start year and status.
SELECT year, status, count(DISTINCT activity_id) AS n
FROM filtered_activity
WHERE year IS NOT NULL
GROUP BY year, status
ORDER BY year, status
