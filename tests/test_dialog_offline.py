"""Conversations with the real offline writer: follow-ups, fact corrections, offline revision."""

from __future__ import annotations

from typing import Any

from bot.config import Settings
from bot.writer.factory import build_writer
from bot.writer.models import Fact, Facts, Figure
from tests.test_dialog_support import ROOT, Chat, make_engine, through_basics

ANSWERS = {
    "政治建设": "带头学习贯彻党的二十大精神，全年专题研究党建工作4次。",
    "理论学习": "组织了集体学习和专题研讨。",
    "组织建设": "严格落实“三会一课”制度，召开支委会12次，开展主题党日12次。",
    "党建引领业务": "设立党员先锋岗5个，医保业务办结率98%。",
    "原因": "对党建工作重要性认识不够，抓党建的精力投入不足。",
}
TWO_STUDIES = "组织集体学习12次，组织青年党员学习12次。"


def offline_writer() -> Any:
    return build_writer(Settings(prompts_dir=ROOT / "prompts"), None)


async def interview(chat: Chat, answers: dict[str, str] | None = None) -> None:
    """Answer like the terminal transcript: the 理论学习 follow-up gets "全年12次"."""
    answers = ANSWERS if answers is None else answers
    while "请核对" not in chat.last_text():
        text = chat.last_text()
        if not text.startswith("（"):  # a follow-up question
            if text == "集体学习一共组织了多少次？":
                await chat.say("全年12次")
            else:
                await chat.tap("跳过")
            continue
        key = text.split("）", 1)[1].split("：", 1)[0]
        if "目前已记下" in text:
            await chat.tap("完成")
        elif key in answers:
            await chat.say(answers[key])
        elif key == "存在的问题":
            await chat.tap("iv:sug:0")
        else:
            await chat.tap("跳过")


async def test_follow_up_answer_joins_its_topic_with_the_label() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    await through_basics(chat)
    await interview(chat)
    sheet = chat.last_text()
    assert "请核对" in sheet
    assert "组织了集体学习和专题研讨，全年集体学习12次" in sheet
    assert "\n3. 全年12次" not in sheet and not any(
        line.endswith(". 全年12次") for line in sheet.splitlines()
    )


async def test_figure_correction_replaces_the_matching_figure() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    await through_basics(chat)
    await interview(chat)
    await chat.say("学习次数是15次")
    assert "已更正：组织了集体学习和专题研讨，全年集体学习15次" in chat.all_text()
    sheet = chat.last_text()
    assert "全年集体学习15次" in sheet and "12次" not in sheet.split("全年集体学习")[1][:6]
    assert "学习次数15次" not in sheet  # replaced, not appended
    # a figure among several in one fact: only that one changes
    await chat.say("主题党日是10次")
    assert "召开支委会12次，开展主题党日10次" in chat.last_text()


async def test_unclear_correction_asks_which_fact_with_buttons() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    await through_basics(chat)
    answers = dict(ANSWERS)
    answers["理论学习"] = TWO_STUDIES
    await interview(chat, answers)
    await chat.say("学习次数是15次")
    question = chat.replies[-1]
    labels = [b.label for row in question.buttons for b in row]
    assert "要改的是哪一条" in chat.last_text()
    assert "组织集体学习12次（改为15次）" in labels
    assert "组织青年党员学习12次（改为15次）" in labels
    assert "都不是" in labels
    await chat.tap("青年党员学习12次")
    assert "已更正：组织集体学习12次，组织青年党员学习15次" in chat.all_text()
    assert "组织集体学习12次，组织青年党员学习15次" in chat.last_text()


async def test_correction_choices_survive_a_restart_of_the_prompt() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    await through_basics(chat)
    answers = dict(ANSWERS)
    answers["理论学习"] = TWO_STUDIES
    await interview(chat, answers)
    await chat.say("学习次数是15次")
    await chat.cmd("help")
    assert "要改的是哪一条" in chat.last_text()
    await chat.tap("都不是")
    assert "没有改" in chat.all_text() and "请核对" in chat.last_text()


def test_fact_correction_model_level() -> None:
    from bot.dialog.fact_edit import correct

    facts = Facts(
        items=[
            Fact(
                id="f1",
                topic="组织建设",
                text="召开支委会12次，开展主题党日12次",
                figures=[
                    Figure(value="12", unit="次", label="支委会"),
                    Figure(value="12", unit="次", label="主题党日"),
                ],
            )
        ]
    )
    assert correct(facts, "主题党日次数是10次") == "已更正：召开支委会12次，开展主题党日10次"
    assert facts.items[0].figures[1].value == "10" and facts.items[0].figures[0].value == "12"
    assert correct(facts, "党课次数是3次") is None  # nothing about 党课: not guessed


async def draft_offline(chat: Chat) -> None:
    await through_basics(chat)
    await interview(chat)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")


async def test_offline_draft_says_once_what_it_is_and_asks_plainly() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    await draft_offline(chat)
    report = chat.last_report()
    text = chat.all_text()
    assert "离线草稿" in text and "没有补写任何内容" in text
    assert "目标约3000字" in text and "OPENAI_API_KEY" in text and "OPENAI_BASE_URL" in text
    # the placeholder question reads naturally (no "请补充：请补充…")
    assert "下一步工作的具体打算" in chat.last_text()
    assert "请补充：请补充" not in text
    assert report.version == 1
    await chat.tap("重新生成")
    assert chat.last_report().version == 2
    assert chat.all_text().count("没有补写任何内容") == 1  # said once, not on every draft


async def test_offline_section_tightening_changes_only_that_part() -> None:
    engine, _, _ = make_engine(writer=offline_writer())
    chat = Chat(engine)
    answers = dict(ANSWERS)
    answers["政治建设"] = (
        "认真落实“第一议题”制度，始终坚持把政治建设摆在首位，切实扛起管党治党政治责任。"
        "全年专题研究党建工作4次。积极推动全面从严治党向纵深发展，持续营造风清气正的良好氛围。"
    )
    await through_basics(chat)
    await interview(chat, answers)
    await chat.tap("确认，生成提纲")
    await chat.tap("确认，开始起草")
    first = chat.last_report().text
    await chat.say("把（一）压缩到60字")
    second = chat.last_report()
    assert second.version == 2
    old_lines, new_lines = first.splitlines(), second.text.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].startswith("（一）")
    old, new = changed[0]
    assert len(new) < len(old) and "4次" in new and "始终" not in new
    # what cannot be done honestly without a model is still refused, clearly
    await chat.say("开头换一种写法")
    said = chat.all_text(chat.replies[-2:])
    assert "离线模式下无法按意见改写" in said and "把（三）压缩到300字" in chat.last_text()
    assert chat.last_report().version == 2
