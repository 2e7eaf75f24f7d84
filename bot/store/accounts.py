"""Users, dialog state, daily token usage and forgetting a user."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.core import StoreCore, clip, code
from bot.store.errors import StoreError
from bot.store.models import DialogState, ForgetResult, UsageTotals, User
from bot.store.tables import dialog_states, documents, usage_daily, users, versions

NAME_MAX = 200


class AccountMethods(StoreCore):
    """Users, their dialog state and token usage; forgetting a user."""

    # -- users ------------------------------------------------------------------

    async def get_or_create_user(
        self, channel: str, external_id: str, display_name: str | None = None
    ) -> User:
        """The user behind ("telegram", "12345"); created on first sight, name kept fresh."""
        channel = code(channel, 32, "channel")
        external_id = code(external_id, 128, "external_id")
        name = clip(display_name, NAME_MAX)
        where = and_(users.c.channel == channel, users.c.external_id == external_id)
        for _attempt in range(3):
            try:
                async with self._tx() as conn:
                    row = (await conn.execute(select(users).where(where))).first()
                    if row is not None and (name is None or row.display_name == name):
                        return User.model_validate(row._asdict())
                    now = self._clock()
                    if row is not None:
                        stmt: Any = (
                            update(users)
                            .where(users.c.id == row.id)
                            .values(display_name=name, updated_at=now)
                        )
                    else:
                        stmt = users.insert().values(
                            channel=channel,
                            external_id=external_id,
                            display_name=name,
                            created_at=now,
                            updated_at=now,
                        )
                    row = (await conn.execute(stmt.returning(*users.c))).one()
                    return User.model_validate(row._asdict())
            except IntegrityError:
                continue  # another process created the same user just now; read it
        raise StoreError("无法登记用户，请稍后再试。")

    get_or_create = get_or_create_user

    async def get_user(self, user_id: int) -> User | None:
        async with self._tx() as conn:
            row = (await conn.execute(select(users).where(users.c.id == user_id))).first()
        return None if row is None else User.model_validate(row._asdict())

    # -- dialog state -----------------------------------------------------------

    async def save_state(self, user_id: int, state: Mapping[str, Any]) -> None:
        """Replace the user's dialog state (a JSON-able dict) and stamp `updated_at`."""
        now = self._clock()
        stmt = self._upsert(dialog_states).values(
            user_id=user_id, state=dict(state), updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[dialog_states.c.user_id],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        async with self._tx() as conn:
            await conn.execute(stmt)

    async def load_state(self, user_id: int) -> dict[str, Any] | None:
        record = await self.get_state(user_id)
        return None if record is None else record.state

    async def get_state(self, user_id: int) -> DialogState | None:
        """The state with its `updated_at` (to tell a stale conversation from a live one)."""
        query = select(dialog_states).where(dialog_states.c.user_id == user_id)
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else DialogState.model_validate(row._asdict())

    async def clear_state(self, user_id: int) -> bool:
        async with self._tx() as conn:
            result = await conn.execute(
                delete(dialog_states).where(dialog_states.c.user_id == user_id)
            )
        return result.rowcount > 0

    # -- usage ------------------------------------------------------------------

    async def add_usage(
        self,
        user_id: int,
        prompt_tokens: int,
        completion_tokens: int,
        day: date | None = None,
    ) -> UsageTotals:
        """Add one LLM call's tokens to the user's day; returns that day's new totals."""
        if prompt_tokens < 0 or completion_tokens < 0:
            raise ValueError("token counts cannot be negative")
        day = day or self.today()
        stmt = self._upsert(usage_daily).values(
            user_id=user_id,
            day=day,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=1,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[usage_daily.c.user_id, usage_daily.c.day],
            set_={
                "prompt_tokens": usage_daily.c.prompt_tokens + stmt.excluded.prompt_tokens,
                "completion_tokens": usage_daily.c.completion_tokens
                + stmt.excluded.completion_tokens,
                "calls": usage_daily.c.calls + 1,
            },
        ).returning(*usage_daily.c)
        async with self._tx() as conn:
            row = (await conn.execute(stmt)).one()
        return UsageTotals.model_validate(row._asdict())

    async def usage_on(self, user_id: int, day: date | None = None) -> UsageTotals:
        """The user's totals for `day` (today by default); zeros when nothing was used."""
        day = day or self.today()
        query = select(usage_daily).where(
            usage_daily.c.user_id == user_id, usage_daily.c.day == day
        )
        async with self._tx() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return UsageTotals(user_id=user_id, day=day)
        return UsageTotals.model_validate(row._asdict())

    # -- forgetting ---------------------------------------------------------------

    async def forget_user(self, user_id: int) -> ForgetResult:
        """Delete the user's documents, versions, dialog state and usage, in one transaction.

        The account row itself (channel + external id) stays, with its display name
        cleared, so a conversation in progress can go on saving state under the same id.
        """
        owned_docs = select(documents.c.id).where(documents.c.user_id == user_id)
        async with self._tx() as conn:
            gone_versions = await conn.execute(
                delete(versions).where(versions.c.document_id.in_(owned_docs))
            )
            gone_docs = await conn.execute(delete(documents).where(documents.c.user_id == user_id))
            gone_states = await conn.execute(
                delete(dialog_states).where(dialog_states.c.user_id == user_id)
            )
            gone_usage = await conn.execute(
                delete(usage_daily).where(usage_daily.c.user_id == user_id)
            )
            await conn.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(display_name=None, updated_at=self._clock())
            )
        return ForgetResult(
            documents=gone_docs.rowcount,
            versions=gone_versions.rowcount,
            states=gone_states.rowcount,
            usage_days=gone_usage.rowcount,
        )
