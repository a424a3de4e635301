-- Source documents, newest first; search $q in title and text.
SELECT document_id, published, title, publisher, origin, n_activities, n_agreements,
       count(*) OVER () AS total_rows
FROM v_document
WHERE $q::VARCHAR IS NULL OR concat_ws(' ', title, publisher, text) ILIKE '%' || $q || '%'
ORDER BY published DESC NULLS LAST, document_id
LIMIT $limit
