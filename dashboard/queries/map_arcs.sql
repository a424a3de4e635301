-- Missions out (Moscow -> place) and delegations in (place -> Moscow), one arc per place
-- (or region) and direction, with the number of activities (planned: all of them are only
-- planned); top $limit arcs.
WITH legs AS (
    SELECT CASE WHEN kind = 'mission' THEN 'out' ELSE 'in' END AS direction,
           CASE WHEN $level = 'region' THEN region_code ELSE place_id END AS key,
           activity_id, status, lat, lon, region_code
    FROM filtered_activity
    WHERE lat IS NOT NULL AND region_code IS DISTINCT FROM $home
      AND ((kind = 'mission' AND place_role = 'destination')
           OR (kind IN ('delegation', 'business_mission') AND place_role = 'origin'))
)
SELECT l.direction, l.key,
       CASE WHEN $level = 'region' THEN any_value(r.lat) ELSE avg(l.lat) END AS lat,
       CASE WHEN $level = 'region' THEN any_value(r.lon) ELSE avg(l.lon) END AS lon,
       count(DISTINCT l.activity_id) AS n, bool_and(l.status = 'planned') AS planned
FROM legs l
LEFT JOIN v_region r ON r.region_code = l.region_code
GROUP BY l.direction, l.key
ORDER BY n DESC, l.key, l.direction
LIMIT $limit
