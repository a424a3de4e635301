-- What was extracted from one document, including facts merged with the same fact from another
-- document: the evidence sentence of each fact in this document and the place surfaces, to
-- highlight in its text.
WITH src AS (
    SELECT fact, fact_id, evidence FROM v_fact_source WHERE document_id = $doc
)
SELECT DISTINCT 'activity' AS fact, a.activity_id AS fact_id, a.kind AS what, a.title AS label,
       shown_status(a.status, a.start_date, a.end_date) AS status,
       coalesce(s.evidence, a.evidence) AS evidence, a.place_surface AS surface
FROM mart_activity a
LEFT JOIN src s ON s.fact = 'activity' AND s.fact_id = a.activity_id
WHERE a.document_id = $doc OR s.fact_id IS NOT NULL
UNION ALL
SELECT DISTINCT 'agreement', g.agreement_id, g.counterparty_kind, g.counterparty, NULL,
       coalesce(s.evidence, g.evidence), NULL
FROM v_agreement g
LEFT JOIN src s ON s.fact = 'agreement' AND s.fact_id = g.agreement_id
WHERE g.document_id = $doc OR s.fact_id IS NOT NULL
UNION ALL
SELECT DISTINCT 'planned_visit', planned_visit_id, NULL, place_name, 'planned', evidence, NULL
FROM mart_plan_vs_fact WHERE document_id = $doc
ORDER BY fact, fact_id
