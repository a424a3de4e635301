-- Agreements within the filters; search, sort, paging as in records_activity. Each names the
-- activity it came out of by title (`activity`; its id stays for the link).
WITH came_from AS (
    SELECT activity_id, any_value(title) AS activity
    FROM mart_activity
    WHERE activity_id IN (SELECT activity_id FROM filtered_agreement)
    GROUP BY activity_id
),
found AS (
    SELECT g.agreement_id, g.signed_date, g.date_precision, g.counterparty, g.counterparty_kind,
           CASE WHEN $lang = 'en' THEN coalesce(p.place_name_en, g.place_name)
                ELSE g.place_name END AS place_name,
           CASE WHEN $lang = 'en' THEN g.region_name_en ELSE g.region_name END AS region,
           g.region_code,
           g.program, activity, g.activity_id, g.confidence, g.document_id, g.document_title,
           CASE $sort WHEN 'counterparty' THEN lower(g.counterparty)
                      WHEN 'region' THEN lower(g.region_name)
                      ELSE strftime(g.signed_date, '%Y-%m-%d') END AS sort_key
    FROM filtered_agreement g LEFT JOIN came_from c ON c.activity_id = g.activity_id
    LEFT JOIN v_place p ON p.place_id = g.place_id
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', g.counterparty, g.place_name, p.place_name_en, g.region_name,
                    g.region_name_en, g.program, g.evidence, activity)
          ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, agreement_id
LIMIT $limit OFFSET $offset
