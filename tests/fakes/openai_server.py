"""A fake OpenAI-compatible Chat Completions server on 127.0.0.1.

The real `AsyncOpenAI` client talks to it over HTTP, so tests and benchmarks
exercise the SDK's own request building, SSE parsing, retries and error mapping.

    async with FakeOpenAIServer() as server:
        server.script("第一段回答", Reply.error(429, retry_after=0.01), "第二段回答")
        client = AsyncOpenAI(api_key="sk-test", base_url=server.base_url)
        ...
        assert server.requests[0].model == "fake-model"

Replies come from the script queue first (first in, first out), then from the
`responder` callable (request -> text or `Reply`, sync or async). With neither,
the server answers 400 with a clear message, so a missing script is visible.

Fault injection, per reply: HTTP errors with `Retry-After` (`Reply.error`), a slow
first token (`first_token_delay`), a stream cut mid-way (`Reply.cut`) and
`finish_reason="length"` (`Reply.length`). Server-wide: `latency` before the
response starts and `tokens_per_second` for a realistic generation speed
(about one token per Chinese character, see `fake_tokens`).
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from aiohttp import web

FinishReason = Literal["stop", "length", "content_filter"]
CutMode = Literal["drop", "eof"]

_TOKEN_RE = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff]"  # one CJK character
    r"|[A-Za-z]{1,4}"  # a short run of Latin letters
    r"|\d{1,3}"  # up to three digits
    r"|\s+"  # a whitespace run
    r"|.",  # anything else, one character
    re.DOTALL,
)


def fake_tokens(text: str) -> list[str]:
    """Split text into pseudo-tokens: ~1 per Chinese character, ~1 per 4 Latin letters.

    The pieces concatenate back to `text` exactly.
    """
    return _TOKEN_RE.findall(text)


@dataclass(frozen=True)
class Reply:
    """One scripted answer, or one injected fault."""

    text: str = ""
    finish_reason: FinishReason = "stop"
    status: int = 200
    error_message: str = ""
    error_code: str | None = None
    retry_after: float | None = None
    """Seconds, sent as a `Retry-After` header (with any status)."""
    first_token_delay: float = 0.0
    """Streaming: delay after the headers, before the first content chunk.
    Non-streaming: extra delay before the response."""
    cut_after: int | None = None
    """Streaming only: stop after this many characters of `text`, without a finish reason."""
    cut_mode: CutMode = "drop"
    """`drop` aborts the connection; `eof` ends the HTTP body cleanly but sends no
    finish reason, no usage and no `[DONE]`."""
    send_usage: bool = True
    """False imitates a provider that ignores `stream_options.include_usage`."""

    @classmethod
    def error(
        cls,
        status: int,
        message: str = "fake server error",
        *,
        retry_after: float | None = None,
        code: str | None = None,
    ) -> Reply:
        """An HTTP error in OpenAI's shape: `{"error": {"message", "type", "code"}}`."""
        return cls(status=status, error_message=message, retry_after=retry_after, error_code=code)

    @classmethod
    def length(cls, text: str) -> Reply:
        """A complete answer that stops with `finish_reason="length"` (hit max_tokens)."""
        return cls(text=text, finish_reason="length")

    @classmethod
    def cut(cls, text: str, after: int, *, mode: CutMode = "drop") -> Reply:
        """A stream that breaks after `after` characters of `text`."""
        return cls(text=text, cut_after=after, cut_mode=mode)

    @property
    def is_error(self) -> bool:
        return self.status >= 400


