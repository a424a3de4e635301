-- The region's agreements and their status: signed (a signing date on or before $as_of),
-- to be signed (a later date) or undated.
SELECT agreement_id, signed_date,
       CASE WHEN signed_date IS NULL THEN 'undated'
            WHEN signed_date <= $as_of::DATE THEN 'signed'
            ELSE 'to_sign' END AS agreement_status,
       counterparty, counterparty_kind, place_name, program, document_id
FROM v_agreement
WHERE region_code = $code
ORDER BY signed_date DESC NULLS LAST, agreement_id
