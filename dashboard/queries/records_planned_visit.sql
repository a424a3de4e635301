-- Planned visits with whether they were fulfilled; search, sort, paging as in records_activity.
-- Place and region in English where they have English names and $lang is 'en'.
WITH found AS (
    SELECT f.planned_visit_id, f.year,
           CASE WHEN $lang = 'en' THEN coalesce(p.place_name_en, f.place_name)
                ELSE f.place_name END AS place_name,
           CASE WHEN $lang = 'en' THEN f.region_name_en ELSE f.region_name END AS region,
           f.region_code,
           f.fulfilled, f.fulfilled_by_activity_id, f.document_id,
           CASE $sort WHEN 'place' THEN lower(f.place_name)
                      WHEN 'fulfilled' THEN CAST(f.fulfilled AS VARCHAR)
                      ELSE CAST(f.year AS VARCHAR) END AS sort_key
    FROM filtered_plan f
    LEFT JOIN v_place p ON p.place_id = f.place_id
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', f.place_name, p.place_name_en, f.region_name, f.region_name_en,
                    f.evidence) ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, planned_visit_id
LIMIT $limit OFFSET $offset
