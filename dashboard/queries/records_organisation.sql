-- Organisations inside the place filters; search, sort, paging as in records_activity.
WITH found AS (
    SELECT organisation_id, name, kind, place_name, region_name, region_code, federal_district,
           n_activities, n_agreements,
           CASE $sort WHEN 'activities' THEN lpad(CAST(n_activities AS VARCHAR), 12, '0')
                      WHEN 'region' THEN lower(region_name)
                      ELSE lower(name) END AS sort_key
    FROM v_organisation
    WHERE ($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
      AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
      AND ($q::VARCHAR IS NULL
           OR concat_ws(' ', name, kind, place_name, region_name) ILIKE '%' || $q || '%')
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, organisation_id
LIMIT $limit OFFSET $offset
