SELECT ap.activity_id, ap.participant_role AS role, o.organisation_name AS organisation,
       pe.person_name AS person
FROM stg_activity_participant ap
LEFT JOIN stg_organisation o USING (organisation_id)
LEFT JOIN stg_person pe USING (person_id)
