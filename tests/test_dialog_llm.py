"""Whole conversations with the real LLM writer, through the real AsyncOpenAI client,
against the fake OpenAI-compatible server answering like a model would for each task."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.config import LLMSettings, Settings
from bot.corpus.index import ExemplarIndex
from bot.corpus.samples import load_samples
from bot.corpus.tokenize import WordTokenizer
from bot.dialog.context import DialogDeps
from bot.dialog.engine import DialogEngine
from bot.dialog.events import DocumentReply
from bot.dialog.ports import MemoryStore
from bot.dialog.wiring import kinds_loader
from bot.llm.factory import build_llm
from bot.llm.tokens import TokenCounter
from bot.report import count_chars, parse_report
from bot.writer.factory import build_writer
from tests.fakes.openai_server import FakeOpenAIServer, RecordedRequest, Reply
from tests.test_dialog_offline import interview
from tests.test_dialog_support import ROOT, Chat, through_basics

TALK = "【待补充：讲党课次数】"
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(%|次|个|名|人次)?")


class FakeModel:
    """Rule-based answers per task, shaped like a real model's output."""

    def __init__(self) -> None:
        self.down = False  # the provider answers 500 to everything

    def __call__(self, req: RecordedRequest) -> str | Reply:
        if self.down:
            return Reply.error(500, "upstream overloaded")
        user = req.last_user_text
        if "事实条目" in user:
            return self.extract(user)
        if "拟定提纲" in user:
            period = re.search(r"（(20\d\d年[^）]*)）", req.messages[0]["content"])
            return self.outline(user, period.group(1) if period else "")
        if "请改写为约" in user:  # the 字数 pass: keep the text as it is
            return user.split("\n\n", 1)[1]
        if "请按用户的修改意见改写" in user:
            return self.revise(user)
        if "事实（数字只能来自这里）" in user:
            return self.section(user)
        return "好的。"

    def extract(self, user: str) -> str:
        items = []
        for topic, text in re.findall(r"^【(.+?)】(.+)$", user, re.M):
            figures = [
                {"value": m.group(1), "unit": m.group(2) or "", "label": topic}
                for m in _FIGURE.finditer(text)
            ]
            kind = {"存在的问题": "problem", "原因": "cause"}.get(topic, "activity")
            fact = {"topic": topic, "kind": kind, "text": text.rstrip("。"), "figures": figures}
            items.append({"id": f"f{len(items) + 1}", **fact})
        return "```json\n" + json.dumps({"items": items}, ensure_ascii=False) + "\n```"

    def outline(self, user: str, period: str) -> str:
        facts = dict(re.findall(r"^- (f\d+)〔(.+?)〕", user, re.M))
        by_topic = {topic: fid for fid, topic in facts.items()}

        def ids(*topics: str) -> list[str]:
            return [by_topic[t] for t in topics if t in by_topic]

        plan = {
            "title": f"{period}抓基层党建工作述职报告",
            "sections": [
                {
                    "id": "work",
                    "items": [
                        {"heading": "强化政治担当，压实主体责任", "fact_ids": ids("政治建设")},
                        {"heading": "强化理论武装，筑牢思想根基", "fact_ids": ids("理论学习")},
                        {"heading": "夯实基层基础，规范组织生活", "fact_ids": ids("组织建设")},
                        {
                            "heading": "坚持党建引领，推动融合发展",
                            "fact_ids": ids("党建引领业务"),
                        },
                    ],
                },
                {
                    "id": "problems",
                    "items": [
                        {"heading": "理论学习不够深入", "fact_ids": ids("存在的问题", "原因")}
                    ],
                },
                {"id": "plans", "items": [{"heading": "深化理论武装", "fact_ids": []}]},
            ],
        }
        return json.dumps(plan, ensure_ascii=False)

    def section(self, user: str) -> str:
        facts = [
            re.sub(r"〔.*?〕", "", line[2:]).strip()
            for line in user.split("事实（数字只能来自这里）：", 1)[1].splitlines()
            if line.startswith("- ") and "无（" not in line
        ]
        unit = re.search(r"中“(.+?)”的正文", user)
        if unit is not None:  # one （一） item: one paragraph
            body = "；".join(facts) if facts else "认真落实上级部署"
            extra = f"书记带头讲党课{TALK}。" if "理论" in unit.group(1) else ""
            return (
                f"坚持把这项工作摆在突出位置，{body}，"
                f"推动各项要求落到实处。{extra}围绕中心工作，切实把成效体现到服务群众上。"
            )
        if "产生以上问题的原因" in user:
            return (
                "对照上级要求，我在抓党建工作方面还存在一些不足。\n"
                f"一是{facts[0] if facts else '学习不够深入'}，学用结合不够紧密。\n"
                "产生以上问题的原因：一是思想认识不够到位，抓党建的精力投入不足。"
            )
        return (
            "针对以上问题，我将重点抓好以下几方面工作。\n"
            f"一是深化理论武装，书记每年讲党课{TALK}，带动全体党员学深悟透。\n"
            "二是推动党建与业务深度融合，年底前建立同部署同考核机制。"
        )

    def revise(self, user: str) -> str:
        original = user.split("原文：\n", 1)[1].strip()
        if "压缩" in user:  # the heading, the first sentence and what is still to be filled
            sentences = [x for x in original.split("。") if x]
            kept = sentences[:2] + [x for x in sentences[2:] if "【" in x]
            return "。".join(kept) + "。"
        return original + "\n结合医保业务，把党建成效体现到群众办事更便捷上。"


