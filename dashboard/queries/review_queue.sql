-- Facts taken from press releases that no analyst has reviewed yet, newest documents first:
-- what the extractor says (kind, status, dates, places, counterparty) and its sentence. Facts
-- whose decision waits for the next refresh ($decided: 'document_id/signature' keys) are left
-- out; one page of $limit facts from $offset (review_queue_count.sql counts the queue).
WITH places AS (
    SELECT ap.activity_id AS fact_id,
           string_agg(DISTINCT p.name_ru, ', ') FILTER (WHERE ap.role <> 'origin') AS places,
           string_agg(DISTINCT p.name_ru, ', ') FILTER (WHERE ap.role = 'origin') AS origins
    FROM activity_place ap
    JOIN place p USING (place_id)
    GROUP BY ALL
),
orgs AS (
    SELECT ap.activity_id AS fact_id, string_agg(DISTINCT o.name, ', ') AS organisations
    FROM activity_participant ap
    JOIN organisation o USING (organisation_id)
    GROUP BY ALL
)
SELECT r.fact_id, r.fact_type, r.document_id, r.signature,
       coalesce(a.kind, 'agreement') AS kind, a.status,
       coalesce(a.start_date, g.signed_date) AS start_date, a.end_date,
       coalesce(a.date_precision, g.date_precision) AS date_precision,
       coalesce(pl.places, gp.name_ru) AS places, pl.origins,
       coalesce(g.counterparty, o.organisations) AS counterparty,
       coalesce(a.evidence, g.evidence) AS evidence,
       d.title AS document_title, d.published, d.source_path
FROM fact_review r
LEFT JOIN activity a ON a.activity_id = r.fact_id
LEFT JOIN agreement g ON g.agreement_id = r.fact_id
LEFT JOIN place gp ON gp.place_id = g.place_id
LEFT JOIN places pl ON pl.fact_id = r.fact_id
LEFT JOIN orgs o ON o.fact_id = r.fact_id
JOIN document d ON d.document_id = r.document_id
WHERE r.review = 'unreviewed' AND (a.activity_id IS NOT NULL OR g.agreement_id IS NOT NULL)
  AND NOT list_contains($decided::VARCHAR[], r.document_id || '/' || r.signature)
ORDER BY d.published DESC NULLS LAST, d.document_id,
         try_cast(regexp_extract(coalesce(a.source_locator, g.source_locator), 'line (\d+)$', 1)
                  AS INTEGER) NULLS LAST, r.fact_id
LIMIT $limit OFFSET $offset
