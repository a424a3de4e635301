-- Every federal subject with how often the agency met it: the "never reached" list starts here.
CREATE OR REPLACE VIEW v_region AS
SELECT r.region_code, r.name_ru AS region_name, r.name_en AS region_name_en, r.type,
       r.federal_district, r.capital_ru, r.lat, r.lon, r.iso_3166_2
FROM region r;

CREATE OR REPLACE VIEW v_document AS
SELECT d.document_id, d.title, d.published, d.published_precision, d.published_from,
       d.publisher, d.url, d.source_path, d.origin, d.text, d.ingested_at,
       (SELECT count(*) FROM activity_source s WHERE s.document_id = d.document_id) AS n_activities,
       (SELECT count(*) FROM agreement_source s WHERE s.document_id = d.document_id) AS n_agreements
FROM document d;

CREATE OR REPLACE VIEW v_organisation AS
SELECT o.organisation_id, o.name, o.kind, p.name_ru AS place_name, p.region_code,
       r.name_ru AS region_name, r.federal_district,
       (SELECT count(DISTINCT ap.activity_id) FROM activity_participant ap
         WHERE ap.organisation_id = o.organisation_id) AS n_activities,
       (SELECT count(*) FROM agreement g WHERE g.organisation_id = o.organisation_id) AS n_agreements
FROM organisation o
LEFT JOIN place p USING (place_id)
LEFT JOIN region r ON r.region_code = p.region_code;

CREATE OR REPLACE VIEW v_person AS
SELECT pe.person_id, pe.name, pe.role, o.name AS organisation, pe.document_id
FROM person pe
LEFT JOIN organisation o USING (organisation_id);

CREATE OR REPLACE VIEW v_activity_participant AS
SELECT ap.activity_id, ap.role, o.name AS organisation, pe.name AS person
FROM activity_participant ap
LEFT JOIN organisation o USING (organisation_id)
LEFT JOIN person pe USING (person_id);

-- facts a human should check: extracted with low confidence
CREATE OR REPLACE VIEW v_low_confidence AS
SELECT 'activity' AS fact, activity_id AS fact_id, kind, title AS label, confidence, document_id, evidence
FROM activity WHERE confidence < 0.6
UNION ALL
SELECT 'agreement', agreement_id, counterparty_kind, counterparty, confidence, document_id, evidence
FROM agreement WHERE confidence < 0.6;

CREATE OR REPLACE VIEW v_place AS
SELECT p.place_id, p.name_ru AS place_name, p.name_en AS place_name_en, p.kind, p.region_code,
       r.name_ru AS region_name, r.federal_district, p.lat, p.lon, p.precision, p.geocoder,
       p.confidence, p.note
FROM place p LEFT JOIN region r USING (region_code);

-- every document a fact was found in (a fact merged from several documents has several rows),
-- with the sentence of that document that supports it
CREATE OR REPLACE VIEW v_fact_source AS
SELECT 'activity' AS fact, activity_id AS fact_id, document_id, origin, evidence
FROM activity_source
UNION ALL
SELECT 'agreement', agreement_id, document_id, origin, evidence
FROM agreement_source;
