-- The region's agreements and their status: signed (a signing date on or before $as_of),
-- to be signed (a later date) or undated; the place in English where it has an English name
-- and $lang is 'en'.
SELECT g.agreement_id, g.signed_date,
       CASE WHEN g.signed_date IS NULL THEN 'undated'
            WHEN g.signed_date <= $as_of::DATE THEN 'signed'
            ELSE 'to_sign' END AS agreement_status,
       g.counterparty, g.counterparty_kind,
       CASE WHEN $lang = 'en' THEN coalesce(p.place_name_en, g.place_name)
            ELSE g.place_name END AS place_name,
       g.program, g.document_id
FROM v_agreement g
LEFT JOIN v_place p ON p.place_id = g.place_id
WHERE g.region_code = $code
ORDER BY g.signed_date DESC NULLS LAST, g.agreement_id
