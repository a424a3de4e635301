SELECT planned_visit_id,
       activity_id AS planned_activity_id,
       place_id,
       year,
       document_id,
       evidence
FROM planned_visit
