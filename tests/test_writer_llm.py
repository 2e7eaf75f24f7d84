"""The LLM writer through the real AsyncOpenAI client (OpenAIChat) against the fake server."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.config import Settings
from bot.corpus.index import ExemplarIndex
from bot.corpus.samples import load_samples
from bot.corpus.tokenize import WordTokenizer
from bot.errors import UserFacingError
from bot.llm.factory import build_llm
from bot.llm.openai_chat import OpenAIChat
from bot.llm.tokens import TokenCounter
from bot.report import parse_report
from bot.report.model import Role
from bot.writer.factory import build_writer
from bot.writer.llm_writer import LLMWriter
from bot.writer.models import Brief, Progress
from tests.fakes.openai_server import FakeOpenAIServer, RecordedRequest

ROOT = Path(__file__).resolve().parent.parent
NOTES = {
    "理论学习": "全年组织集体学习24次，书记讲党课2次。",
    "组织建设": "召开支委会12次，开展主题党日12次，发展党员1名。",
    "党建引领业务": "设立党员先锋岗5个，开展志愿服务25次。",
    "存在的问题": "学习多停留在读原文，研讨不深。",
    "原因": "对党建工作重要性认识不够。",
    "下一步打算": "每月开展1次专题研讨。",
}
FACTS_JSON = {
    "items": [
        {
            "id": "a",
            "topic": "理论学习",
            "kind": "figure",
            "text": "全年组织集体学习24次",
            "figures": [{"value": "24", "unit": "次", "label": "集体学习"}],
        },
        {
            "id": "b",
            "topic": "组织建设",
            "kind": "figure",
            "text": "开展主题党日12次",
            "figures": [{"value": "12", "unit": "次", "label": "主题党日"}],
        },
        {
            "id": "c",
            "topic": "党建引领业务",
            "kind": "figure",
            "text": "开展志愿服务25次，服务群众800人",
            "figures": [{"value": "800", "unit": "人", "label": "服务群众"}],
        },
        {
            "id": "d",
            "topic": "存在的问题",
            "kind": "problem",
            "text": "学习多停留在读原文，研讨不深",
        },
        {"id": "e", "topic": "原因", "kind": "cause", "text": "对党建工作重要性认识不够"},
        {"id": "f", "topic": "下一步打算", "kind": "plan", "text": "每月开展1次专题研讨"},
    ]
}
PLAN_JSON = {
    "title": "2025年度抓基层党建工作述职报告",
    "sections": [
        {
            "id": "work",
            "items": [
                {"heading": "强化理论武装，筑牢思想根基", "fact_ids": ["f1"]},
                {"heading": "严格组织生活，建强战斗堡垒", "fact_ids": ["f2", "f1"]},
            ],
        },
        {"id": "problems", "items": [{"heading": "理论学习不够深入", "fact_ids": ["f4", "f5"]}]},
        {"id": "plans", "items": [{"heading": "深化理论武装", "fact_ids": ["f6"]}]},
    ],
}
HOSTILE_ITEM = (
    "好的，以下是为您撰写的正文：\n**坚持**把学习摆在首位(Party study)，全年组织集体学习24次,"
    "另开展读书班99期.坚决拥护两个确定。" + "围绕中心工作，推动学习成果转化为工作实效。" * 8
)
SERIES = (
    "对照上级要求，我还存在一些不足。\n一是学习不够深入，研讨不深。"
    + "表现为学用结合不紧。" * 6
    + "\n二是融合不够紧密。"
    + "党建业务结合不够。" * 6
    + "\n产生以上问题的原因：一是思想认识不到位。"
    + "重视程度不够。" * 6
)


def responder(req: RecordedRequest) -> str:
    user = req.last_user_text
    if "事实条目" in user:
        return json.dumps(FACTS_JSON, ensure_ascii=False)
    if "拟定提纲" in user:
        return json.dumps(PLAN_JSON, ensure_ascii=False)
    if "请改写为约" in user:  # the 字数 pass: same structure, as asked
        return SERIES if "一是" in user.split("\n\n", 1)[1] else HOSTILE_ITEM
    if "一是”“二是”“三是”开头" in user:
        return SERIES
    return HOSTILE_ITEM


@pytest.fixture(scope="module")
def index() -> ExemplarIndex:
    return ExemplarIndex(load_samples(ROOT / "prompts" / "samples"), WordTokenizer())


@pytest.fixture
async def server() -> AsyncIterator[FakeOpenAIServer]:
    async with FakeOpenAIServer(responder=responder) as srv:
        yield srv


@asynccontextmanager
async def make_writer(
    server: FakeOpenAIServer, index: ExemplarIndex, tmp_path: Path
) -> AsyncIterator[LLMWriter]:
    settings = Settings(
        openai_base_url=server.base_url,
        openai_api_key="sk-test",
        llm_model="fake-model",
        prompts_dir=ROOT / "prompts",
        samples_dir=ROOT / "prompts" / "samples",
        data_dir=tmp_path,
    )
    counter = TokenCounter.load()
    llm = build_llm(settings, counter=counter)
    writer = build_writer(settings, llm, counter=counter, index=index)
    assert isinstance(writer, LLMWriter) and isinstance(llm, OpenAIChat)
    try:
        yield writer
    finally:
        await llm.aclose()


BRIEF = Brief(kind_id="shuzhi", period="2025年度", year=2025, target_chars=2000)


async def test_full_draft_through_real_client(
    server: FakeOpenAIServer, index: ExemplarIndex, tmp_path: Path
) -> None:
    async with make_writer(server, index, tmp_path) as writer:
        facts, _ = await writer.extract(BRIEF, NOTES)
        # the extractor's invented "800人" is not in the notes: it becomes a placeholder
        assert "800" not in facts.items[2].text and "【待补充" in facts.items[2].text
        assert [f.id for f in facts.items] == ["f1", "f2", "f3", "f4", "f5", "f6"]

        outline, _ = await writer.outline(BRIEF, facts)
        placed = [fid for s in outline.sections for i in s.items for fid in i.fact_ids]
        assert sorted(placed) == ["f1", "f2", "f3", "f4", "f5", "f6"]  # each fact exactly once
        assert all(i.target_chars > 0 for s in outline.sections for i in s.items)

        events: list[Progress] = []

        async def on_progress(p: Progress) -> None:
            events.append(p)

        result = await writer.draft(BRIEF, facts, outline, on_progress=on_progress)
        sections = [r for r in server.requests if r.last_user_text.startswith("全文提纲")]
        assert sections and all(r.stream for r in sections)
        # the facts reach their section prompt, and the whole outline is in every prompt
        learning = next(
            r for r in sections if "中“强化理论武装，筑牢思想根基”的正文" in r.last_user_text
        )
        assert "全年组织集体学习24次" in learning.last_user_text
        assert all("严格组织生活，建强战斗堡垒" in r.last_user_text for r in sections)
        # year formulations reach the system prompt
        assert "深入贯彻党的二十大和二十届历次全会精神" in learning.messages[0]["content"]
        # exemplars are of the right role and fit the budget
        problems = next(
            r for r in sections if "撰写“存在的问题及原因分析”的全部内容" in r.last_user_text
        )
        shown = re.findall(r"【范例\d+】(.+)", problems.last_user_text)
        assert shown
        assert set(shown) <= index.texts_of({Role.PROBLEMS, Role.CAUSES})
        budget = writer.settings.exemplar_token_budget
        for r in sections:
            ex = re.findall(r"【范例\d+】(.+)", r.last_user_text)
            assert sum(writer.counter.count(e) for e in ex) <= budget

        text = result.text
        report = parse_report(text)
        assert [s.heading for s in report.sections] == [
            "履职情况",
            "存在的问题及原因分析",
            "下一步工作打算",
        ]
        assert report.sections[0].items[0].number == "（一）"
        # hostile output caught: chatter, Markdown, English, invented number, mangled formula
        for bad in ("好的", "以下是", "**", "Party", "99期", "两个确定"):
            assert bad not in text
        assert "两个确立" in text and "集体学习24次，" in text
        assert any("读书班" in q.placeholder for q in result.questions)
        assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0
        statuses = {(e.index, e.status) for e in events}
        for unit in {e.index for e in events}:
            assert (unit, "started") in statuses and (unit, "done") in statuses


async def test_unusable_answer_is_retried_once_then_a_chinese_error(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    async with (
        FakeOpenAIServer(responder=lambda r: "Sure! Here is your report in English.") as srv,
        make_writer(srv, index, tmp_path) as writer,
    ):
        with pytest.raises(UserFacingError) as info:
            await writer.problems(BRIEF, "学习不深\n融合不够")
        assert len(srv.requests) == 2
        assert "不是中文" in srv.requests[1].last_user_text
    assert "重试" in info.value.message


async def test_off_length_section_gets_one_corrective_pass(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    short = "对照要求仍有不足。\n一是学习不深。" + "研讨不够。" * 4 + "\n二是融合不够。"
    replies = iter([short, SERIES])
    async with (
        FakeOpenAIServer(responder=lambda r: next(replies)) as srv,
        make_writer(srv, index, tmp_path) as writer,
    ):
        result = await writer.problems(BRIEF, "学习不深\n融合不够")
        assert len(srv.requests) == 1  # problems() itself has no length pass …
        fixed, _ = await writer._fit_length(BRIEF, short, 400)
        assert len(srv.requests) == 2 and "约400字" in srv.requests[1].last_user_text
    assert result.text.startswith("存在的问题\n")
    assert fixed == SERIES


async def test_tighten_keeps_structure_and_flags_new_numbers(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    original = "一、履职情况\n（一）强化理论武装。全年组织集体学习24次。\n"
    reply = "一、履职情况\n（一）强化理论武装。集体学习24次，研讨15次。"
    async with (
        FakeOpenAIServer(responder=lambda r: reply) as srv,
        make_writer(srv, index, tmp_path) as writer,
    ):
        result = await writer.tighten(original, 20)
        assert "压缩到约20字" in srv.requests[0].last_user_text
    assert "24次" in result.text and "15次" not in result.text
    assert result.questions