@dataclass
class RecordedRequest:
    """What the client sent to `/v1/chat/completions`."""

    body: dict[str, Any]
    headers: dict[str, str]
    received_at: float = field(default_factory=time.monotonic)

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages = self.body.get("messages", [])
        return messages if isinstance(messages, list) else []

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def include_usage(self) -> bool:
        options = self.body.get("stream_options") or {}
        return bool(isinstance(options, dict) and options.get("include_usage"))

    @property
    def json_mode(self) -> bool:
        fmt = self.body.get("response_format") or {}
        return isinstance(fmt, dict) and fmt.get("type") == "json_object"

    @property
    def text(self) -> str:
        """Every message's content, joined by newlines (handy for `in` checks)."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return str(message.get("content", ""))
        return ""


Responder = Callable[[RecordedRequest], str | Reply | Awaitable[str | Reply]]


def prompt_token_count(messages: Iterable[dict[str, Any]]) -> int:
    """Pseudo prompt tokens: content tokens plus 4 per message."""
    return sum(len(fake_tokens(str(m.get("content", "")))) + 4 for m in messages)


class FakeOpenAIServer:
    """An OpenAI-compatible server for tests and benchmarks; use as an async context manager."""

    def __init__(
        self,
        *,
        responder: Responder | None = None,
        tokens_per_second: float | None = None,
        latency: float = 0.0,
        chunk_tokens: int = 4,
        api_key: str | None = None,
        require_json_word: bool = True,
        models: Iterable[str] = ("fake-model",),
    ) -> None:
        """
        Args:
            responder: answers requests once the script is empty.
            tokens_per_second: generation speed of streamed and non-streamed answers;
                None streams as fast as possible.
            latency: seconds before any response starts (time to first byte).
            chunk_tokens: pseudo-tokens per SSE chunk when no rate is set.
            api_key: when set, requests without `Authorization: Bearer <api_key>` get 401.
            require_json_word: like DeepSeek and Qwen, JSON mode needs "json" in the messages.
            models: what `GET /v1/models` lists.
        """
        self.responder = responder
        self.tokens_per_second = tokens_per_second
        self.latency = latency
        self.chunk_tokens = max(1, chunk_tokens)
        self.api_key = api_key
        self.require_json_word = require_json_word
        self.models = list(models)
        self.requests: list[RecordedRequest] = []
        self._script: deque[Reply] = deque()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The value for `AsyncOpenAI(base_url=...)` / `OPENAI_BASE_URL`."""
        if self._port is None:
            raise RuntimeError("FakeOpenAIServer is not started")
        return f"http://127.0.0.1:{self._port}/v1"

    # -- scripting -----------------------------------------------------------

    def script(self, *replies: str | Reply) -> None:
        """Queue replies; each request takes the next one."""
        self._script.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    @property
    def pending(self) -> int:
        """Scripted replies not yet used."""
        return len(self._script)

    @property
    def last_request(self) -> RecordedRequest:
        return self.requests[-1]

    # -- handlers ------------------------------------------------------------

    async def _models(self, request: web.Request) -> web.Response:
        data = [{"id": m, "object": "model", "owned_by": "fake"} for m in self.models]
        return web.json_response({"object": "list", "data": data})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "request body is not JSON", "invalid_request_error")
        if not isinstance(body, dict):
            return _error(400, "request body must be a JSON object", "invalid_request_error")
        recorded = RecordedRequest(body=body, headers=dict(request.headers))
        self.requests.append(recorded)
        if self.latency:
            await asyncio.sleep(self.latency)

        expected = None if self.api_key is None else f"Bearer {self.api_key}"
        if expected is not None and request.headers.get("Authorization") != expected:
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        problem = _validate(body, require_json_word=self.require_json_word)
        if problem:
            return _error(400, problem, "invalid_request_error")

        reply = await self._next_reply(recorded)
        if reply.is_error:
            headers = {} if reply.retry_after is None else {"Retry-After": f"{reply.retry_after:g}"}
            return _error(reply.status, reply.error_message, reply.error_code, headers)
        if recorded.stream:
            return await self._stream(request, recorded, reply)
        return await self._whole(recorded, reply)

    async def _next_reply(self, recorded: RecordedRequest) -> Reply:
        if self._script:
            return self._script.popleft()
        if self.responder is None:
            return Reply.error(400, "fake server: no reply scripted and no responder set")
        answer = self.responder(recorded)
        if inspect.isawaitable(answer):
            answer = await answer
        return Reply(text=answer) if isinstance(answer, str) else answer

    async def _whole(self, recorded: RecordedRequest, reply: Reply) -> web.Response:
        tokens = fake_tokens(reply.text)
        delay = reply.first_token_delay
        if self.tokens_per_second:
            delay += len(tokens) / self.tokens_per_second
        if delay:
            await asyncio.sleep(delay)
        payload = {
            "id": f"chatcmpl-fake-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": recorded.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.text},
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": _usage(recorded, len(tokens)),
        }
        return web.json_response(payload)

    async def _stream(
        self, request: web.Request, recorded: RecordedRequest, reply: Reply
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        chunk_id = f"chatcmpl-fake-{next(self._ids)}"
        created = int(time.time())

        def frame(choices: list[dict[str, Any]], usage: dict[str, int] | None = None) -> bytes:
            data: dict[str, Any] = {
                "id": chunk_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": recorded.model,
                "choices": choices,
            }
            if recorded.include_usage:
                data["usage"] = usage
            return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()

        def delta(content: str, finish: str | None = None) -> bytes:
            return frame([{"index": 0, "delta": {"content": content}, "finish_reason": finish}])

        await response.write(
            frame(
                [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]
            )
        )
        if reply.first_token_delay:
            await asyncio.sleep(reply.first_token_delay)

        text = reply.text if reply.cut_after is None else reply.text[: reply.cut_after]
        tokens = fake_tokens(text)
        async for piece in self._paced(tokens):
            await response.write(delta(piece))

        if reply.cut_after is not None:
            if reply.cut_mode == "drop" and request.transport is not None:
                request.transport.abort()
                return response
            await response.write_eof()
            return response

        await response.write(delta("", reply.finish_reason))
        if recorded.include_usage and reply.send_usage:
            await response.write(frame([], _usage(recorded, len(tokens))))
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _paced(self, tokens: list[str]) -> AsyncIterator[str]:
        """Yield text pieces at `tokens_per_second` (or in fixed-size chunks at full speed)."""
        if not self.tokens_per_second:
            for i in range(0, len(tokens), self.chunk_tokens):
                yield "".join(tokens[i : i + self.chunk_tokens])
                await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        sent = 0
        while sent < len(tokens):
            due = int((loop.time() - start) * self.tokens_per_second) + 1
            due = min(max(due, sent + 1), len(tokens))
            yield "".join(tokens[sent:due])
            sent = due
            if sent < len(tokens):
                wake = start + sent / self.tokens_per_second
                await asyncio.sleep(max(0.0, wake - loop.time()))


def _validate(body: dict[str, Any], *, require_json_word: bool) -> str | None:
    """Reject what real providers reject; None when the request is acceptable."""
    if not body.get("model"):
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in {
            "system",
            "user",
            "assistant",
            "developer",
            "tool",
        }:
            return "each message needs a valid 'role'"
        if not isinstance(message.get("content"), str):
            return "each message needs a string 'content'"
    if "max_tokens" in body and "max_completion_tokens" in body:
        return "pass either 'max_tokens' or 'max_completion_tokens', not both"
    if "stream_options" in body and not body.get("stream"):
        return "'stream_options' is only allowed when 'stream' is true"
    fmt = body.get("response_format")
    json_mode = isinstance(fmt, dict) and fmt.get("type") == "json_object"
    has_word = any("json" in str(m.get("content", "")).lower() for m in messages)
    if require_json_word and json_mode and not has_word:
        return "'messages' must contain the word 'json' in some form"
    return None


def _usage(recorded: RecordedRequest, completion_tokens: int) -> dict[str, int]:
    prompt = prompt_token_count(recorded.messages)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def _error(
    status: int, message: str, code: str | None, headers: dict[str, str] | None = None
) -> web.Response:
    kind = {
        400: "invalid_request_error",
        401: "authentication_error",
        404: "not_found_error",
        429: "rate_limit_error",
    }.get(status, "server_error")
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return web.json_response(body, status=status, headers=headers)
