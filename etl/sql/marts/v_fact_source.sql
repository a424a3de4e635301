-- Every document a fact was found in (a fact merged from several documents has several rows),
-- with the sentence of that document that supports it.
SELECT 'activity' AS fact, activity_id AS fact_id, document_id, origin, evidence
FROM stg_activity_source
UNION ALL
SELECT 'agreement', agreement_id, document_id, origin, evidence
FROM stg_agreement_source
