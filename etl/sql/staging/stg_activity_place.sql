SELECT activity_id,
       place_id,
       role    AS place_role,
       surface AS place_surface
FROM activity_place
