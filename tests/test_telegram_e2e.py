"""The bot as users meet it: real aiogram polling the fake Bot API, the real dialog engine
over SQLite, and the LLM writer through the real OpenAI client against the fake model
(or the offline writer). Each test is a conversation a user could have."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import docx
import pytest

from bot.telegram.access import REFUSAL
from bot.telegram.bridge import STOPPED
from tests.fakes.openai_server import FakeOpenAIServer, Reply
from tests.fakes.telegram_harness import Dialogue, bot_settings, running_bot
from tests.fakes.telegram_llm import chars, party_model
from tests.fakes.telegram_server import FakeTelegram, FloodRule

USER = 1001
ANSWERS = {
    "政治建设": "支委会专题研究党建工作12次，落实“第一议题”制度，签订党建责任书3份。",
    "理论学习": "全年组织集体学习24次，书记讲党课2次，开展专题研讨6次。",
    "组织建设": "召开支部党员大会4次，开展主题党日12次，发展党员1名。",
    "党建引领业务": "设立党员先锋岗5个，开展志愿服务25次，医保业务办结率98%。",
    "存在的问题": "理论学习多停留在读原文，研讨不深；党建和业务融合不够紧密。",
    "原因": "对党建工作重要性认识不够，抓党建的精力投入不足。",
    "下一步打算": "每月开展1次专题研讨，年底前建立党建和业务同部署同考核机制。",
}
FACT_FIGURES = ("集体学习24次", "主题党日12次", "先锋岗5个")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def model() -> AsyncIterator[FakeOpenAIServer]:
    async with FakeOpenAIServer(responder=party_model) as server:
        yield server


def topic_of(text: str) -> str | None:
    """ "（3/9）组织建设：…" → "组织建设"."""
    if not text.startswith("（") or "/" not in text.split("）", 1)[0]:
        return None
    return text.split("）", 1)[1].split("：", 1)[0]


async def start_report(chat: Dialogue) -> None:
    await chat.command("/start")
    assert "新建述职报告" in chat.last().labels
    await chat.tap("新建述职报告")
    await chat.send("2025年度")
    await chat.send("XX区医疗保障局党支部书记")
    await chat.tap("3000字")
    await chat.tap("本人")


async def interview(chat: Dialogue, stop_at: str | None = None) -> None:
    """Answer every topic from ANSWERS (skip the rest) until the facts are shown."""
    for _ in range(40):
        message = chat.last()
        text = message.visible
        if "请核对" in text:
            return
        if "目前已记下" in text and "完成" in message.labels:
            await chat.tap("完成")
            continue
        topic = topic_of(text)
        if topic is not None and topic == stop_at:
            return
        if topic in ANSWERS:
            await chat.send(ANSWERS[topic])
        elif "跳过" in message.labels:
            await chat.tap("跳过")
        else:
            raise AssertionError(f"unexpected question: {text}")
    raise AssertionError("the interview did not end")


async def through_draft(chat: Dialogue) -> None:
    await start_report(chat)
    await interview(chat)
    await chat.tap("确认，生成提纲")
    assert "提纲如下" in chat.all_text()
    await chat.tap("确认，开始起草")


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


async def test_a_full_report_from_start_to_the_word_document(
    fake: FakeTelegram, model: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path, llm_url=model.base_url)
    async with running_bot(fake, settings) as bot:
        assert bot.app.writer_label.endswith("fake-model")
        chat = Dialogue(fake, bot, USER)
        await through_draft(chat)
        assert fake.drafts(USER), "drafting streams drafts in a private chat"
        assert all(d["can_stop"] for d in fake.drafts(USER))
        shown = chat.all_text()
        assert "撰写完成" in shown
        for figure in FACT_FIGURES:
            assert figure in shown
        await chat.command("/export")
        [document] = chat.documents()
    assert document.filename.endswith(".docx")
    text = docx_text(document.data)
    assert "述职报告" in text
    for figure in FACT_FIGURES:
        assert figure in text
    tasks = {r.body.get("messages", [{}])[-1].get("content", "")[:6] for r in model.requests}
    assert len(model.requests) >= 4 and tasks
    assert fake.errors == []


async def test_the_offline_writer_drafts_the_same_conversation(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(fake, bot_settings(fake, tmp_path)) as bot:
        assert bot.app.writer_label == "离线写作"
        chat = Dialogue(fake, bot, USER)
        await through_draft(chat)
        await chat.command("/export")
        [document] = chat.documents()
    text = docx_text(document.data)
    assert "集体学习24次" in text
    assert fake.errors == []


async def test_a_revision_in_plain_words_then_undo(
    fake: FakeTelegram, model: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path, llm_url=model.base_url)
    async with running_bot(fake, settings) as bot:
        chat = Dialogue(fake, bot, USER)
        await through_draft(chat)
        before = len(fake.messages(USER))
        await chat.send("第一部分再具体些")
        revised = "\n".join(m.visible for m in fake.messages(USER)[before:])
        assert "进一步细化了工作举措" in revised
        await chat.command("/undo")
        after_undo = "\n".join(m.visible for m in fake.messages(USER)[before:])
        assert "第1版" in after_undo
        await chat.command("/export")
        [document] = chat.documents()
    assert "进一步细化了工作举措" not in docx_text(document.data)
    assert fake.errors == []


async def test_stop_cancels_drafting_and_regenerate_finishes_it(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async def slow_sections(req):  # type: ignore[no-untyped-def]
        answer = party_model(req)
        if "撰写“" in req.last_user_text:
            return Reply(text=answer, first_token_delay=1.0)
        return answer

    async with FakeOpenAIServer(responder=slow_sections) as model:
        settings = bot_settings(fake, tmp_path, llm_url=model.base_url)
        async with running_bot(fake, settings) as bot:
            chat = Dialogue(fake, bot, USER)
            await start_report(chat)
            await interview(chat)
            await chat.tap("确认，生成提纲")
            await chat.user.click_label(USER, "确认，开始起草")
            await fake.wait_for(lambda: bool(fake.drafts(USER)), 10, "a streamed draft")
            await chat.stop()
            await fake.wait_for(
                lambda: STOPPED in [m.visible for m in fake.messages(USER)], 10, "the stop notice"
            )
            assert STOPPED.splitlines()[0] in chat.last().visible
            assert chat.last().labels == ["重新生成", "返回菜单"]
            assert "撰写完成" not in chat.all_text()
            # the saved state is consistent: still drafting, the call kept for 重新生成
            store = bot.app.store
            user = await store.get_or_create_user("telegram", str(USER), None)
            state = await store.load_state(user.id)
            assert state is not None and state["step"]["name"] == "draft"
            assert state["pending"]["action"] == "draft" and state["work"]["doc_id"] is None
            assert await store.list_documents(user.id) == []  # nothing half-written saved
            await chat.tap("重新生成")
            assert "撰写完成" in chat.all_text()
            assert "集体学习24次" in chat.all_text()
    assert fake.errors == []


async def test_a_restart_mid_interview_resumes_at_the_same_question(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path)
    async with running_bot(fake, settings) as bot:
        chat = Dialogue(fake, bot, USER)
        await start_report(chat)
        await interview(chat, stop_at="组织建设")
        question = chat.last().visible
        assert topic_of(question) == "组织建设"
    async with running_bot(fake, settings) as bot:  # a new process: new Bot, engine, store
        chat = Dialogue(fake, bot, USER)
        await chat.command("/help")
        assert chat.last().visible == question
        await interview(chat)
        await chat.tap("确认，生成提纲")
        assert "提纲如下" in chat.all_text()
    assert fake.errors == []


async def test_a_user_not_on_the_allow_list_is_refused(fake: FakeTelegram, tmp_path: Path) -> None:
    settings = bot_settings(fake, tmp_path, allowed=(USER,))
    async with running_bot(fake, settings) as bot:
        stranger = Dialogue(fake, bot, 2002, "陌生人")
        await stranger.command("/start")
        await stranger.send("帮我写一份述职报告")
        member = Dialogue(fake, bot, USER)
        await member.command("/start")
    assert [m.visible for m in fake.messages(2002)] == [REFUSAL, REFUSAL]
    assert bot.tracked.calls == 1  # only the member reached the engine
    assert "新建述职报告" in fake.messages(USER)[-1].labels


def seed_docx() -> tuple[bytes, str]:
    text = (Path(__file__).parent / "fixtures" / "seeds" / "001_b77e41810d666df6.txt").read_text(
        encoding="utf-8"
    )
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), text


async def test_an_uploaded_docx_is_tightened(
    fake: FakeTelegram, model: FakeOpenAIServer, tmp_path: Path
) -> None:
    data, original = seed_docx()
    settings = bot_settings(fake, tmp_path, llm_url=model.base_url)
    async with running_bot(fake, settings) as bot:
        chat = Dialogue(fake, bot, USER)
        await chat.command("/tighten")
        await chat.upload("2023年度述职报告.docx", data)
        offer = chat.last()
        assert "要压缩到多少字" in offer.visible
        goal = offer.labels[0]  # the smallest suggested goal, e.g. "1500字"
        await chat.tap(goal)
        await chat.command("/export")
        [document] = chat.documents()
    tightened = docx_text(document.data)
    target = int(goal.removesuffix("字"))
    assert chars(tightened) < chars(original) * 0.8
    assert abs(chars(tightened) - target) < target * 0.4
    assert "一、推进和落实党建工作情况" in tightened  # headings kept
    assert any("精炼" in r.last_user_text or "压缩" in r.last_user_text for r in model.requests)
    assert fake.errors == []


async def test_problems_are_written_from_bullets(
    fake: FakeTelegram, model: FakeOpenAIServer, tmp_path: Path
) -> None:
    settings = bot_settings(fake, tmp_path, llm_url=model.base_url)
    async with running_bot(fake, settings) as bot:
        chat = Dialogue(fake, bot, USER)
        await chat.command("/problems")
        await chat.send("理论学习不够深入\n党建和业务融合不够紧密\n组织生活质量不高")
        await chat.tap("连同原因分析")
        shown = chat.all_text()
    assert "一是理论学习不够深入" in shown
    assert "二是党建和业务融合不够紧密" in shown
    assert "产生以上问题的原因" in shown
    assert fake.errors == []


async def test_a_flood_of_progress_edits_in_a_group_is_paced_through_429(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    group = -100200300
    async with running_bot(fake, bot_settings(fake, tmp_path)) as bot:
        chat = Dialogue(fake, bot, USER, chat_id=group)
        await start_report(chat)
        await interview(chat)
        await chat.tap("确认，生成提纲")
        fake.flood = FloodRule(limit=3, window=1.0, retry_after=1)
        await chat.tap("确认，开始起草")
        fake.flood = None
        await chat.command("/export")
    limited = [c for c in fake.errors if c.status == 429]
    assert limited, "the fake should have flooded the group"
    assert bot.pacer.retries >= len(limited)
    assert all(c.status == 429 for c in fake.errors)
    shown = [m.visible for m in fake.messages(group)]
    assert any(t.startswith("撰写完成") for t in shown)
    assert not any("出了点问题" in t for t in shown)  # no unhandled error reached the user
    assert [d.filename.endswith(".docx") for d in fake.documents(group)] == [True]
    assert fake.drafts(group) == []  # groups get an edited message, not drafts
