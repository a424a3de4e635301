SELECT run_id, started_at, finished_at, status, counts, message,
       date_diff('millisecond', started_at, finished_at) / 1000.0 AS duration_s
FROM etl_run
