-- Resolved places: a city, a region's centroid, a venue or the country.
SELECT place_id,
       name_ru   AS place_name,
       name_en   AS place_name_en,
       kind      AS place_kind,
       region_code,
       lat,
       lon,
       precision AS geo_precision,
       geocoder,
       confidence,
       note
FROM place
