"""The records layer: what governance depends on, kept in SQLite or PostgreSQL.

Interactions, approval requests, incidents, conversation references, a notification outbox, an
append-only hash-chained audit log, and Bot Framework state storage.
"""
