-- Organisations and people met: participants of the region's activities, counterparties of its
-- agreements, and organisations based in the region.
WITH met AS (
    SELECT DISTINCT ap.organisation, ap.person, ap.role, a.title AS activity, a.start_date
    FROM mart_region_activity a
    JOIN v_activity_participant ap USING (activity_id)
    WHERE a.region_code = $code
    UNION
    SELECT counterparty, NULL, 'agreement', NULL, signed_date
    FROM v_agreement WHERE region_code = $code
    UNION
    SELECT name, NULL, 'based', NULL, NULL
    FROM v_organisation WHERE region_code = $code
)
SELECT organisation, person, role AS participant_role, activity, start_date
FROM met
ORDER BY start_date DESC NULLS LAST, organisation, person
