-- Rows of mart_activity (one per activity and place) that pass the sidebar filters.
-- A NULL parameter means "no filter on this field".
SELECT * FROM mart_activity
WHERE ($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
  AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
  AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
  AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)
  AND ($kinds::VARCHAR[] IS NULL OR list_contains($kinds::VARCHAR[], kind))
  AND ($statuses::VARCHAR[] IS NULL OR list_contains($statuses::VARCHAR[], status))
  AND ($programs::VARCHAR[] IS NULL OR list_contains($programs::VARCHAR[], program))
  AND (NOT $reviewed_only::BOOLEAN OR reviewed)
