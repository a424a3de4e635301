-- Source documents of what happened at the selected place or region: the document each
-- activity and agreement names, and every other document it was found in (v_fact_source: the
-- press releases behind a curated row, not only the curated table).
WITH acts AS (
    SELECT DISTINCT activity_id, document_id FROM filtered_activity
    WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
),
agrs AS (
    SELECT DISTINCT agreement_id, document_id FROM filtered_agreement
    WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
),
ids AS (
    SELECT document_id FROM acts
    UNION
    SELECT document_id FROM agrs
    UNION
    SELECT s.document_id FROM v_fact_source s
    JOIN acts a ON s.fact = 'activity' AND s.fact_id = a.activity_id
    UNION
    SELECT s.document_id FROM v_fact_source s
    JOIN agrs g ON s.fact = 'agreement' AND s.fact_id = g.agreement_id
)
SELECT d.document_id, d.published, d.title
FROM v_document d
WHERE d.document_id IN (SELECT document_id FROM ids)
ORDER BY d.published DESC NULLS LAST, d.document_id
LIMIT $limit
