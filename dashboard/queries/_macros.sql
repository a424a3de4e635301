-- Functions the named queries call, defined on each cursor that runs a query naming one
-- (temporary macros: the warehouse stays read-only). One statement per macro, separated by ';'.

-- The status a reader sees: a plan whose time is over and that nobody reported on is
-- 'planned_past' («план, нет отчёта»), never a plain 'planned'. Filters and counts of what is
-- planned keep the recorded status.
CREATE OR REPLACE TEMP MACRO shown_status(status, start_date, end_date) AS
    CASE WHEN status = 'planned' AND coalesce(end_date, start_date) < current_date
         THEN 'planned_past' ELSE status END;