@pytest.fixture(scope="module")
def index() -> ExemplarIndex:
    return ExemplarIndex(load_samples(ROOT / "prompts" / "samples"), WordTokenizer())


@asynccontextmanager
async def llm_chat(index: ExemplarIndex, tmp_path: Path) -> AsyncIterator[tuple[Chat, Any, Any]]:
    model = FakeModel()
    async with FakeOpenAIServer(responder=model) as server:
        settings = Settings(
            openai_base_url=server.base_url,
            openai_api_key="sk-test",
            llm_model="fake-model",
            prompts_dir=ROOT / "prompts",
            samples_dir=ROOT / "prompts" / "samples",
            data_dir=tmp_path,
            llm=LLMSettings(max_retries=0),
        )
        counter = TokenCounter.load()
        llm = build_llm(settings, counter=counter)
        writer = build_writer(settings, llm, counter=counter, index=index)
        assert not writer.offline
        store = MemoryStore()
        deps = DialogDeps(
            store=store, writer=writer, kinds=kinds_loader(ROOT / "prompts"), settings=settings
        )
        try:
            yield Chat(DialogEngine(deps)), server, (model, store)
        finally:
            await llm.aclose()


def sections_sent(server: FakeOpenAIServer) -> list[RecordedRequest]:
    return [r for r in server.requests if "事实（数字只能来自这里）" in r.last_user_text]


async def test_new_report_through_the_llm_from_interview_to_export(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    async with llm_chat(index, tmp_path) as (chat, server, (_, store)):
        await through_basics(chat)
        await interview(chat)
        assert "全年集体学习12次" in chat.last_text()
        await chat.tap("确认，生成提纲")
        assert "强化理论武装，筑牢思想根基" in chat.last_text()
        await chat.tap("确认，开始起草")
        report = chat.last_report()
        # the interview's facts reached the section prompts, the follow-up with its label
        learning = next(
            r
            for r in sections_sent(server)
            if "中“强化理论武装，筑牢思想根基”的正文" in r.last_user_text
        )
        assert "组织了集体学习和专题研讨，全年集体学习12次" in learning.last_user_text
        org = next(
            r
            for r in sections_sent(server)
            if "中“夯实基层基础，规范组织生活”的正文" in r.last_user_text
        )
        assert "召开支委会12次，开展主题党日12次" in org.last_user_text
        assert "全年集体学习12次" in report.text and "开展主题党日12次" in report.text
        parsed = parse_report(report.text)
        assert [s.heading for s in parsed.sections][:1] == ["履职情况"]
        assert parsed.title is not None and parsed.title[:4] in report.text.split("\n", 3)[2]
        assert report.text.count(TALK) == 2 and "讲党课次数" in chat.last_text()
        used = await store.usage_today(1)
        assert used.total_tokens > 0 and used.calls >= 2  # every call's usage recorded
        replies = await chat.cmd("export")
        doc = next(r for r in replies if isinstance(r, DocumentReply))
        exported = doc.data.decode("utf-8")
        assert "全年集体学习12次" in exported and "述职报告" in exported


async def test_revisions_in_plain_words_undo_and_a_placeholder_filled_everywhere(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    async with llm_chat(index, tmp_path) as (chat, server, _):
        await through_basics(chat)
        await interview(chat)
        await chat.tap("确认，生成提纲")
        await chat.tap("确认，开始起草")
        first = chat.last_report().text
        await chat.say("把（二）压缩到200字")
        sent = server.requests[-1].last_user_text
        assert "请按用户的修改意见改写" in sent and "把（二）压缩到200字" in sent
        assert "“（二）”部分" in sent and "（三）" not in sent.split("原文：", 1)[1]
        second = chat.last_report()
        assert second.version == 2
        old_item = parse_report(first).sections[0].items[1]
        new_item = parse_report(second.text).sections[0].items[1]
        assert new_item.chars < old_item.chars and "（三）" in second.text
        await chat.say("第二部分写得更具体一些")
        sent = server.requests[-1].last_user_text
        assert "“二”部分" in sent and "理论学习不够深入" in sent
        third = chat.last_report()
        assert third.version == 3 and "结合医保业务" in third.text
        await chat.say("撤销")
        assert chat.last_report().version == 2 and "结合医保业务" not in chat.last_report().text
        assert chat.last_report().text.count(TALK) == 2
        await chat.say("讲党课次数是2次")
        filled = chat.last_report()
        assert filled.version == 4 and TALK not in filled.text  # a new version after the undo
        assert filled.text.count("讲党课2次") == 2  # filled everywhere


async def test_llm_outage_keeps_state_and_retry_succeeds(
    index: ExemplarIndex, tmp_path: Path
) -> None:
    async with llm_chat(index, tmp_path) as (chat, server, (model, store)):
        await through_basics(chat)
        await interview(chat)
        await chat.tap("确认，生成提纲")
        model.down = True
        asked = len(server.requests)
        await chat.tap("确认，开始起草")
        assert len(server.requests) > asked  # the provider was really called and failed
        assert "已填写的内容都已保存" in chat.last_text()
        assert "重试" in [b.label for row in chat.replies[-1].buttons for b in row]
        assert await store.list_documents(1) == []
        model.down = False
        await chat.tap("重试")
        report = chat.last_report()
        assert report.version == 1 and "全年集体学习12次" in report.text
        assert count_chars(report.text) > 200
