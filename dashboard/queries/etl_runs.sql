-- The most recent ETL runs, with the row counts an analyst checks after a refresh.
SELECT run_id, started_at, finished_at, status, duration_s,
       CAST(counts ->> 'document' AS INTEGER) AS n_documents,
       CAST(counts ->> 'activity' AS INTEGER) AS n_activities,
       CAST(counts ->> 'agreement' AS INTEGER) AS n_agreements,
       CAST(counts ->> 'planned_visit' AS INTEGER) AS n_planned_visits,
       CAST(counts ->> 'quarantined' AS INTEGER) AS n_quarantined,
       CAST(counts ->> 'warnings' AS INTEGER) AS n_warnings,
       message
FROM v_etl_run
ORDER BY started_at DESC
LIMIT $limit
