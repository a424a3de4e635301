-- Planned visits with whether they were fulfilled; search, sort, paging as in records_activity.
WITH found AS (
    SELECT planned_visit_id, year, place_name,
           CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS region,
           region_code,
           fulfilled, fulfilled_by_activity_id, document_id,
           CASE $sort WHEN 'place' THEN lower(place_name)
                      WHEN 'fulfilled' THEN CAST(fulfilled AS VARCHAR)
                      ELSE CAST(year AS VARCHAR) END AS sort_key
    FROM filtered_plan
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', place_name, region_name, evidence) ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, planned_visit_id
LIMIT $limit OFFSET $offset
