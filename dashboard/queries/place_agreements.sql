-- Agreements (within the filters) signed with a counterparty at the selected place or region;
-- the place's English name where the gazetteer has one and $lang is 'en'.
SELECT g.agreement_id, g.signed_date, g.counterparty, g.counterparty_kind,
       CASE WHEN $lang = 'en' THEN coalesce(p.place_name_en, g.place_name)
            ELSE g.place_name END AS place_name,
       g.document_id
FROM filtered_agreement g
LEFT JOIN v_place p ON p.place_id = g.place_id
WHERE CASE WHEN $level = 'region' THEN g.region_code ELSE g.place_id END = $key
ORDER BY g.signed_date DESC NULLS LAST, g.agreement_id
LIMIT $limit
