-- Every activity that touched the region, newest first, with its direction.
SELECT activity_id, start_date, end_date, kind, status, direction, title, program, document_id
FROM mart_region_activity
WHERE region_code = $code
ORDER BY start_date DESC NULLS LAST, activity_id
