-- Distinct activities per period, status and group (region or kind); the $top groups with the
-- most activities. The period is the month, or the year for an activity known only to the year
-- (a plan "for 2024" is not a January), named by period_precision. Aggregated so that the chart
-- stays small at any number of activities; total_groups counts the groups before the cut.
-- A past plan without a report is its own status (shown_status: 'planned_past').
WITH rows AS (
    SELECT activity_id, shown_status(status, start_date, end_date) AS status, title,
           CASE WHEN date_precision = 'year' THEN 'year' ELSE 'month' END AS period_precision,
           CASE WHEN date_precision = 'year' THEN date_trunc('year', start_date)
                ELSE date_trunc('month', start_date) END AS period,
           CASE WHEN $group = 'kind' THEN kind
                WHEN $lang = 'en' THEN coalesce(region_name_en, '—')
                ELSE coalesce(region_name, '—') END AS grp
    FROM filtered_activity
    WHERE start_date IS NOT NULL
),
top AS (
    SELECT grp FROM rows GROUP BY grp ORDER BY count(DISTINCT activity_id) DESC, grp LIMIT $top
)
SELECT grp, period, period_precision, status, count(DISTINCT activity_id) AS n,
       min(title) AS example, (SELECT count(DISTINCT grp) FROM rows) AS total_groups
FROM rows
WHERE grp IN (SELECT grp FROM top)
GROUP BY grp, period, period_precision, status
ORDER BY grp, period, status
