-- Planned visits to the region and the done activity that fulfilled each (or none); the place in
-- English where it has an English name and $lang is 'en'.
SELECT p.year, CASE WHEN $lang = 'en' THEN coalesce(n.place_name_en, p.place_name)
                    ELSE p.place_name END AS place_name,
       p.fulfilled, f.start_date AS fulfilled_date,
       f.title AS fulfilled_by, p.document_id
FROM mart_plan_vs_fact p
LEFT JOIN (SELECT activity_id, any_value(start_date) AS start_date, any_value(title) AS title
           FROM mart_region_activity GROUP BY activity_id) f
       ON f.activity_id = p.fulfilled_by_activity_id
LEFT JOIN v_place n ON n.place_id = p.place_id
WHERE p.region_code = $code
ORDER BY p.year DESC, 2
