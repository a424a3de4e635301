-- Place names that could not be resolved yet.
SELECT surface, reason, fallback, count(*) OVER () AS total_rows
FROM v_geocode_pending
ORDER BY surface
LIMIT $limit
