-- Activities within the filters, one row each with all its places; search $q, sort by $sort
-- ($desc), page with $limit/$offset. total_rows counts the rows before paging.
-- Without a search, and sorted by a column of the activity itself (not places or regions), the
-- page is picked from the filtered activities first and only its rows get their places
-- aggregated; otherwise every filtered activity is aggregated, then searched and sorted. Each
-- activity's rows are looked up by (id, year): one year of mart_activity (sorted by year), not
-- all.
-- $activity (an id, or NULL) keeps only that activity: the link from one of its agreements.
-- Places are split by their role: where it went (places), where it came from (origins), the
-- venues; names in English where the gazetteer has them and $lang is 'en'.
WITH acts AS (
    SELECT activity_id, any_value(start_date) AS start_date, any_value(kind) AS kind,
           any_value(status) AS status, any_value(title) AS title, any_value(year) AS year
    FROM filtered_activity
    WHERE $activity::VARCHAR IS NULL OR activity_id = $activity
    GROUP BY activity_id
),
mode AS (SELECT $q::VARCHAR IS NULL AND $sort NOT IN ('places', 'regions') AS page_first),
picked AS (
    SELECT activity_id, year FROM acts WHERE NOT (SELECT page_first FROM mode)
    UNION ALL
    (SELECT activity_id, year FROM acts WHERE (SELECT page_first FROM mode)
     ORDER BY CASE WHEN $desc THEN NULL ELSE
                   CASE $sort WHEN 'title' THEN lower(title) WHEN 'kind' THEN kind
                              WHEN 'status' THEN status ELSE strftime(start_date, '%Y-%m-%d') END
              END ASC NULLS LAST,
              CASE WHEN $desc THEN
                   CASE $sort WHEN 'title' THEN lower(title) WHEN 'kind' THEN kind
                              WHEN 'status' THEN status ELSE strftime(start_date, '%Y-%m-%d') END
              END DESC NULLS LAST, activity_id
     LIMIT $limit + $offset)
),
rows AS (
    SELECT a.activity_id, any_value(a.start_date) AS start_date, any_value(a.end_date) AS end_date,
           any_value(a.date_precision) AS date_precision,
           any_value(a.kind) AS kind,
           -- a plan whose time is over and that nobody reported on says so (_macros.sql)
           shown_status(any_value(a.status), any_value(a.start_date),
                        any_value(a.end_date)) AS status,
           any_value(a.title) AS title,
           -- sorted: the same activity lists its places the same way on every run (cheaper
           -- than string_agg(... ORDER BY), which sorts the whole input)
           array_to_string(list_sort(list(DISTINCT a.shown_place) FILTER (
               WHERE a.shown_place IS NOT NULL
                 AND a.place_role IS DISTINCT FROM 'origin'
                 AND a.place_role IS DISTINCT FROM 'venue')), ', ') AS places,
           array_to_string(list_sort(list(DISTINCT a.shown_place) FILTER (
               WHERE a.place_role = 'origin')), ', ') AS origins,
           array_to_string(list_sort(list(DISTINCT a.shown_place) FILTER (
               WHERE a.place_role = 'venue')), ', ') AS venues,
           array_to_string(list_sort(list(DISTINCT CASE WHEN $lang = 'en' THEN a.region_name_en
                                                        ELSE a.region_name END)
                                     FILTER (WHERE CASE WHEN $lang = 'en' THEN a.region_name_en
                                                        ELSE a.region_name END IS NOT NULL)),
                           ', ') AS regions,
           any_value(a.program) AS program, any_value(a.origin) AS origin,
           any_value(a.confidence) AS confidence, any_value(a.document_id) AS document_id,
           any_value(a.document_title) AS document_title
    FROM (SELECT a.*, CASE WHEN $lang = 'en' THEN coalesce(a.place_name_en, a.place_name)
                           ELSE a.place_name END AS shown_place
          FROM mart_activity a
          JOIN picked p ON p.activity_id = a.activity_id AND p.year = a.year
          UNION ALL
          SELECT a.*, CASE WHEN $lang = 'en' THEN coalesce(a.place_name_en, a.place_name)
                           ELSE a.place_name END
          FROM mart_activity a
          WHERE a.year IS NULL
            AND a.activity_id IN (SELECT activity_id FROM picked WHERE year IS NULL)) a
    GROUP BY a.activity_id
),
agreed AS (  -- the agreements that came out of each activity, by counterparty
    SELECT activity_id,
           array_to_string(list_sort(list(DISTINCT counterparty)), ', ') AS agreement_list
    FROM v_agreement
    WHERE activity_id IN (SELECT activity_id FROM rows)
    GROUP BY activity_id
),
found AS (
    SELECT *, CASE $sort WHEN 'title' THEN lower(title) WHEN 'kind' THEN kind
                         WHEN 'status' THEN status WHEN 'places' THEN lower(places)
                         WHEN 'regions' THEN lower(regions)
                         ELSE strftime(start_date, '%Y-%m-%d') END AS sort_key
    FROM rows LEFT JOIN agreed USING (activity_id)
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', title, places, origins, venues, regions, program, document_title,
                    agreement_list) ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key),
       CASE WHEN (SELECT page_first FROM mode) THEN (SELECT count(*) FROM acts)
            ELSE count(*) OVER () END AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, activity_id
LIMIT $limit OFFSET $offset
