"""Shared helpers for the dialog tests: a scripted writer and a conversation driver.

(No tests here; the file is named test_dialog_* so it stays with the dialog tests.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.dialog.context import DialogDeps
from bot.dialog.engine import DialogEngine
from bot.dialog.events import (
    ButtonEvent,
    CommandEvent,
    FileEvent,
    Reply,
    ReportReply,
    TextEvent,
    TextReply,
    UserRef,
)
from bot.dialog.ports import DialogStore, MemoryStore
from bot.dialog.wiring import kinds_loader
from bot.llm.base import LLMError, Usage
from bot.report.model import Role
from bot.writer.models import (
    Brief,
    DraftResult,
    Fact,
    Facts,
    Figure,
    Outline,
    OutlineItem,
    OutlineSection,
    Progress,
    ProgressCallback,
    Question,
)

ROOT = Path(__file__).resolve().parent.parent
PH = "【待补充：集体学习次数】"


class ScriptedWriter:
    """A deterministic writer: one follow-up for 理论学习, one placeholder in the draft."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.fail_next: str | None = None

    @property
    def offline(self) -> bool:
        return False

    def _maybe_fail(self, name: str) -> None:
        if self.fail_next == name:
            self.fail_next = None
            raise LLMError("模型服务暂时不可用，请稍后重试。")

    async def followup(self, topic: str, question: str, answer: str) -> str | None:
        self.calls.append(("followup", topic))
        if topic == "理论学习" and not any(ch.isdigit() for ch in answer):
            return "你提到组织了集体学习，大约多少次？"
        return None

    async def extract(self, brief: Brief, notes: dict[str, str]) -> tuple[Facts, Usage]:
        self._maybe_fail("extract")
        self.calls.append(("extract", dict(notes)))
        items = [
            Fact(id=f"f{i}", topic=k, text=v.splitlines()[0])
            for i, (k, v) in enumerate(notes.items(), 1)
        ]
        items.append(
            Fact(
                id="fx",
                topic="理论学习",
                kind="figure",
                text="组织集体学习12次",
                figures=[Figure(value="12", unit="次", label="集体学习次数")],
            )
        )
        return Facts(items=items), Usage(prompt_tokens=100, completion_tokens=50)

    async def outline(self, brief: Brief, facts: Facts) -> tuple[Outline, Usage]:
        self.calls.append(("outline", None))
        return (
            Outline(
                title=f"{brief.period}抓基层党建工作述职报告",
                sections=[
                    OutlineSection(
                        heading="履职情况",
                        role=Role.WORK,
                        items=[
                            OutlineItem(heading="强化政治建设"),
                            OutlineItem(heading="抓实理论学习"),
                            OutlineItem(heading="夯实组织基础"),
                        ],
                    ),
                    OutlineSection(
                        heading="存在的问题",
                        role=Role.PROBLEMS,
                        items=[OutlineItem(heading="学习不够深入")],
                    ),
                    OutlineSection(heading="下一步打算", role=Role.PLANS),
                ],
            ),
            Usage(),
        )

    def _text(self, brief: Brief, outline: Outline, facts: Facts) -> str:
        return "\n".join(
            [
                outline.title,
                "根据安排，现将本人履行抓基层党建工作职责情况报告如下。",
                f"一、{outline.sections[0].heading}",
                f"（一）{outline.sections[0].items[0].heading}。坚持以政治建设为统领。",
                f"（二）{outline.sections[0].items[1].heading}。全年组织集体学习{PH}。",
                f"（三）{outline.sections[0].items[2].heading}。严格落实“三会一课”制度，规范组织生活。",
                f"二、{outline.sections[1].heading}",
                "（一）学习不够深入。理论学习多停留在读原文。",
                f"三、{outline.sections[2].heading}",
                "一是加强学习；二是深化融合。",
                "特此报告，请予评议。",
            ]
        )

    async def draft(
        self,
        brief: Brief,
        facts: Facts,
        outline: Outline,
        on_progress: ProgressCallback | None = None,
    ) -> DraftResult:
        self._maybe_fail("draft")
        self.calls.append(("draft", None))
        for i, s in enumerate(outline.sections):
            if on_progress:
                await on_progress(Progress(index=i, heading=s.heading, status="started"))
                await on_progress(Progress(index=i, heading=s.heading, status="done", chars=100))
        return DraftResult(
            text=self._text(brief, outline, facts),
            questions=[Question(placeholder=PH, question="集体学习一共组织了多少次？")],
            usage=Usage(prompt_tokens=1000, completion_tokens=800),
        )

    async def revise(
        self, brief: Brief, facts: Facts, text: str, instruction: str, target: str | None = None
    ) -> DraftResult:
        self._maybe_fail("revise")
        self.calls.append(("revise", (instruction, target)))
        return DraftResult(
            text=text.replace(
                "特此报告", f"（已按“{instruction}”修改{target or '全文'}）\n特此报告"
            )
        )

    async def tighten(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        self.calls.append(("tighten", target_chars))
        return DraftResult(text="\n".join(text.splitlines()[: max(3, len(text.splitlines()) // 2)]))

    async def expand(self, text: str, target_chars: int, notes: str = "") -> DraftResult:
        self.calls.append(("expand", target_chars))
        return DraftResult(text=text + "\n补充内容。")

    async def problems(self, brief: Brief, notes: str, with_causes: bool = False) -> DraftResult:
        self.calls.append(("problems", with_causes))
        return DraftResult(text="存在的问题\n一是" + notes.replace("\n", "；二是"))


class Chat:
    """Drive the engine as one user and keep what it replied."""

    def __init__(self, engine: DialogEngine, user: str = "u1") -> None:
        self.engine = engine
        self.user = UserRef(channel="test", external_id=user)
        self.replies: list[Reply] = []

    async def _run(self, event: Any) -> list[Reply]:
        got: list[Reply] = []

        async def emit(reply: Reply) -> None:
            got.append(reply)

        await self.engine.handle(self.user, event, emit)
        self.replies += got
        return got

    async def say(self, text: str) -> list[Reply]:
        return await self._run(TextEvent(text=text))

    async def tap(self, label_or_data: str) -> list[Reply]:
        """Tap the button whose label contains `label_or_data` in the latest replies."""
        for reply in reversed(self.replies):
            buttons = [b for row in getattr(reply, "buttons", []) for b in row]
            for b in buttons:
                if label_or_data in b.label or b.data == label_or_data:
                    return await self._run(ButtonEvent(data=b.data))
        raise AssertionError(f"no button {label_or_data!r} in {self.last_text()!r}")

    async def cmd(self, name: str) -> list[Reply]:
        return await self._run(CommandEvent(name=name))

    async def upload(self, filename: str, data: bytes) -> list[Reply]:
        return await self._run(FileEvent(filename=filename, data=data))

    def last_text(self) -> str:
        texts = [r.text for r in self.replies if isinstance(r, TextReply)]
        return texts[-1] if texts else ""

    def all_text(self, replies: list[Reply] | None = None) -> str:
        return "\n".join(
            r.text for r in (replies or self.replies) if isinstance(r, TextReply | ReportReply)
        )

    def last_report(self) -> ReportReply:
        return [r for r in self.replies if isinstance(r, ReportReply)][-1]


def make_engine(
    store: DialogStore | None = None, writer: Any = None, **settings: Any
) -> tuple[DialogEngine, Any, Any]:
    store = store or MemoryStore()
    writer = writer or ScriptedWriter()
    deps = DialogDeps(
        store=store,
        writer=writer,
        kinds=kinds_loader(ROOT / "prompts"),
        settings=Settings(**settings),
    )
    return DialogEngine(deps), store, writer


INTERVIEW_ANSWERS = {
    "政治建设": "带头学习贯彻党的二十大精神，每季度专题研究党建工作。",
    "理论学习": "组织了集体学习和专题研讨。",
}


async def through_basics(chat: Chat) -> None:
    await chat.cmd("start")
    await chat.tap("新建述职报告")
    await chat.tap("年度")
    await chat.say("XX区医疗保障局党支部书记")
    await chat.tap("3000字")
    await chat.tap("本人")


async def through_interview(chat: Chat) -> None:
    """Answer the first topics, skip the rest, pick one suggested problem."""
    while "（" in chat.last_text() and "/" in chat.last_text().split("）")[0]:
        text = chat.last_text()
        key = text.split("）", 1)[1].split("：", 1)[0]
        if key in INTERVIEW_ANSWERS:
            await chat.say(INTERVIEW_ANSWERS[key])
            if "多少次" in chat.last_text():
                await chat.say("全年12次")
        elif key == "存在的问题":
            await chat.tap("iv:sug:0")
            await chat.tap("完成")
        else:
            await chat.tap("跳过")
