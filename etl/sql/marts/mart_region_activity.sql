-- One row per activity and federal subject it touched, with the direction of the relationship:
-- 'in' for delegations and business missions (the region comes to Moscow), 'out' for everything
-- else (the agency goes to the region, or meets it there). The region map, white spots and the
-- region page count activities per region here without regrouping mart_activity's place rows.
-- Filter columns are mart_activity's (federal_district, region_code, year, kind, status,
-- program, reviewed).
SELECT activity_id, region_code,
       any_value(region_name) AS region_name, any_value(region_name_en) AS region_name_en,
       any_value(federal_district) AS federal_district,
       any_value(kind) AS kind, any_value(status) AS status, any_value(year) AS year,
       any_value(start_date) AS start_date, any_value(end_date) AS end_date,
       any_value(program) AS program, any_value(title) AS title,
       any_value(document_id) AS document_id, any_value(reviewed) AS reviewed,
       CASE WHEN any_value(kind) IN ('delegation', 'business_mission') THEN 'in' ELSE 'out' END
           AS direction
FROM mart_activity
WHERE region_code IS NOT NULL
GROUP BY activity_id, region_code
ORDER BY year, region_code, activity_id
