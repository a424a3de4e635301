-- Every organisation that took part in an activity, once per value of the sidebar's filter
-- columns (district, region, year, kind, status, program, reviewed). An organisation belongs to
-- the filtered activities exactly when one of its rows passes the same filters, so the overview
-- counts organisations here (~0.9 M narrow rows at 10^6 activities, sorted by year and region
-- for the zone maps) instead of semi-joining the participants with mart_activity.
SELECT DISTINCT a.federal_district, a.region_code, a.year, a.kind, a.status, a.program,
       a.reviewed, o.organisation_name AS organisation
FROM mart_activity a
JOIN stg_activity_participant ap USING (activity_id)
JOIN stg_organisation o USING (organisation_id)
WHERE o.organisation_name IS NOT NULL
ORDER BY year, region_code, organisation
