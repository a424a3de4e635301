-- Every document that states an agreement.
SELECT agreement_id, document_id, origin, evidence FROM agreement_source
