-- Every source document of the region's activities, agreements and planned visits.
WITH ids AS (
    SELECT s.document_id FROM v_fact_source s
    JOIN mart_region_activity a ON s.fact = 'activity' AND s.fact_id = a.activity_id
    WHERE a.region_code = $code
    UNION
    SELECT document_id FROM mart_region_activity WHERE region_code = $code
    UNION
    SELECT s.document_id FROM v_fact_source s
    JOIN v_agreement g ON s.fact = 'agreement' AND s.fact_id = g.agreement_id
    WHERE g.region_code = $code
    UNION
    SELECT document_id FROM mart_plan_vs_fact WHERE region_code = $code
)
SELECT d.document_id, d.published, d.title, d.publisher
FROM v_document d
WHERE d.document_id IN (SELECT document_id FROM ids)
ORDER BY d.published DESC NULLS LAST, d.document_id
