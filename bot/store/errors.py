"""Store errors. `message` is a fixed Chinese sentence a front may show the user as is."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked (bad URL, unknown database, newer schema…)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentNotFoundError(StoreError, LookupError):
    """The document does not exist, or belongs to someone else."""

    def __init__(self, document_id: int) -> None:
        super().__init__("找不到这份文稿，它可能已被删除。")
        self.document_id = document_id
