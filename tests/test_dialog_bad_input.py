"""Bad input gets a clear Chinese reply and leaves the state where it was."""

from __future__ import annotations

import asyncio

from bot.dialog.events import TextEvent
from tests.test_dialog_support import Chat, make_engine, through_basics


async def _at_first_topic() -> Chat:
    engine, _, _ = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    assert "（1/" in chat.last_text()
    return chat


async def test_bad_interview_answers_are_refused_and_the_question_repeated() -> None:
    chat = await _at_first_topic()
    for bad, expected in (
        ("", "没有收到内容"),
        ("   ", "没有收到内容"),
        ("👍👍🎉", "没看懂"),
        ("15", "指的是什么"),
        ("学" * 20000, "太长了"),
    ):
        replies = await chat.say(bad)
        assert expected in chat.all_text(replies), bad
        assert "（1/" in chat.last_text()  # still the same question


async def test_number_and_text_where_the_other_is_expected() -> None:
    engine, _, _ = make_engine()
    chat = Chat(engine)
    await chat.cmd("start")
    await chat.tap("新建述职报告")
    await chat.say("2025")  # a bare year is read as the year
    assert "单位和职务" in chat.last_text()
    await chat.say("12345")
    assert "这里需要文字" in chat.all_text()
    await chat.say("XX区民政局党组书记")
    await chat.tap("自定义")
    await chat.say("三千字")
    assert "请输入数字" in chat.all_text()
    await chat.say("50")
    assert "300到20000之间" in chat.all_text()
    await chat.say("3500")
    assert "口吻" in chat.last_text()


async def test_commands_mid_interview_keep_the_place() -> None:
    chat = await _at_first_topic()
    await chat.cmd("help")
    assert "/cancel" in chat.all_text() and "（1/" in chat.last_text()
    await chat.cmd("undo")
    assert "没有可以撤销" in chat.all_text() and "（1/" in chat.last_text()
    await chat.cmd("nonsense")
    assert "没有“/nonsense”这个命令" in chat.all_text()
    await chat.say("带头学习贯彻党的二十大精神。")
    assert "（2/" in chat.last_text()


async def test_two_messages_at_once_are_handled_one_after_the_other() -> None:
    chat = await _at_first_topic()
    got: list[str] = []

    async def emit(reply: object) -> None:
        got.append(getattr(reply, "text", ""))

    await asyncio.gather(
        chat.engine.handle(chat.user, TextEvent(text="带头学习贯彻党的二十大精神。"), emit),
        chat.engine.handle(chat.user, TextEvent(text="跳过"), emit),
    )
    questions = [t for t in got if t.startswith("（")]
    assert questions[0].startswith("（2/") and questions[-1].startswith("（3/")


async def test_tighten_accepts_an_uploaded_file_and_refuses_binary() -> None:
    engine, _, writer = make_engine()
    chat = Chat(engine)
    await chat.cmd("start")
    await chat.tap("精炼我的稿子")
    await chat.upload("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "另存为" in chat.all_text()
    body = "\n".join(["一、履职情况", *["严格落实三会一课制度，认真开展主题党日活动。" * 3] * 8])
    await chat.upload("稿子.txt", body.encode("gb18030"))
    assert "要压缩到多少字" in chat.last_text()
    await chat.tap("tg:custom")
    await chat.say("300")
    assert writer.calls[-1] == ("tighten", 300)
    assert chat.last_report().version == 2
