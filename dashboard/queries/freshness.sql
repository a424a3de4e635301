-- "Data as of": the last published run, and the newest document.
SELECT (SELECT max(finished_at) FROM v_etl_run WHERE status = 'published') AS published_at,
       (SELECT max(published) FROM v_document) AS newest_document,
       (SELECT count(*) FROM v_etl_run WHERE status = 'failed') AS failed_runs
