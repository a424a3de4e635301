-- Surface forms seen in a source and the place each resolved to.
SELECT alias, place_id FROM place_alias
