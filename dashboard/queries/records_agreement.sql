-- Agreements within the filters; search, sort, paging as in records_activity. Each names the
-- activity it came out of by title (`activity`; its id stays for the link).
WITH came_from AS (
    SELECT activity_id, any_value(title) AS activity
    FROM mart_activity
    WHERE activity_id IN (SELECT activity_id FROM filtered_agreement)
    GROUP BY activity_id
),
found AS (
    SELECT agreement_id, signed_date, date_precision, counterparty, counterparty_kind, place_name,
           CASE WHEN $lang = 'en' THEN region_name_en ELSE region_name END AS region,
           region_code,
           program, activity, activity_id, confidence, document_id, document_title,
           CASE $sort WHEN 'counterparty' THEN lower(counterparty)
                      WHEN 'region' THEN lower(region_name)
                      ELSE strftime(signed_date, '%Y-%m-%d') END AS sort_key
    FROM filtered_agreement LEFT JOIN came_from USING (activity_id)
    WHERE $q::VARCHAR IS NULL
       OR concat_ws(' ', counterparty, place_name, region_name, program, evidence, activity)
          ILIKE '%' || $q || '%'
)
SELECT * EXCLUDE (sort_key), count(*) OVER () AS total_rows
FROM found
ORDER BY CASE WHEN $desc THEN NULL ELSE sort_key END ASC NULLS LAST,
         CASE WHEN $desc THEN sort_key END DESC NULLS LAST, agreement_id
LIMIT $limit OFFSET $offset
