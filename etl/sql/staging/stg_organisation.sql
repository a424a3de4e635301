SELECT organisation_id,
       name AS organisation_name,
       kind AS organisation_kind,
       place_id
FROM organisation
