"""complete_json: JSON mode, fences, one repair round that shows the model its error."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import BaseModel

from bot.llm import errors
from bot.llm.answers import extract_json
from bot.llm.base import ChatMessage, LLMError
from bot.llm.openai_chat import OpenAIChat
from tests.fakes import FakeOpenAIServer, fake_tokens
from tests.test_llm_openai_chat import make_config


class Figure(BaseModel):
    name: str
    count: int


ASK_JSON = [
    ChatMessage(role="system", content="从笔记中提取数字，按 JSON 输出：{name, count}。"),
    ChatMessage(role="user", content="全年发展党员3名。"),
]


@pytest.fixture
async def server() -> AsyncIterator[FakeOpenAIServer]:
    async with FakeOpenAIServer() as fake:
        yield fake


@pytest.fixture
async def llm(server: FakeOpenAIServer) -> AsyncIterator[OpenAIChat]:
    async with OpenAIChat(make_config(server)) as chat:
        yield chat


async def test_valid_json_in_json_mode(server: FakeOpenAIServer, llm: OpenAIChat) -> None:
    server.script('{"name": "发展党员", "count": 3}')
    figure, usage = await llm.complete_json(ASK_JSON, Figure)
    assert figure == Figure(name="发展党员", count=3)
    assert usage.completion_tokens > 0
    request = server.last_request
    assert request.body["response_format"] == {"type": "json_object"}
    assert request.model == "cheap-model"
    assert not request.stream


async def test_fenced_json_with_chatter_is_accepted(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script('```json\n{"name": "发展党员", "count": 3}\n```')
    figure, _ = await llm.complete_json(ASK_JSON, Figure)
    assert figure.count == 3
    assert extract_json('好的，结果如下：{"a": 1}。') == '{"a": 1}'


async def test_broken_json_is_repaired_once_showing_the_error(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script('{"name": "发展党员", "count": ', '{"name": "发展党员", "count": 3}')
    figure, usage = await llm.complete_json(ASK_JSON, Figure)

    assert figure.count == 3
    assert len(server.requests) == 2
    repair = server.requests[1].messages
    assert repair[-2] == {"role": "assistant", "content": '{"name": "发展党员", "count": '}
    assert repair[-1]["role"] == "user"
    assert "Invalid JSON" in repair[-1]["content"]
    assert server.requests[1].body["response_format"] == {"type": "json_object"}
    answers = ['{"name": "发展党员", "count": ', '{"name": "发展党员", "count": 3}']
    assert usage.completion_tokens == sum(len(fake_tokens(a)) for a in answers)
    assert llm.usage_by_task["extract"] == usage


async def test_schema_error_names_the_missing_field(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script('{"name": "发展党员"}', '{"name": "发展党员", "count": 3}')
    figure, _ = await llm.complete_json(ASK_JSON, Figure)
    assert figure.count == 3
    repair_text = server.requests[1].last_user_text
    assert "count" in repair_text and "Field required" in repair_text


async def test_two_bad_answers_give_a_chinese_error(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    server.script("我无法提供 JSON。", "   ")
    with pytest.raises(LLMError) as caught:
        await llm.complete_json(ASK_JSON, Figure)
    assert caught.value.message == errors.BAD_JSON
    assert len(server.requests) == 2


async def test_json_word_is_added_when_the_prompt_lacks_it(
    server: FakeOpenAIServer, llm: OpenAIChat
) -> None:
    # The fake, like DeepSeek and Qwen, rejects JSON mode without the word "json".
    server.script('{"name": "党课", "count": 4}')
    plain = [ChatMessage(role="user", content="全年讲党课4次，请提取数字。")]
    figure, _ = await llm.complete_json(plain, Figure)
    assert figure.count == 4
    assert "JSON" in server.last_request.last_user_text
    assert server.last_request.last_user_text.startswith("全年讲党课4次")


async def test_json_mode_off_sends_no_response_format(server: FakeOpenAIServer) -> None:
    server.script('{"name": "党课", "count": 4}')
    async with OpenAIChat(make_config(server, json_mode=False)) as chat:
        figure, _ = await chat.complete_json(ASK_JSON, Figure)
    assert figure.count == 4
    assert "response_format" not in server.last_request.body
