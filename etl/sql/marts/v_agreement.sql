-- One row per agreement, with its place, region and document.
SELECT g.agreement_id, g.counterparty, g.counterparty_kind,
       p.place_id, p.place_name, p.place_kind,
       p.region_code, r.region_name, r.region_name_en, r.federal_district,
       p.lat, p.lon,
       g.signed_date, g.date_precision, g.year,
       g.program, g.activity_id, g.origin, g.confidence, g.document_id,
       d.document_title, g.evidence,
       g.reviewed, g.source_locator
FROM stg_agreement g
LEFT JOIN stg_place p USING (place_id)
LEFT JOIN stg_region r ON r.region_code = p.region_code
LEFT JOIN stg_document d ON d.document_id = g.document_id
