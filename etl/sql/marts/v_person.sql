SELECT pe.person_id, pe.person_name AS name, pe.person_role AS role,
       o.organisation_name AS organisation, pe.document_id
FROM stg_person pe
LEFT JOIN stg_organisation o USING (organisation_id)
