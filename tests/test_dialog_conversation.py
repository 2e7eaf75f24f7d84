"""Whole conversations through the dialog engine, as a user would have them."""

from __future__ import annotations

from pathlib import Path

from bot.dialog.events import DocumentReply, ProgressReply
from bot.dialog.ports import MemoryStore
from bot.dialog.wiring import StoreAdapter
from bot.store import Store
from tests.test_dialog_support import PH, Chat, make_engine, through_basics, through_interview


async def test_new_report_from_start_to_exported_text() -> None:
    engine, _, writer = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    assert "（1/" in chat.last_text() and "政治建设" in chat.last_text()
    await through_interview(chat)
    # exactly one follow-up was asked, for 理论学习
    assert next(c for c in writer.calls if c[0] == "followup")[1] == "政治建设"
    assert "大约多少次" in chat.all_text()
    notes = next(c[1] for c in writer.calls if c[0] == "extract")
    # the follow-up answer joined its topic's answer, labelled with what was asked
    assert notes["理论学习"] == "组织了集体学习和专题研讨，全年集体学习12次。"
    assert "存在的问题" in notes
    assert "请核对" in chat.last_text()
    await chat.say("学习次数是15次")
    # two facts say how often 集体学习 was held: the user picks one, nothing is guessed
    assert "要改的是哪一条" in chat.last_text()
    await chat.tap("组织集体学习12次")
    assert "已更正：组织集体学习15次" in chat.all_text()
    await chat.tap("确认，生成提纲")
    assert "提纲如下" in chat.last_text()
    await chat.say("第二部分改为：存在的问题及原因")
    assert "二、存在的问题及原因" in chat.last_text()
    await chat.tap("确认，开始起草")
    progress = [r for r in chat.replies if isinstance(r, ProgressReply)]
    assert {p.status for p in progress} == {"started", "done"}
    assert all(p.index < p.total for p in progress)
    report = chat.last_report()
    assert report.version == 1 and PH in report.text
    assert "集体学习一共组织了多少次" in chat.last_text()
    replies = await chat.cmd("export")
    doc = next(r for r in replies if isinstance(r, DocumentReply))
    assert doc.filename.endswith(".txt") and "述职报告" in doc.data.decode("utf-8")


async def test_revision_placeholder_and_undo_make_versions() -> None:
    engine, _, writer = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    await chat.say("学习次数是12次")
    report = chat.last_report()
    assert report.version == 2 and PH not in report.text and "集体学习12次" in report.text
    await chat.say("把（三）压缩到300字")
    assert writer.calls[-1] == ("revise", ("把（三）压缩到300字", "（三）"))
    assert chat.last_report().version == 3
    await chat.say("加一段意识形态工作")
    assert writer.calls[-1][1][1] == "一"
    await chat.say("开头换一种写法")
    assert writer.calls[-1][1][1] == "开头"
    await chat.say("撤销")
    assert "回到第4版" in chat.all_text() and chat.last_report().version == 4
    await chat.tap("版本记录")
    assert "第5版" in chat.last_text()
    await chat.tap("回到第1版")
    assert chat.last_report().version == 1 and PH in chat.last_report().text


async def test_ambiguous_revision_asks_once_with_buttons() -> None:
    engine, _, writer = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    await chat.say("写得更具体一些，结合医保业务")
    assert "要改哪一部分" in chat.last_text()
    await chat.tap("二、存在的问题")
    assert writer.calls[-1] == ("revise", ("写得更具体一些，结合医保业务", "二"))
    await chat.say("第二部分的问题写得更具体一些，结合医保业务")
    assert writer.calls[-1][1][1] == "二"


async def test_restart_mid_interview_resumes_on_the_real_store(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'bot.db').as_posix()}"
    store = await Store.open(url)
    try:
        engine, _, _ = make_engine(StoreAdapter(store))
        chat = Chat(engine)
        await through_basics(chat)
        await chat.say("带头学习贯彻党的二十大精神。")
        assert "（2/" in chat.last_text()
    finally:
        await store.close()
    store = await Store.open(url)  # a new process: new engine, same database
    try:
        engine, _, writer = make_engine(StoreAdapter(store))
        chat = Chat(engine)
        await chat.cmd("help")
        assert "（2/" in chat.last_text() and "理论学习" in chat.last_text()
        await through_interview(chat)
        notes = next(c[1] for c in writer.calls if c[0] == "extract")
        assert notes["政治建设"] == "带头学习贯彻党的二十大精神。"
    finally:
        await store.close()


async def test_cancel_keeps_answers_and_continue_resumes() -> None:
    engine, _, _ = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    await chat.say("带头学习贯彻党的二十大精神。")
    await chat.cmd("cancel")
    assert "都保留着" in chat.all_text()
    await chat.tap("继续上次的访谈")
    assert "（2/" in chat.last_text()


async def test_forget_deletes_everything_after_confirmation() -> None:
    store = MemoryStore()
    engine, _, _ = make_engine(store)
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    await chat.cmd("forget")
    await chat.tap("取消")
    assert len(await store.list_documents(1)) == 1
    await chat.cmd("forget")
    await chat.tap("确定删除全部数据")
    assert "全部数据已删除" in chat.all_text()
    assert await store.list_documents(1) == []
    await chat.tap("我的文稿")
    assert "还没有保存的文稿" in chat.last_text()


async def test_drafts_list_reopen_and_delete() -> None:
    engine, store, _ = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    await through_interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    await chat.cmd("drafts")
    await chat.tap("doc:1")
    await chat.tap("打开继续修改")
    assert chat.last_report().version == 1
    await chat.cmd("drafts")
    await chat.tap("doc:1")
    await chat.tap("删除")
    await chat.tap("确定删除")
    assert await store.list_documents(1) == []


async def test_llm_failure_keeps_state_and_offers_retry() -> None:
    engine, _, writer = make_engine()
    chat = Chat(engine)
    await through_basics(chat)
    writer.fail_next = "extract"
    await through_interview(chat)
    assert "重试" in [b.label for row in chat.replies[-1].buttons for b in row]
    await chat.tap("重试")
    assert "请核对" in chat.last_text()
    await chat.tap("确认，生成提纲")
    writer.fail_next = "draft"
    await chat.tap("确认，开始起草")
    assert "已填写的内容都已保存" in chat.last_text()
    await chat.tap("重试")
    assert chat.last_report().version == 1
