-- Every value a sidebar filter (and so a URL) may carry.
SELECT 'district' AS field, federal_district AS value, federal_district AS label_ru,
       NULL AS label_en
FROM (SELECT DISTINCT federal_district FROM v_region)
UNION ALL
SELECT 'region', region_code, region_name, region_name_en FROM v_region
UNION ALL
SELECT DISTINCT 'kind', kind, NULL, NULL FROM mart_activity
UNION ALL
SELECT DISTINCT 'status', status, NULL, NULL FROM mart_activity
UNION ALL
SELECT DISTINCT 'program', program, program, program FROM mart_activity WHERE program IS NOT NULL
UNION ALL
SELECT 'year', CAST(year AS VARCHAR), NULL, NULL
FROM (SELECT DISTINCT year FROM mart_activity WHERE year IS NOT NULL
      UNION SELECT DISTINCT year FROM v_agreement WHERE year IS NOT NULL
      UNION SELECT DISTINCT year FROM mart_plan_vs_fact)
ORDER BY field, label_ru, value
