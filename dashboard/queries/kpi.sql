-- The overview's headline numbers. The agency's home region ($home) is not a region "reached".
SELECT
    (SELECT count(DISTINCT activity_id) FROM filtered_activity WHERE status = 'done') AS done,
    (SELECT count(DISTINCT activity_id) FROM filtered_activity WHERE status = 'planned') AS planned,
    (SELECT count(DISTINCT region_code) FROM filtered_activity
      WHERE status = 'done' AND region_code <> $home) AS regions_reached,
    -- the denominator follows the district and region filters ("of 24 subjects" for two)
    (SELECT count(*) FROM filtered_region) AS regions_total,
    (SELECT count(*) FROM filtered_agreement) AS agreements,
    -- organisations from mart_activity_organisation (etl/sql/marts/mart_activity_organisation.sql),
    -- not a semi-join of every participant with the filtered activities
    (SELECT count(*) FROM (
        SELECT organisation FROM filtered_activity_organisation
        UNION
        SELECT counterparty FROM filtered_agreement)) AS organisations
