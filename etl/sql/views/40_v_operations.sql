CREATE OR REPLACE VIEW v_quarantine AS
SELECT run_id, source, locator, reason, raw, severity, code FROM quarantine;

CREATE OR REPLACE VIEW v_etl_run AS
SELECT run_id, started_at, finished_at, status, counts, message,
       date_diff('millisecond', started_at, finished_at) / 1000.0 AS duration_s
FROM etl_run;

CREATE OR REPLACE VIEW v_geocode_pending AS
SELECT surface, reason, fallback FROM geocode_pending;
