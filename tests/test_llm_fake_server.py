"""The fake OpenAI server itself: rule-based replies, concurrency, cancellation, validation."""

from __future__ import annotations

import asyncio

import pytest

from bot.llm import errors
from bot.llm.base import ChatMessage, LLMError
from bot.llm.openai_chat import OpenAIChat
from tests.fakes import FakeOpenAIServer, RecordedRequest, Reply, fake_tokens
from tests.test_llm_openai_chat import Collector, make_config


def test_fake_tokens_cover_the_text_exactly() -> None:
    text = "2025年发展党员3名，score 98.5分。"
    pieces = fake_tokens(text)
    assert "".join(pieces) == text
    assert pieces[:2] == ["202", "5"]
    assert "年" in pieces


async def test_rule_based_replies_after_the_script() -> None:
    def by_section(request: RecordedRequest) -> str:
        return "第一部分正文。" if "第一部分" in request.last_user_text else "其他部分正文。"

    async with FakeOpenAIServer(responder=by_section) as server:
        server.script("来自脚本。")
        async with OpenAIChat(make_config(server)) as chat:
            scripted = await chat.complete([ChatMessage(role="user", content="写第一部分")])
            ruled = await chat.complete([ChatMessage(role="user", content="写第一部分")])
            other = await chat.complete([ChatMessage(role="user", content="写第二部分")])
    assert [scripted.text, ruled.text, other.text] == [
        "来自脚本。",
        "第一部分正文。",
        "其他部分正文。",
    ]
    assert server.pending == 0


async def test_concurrent_streams_get_their_own_answers() -> None:
    async def echo(request: RecordedRequest) -> Reply:
        await asyncio.sleep(0.01)
        return Reply(text=f"这是{request.last_user_text}的正文。" * 5)

    sections = ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    collectors = [Collector() for _ in sections]
    async with (
        FakeOpenAIServer(responder=echo, tokens_per_second=2000) as server,
        OpenAIChat(make_config(server)) as chat,
    ):
        results = await asyncio.gather(
            *(
                chat.complete([ChatMessage(role="user", content=s)], on_delta=c)
                for s, c in zip(sections, collectors, strict=True)
            )
        )
    for section, result, collect in zip(sections, results, collectors, strict=True):
        assert result.text == f"这是{section}的正文。" * 5
        assert collect.text == result.text
    assert len(server.requests) == 5


async def test_token_rate_spreads_a_stream_over_many_chunks() -> None:
    async with FakeOpenAIServer(tokens_per_second=1000) as server:
        server.script("党" * 100)
        async with OpenAIChat(make_config(server)) as chat:
            collect = Collector()
            await chat.complete([ChatMessage(role="user", content="写")], on_delta=collect)
    assert collect.text == "党" * 100
    assert len(collect.pieces) >= 10


async def test_cancelling_a_stream_leaves_the_client_usable() -> None:
    async with FakeOpenAIServer(tokens_per_second=200) as server:
        server.script("慢" * 400, "第二次调用正常。")
        async with OpenAIChat(make_config(server)) as chat:
            first_piece = asyncio.Event()

            async def on_delta(piece: str) -> None:
                first_piece.set()

            task = asyncio.create_task(
                chat.complete([ChatMessage(role="user", content="写")], on_delta=on_delta)
            )
            await first_piece.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            again = await chat.complete([ChatMessage(role="user", content="再写")])
    assert again.text == "第二次调用正常。"


async def test_without_a_reply_the_server_says_so_clearly() -> None:
    async with FakeOpenAIServer() as server, OpenAIChat(make_config(server)) as chat:
        with pytest.raises(LLMError) as caught:
            await chat.complete([ChatMessage(role="user", content="写")])
    assert caught.value.message == errors.REJECTED
    assert "no reply scripted" in str(caught.value.__cause__)


async def test_latency_and_models_endpoint() -> None:
    async with FakeOpenAIServer(latency=0.01, models=["a", "b"]) as server:
        server.script("好。")
        async with OpenAIChat(make_config(server)) as chat:
            listed = await chat._client.models.list()
            result = await chat.complete([ChatMessage(role="user", content="写")])
    assert [m.id for m in listed.data] == ["a", "b"]
    assert result.text == "好。"
