-- Pre-aggregated tables for the dashboard's headline numbers (built at load time, after
-- 90_materialise.sql, so v_activity is already a table here).
--
-- v_activity_organisation: every organisation that took part in an activity, once per value of
-- the sidebar's filter columns (district, region, year, kind, status, program). An organisation
-- belongs to the filtered activities exactly when one of its rows passes the same filters, so
-- the overview counts organisations from here (~0.9 M narrow rows at 10^6 activities, sorted by
-- year and region for the zone maps) instead of semi-joining the participants with v_activity.
CREATE TABLE v_activity_organisation AS
SELECT DISTINCT a.federal_district, a.region_code, a.year, a.kind, a.status, a.program,
       a.reviewed, o.name AS organisation
FROM v_activity a
JOIN activity_participant ap USING (activity_id)
JOIN organisation o USING (organisation_id)
WHERE o.name IS NOT NULL
ORDER BY year, region_code, organisation;
