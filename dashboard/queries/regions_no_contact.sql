-- Federal subjects (inside the place filters) with no done activity in the selected period.
WITH reached AS (
    SELECT DISTINCT region_code FROM filtered_activity WHERE status = 'done'
)
SELECT region_code,
       CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS region,
       federal_district, capital_ru
FROM filtered_region
WHERE region_code NOT IN (SELECT region_code FROM reached WHERE region_code IS NOT NULL)
  AND region_code <> $home
ORDER BY federal_district, region
