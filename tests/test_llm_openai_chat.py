"""OpenAIChat through the real AsyncOpenAI client against the fake server on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.llm import errors
from bot.llm.answers import strip_overlap
from bot.llm.base import ChatMessage, LLMError
from bot.llm.openai_chat import OpenAIChat
from bot.llm.presets import ChatConfig
from tests.fakes import FakeOpenAIServer, Reply

SECRET = "sk-test-very-secret-0123456789"
ASK = [
    ChatMessage(role="system", content="你是党建材料写作助手。"),
    ChatMessage(role="user", content="请写一段开头。"),
]


def make_config(server: FakeOpenAIServer, **overrides: Any) -> ChatConfig:
    values: dict[str, Any] = {
        "provider": "custom",
        "base_url": server.base_url,
        "api_key": SecretStr(SECRET),
        "model": "main-model",
        "extract_model": "cheap-model",
        "context_tokens": 32_000,
        "max_output_tokens": 1000,
        "timeout_seconds": 2.0,
        "connect_timeout_seconds": 1.0,
        "max_retries": 2,
    }
    values.update(overrides)
    return ChatConfig(**values)


@pytest.fixture
async def server() -> AsyncIterator[FakeOpenAIServer]:
    async with FakeOpenAIServer() as fake:
        yield fake


@pytest.fixture
async def llm(server: FakeOpenAIServer) -> AsyncIterator[OpenAIChat]:
    async with OpenAIChat(make_config(server)) as chat:
        yield chat


class Collector:
    def __init__(self) -> None:
        self.pieces: list[str] = []

    async def __call__(self, piece: str) -> None:
        self.pieces.append(piece)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


async def test_whole_answer_with_usage_and_request_body(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script("一年来，支部坚持以党建引领业务发展。")
    result = await llm.complete(ASK)

    assert result.text == "一年来，支部坚持以党建引领业务发展。"
    assert result.finish_reason == "stop"
    assert result.usage.completion_tokens == 18  # the fake counts one token per character
    assert result.usage.prompt_tokens > 0
    body = server.last_request.body
    assert body["model"] == "main-model"
    assert body["messages"] == [m.model_dump() for m in ASK]
    assert body["max_tokens"] == 1000
    assert body["temperature"] == 0.6
    assert "stream" not in body and "stream_options" not in body
    assert server.last_request.headers["Authorization"] == f"Bearer {SECRET}"


async def test_streaming_delivers_deltas_in_order_and_usage(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    text = "一是强化政治引领，二是夯实组织基础，三是从严管党治党。" * 3
    server.script(text)
    collect = Collector()
    result = await llm.complete(ASK, on_delta=collect, max_tokens=300, temperature=0.2)

    assert len(collect.pieces) > 3
    assert collect.text == text == result.text
    assert result.usage.completion_tokens == len(text)
    body = server.last_request.body
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["max_tokens"] == 300
    assert body["temperature"] == 0.2


async def test_max_completion_tokens_param_and_no_temperature(server: FakeOpenAIServer) -> None:
    config = make_config(server, max_tokens_param="max_completion_tokens", temperature=None)
    server.script("好。")
    async with OpenAIChat(config) as chat:
        await chat.complete(ASK)
    body = server.last_request.body
    assert body["max_completion_tokens"] == 1000
    assert "max_tokens" not in body
    assert "temperature" not in body


async def test_extract_and_route_use_the_cheaper_model(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script("甲", "乙", "丙")
    await llm.complete(ASK, task="extract")
    await llm.complete(ASK, task="route")
    await llm.complete(ASK, task="draft")
    assert [r.model for r in server.requests] == ["cheap-model", "cheap-model", "main-model"]


async def test_usage_totals_are_kept_per_task(server: FakeOpenAIServer, llm: OpenAIChat) -> None:
    server.script("一二三", "四五六七")
    first = await llm.complete(ASK, task="draft")
    second = await llm.complete(ASK, task="outline", on_delta=Collector())
    totals = llm.usage_by_task
    assert totals["draft"] == first.usage
    assert totals["outline"] == second.usage
    assert llm.total_usage.completion_tokens == 7
    assert llm.calls == 2


async def test_rate_limit_with_retry_after_is_retried(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script(Reply.error(429, "slow down", retry_after=0.02), "重试成功。")
    result = await llm.complete(ASK)
    assert result.text == "重试成功。"
    assert len(server.requests) == 2


async def test_server_error_is_retried_with_default_backoff(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script(Reply.error(500, "boom"), "恢复正常。")
    collect = Collector()
    result = await llm.complete(ASK, on_delta=collect)
    assert result.text == collect.text == "恢复正常。"
    assert len(server.requests) == 2


async def test_server_error_forever_gives_a_chinese_retryable_error(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script(*[Reply.error(503, "down", retry_after=0.01)] * 3)
    with pytest.raises(LLMError) as caught:
        await llm.complete(ASK)
    assert caught.value.message == "大模型服务暂时不可用，请稍后重试。"
    assert caught.value.retryable
    assert len(server.requests) == 3  # the first try and max_retries=2


async def test_wrong_key_is_not_retried_and_says_so(server: FakeOpenAIServer) -> None:
    server.api_key = "sk-the-right-one"
    async with OpenAIChat(make_config(server)) as chat:
        with pytest.raises(LLMError) as caught:
            await chat.complete(ASK)
    assert caught.value.message == "大模型接口密钥无效，请检查 OPENAI_API_KEY。"
    assert not caught.value.retryable
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", ["drop", "eof"])
async def test_stream_cut_midway_raises_instead_of_returning_half(
    server: FakeOpenAIServer, llm: OpenAIChat, mode: str
) -> None:
    server.script(Reply.cut("支部全年召开支部委员会十二次，党员大会四次。", 8, mode=mode))  # type: ignore[arg-type]
    collect = Collector()
    with pytest.raises(LLMError) as caught:
        await llm.complete(ASK, on_delta=collect)
    assert caught.value.message == errors.STREAM_CUT
    assert caught.value.retryable
    assert collect.text == "支部全年召开支部"  # what arrived before the cut was shown, no more


async def test_slow_first_token_within_the_timeout_still_works(server: FakeOpenAIServer) -> None:
    server.script(Reply(text="稍慢的回答。", first_token_delay=0.05))
    async with OpenAIChat(make_config(server, timeout_seconds=1.0)) as chat:
        result = await chat.complete(ASK, on_delta=Collector())
    assert result.text == "稍慢的回答。"


async def test_first_token_slower_than_the_timeout_is_a_timeout_error(
    server: FakeOpenAIServer,
) -> None:
    server.script(Reply(text="太慢了。", first_token_delay=0.5))
    async with OpenAIChat(make_config(server, timeout_seconds=0.1, max_retries=0)) as chat:
        with pytest.raises(LLMError) as caught:
            await chat.complete(ASK, on_delta=Collector())
    assert caught.value.message == errors.TIMEOUT
    assert caught.value.retryable


async def test_length_cut_is_continued_and_concatenated(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script(Reply.length("一、强化政治引领，"), "二、夯实组织基础。")
    result = await llm.complete(ASK)

    assert result.text == "一、强化政治引领，二、夯实组织基础。"
    assert result.finish_reason == "stop"
    assert len(server.requests) == 2
    second = server.requests[1].messages
    assert second[: len(ASK)] == [m.model_dump() for m in ASK]
    assert second[-2] == {"role": "assistant", "content": "一、强化政治引领，"}
    assert second[-1]["role"] == "user"
    assert "继续" in second[-1]["content"]
    # usage of both rounds is counted
    assert result.usage.completion_tokens == len(result.text)


async def test_streamed_continuation_drops_a_repeated_tail(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    first = "支部坚持“三会一课”制度，全年开展主题党日活动十二次，"
    server.script(Reply.length(first), "主题党日活动十二次，党员参与率明显提高。")
    collect = Collector()
    result = await llm.complete(ASK, on_delta=collect)
    expected = first + "党员参与率明显提高。"
    assert result.text == expected
    assert collect.text == expected


async def test_endless_length_cuts_fail_loudly(server: FakeOpenAIServer) -> None:
    server.script(*[Reply.length("又被截断，")] * 3)
    async with OpenAIChat(make_config(server, max_continuations=2)) as chat:
        with pytest.raises(LLMError) as caught:
            await chat.complete(ASK)
    assert caught.value.message == errors.TRUNCATED
    assert len(server.requests) == 3


async def test_missing_stream_usage_is_estimated_with_a_counter(server: FakeOpenAIServer) -> None:
    from bot.llm.tokens import TokenCounter

    server.script(Reply(text="这个服务商不返回用量。", send_usage=False))
    async with OpenAIChat(make_config(server), counter=TokenCounter.approximate()) as chat:
        result = await chat.complete(ASK, on_delta=Collector())
    assert result.usage.completion_tokens == 14  # 11 characters x 1.2, rounded up
    assert result.usage.prompt_tokens > 0


def test_strip_overlap_keeps_unrelated_text() -> None:
    assert strip_overlap("开展活动十二次，", "活动十二次，效果好") == "效果好"
    assert strip_overlap("开展活动。", "。另起一段") == "。另起一段"  # too short to be a repeat


async def test_secrets_never_appear_in_repr_or_logs(
    server: FakeOpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.api_key = "sk-something-else"
    server.script("不会用到")
    config = make_config(server, max_retries=0)
    async with OpenAIChat(config) as chat:
        with pytest.raises(LLMError):
            await chat.complete(ASK)
        assert SECRET not in repr(chat)
    assert SECRET not in repr(config)
    assert SECRET not in str(config.model_dump())
    assert caplog.records, "the failure should be logged"
    assert SECRET not in caplog.text
