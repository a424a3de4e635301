-- The sidebar filters on a mart with the activity filter columns (federal_district,
-- region_code, year, kind, status, program, reviewed): mart_activity,
-- mart_activity_organisation, mart_region_activity (dashboard/queries.py, FILTERED).
-- A NULL parameter means "no filter on this field".
($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)
AND ($kinds::VARCHAR[] IS NULL OR list_contains($kinds::VARCHAR[], kind))
AND ($statuses::VARCHAR[] IS NULL OR list_contains($statuses::VARCHAR[], status))
AND ($programs::VARCHAR[] IS NULL OR list_contains($programs::VARCHAR[], program))
AND (NOT $reviewed_only::BOOLEAN OR reviewed)
