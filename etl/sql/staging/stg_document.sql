-- Press releases and curated source documents.
SELECT document_id,
       title AS document_title,
       published,
       published_precision,
       published_from,
       publisher,
       url,
       source_path,
       origin,
       text,
       ingested_at
FROM document
