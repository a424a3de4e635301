-- What was extracted from one document: the evidence sentence of each fact and the place
-- surfaces, to highlight in its text.
SELECT DISTINCT 'activity' AS fact, activity_id AS fact_id, kind AS what, title AS label,
       status, evidence, place_surface AS surface
FROM v_activity WHERE document_id = $doc
UNION ALL
SELECT DISTINCT 'agreement', agreement_id, counterparty_kind, counterparty, NULL, evidence, NULL
FROM v_agreement WHERE document_id = $doc
UNION ALL
SELECT DISTINCT 'planned_visit', planned_visit_id, NULL, place_name, NULL, evidence, NULL
FROM v_plan_vs_fact WHERE document_id = $doc
ORDER BY fact, fact_id
