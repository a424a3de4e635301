CREATE OR REPLACE VIEW v_agreement AS
SELECT g.agreement_id, g.counterparty, g.counterparty_kind,
       p.place_id, p.name_ru AS place_name, p.kind AS place_kind,
       p.region_code, r.name_ru AS region_name, r.name_en AS region_name_en, r.federal_district,
       p.lat, p.lon,
       g.signed_date, g.date_precision, year(g.signed_date) AS year,
       g.program, g.activity_id, g.origin, g.confidence, g.document_id,
       d.title AS document_title, g.evidence,
       g.origin = 'curated' AS reviewed  -- entered, or accepted or corrected by an analyst
FROM agreement g
LEFT JOIN place p USING (place_id)
LEFT JOIN region r ON r.region_code = p.region_code
LEFT JOIN document d ON d.document_id = g.document_id;
