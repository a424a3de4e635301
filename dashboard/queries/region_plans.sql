-- Planned visits to the region and the done activity that fulfilled each (or none).
SELECT p.year, p.place_name, p.fulfilled, f.start_date AS fulfilled_date,
       f.title AS fulfilled_by, p.document_id
FROM mart_plan_vs_fact p
LEFT JOIN (SELECT activity_id, any_value(start_date) AS start_date, any_value(title) AS title
           FROM mart_region_activity GROUP BY activity_id) f
       ON f.activity_id = p.fulfilled_by_activity_id
WHERE p.region_code = $code
ORDER BY p.year DESC, p.place_name
