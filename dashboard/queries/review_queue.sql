-- Facts taken from press releases that no analyst has reviewed yet, newest documents first:
-- what the extractor says (kind, status, dates, places, counterparty) and its sentence. Facts
-- whose decision waits for the next refresh ($decided: 'document_id/signature' keys) are left
-- out; one page of $limit facts from $offset (review_queue_count.sql counts the queue).
WITH activities AS (
    SELECT activity_id AS fact_id, any_value(kind) AS kind, any_value(status) AS status,
           any_value(start_date) AS start_date, any_value(end_date) AS end_date,
           any_value(date_precision) AS date_precision, any_value(evidence) AS evidence,
           any_value(source_locator) AS source_locator,
           string_agg(DISTINCT place_name, ', ') FILTER (WHERE place_role <> 'origin') AS places,
           string_agg(DISTINCT place_name, ', ') FILTER (WHERE place_role = 'origin') AS origins
    FROM mart_activity
    GROUP BY activity_id
),
orgs AS (
    SELECT activity_id AS fact_id, string_agg(DISTINCT organisation, ', ') AS organisations
    FROM v_activity_participant
    WHERE organisation IS NOT NULL
    GROUP BY ALL
)
SELECT r.fact_id, r.fact_type, r.document_id, r.signature,
       coalesce(a.kind, 'agreement') AS kind, a.status,
       coalesce(a.start_date, g.signed_date) AS start_date, a.end_date,
       coalesce(a.date_precision, g.date_precision) AS date_precision,
       coalesce(a.places, g.place_name) AS places, a.origins,
       coalesce(g.counterparty, o.organisations) AS counterparty,
       coalesce(a.evidence, g.evidence) AS evidence,
       d.title AS document_title, d.published, d.source_path
FROM v_fact_review r
LEFT JOIN activities a ON a.fact_id = r.fact_id
LEFT JOIN v_agreement g ON g.agreement_id = r.fact_id
LEFT JOIN orgs o ON o.fact_id = r.fact_id
JOIN v_document d ON d.document_id = r.document_id
WHERE r.review = 'unreviewed' AND (a.fact_id IS NOT NULL OR g.agreement_id IS NOT NULL)
  AND NOT list_contains($decided::VARCHAR[], r.document_id || '/' || r.signature)
ORDER BY d.published DESC NULLS LAST, d.document_id,
         try_cast(regexp_extract(coalesce(a.source_locator, g.source_locator), 'line (\d+)$', 1)
                  AS INTEGER) NULLS LAST, r.fact_id
LIMIT $limit OFFSET $offset
