-- Places whose network geocoding failed and is retried on the next run.
SELECT surface, reason, fallback FROM stg_geocode_pending
