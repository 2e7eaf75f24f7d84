"""Persistence: users, dialog state, documents and their versions, daily token usage.

SQLite by default (`settings.effective_database_url`, the data directory is created),
PostgreSQL by URL (`postgresql+asyncpg://…`, needs the `postgres` extra) — same code.
Every public method is its own transaction, committed before it returns.

    store = await Store.open(settings.effective_database_url)   # migrates to head
    try:
        ...
    finally:
        await store.close()

Users
    get_or_create_user(channel, external_id, display_name=None) -> User
        (alias `get_or_create`); ("telegram", "12345") and ("terminal", "local") are
        unique pairs. A new non-empty display name replaces the stored one.
    get_user(user_id) -> User | None

Dialog state (the engine's pydantic state, dumped with `model_dump(mode="json")`)
    save_state(user_id, state: dict) -> None       replaces; stamps updated_at
    load_state(user_id) -> dict | None
    get_state(user_id) -> DialogState | None       state + updated_at
    clear_state(user_id) -> bool

Documents (always scoped to their owner: someone else's id behaves as missing)
    create_document(user_id, kind, title, meta=None) -> Document
    list_documents(user_id, limit=None) -> list[DocumentSummary]   newest change first,
        with version_count, current_version, updated_at (no meta)
    get_document(doc_id, user_id) -> Document | None
    rename_document(doc_id, user_id, title) -> Document | None
    update_meta(doc_id, user_id, meta, replace=False) -> Document | None
        merges top-level keys (brief, facts, outline, answers…) unless replace=True
    delete_document(doc_id, user_id) -> bool       versions go with it

Versions (immutable; numbered 1, 2, 3… per document; pass user_id= to scope to an owner)
    add_version(doc_id, text, note="", source="draft", *, user_id=None) -> int
        the new number, which also becomes current_version; raises
        DocumentNotFoundError when the document is gone
    list_versions(doc_id) -> list[Version]          oldest first
    get_version(doc_id, n) -> Version | None
    latest_version(doc_id) -> Version | None        highest number
    get_current_version(doc_id) -> Version | None   what current_version points at
    set_current_version(doc_id, n) -> bool          "undo": move the pointer back;
        nothing is deleted, and the next add_version still gets a fresh number

Usage (days in China time by default; `today()` tells which day it is)
    add_usage(user_id, prompt_tokens, completion_tokens, day=None) -> UsageTotals
        adds to the day and returns its new totals (also counts calls)
    usage_on(user_id, day=None) -> UsageTotals      zeros when nothing was used

Forgetting
    forget_user(user_id) -> ForgetResult   deletes documents, versions, state and
        usage; keeps the bare account row (display name cleared) so the id stays valid

Errors are `StoreError` (with a Chinese `message` fit for the user) and its subclass
`DocumentNotFoundError`. Timestamps are timezone-aware UTC.
"""

from __future__ import annotations

from bot.store.core import CHINA_TZ
from bot.store.errors import DocumentNotFoundError, StoreError
from bot.store.models import (
    DialogState,
    Document,
    DocumentSummary,
    ForgetResult,
    UsageTotals,
    User,
    Version,
)
from bot.store.store import Store

__all__ = [
    "CHINA_TZ",
    "DialogState",
    "Document",
    "DocumentNotFoundError",
    "DocumentSummary",
    "ForgetResult",
    "Store",
    "StoreError",
    "UsageTotals",
    "User",
    "Version",
]
