"""What every flow gets: the dependencies, the user's state, and ways to reply and save."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.config import Settings
from bot.dialog.events import Button, Emit, Reply, TextReply
from bot.dialog.ports import DialogStore, Exporter, KindPlan, KindsLoader, Reviewer
from bot.dialog.state import DialogState, Step, Work
from bot.llm.base import Usage
from bot.writer.models import WriterAPI


@dataclass(frozen=True)
class DialogDeps:
    store: DialogStore
    writer: WriterAPI
    kinds: KindsLoader
    settings: Settings
    reviewer: Reviewer | None = None
    exporter: Exporter | None = None
    problem_suggestions: Sequence[str] = field(default_factory=tuple)


@dataclass
class Ctx:
    deps: DialogDeps
    user_id: int
    state: DialogState
    emit: Emit

    async def save(self) -> None:
        """Commit the state now (before asking the next question or calling the LLM)."""
        await self.deps.store.save_state(self.user_id, self.state.model_dump(mode="json"))

    async def say(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        await self.emit(TextReply(text=text, buttons=buttons or []))

    async def send(self, reply: Reply) -> None:
        await self.emit(reply)

    async def goto(self, step: Step) -> None:
        self.state.step = step
        await self.save()

    @property
    def work(self) -> Work:
        if self.state.work is None:
            self.state.work = Work()
        return self.state.work

    def kind(self) -> KindPlan:
        return self.deps.kinds(self.work.brief.kind_id)

    async def record_usage(self, usage: Usage) -> None:
        if usage.total_tokens:
            await self.deps.store.add_usage(
                self.user_id, usage.prompt_tokens, usage.completion_tokens
            )

    async def over_quota(self) -> bool:
        """True when today's token quota (0: unlimited) is spent; the caller tells the user."""
        quota = self.deps.settings.limits.daily_token_quota
        if self.deps.writer.offline or quota <= 0:
            return False
        used = await self.deps.store.usage_today(self.user_id)
        return used.total_tokens >= quota
