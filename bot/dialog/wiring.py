"""Adapters from the real modules (bot.store, bot.writer.kinds) to the engine's ports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import ExportSettings
from bot.dialog.ports import (
    DocInfo,
    Exporter,
    KindPlan,
    KindsLoader,
    Topic,
    UsageInfo,
    VersionInfo,
)
from bot.report import Report, Role
from bot.store import Store
from bot.store.errors import DocumentNotFoundError
from bot.writer.kinds import KindSpec, load_kind


def kind_plan(spec: KindSpec) -> KindPlan:
    """The interview plan of a kind: its topics in order, with problem suggestions."""
    topics: list[Topic] = []
    for t in spec.topics:
        section = spec.section(t.section)
        is_problem = section.role == Role.PROBLEMS and "原因" not in t.key
        role = "problems" if is_problem else section.role.value
        examples = [*t.headings, t.example] if is_problem else []
        question = t.question if not t.example or is_problem else f"{t.question}\n例如：{t.example}"
        topics.append(
            Topic(
                key=t.key,
                question=question,
                hint="；".join(t.hints),
                role=role,
                examples=[e for e in examples if e],
            )
        )
    return KindPlan(id=spec.id, name=spec.name, topics=topics, default_chars=spec.default_chars)


def kinds_loader(prompts_dir: Path) -> KindsLoader:
    """Load each kind file once, on first use."""
    cache: dict[str, KindPlan] = {}

    def load(kind_id: str) -> KindPlan:
        if kind_id not in cache:
            cache[kind_id] = kind_plan(load_kind(prompts_dir, kind_id))
        return cache[kind_id]

    return load


class StoreAdapter:
    """`DialogStore` over `bot.store.Store` (every call is its own committed transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def user_id(self, channel: str, external_id: str, display_name: str) -> int:
        user = await self.store.get_or_create_user(channel, external_id, display_name or None)
        return user.id

    async def load_state(self, user_id: int) -> dict[str, Any] | None:
        return await self.store.load_state(user_id)

    async def save_state(self, user_id: int, state: dict[str, Any]) -> None:
        await self.store.save_state(user_id, state)

    async def create_document(
        self, user_id: int, kind: str, title: str, meta: dict[str, Any]
    ) -> int:
        doc = await self.store.create_document(user_id, kind, title, meta)
        return doc.id

    async def update_meta(self, user_id: int, doc_id: int, meta: dict[str, Any]) -> None:
        await self.store.update_meta(doc_id, user_id, meta)

    async def get_document(self, user_id: int, doc_id: int) -> DocInfo | None:
        doc = await self.store.get_document(doc_id, user_id)
        if doc is None:
            return None
        return DocInfo(
            id=doc.id,
            kind=doc.kind,
            title=doc.title,
            version_count=doc.version_count,
            current_version=doc.current_version,
            updated_at=doc.updated_at,
            meta=dict(doc.meta),
        )

    async def list_documents(self, user_id: int) -> list[DocInfo]:
        return [
            DocInfo(
                id=d.id,
                kind=d.kind,
                title=d.title,
                version_count=d.version_count,
                current_version=d.current_version,
                updated_at=d.updated_at,
            )
            for d in await self.store.list_documents(user_id)
        ]

    async def delete_document(self, user_id: int, doc_id: int) -> bool:
        return await self.store.delete_document(doc_id, user_id)

    async def add_version(
        self, user_id: int, doc_id: int, text: str, note: str, source: str
    ) -> int:
        try:
            return await self.store.add_version(doc_id, text, note, source, user_id=user_id)
        except DocumentNotFoundError as exc:
            raise KeyError(doc_id) from exc

    async def get_version(
        self, user_id: int, doc_id: int, number: int | None = None
    ) -> VersionInfo | None:
        if number is None:
            v = await self.store.get_current_version(doc_id, user_id=user_id)
        else:
            v = await self.store.get_version(doc_id, number, user_id=user_id)
        if v is None:
            return None
        return VersionInfo(
            number=v.number, text=v.text, note=v.note, source=v.source, created_at=v.created_at
        )

    async def list_versions(self, user_id: int, doc_id: int) -> list[VersionInfo]:
        return [
            VersionInfo(
                number=v.number, text=v.text, note=v.note, source=v.source, created_at=v.created_at
            )
            for v in await self.store.list_versions(doc_id, user_id=user_id)
        ]

    async def set_current(self, user_id: int, doc_id: int, number: int) -> None:
        await self.store.set_current_version(doc_id, number, user_id=user_id)

    async def add_usage(self, user_id: int, prompt_tokens: int, completion_tokens: int) -> None:
        await self.store.add_usage(user_id, prompt_tokens, completion_tokens)

    async def usage_today(self, user_id: int) -> UsageInfo:
        u = await self.store.usage_on(user_id)
        return UsageInfo(
            prompt_tokens=u.prompt_tokens, completion_tokens=u.completion_tokens, calls=u.calls
        )

    async def forget_user(self, user_id: int) -> None:
        await self.store.forget_user(user_id)


def review_findings(report: Report, notes: str) -> list[str]:
    """`Reviewer` over bot.review: findings as short Chinese lines (placeholders are asked
    about separately, so they are left out here)."""
    from bot.review.engine import review

    text = report.to_text()
    lines: list[str] = []
    for f in review(text, notes=[notes] if notes.strip() else []):
        if "待补充" in f.text:
            continue
        tip = f"（建议：{f.suggestion}）" if f.suggestion else ""
        lines.append(f"“{f.text}”：{f.message}{tip}")
    return lines


def docx_exporter(settings: ExportSettings) -> Exporter:
    """`Exporter` over bot.export: GB/T 9704 .docx bytes."""
    from bot.export.docx_writer import export_docx
    from bot.export.options import ExportOptions

    options = ExportOptions.from_settings(settings)

    def export(report: Report) -> bytes:
        return export_docx(report, options)

    return export
