-- The text of one document (the review queue highlights a fact's sentence in it).
SELECT document_id, title, text FROM v_document WHERE document_id = $doc
