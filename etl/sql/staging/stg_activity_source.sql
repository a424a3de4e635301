-- Every document that states an activity.
SELECT activity_id, document_id, origin, evidence, confidence FROM activity_source
