-- Plan fulfilment per plan year.
SELECT year, count(*) AS planned, count(*) FILTER (WHERE fulfilled) AS fulfilled,
       round(100.0 * count(*) FILTER (WHERE fulfilled) / count(*)) AS pct
FROM filtered_plan
GROUP BY year
ORDER BY year
