SELECT d.document_id, d.document_title AS title, d.published, d.published_precision,
       d.published_from, d.publisher, d.url, d.source_path, d.origin, d.text, d.ingested_at,
       (SELECT count(*) FROM stg_activity_source s WHERE s.document_id = d.document_id)
           AS n_activities,
       (SELECT count(*) FROM stg_agreement_source s WHERE s.document_id = d.document_id)
           AS n_agreements
FROM stg_document d
