-- Every fact taken from a document or entered by an analyst, and its review (etl/review.py).
SELECT fact_id, fact_type, document_id, signature, review, reviewed_by, reviewed_at
FROM stg_fact_review
