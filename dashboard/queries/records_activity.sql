-- Activities within the filters, one row each with all its places; search $q, sort by $sort
-- ($desc), page with $limit/$offset. total_rows counts the rows before paging.
WITH ids AS (SELECT DISTINCT activity_id FROM filtered_activity),
rows AS (
    SELECT a.activity_id, any_value(a.start_date) AS start_date, any_value(a.end_date) AS end_date,
           any_value(a.kind) AS kind, any_value(a.status) AS status, any_value(a.title) AS title,
           string_agg(DISTINCT a.place_name, ', ') AS places,
           string_agg(DISTINCT CASE WHEN $lang = 'en' THEN a.region_name_en
                                    ELSE a.region_name END, ', ') AS regions,
           any_value(a.program) AS program, any_value(a.origin) AS origin,
           any_value(a.confidence) AS confidence, any_value(a.document_id) AS document_id,
           any_value(a.document_title) AS document_title
    FROM v_activity a
    WHERE a.activity_id IN (SELECT activity_id FROM ids)
    GROUP BY a.activity_id
),
found AS (
    SELECT *, CASE $sort WHEN 'title' THEN lower(title) WHEN 'kind' THEN kind
                         WHEN 'status' THEN status WHEN 'places' THEN lower(places)
                         WHEN 'regions' THEN lower(regions)
                         ELSE strftime(start_date, '%Y-%m-%d') END AS sort_key
    FROM rows
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', title, places, regions, program, document_title) ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, activity_id
LIMIT $limit OFFSET $offset
