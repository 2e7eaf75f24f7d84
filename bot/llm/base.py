"""The one LLM interface the rest of the code depends on.

`complete()` returns the whole answer; with `on_delta` it streams and calls the
callback with each text piece as it arrives (cancel the awaiting task to stop the
call). `complete_json()` returns a validated pydantic model.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel

Role = Literal["system", "user", "assistant"]
Task = Literal["extract", "outline", "draft", "revise", "tighten", "problems", "route"]
DeltaCallback = Callable[[str], Awaitable[None]]
ModelT = TypeVar("ModelT", bound=BaseModel)


class ChatMessage(BaseModel):
    role: Role
    content: str


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Completion(BaseModel):
    text: str
    usage: Usage = Usage()
    finish_reason: str | None = None
    model: str = ""


class LLMError(Exception):
    """The provider failed after retries; `message` is a Chinese sentence for the user."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


class LLM(Protocol):
    """What the writer needs from a language model."""

    @property
    def name(self) -> str: ...

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        task: Task = "draft",
        max_tokens: int | None = None,
        temperature: float | None = None,
        on_delta: DeltaCallback | None = None,
    ) -> Completion: ...

    async def complete_json(
        self,
        messages: Sequence[ChatMessage],
        schema: type[ModelT],
        *,
        task: Task = "extract",
        max_tokens: int | None = None,
    ) -> tuple[ModelT, Usage]: ...
