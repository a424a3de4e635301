-- Each planned visit (etl/planned.py) and the done activity that fulfilled it: a done activity
-- going the same way in the same year at the same place, or anywhere in the region when the
-- plan names a region. The agency's own trips (mission, venue visit, internship) are fulfilled
-- by its done trips, never by a delegation coming to Moscow; a planned delegation or business
-- mission by a done delegation or business mission. A table, sorted by year and region, for the
-- same reason as mart_activity.
WITH planned AS (
    SELECT pv.planned_visit_id, pv.planned_activity_id, pv.year, pv.document_id, pv.evidence,
           p.place_id, p.place_name, p.place_kind, p.region_code, p.lat, p.lon,
           a.inbound, a.reviewed
    FROM stg_planned_visit pv
    JOIN stg_place p USING (place_id)
    JOIN stg_activity a ON a.activity_id = pv.planned_activity_id
),
done AS (
    SELECT a.activity_id, a.year, a.start_date, p.place_id, p.region_code, a.inbound
    FROM stg_activity a
    JOIN stg_activity_place ap USING (activity_id)
    JOIN stg_place p USING (place_id)
    WHERE a.status = 'done'
      AND ap.place_role IN ('destination', 'venue')
),
-- only the first done activity (smallest id) of each (year, place) and (year, region) can be
-- the one a plan is matched to: take it before joining, or the join pairs every plan with every
-- done activity of its place or region that year (80 M pairs at 10^6 activities)
first_done_at_place AS (
    SELECT year, place_id, inbound, min(activity_id) AS activity_id FROM done
    GROUP BY year, place_id, inbound
),
first_done_in_region AS (
    SELECT year, region_code, inbound, min(activity_id) AS activity_id FROM done
    GROUP BY year, region_code, inbound
),
-- two equi-joins instead of one join ON (same place OR same region): DuckDB runs an OR
-- condition as a nested loop, planned x done per year, which takes minutes at a million rows
candidates AS (
    SELECT pl.planned_visit_id, d.activity_id
    FROM planned pl
    JOIN first_done_at_place d
      ON d.year = pl.year AND d.place_id = pl.place_id AND d.inbound = pl.inbound
    UNION ALL
    SELECT pl.planned_visit_id, d.activity_id
    FROM planned pl
    JOIN first_done_in_region d
      ON d.year = pl.year AND d.region_code = pl.region_code AND d.inbound = pl.inbound
    WHERE pl.place_kind = 'region'
),
matched AS (
    SELECT planned_visit_id, min(activity_id) AS fulfilled_by_activity_id
    FROM candidates
    GROUP BY planned_visit_id
)
SELECT pl.planned_visit_id, pl.place_id, pl.place_name, pl.place_kind,
       pl.region_code, r.region_name, r.region_name_en, r.federal_district,
       pl.lat, pl.lon, pl.year, pl.planned_activity_id,
       m.fulfilled_by_activity_id IS NOT NULL AS fulfilled,
       m.fulfilled_by_activity_id, pl.document_id, pl.evidence, pl.reviewed
FROM planned pl
LEFT JOIN matched m USING (planned_visit_id)
LEFT JOIN stg_region r ON r.region_code = pl.region_code
ORDER BY year, region_code, planned_visit_id
