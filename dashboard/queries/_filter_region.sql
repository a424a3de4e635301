-- The district and region filters on v_region.
($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
