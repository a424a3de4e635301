-- Every activity that touched the region, newest first, with its direction; a past plan
-- without a report says so (shown_status).
SELECT activity_id, start_date, end_date, kind, shown_status(status, start_date, end_date) AS status,
       direction, title, program, document_id
FROM mart_region_activity
WHERE region_code = $code
ORDER BY start_date DESC NULLS LAST, activity_id
