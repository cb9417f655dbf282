"""Persistence: SQLAlchemy models, Alembic migrations and the functions that read and write them.

Every stored row belongs to a person. SQLite by default, PostgreSQL for multi-user servers.
"""
