-- Facts a human should check: extracted with low confidence.
SELECT 'activity' AS fact, activity_id AS fact_id, kind, title AS label, confidence, document_id,
       evidence
FROM stg_activity WHERE confidence < 0.6
UNION ALL
SELECT 'agreement', agreement_id, counterparty_kind, counterparty, confidence, document_id,
       evidence
FROM stg_agreement WHERE confidence < 0.6
