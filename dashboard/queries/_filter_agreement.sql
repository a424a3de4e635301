-- The sidebar filters on v_agreement (kind and status do not apply to agreements).
($districts::VARCHAR[] IS NULL OR list_contains($districts::VARCHAR[], federal_district))
AND ($regions::VARCHAR[] IS NULL OR list_contains($regions::VARCHAR[], region_code))
AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)
AND ($programs::VARCHAR[] IS NULL OR list_contains($programs::VARCHAR[], program))
AND (NOT $reviewed_only::BOOLEAN OR reviewed)
