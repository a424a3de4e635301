SELECT run_id, started_at, finished_at, status, counts, message, duration_s FROM stg_etl_run
