-- The dashboard reads v_activity and v_plan_vs_fact on every filter change. At a million
-- activities, re-running their joins (activity x place x region x document, the n_sources count,
-- the plan-to-fact match) for every query costs more than the queries themselves, and the
-- warehouse never changes after publish: so both are materialised here, at load time, as tables
-- of the same name and columns (sorted by year and region, which the filters select on).
CREATE TABLE m_activity AS SELECT * FROM v_activity ORDER BY year, region_code, activity_id;
DROP VIEW v_activity;
ALTER TABLE m_activity RENAME TO v_activity;

CREATE TABLE m_plan_vs_fact AS SELECT * FROM v_plan_vs_fact ORDER BY year, region_code, planned_visit_id;
DROP VIEW v_plan_vs_fact;
ALTER TABLE m_plan_vs_fact RENAME TO v_plan_vs_fact;
