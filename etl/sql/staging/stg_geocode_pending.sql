SELECT surface, reason, fallback FROM geocode_pending
