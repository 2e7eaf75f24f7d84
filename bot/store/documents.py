"""Documents (a user's drafts) and their immutable, numbered versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, exists, select, update

from bot.store.core import StoreCore, clip, code
from bot.store.errors import DocumentNotFoundError
from bot.store.models import Document, DocumentSummary, Version
from bot.store.tables import documents, versions

TITLE_MAX = 200
NOTE_MAX = 500
UNTITLED = "未命名文稿"

_SUMMARY_COLUMNS = [c for c in documents.c if c.name != "meta"]


class DocumentMethods(StoreCore):
    """A user's drafts (scoped to their owner) and the drafts' numbered versions."""

    # -- documents --------------------------------------------------------------

    async def create_document(
        self, user_id: int, kind: str, title: str, meta: Mapping[str, Any] | None = None
    ) -> Document:
        now = self._clock()
        stmt = (
            documents.insert()
            .values(
                user_id=user_id,
                kind=code(kind, 64, "kind"),
                title=clip(title, TITLE_MAX) or UNTITLED,
                meta=dict(meta or {}),
                version_count=0,
                current_version=None,
                created_at=now,
                updated_at=now,
            )
            .returning(*documents.c)
        )
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).one()
        return Document.model_validate(row._asdict())

    async def list_documents(self, user_id: int, limit: int | None = None) -> list[DocumentSummary]:
        """The user's documents, most recently changed first."""
        query = (
            select(*_SUMMARY_COLUMNS)
            .where(documents.c.user_id == user_id)
            .order_by(documents.c.updated_at.desc(), documents.c.id.desc())
            .limit(limit)
        )
        async with self._tx() as conn:
            rows = (await conn.execute(query)).all()
        return [DocumentSummary.model_validate(r._asdict()) for r in rows]

    async def get_document(self, doc_id: int, user_id: int) -> Document | None:
        """The document if it exists and belongs to `user_id`; otherwise None."""
        query = select(documents).where(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else Document.model_validate(row._asdict())

    async def _update_document(
        self, doc_id: int, user_id: int, values: dict[str, Any]
    ) -> Document | None:
        stmt = (
            update(documents)
            .where(documents.c.id == doc_id, documents.c.user_id == user_id)
            .values(**values, updated_at=self._clock())
            .returning(*documents.c)
        )
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).first()
        return None if row is None else Document.model_validate(row._asdict())

    async def rename_document(self, doc_id: int, user_id: int, title: str) -> Document | None:
        return await self._update_document(
            doc_id, user_id, {"title": clip(title, TITLE_MAX) or UNTITLED}
        )

    async def update_meta(
        self, doc_id: int, user_id: int, meta: Mapping[str, Any], *, replace: bool = False
    ) -> Document | None:
        """Merge `meta` into the document's meta (top-level keys), or replace it whole."""
        if replace:
            return await self._update_document(doc_id, user_id, {"meta": dict(meta)})
        owned = and_(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            # Write first, so the row is locked before we read the meta we merge into.
            touched = (
                await conn.execute(
                    update(documents)
                    .where(owned)
                    .values(updated_at=self._clock())
                    .returning(documents.c.meta)
                )
            ).first()
            if touched is None:
                return None
            merged = {**(touched.meta or {}), **meta}
            row = (
                await conn.execute(
                    update(documents).where(owned).values(meta=merged).returning(*documents.c)
                )
            ).one()
        return Document.model_validate(row._asdict())

    async def delete_document(self, doc_id: int, user_id: int) -> bool:
        """Delete the document and all its versions; False if it is not the user's."""
        owned = and_(documents.c.id == doc_id, documents.c.user_id == user_id)
        async with self._tx() as conn:
            await conn.execute(
                delete(versions).where(
                    versions.c.document_id.in_(select(documents.c.id).where(owned))
                )
            )
            result = await conn.execute(delete(documents).where(owned))
        return result.rowcount > 0

    # -- versions ---------------------------------------------------------------

    async def add_version(
        self,
        doc_id: int,
        text: str,
        note: str = "",
        source: str = "draft",
        *,
        user_id: int | None = None,
    ) -> int:
        """Store a new immutable text; it gets the next number and becomes current.

        Raises `DocumentNotFoundError` if the document is gone (or, with `user_id`,
        is not that user's).
        """
        now = self._clock()
        where: list[ColumnElement[bool]] = [documents.c.id == doc_id]
        if user_id is not None:
            where.append(documents.c.user_id == user_id)
        bump = (
            update(documents)
            .where(*where)
            .values(
                version_count=documents.c.version_count + 1,
                current_version=documents.c.version_count + 1,
                updated_at=now,
            )
            .returning(documents.c.version_count)
        )
        async with self._tx() as conn:
            number = (await conn.execute(bump)).scalar()
            if number is None:
                raise DocumentNotFoundError(doc_id)
            await conn.execute(
                versions.insert().values(
                    document_id=doc_id,
                    number=number,
                    text=text,
                    note=clip(note, NOTE_MAX) or "",
                    source=code(source, 32, "source"),
                    created_at=now,
                )
            )
        return int(number)

    def _versions(self, doc_id: int, user_id: int | None) -> Select[Any]:
        query = select(versions).where(versions.c.document_id == doc_id)
        if user_id is not None:
            owner = select(documents.c.id).where(
                documents.c.id == doc_id, documents.c.user_id == user_id
            )
            query = query.where(exists(owner))
        return query

    async def _one_version(self, query: Select[Any]) -> Version | None:
        async with self._tx() as conn:
            row = (await conn.execute(query.limit(1))).first()
        return None if row is None else Version.model_validate(row._asdict())

    async def list_versions(self, doc_id: int, *, user_id: int | None = None) -> list[Version]:
        """All versions, oldest first (number 1, 2, 3…)."""
        query = self._versions(doc_id, user_id).order_by(versions.c.number)
        async with self._tx() as conn:
            rows = (await conn.execute(query)).all()
        return [Version.model_validate(r._asdict()) for r in rows]

    async def get_version(
        self, doc_id: int, number: int, *, user_id: int | None = None
    ) -> Version | None:
        return await self._one_version(
            self._versions(doc_id, user_id).where(versions.c.number == number)
        )

    async def latest_version(self, doc_id: int, *, user_id: int | None = None) -> Version | None:
        """The highest-numbered version, whatever `current_version` points at."""
        return await self._one_version(
            self._versions(doc_id, user_id).order_by(versions.c.number.desc())
        )

    async def get_current_version(
        self, doc_id: int, *, user_id: int | None = None
    ) -> Version | None:
        """The version the document's `current_version` points at."""
        pointer = select(documents.c.current_version).where(documents.c.id == doc_id)
        query = self._versions(doc_id, user_id).where(
            versions.c.number == pointer.scalar_subquery()
        )
        return await self._one_version(query)

    async def set_current_version(
        self, doc_id: int, number: int, *, user_id: int | None = None
    ) -> bool:
        """Point the document at an existing version ("undo"); False if there is none."""
        has_version = exists(
            select(versions.c.id).where(
                versions.c.document_id == doc_id, versions.c.number == number
            )
        )
        where: list[ColumnElement[bool]] = [documents.c.id == doc_id, has_version]
        if user_id is not None:
            where.append(documents.c.user_id == user_id)
        stmt = (
            update(documents).where(*where).values(current_version=number, updated_at=self._clock())
        )
        async with self._tx() as conn:
            result = await conn.execute(stmt)
        return result.rowcount > 0
