-- Activities with the columns every mart derives from them: the year of the start, whether a
-- person stands behind the fact, whether the region comes to Moscow (delegations and business
-- missions) rather than the agency going there.
SELECT activity_id,
       kind,
       status,
       title,
       start_date,
       end_date,
       date_precision,
       year(start_date) AS year,
       program,
       origin,
       confidence,
       document_id,
       evidence,
       source_locator,
       origin = 'curated' AS reviewed,  -- entered, or accepted or corrected by an analyst
       kind IN ('delegation', 'business_mission') AS inbound
FROM activity
