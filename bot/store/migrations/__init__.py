"""Alembic migrations of the store (run from code by `bot.store.migrate`)."""
