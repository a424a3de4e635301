-- People (with their organisation); search, sort, paging as in records_activity.
WITH found AS (
    SELECT person_id, name, role, organisation, document_id,
           CASE $sort WHEN 'organisation' THEN lower(organisation) ELSE lower(name) END AS sort_key
    FROM v_person
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', name, role, organisation) ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, person_id
LIMIT $limit OFFSET $offset
