-- One document with its text.
SELECT document_id, title, published, published_precision, publisher, url, source_path, origin,
       text, ingested_at, n_activities, n_agreements
FROM v_document
WHERE document_id = $doc
