SELECT person_id,
       name AS person_name,
       organisation_id,
       role AS person_role,
       document_id
FROM person
