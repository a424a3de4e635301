-- Every federal subject: the "never reached" list starts here.
SELECT region_code, region_name, region_name_en, region_type AS type,
       federal_district, capital_ru, lat, lon, iso_3166_2
FROM stg_region
