SELECT activity_id,
       organisation_id,
       person_id,
       role AS participant_role
FROM activity_participant
