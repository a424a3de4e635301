-- Every document behind one activity ($activity): the one it names and each other document it
-- was found in (v_fact_source: the press releases behind a curated row, not only the table).
WITH ids AS (
    SELECT document_id FROM mart_activity
    WHERE activity_id = $activity AND document_id IS NOT NULL
    UNION
    SELECT document_id FROM v_fact_source WHERE fact = 'activity' AND fact_id = $activity
)
SELECT d.document_id, d.published, d.published_precision, d.title,
       d.text IS NOT NULL AND trim(d.text) <> '' AS has_text
FROM v_document d
WHERE d.document_id IN (SELECT document_id FROM ids)
ORDER BY d.published DESC NULLS LAST, d.document_id
