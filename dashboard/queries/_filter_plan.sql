-- The place, year and reviewed filters on mart_plan_vs_fact.
($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)
AND (NOT $reviewed_only::BOOLEAN OR reviewed)
