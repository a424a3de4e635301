SELECT p.place_id, p.place_name, p.place_name_en, p.place_kind AS kind, p.region_code,
       r.region_name, r.federal_district, p.lat, p.lon, p.geo_precision AS precision,
       p.geocoder, p.confidence, p.note
FROM stg_place p LEFT JOIN stg_region r USING (region_code)
