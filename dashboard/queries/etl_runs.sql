-- The most recent ETL runs.
SELECT run_id, started_at, finished_at, status, duration_s, CAST(counts AS VARCHAR) AS counts,
       message
FROM v_etl_run
ORDER BY started_at DESC
LIMIT $limit
