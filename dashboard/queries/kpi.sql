-- The overview's headline numbers. The agency's home region ($home) is not a region "reached".
SELECT
    (SELECT count(DISTINCT activity_id) FROM filtered_activity WHERE status = 'done') AS done,
    (SELECT count(DISTINCT activity_id) FROM filtered_activity WHERE status = 'planned') AS planned,
    (SELECT count(DISTINCT region_code) FROM filtered_activity
      WHERE status = 'done' AND region_code <> $home) AS regions_reached,
    (SELECT count(*) FROM v_region) AS regions_total,
    (SELECT count(*) FROM filtered_agreement) AS agreements,
    (SELECT count(*) FROM (
        SELECT organisation FROM v_activity_participant
         WHERE organisation IS NOT NULL
           AND activity_id IN (SELECT activity_id FROM filtered_activity)
        UNION
        SELECT counterparty FROM filtered_agreement)) AS organisations
