-- Federal subjects inside the district and region filters.
SELECT * FROM v_region
WHERE ($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
  AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
