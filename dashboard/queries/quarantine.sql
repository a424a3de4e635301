-- Rejected rows and documents with their reasons.
SELECT source, locator, reason, raw, run_id, count(*) OVER () AS total_rows
FROM v_quarantine
ORDER BY source, locator
LIMIT $limit
