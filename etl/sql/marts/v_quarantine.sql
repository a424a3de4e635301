-- What a run refused (error) or loaded with a doubt (warning), and why.
SELECT run_id, source, locator, reason, raw, severity, code FROM stg_quarantine
