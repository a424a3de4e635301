-- The region's story per year: done activities out (the agency to the region) and in (the
-- region to Moscow), and planned ones.
SELECT year,
       count(*) FILTER (WHERE status = 'done' AND direction = 'out') AS done_out,
       count(*) FILTER (WHERE status = 'done' AND direction = 'in') AS done_in,
       count(*) FILTER (WHERE status = 'planned') AS planned
FROM mart_region_activity
WHERE region_code = $code AND year IS NOT NULL
GROUP BY year
ORDER BY year
