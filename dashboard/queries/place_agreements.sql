-- Agreements (within the filters) signed with a counterparty at the selected place or region.
SELECT agreement_id, signed_date, counterparty, counterparty_kind, place_name, document_id
FROM filtered_agreement
WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
ORDER BY signed_date DESC NULLS LAST, agreement_id
LIMIT $limit
