SELECT run_id, source, locator, reason, raw, severity, code FROM quarantine
