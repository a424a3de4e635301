-- Activities (within the filters) at the selected place or in the selected region; a past plan
-- without a report says so (shown_status).
SELECT activity_id, any_value(start_date) AS start_date, any_value(kind) AS kind,
       shown_status(any_value(status), any_value(start_date), any_value(end_date)) AS status,
       any_value(title) AS title,
       string_agg(DISTINCT place_role, ', ') AS place_role, any_value(document_id) AS document_id
FROM filtered_activity
WHERE CASE WHEN $level = 'region' THEN region_code ELSE place_id END = $key
GROUP BY activity_id
ORDER BY start_date DESC NULLS LAST, activity_id
LIMIT $limit
