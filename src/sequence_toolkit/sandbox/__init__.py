"""A stateful reference server for the Sequence api/v1: every operation on an embedded SQLite database."""
