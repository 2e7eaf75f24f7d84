"""`OpenAIChat`: the `LLM` protocol on `openai.AsyncOpenAI` (Chat Completions only).

What it owns: explicit timeouts (never the SDK's 600 s default), the SDK's retries
for 429/5xx/connection errors, the per-task model (a cheaper one for extraction),
streaming with usage, continuing answers cut by `finish_reason == "length"`,
JSON answers validated by pydantic with one repair round, and Chinese errors.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Self, cast

import httpx2
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam
from pydantic import ValidationError

from bot.llm import errors
from bot.llm.answers import OverlapFilter, extract_json, strip_overlap, validation_problems
from bot.llm.base import ChatMessage, Completion, DeltaCallback, LLMError, ModelT, Task, Usage
from bot.llm.presets import ChatConfig
from bot.llm.templates import LLMPrompts
from bot.llm.tokens import TokenCounter

log = logging.getLogger(__name__)


class OpenAIChat:
    """An OpenAI-compatible chat model; build once, share, `await aclose()` at the end."""

    def __init__(
        self,
        config: ChatConfig,
        *,
        prompts: LLMPrompts | None = None,
        counter: TokenCounter | None = None,
        client: AsyncOpenAI | None = None,
    ) -> None:
        """
        Args:
            config: resolved settings (see `presets.resolve_config`).
            prompts: the continuation / JSON-repair messages; the bundled ones by default.
            counter: estimates usage when a provider does not report it.
            client: an already built client (tests); by default one is built from `config`.
        """
        self.config = config
        self._prompts = prompts or LLMPrompts()
        self._counter = counter
        self._client = client or AsyncOpenAI(
            api_key=config.api_key.get_secret_value(),
            base_url=config.base_url,
            timeout=httpx2.Timeout(config.timeout_seconds, connect=config.connect_timeout_seconds),
            max_retries=config.max_retries,
        )
        self._usage: dict[str, Usage] = {}
        self.calls = 0

    # -- bookkeeping -----------------------------------------------------------

    @property
    def name(self) -> str:
        return f"{self.config.provider}:{self.config.model}"

    @property
    def usage_by_task(self) -> dict[str, Usage]:
        """Tokens spent so far, per task (every HTTP call counts, even failed rounds)."""
        return dict(self._usage)

    @property
    def total_usage(self) -> Usage:
        total = Usage()
        for usage in self._usage.values():
            total = total + usage
        return total

    def _record(self, task: str, usage: Usage) -> None:
        self._usage[task] = self._usage.get(task, Usage()) + usage
        self.calls += 1

    def __repr__(self) -> str:
        return f"OpenAIChat(provider={self.config.provider!r}, model={self.config.model!r}, base_url={self.config.base_url!r})"

    async def aclose(self) -> None:
        await self._client.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- the LLM protocol --------------------------------------------------------

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        task: Task = "draft",
        max_tokens: int | None = None,
        temperature: float | None = None,
        on_delta: DeltaCallback | None = None,
    ) -> Completion:
        """The whole answer; streamed to `on_delta` when given. Cut answers are continued."""
        return await self._complete(
            messages,
            task=task,
            max_tokens=max_tokens,
            temperature=temperature,
            on_delta=on_delta,
            json_mode=False,
        )

    async def complete_json(
        self,
        messages: Sequence[ChatMessage],
        schema: type[ModelT],
        *,
        task: Task = "extract",
        max_tokens: int | None = None,
    ) -> tuple[ModelT, Usage]:
        """An answer validated as `schema`; one repair round shows the model its error."""
        conversation = self._with_json_hint(messages)
        usage = Usage()
        for attempt in (1, 2):
            completion = await self._complete(
                conversation,
                task=task,
                max_tokens=max_tokens,
                temperature=None,
                on_delta=None,
                json_mode=True,
            )
            usage = usage + completion.usage
            try:
                return schema.model_validate_json(extract_json(completion.text)), usage
            except ValidationError as exc:
                problems = validation_problems(exc)
                log.info(
                    "JSON answer for %s failed validation (attempt %d): %s",
                    schema.__name__,
                    attempt,
                    "; ".join(problems[:3]),
                )
                if attempt == 2:
                    raise LLMError(errors.BAD_JSON, retryable=True) from exc
                conversation = [
                    *conversation,
                    ChatMessage(role="assistant", content=completion.text),
                    ChatMessage(role="user", content=self._prompts.json_repair_message(problems)),
                ]
        raise AssertionError("unreachable")

    # -- internals ---------------------------------------------------------------

    def _with_json_hint(self, messages: Sequence[ChatMessage]) -> list[ChatMessage]:
        """JSON mode on DeepSeek/Qwen requires the word "json" in the prompt."""
        conversation = list(messages)
        if any("json" in m.content.lower() for m in conversation):
            return conversation
        hint = self._prompts.json_hint()
        for i in range(len(conversation) - 1, -1, -1):
            if conversation[i].role == "user":
                content = f"{conversation[i].content}\n\n{hint}"
                conversation[i] = ChatMessage(role="user", content=content)
                return conversation
        return [*conversation, ChatMessage(role="user", content=hint)]

    async def _complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        task: Task,
        max_tokens: int | None,
        temperature: float | None,
        on_delta: DeltaCallback | None,
        json_mode: bool,
    ) -> Completion:
        base = [_wire(m.role, m.content) for m in messages]
        text = ""
        usage = Usage()
        model = self.config.model_for(task)
        for round_no in range(self.config.max_continuations + 1):
            conversation = base
            sink = on_delta
            overlap: OverlapFilter | None = None
            if round_no:
                conversation = [
                    *base,
                    _wire("assistant", text),
                    _wire("user", self._prompts.continue_message(len(text))),
                ]
                if on_delta is not None:
                    overlap = sink = OverlapFilter(text, on_delta)
            part, finish, used, served_by = await self._call(
                conversation,
                model=model,
                task=task,
                max_tokens=max_tokens,
                temperature=temperature,
                json_mode=json_mode,
                on_delta=sink,
            )
            if overlap is not None:
                await overlap.flush()
            usage = usage + used
            text += strip_overlap(text, part) if round_no else part
            if finish != "length":
                return Completion(text=text, usage=usage, finish_reason=finish, model=served_by)
            log.info("answer cut by length (task=%s, round %d); continuing", task, round_no + 1)
        raise LLMError(errors.TRUNCATED, retryable=False)

    async def _call(
        self,
        messages: list[ChatCompletionMessageParam],
        *,
        model: str,
        task: str,
        max_tokens: int | None,
        temperature: float | None,
        json_mode: bool,
        on_delta: DeltaCallback | None,
    ) -> tuple[str, str, Usage, str]:
        """One HTTP request: (text, finish_reason, usage, model)."""
        params: dict[str, Any] = {
            "model": model,
            "messages": messages,
            self.config.max_tokens_param: max_tokens or self.config.max_output_tokens,
        }
        chosen_temperature = temperature if temperature is not None else self.config.temperature
        if chosen_temperature is not None:
            params["temperature"] = chosen_temperature
        if json_mode and self.config.json_mode:
            params["response_format"] = {"type": "json_object"}
        started = time.monotonic()
        try:
            if on_delta is None:
                text, finish, usage, served_by = await self._whole(params)
            else:
                text, finish, usage, served_by = await self._streamed(params, on_delta)
        except (openai.OpenAIError, httpx2.HTTPError) as exc:
            log.warning(
                "LLM call failed (%s, task=%s, model=%s): %s",
                self.config.provider,
                task,
                model,
                errors.describe(exc),
            )
            raise errors.map_sdk_error(exc) from exc
        if usage is None:
            usage = self._estimate(messages, text)
        self._record(task, usage)
        log.debug(
            "LLM call done (task=%s, model=%s): %d+%d tokens, %.2fs, finish=%s",
            task,
            model,
            usage.prompt_tokens,
            usage.completion_tokens,
            time.monotonic() - started,
            finish,
        )
        if finish == "content_filter":
            raise LLMError(errors.FILTERED, retryable=False)
        return text, finish, usage, served_by

    async def _whole(self, params: dict[str, Any]) -> tuple[str, str, Usage | None, str]:
        response = await self._client.chat.completions.create(**params)
        if not response.choices:
            raise LLMError(errors.EMPTY, retryable=True)
        choice = response.choices[0]
        usage = None
        if response.usage is not None:
            usage = Usage(
                prompt_tokens=response.usage.prompt_tokens,
                completion_tokens=response.usage.completion_tokens,
            )
        finish = choice.finish_reason or "stop"
        return choice.message.content or "", finish, usage, response.model or params["model"]

    async def _streamed(
        self, params: dict[str, Any], on_delta: DeltaCallback
    ) -> tuple[str, str, Usage | None, str]:
        stream = await self._client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True}
        )
        pieces: list[str] = []
        finish: str | None = None
        usage: Usage | None = None
        served_by = str(params["model"])
        async with stream:
            try:
                async for chunk in stream:
                    finish = await self._take(chunk, pieces, on_delta) or finish
                    if chunk.usage is not None:
                        usage = Usage(
                            prompt_tokens=chunk.usage.prompt_tokens,
                            completion_tokens=chunk.usage.completion_tokens,
                        )
                    if chunk.model:
                        served_by = chunk.model
            except (openai.APITimeoutError, httpx2.TimeoutException):
                raise
            except (openai.APIConnectionError, httpx2.TransportError) as exc:
                log.warning("stream broke after %d pieces: %s", len(pieces), errors.describe(exc))
                raise LLMError(errors.STREAM_CUT, retryable=True) from exc
        if finish is None:
            log.warning("stream ended without a finish reason after %d pieces", len(pieces))
            raise LLMError(errors.STREAM_CUT, retryable=True)
        return "".join(pieces), finish, usage, served_by

    @staticmethod
    async def _take(
        chunk: ChatCompletionChunk, pieces: list[str], on_delta: DeltaCallback
    ) -> str | None:
        """Pass a chunk's text on; return its finish reason, if any."""
        if not chunk.choices:
            return None
        choice = chunk.choices[0]
        content = choice.delta.content if choice.delta is not None else None
        if content:
            pieces.append(content)
            await on_delta(content)
        return choice.finish_reason

    def _estimate(self, messages: list[ChatCompletionMessageParam], text: str) -> Usage:
        """Usage when the provider sent none (e.g. include_usage ignored)."""
        if self._counter is None:
            return Usage()
        prompt = [ChatMessage.model_validate(m) for m in messages]
        return Usage(
            prompt_tokens=self._counter.count_messages(prompt),
            completion_tokens=self._counter.count(text),
        )


def _wire(role: str, content: str) -> ChatCompletionMessageParam:
    return cast(ChatCompletionMessageParam, {"role": role, "content": content})
