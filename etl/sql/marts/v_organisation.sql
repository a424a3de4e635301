SELECT o.organisation_id, o.organisation_name AS name, o.organisation_kind AS kind,
       p.place_name, p.region_code, r.region_name, r.federal_district,
       (SELECT count(DISTINCT ap.activity_id) FROM stg_activity_participant ap
         WHERE ap.organisation_id = o.organisation_id) AS n_activities,
       (SELECT count(*) FROM stg_agreement g WHERE g.organisation_id = o.organisation_id)
           AS n_agreements
FROM stg_organisation o
LEFT JOIN stg_place p USING (place_id)
LEFT JOIN stg_region r ON r.region_code = p.region_code
