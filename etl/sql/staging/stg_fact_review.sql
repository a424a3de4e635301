SELECT fact_id, fact_type, document_id, signature, review, reviewed_by, reviewed_at
FROM fact_review
