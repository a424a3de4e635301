-- Distinct activities per start year and status; a past plan without a report apart
-- (shown_status: 'planned_past').
SELECT year, shown_status(status, start_date, end_date) AS status,
       count(DISTINCT activity_id) AS n
FROM filtered_activity
WHERE year IS NOT NULL
GROUP BY ALL
ORDER BY year, status
