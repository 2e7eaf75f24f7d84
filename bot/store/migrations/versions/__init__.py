"""Alembic revision files; each one is immutable once committed."""
