-- Every federal subject's centre: faint reference dots of the offline map frame.
SELECT region_code,
       CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS name, lat, lon
FROM v_region
