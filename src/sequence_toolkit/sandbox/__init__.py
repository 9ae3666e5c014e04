"""A stateful reference server for the Sequence api/v1 (work in progress: storage and seed data)."""
