-- The review queue's size (the facts review_queue.sql pages through) and how many unreviewed
-- facts already have a decision waiting for the next refresh ($decided, as there).
SELECT count(*) FILTER (WHERE NOT waiting) AS queue,
       count(*) FILTER (WHERE waiting) AS waiting
FROM (
    SELECT list_contains($decided::VARCHAR[], r.document_id || '/' || r.signature) AS waiting
    FROM v_fact_review r
    JOIN v_document d ON d.document_id = r.document_id
    WHERE r.review = 'unreviewed'
      AND (EXISTS (SELECT 1 FROM mart_activity a WHERE a.activity_id = r.fact_id)
           OR EXISTS (SELECT 1 FROM v_agreement g WHERE g.agreement_id = r.fact_id))
)
