"""Use cases. The GUI and the CLI call these and nothing lower."""
