-- Federal subjects (data/reference/regions.csv), columns named as every later model uses them.
SELECT region_code,
       iso_3166_2,
       name_ru AS region_name,
       name_en AS region_name_en,
       type    AS region_type,
       federal_district,
       capital_ru,
       lat,
       lon
FROM region
