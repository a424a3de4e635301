-- Organisations inside the place filters; search, sort, paging as in records_activity. Place and
-- region in English where they have English names and $lang is 'en' (v_organisation names the
-- place only: its English name is the gazetteer's for that name in that region).
WITH named AS (
    SELECT o.*, r.region_name_en,
           (SELECT min(p.place_name_en) FROM v_place p
            WHERE p.place_name = o.place_name
              AND p.region_code IS NOT DISTINCT FROM o.region_code) AS place_name_en
    FROM v_organisation o
    LEFT JOIN v_region r ON r.region_code = o.region_code
),
found AS (
    SELECT organisation_id, name, kind,
           CASE WHEN $lang = 'en' THEN coalesce(place_name_en, place_name)
                ELSE place_name END AS place_name,
           CASE WHEN $lang = 'en' THEN coalesce(region_name_en, region_name)
                ELSE region_name END AS region_name,
           region_code, federal_district,
           n_activities, n_agreements,
           CASE $sort WHEN 'activities' THEN lpad(CAST(n_activities AS VARCHAR), 12, '0')
                      WHEN 'region' THEN lower(region_name)
                      ELSE lower(name) END AS sort_key
    FROM named
    WHERE ($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
      AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
      AND ($q::VARCHAR IS NULL
           OR concat_ws(' ', name, kind, named.place_name, named.place_name_en,
                        named.region_name, named.region_name_en) ILIKE '%' || $q || '%')
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, organisation_id
LIMIT $limit OFFSET $offset
