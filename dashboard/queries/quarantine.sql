-- Rejected rows and documents with their reasons (code: etl/reasons.py, where one applies).
SELECT source, locator, reason, raw, severity, code, run_id, count(*) OVER () AS total_rows
FROM v_quarantine
ORDER BY severity, source, locator
LIMIT $limit
