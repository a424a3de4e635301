-- Extracted facts a human should check, least confident first.
SELECT fact, fact_id, kind, label, confidence, document_id, evidence,
       count(*) OVER () AS total_rows
FROM v_low_confidence
ORDER BY confidence, fact_id
LIMIT $limit
