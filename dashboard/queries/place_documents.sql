-- Source documents of what happened at the selected place or region.
WITH ids AS (
    SELECT document_id FROM filtered_activity
    WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
    UNION
    SELECT document_id FROM filtered_agreement
    WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
)
SELECT d.document_id, d.published, d.title
FROM v_document d
WHERE d.document_id IN (SELECT document_id FROM ids)
ORDER BY d.published DESC NULLS LAST, d.document_id
LIMIT $limit
